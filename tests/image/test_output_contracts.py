"""Our output against the official images' contracts (tests/image/official_images.yaml), in every
variant and example: every container of the Airflow image that goes through its entrypoint turns
the entrypoint's database and broker waits off (CONNECTION_CHECK_MAX_COUNT=0: our own checks wait
where a wait is needed, and an older entrypoint waited before even `bash` or `python`); Celery
workers get DUMB_INIT_SETSID=0 (a warm shutdown needs the SIGTERM at the main process only); and
every other official image runs as the user its contract names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from kube_airflow.props import AirflowProps
from tests.conformance.manifests import all_containers, pod_specs
from tests.conftest import ROOT, synth_props, with_task_pods
from tests.image.test_standins import contracts
from tests.variants import VARIANTS

EXAMPLES = {p.stem: yaml.safe_load(p.read_text()) for p in sorted(ROOT.glob("examples/*.yaml"))}
CASES = {**{f"variant:{k}": v for k, v in VARIANTS.items()}, **EXAMPLES}


def containers(docs: tuple[dict[str, Any], ...]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(where, container, the pod's runAsUser) of every pod, task pods included."""
    for doc in docs:
        if doc["kind"] == "ConfigMap":
            continue
        for where, spec in pod_specs(doc):
            pod_user = (spec.get("securityContext") or {}).get("runAsUser")
            for container in all_containers(spec):
                yield f"{where}:{container['name']}", container, pod_user


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[AirflowProps, tuple[dict[str, Any], ...]]:
    values = CASES[request.param]
    return AirflowProps(**values), with_task_pods(tuple(synth_props(values)))


def test_airflow_containers_turn_the_entrypoint_waits_off(
    case: tuple[AirflowProps, tuple[dict[str, Any], ...]],
) -> None:
    props, docs = case
    checked = 0
    for where, container, _ in containers(docs):
        if container["image"] != props.image.ref or "command" in container:
            continue
        env = {e["name"]: e.get("value") for e in container.get("env", [])}
        assert env.get("CONNECTION_CHECK_MAX_COUNT") == "0", where
        checked += 1
    assert checked


def test_celery_workers_signal_only_their_main_process(
    case: tuple[AirflowProps, tuple[dict[str, Any], ...]],
) -> None:
    _, docs = case
    for where, container, _ in containers(docs):
        if container.get("args", [])[:3] == ["airflow", "celery", "worker"]:
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            assert env.get("DUMB_INIT_SETSID") == "0", where


def test_official_images_run_as_their_own_user(
    case: tuple[AirflowProps, tuple[dict[str, Any], ...]],
) -> None:
    _, docs = case
    for where, container, pod_user in containers(docs):
        contract = contracts().get(container["image"])
        if contract is None or container["image"].startswith("apache/airflow:3"):
            continue
        user = (container.get("securityContext") or {}).get("runAsUser", pod_user)
        assert user == contract["user"]["uid"], f"{where} runs as {user}"
