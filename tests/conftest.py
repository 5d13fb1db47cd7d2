"""Shared fixtures: each variant is synthesized once per session, through the real cdk8s app."""

from __future__ import annotations

import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

# kube_airflow first: importing it quiets jsii's Node.js banner before cdk8s starts the runtime.
from kube_airflow import Airflow  # noqa: E402, I001
from cdk8s import Testing as Cdk8sTesting  # noqa: E402  (not named Test*: pytest would collect it)
from tests.variants import VARIANTS  # noqa: E402


@cache
def synth(variant: str) -> tuple[dict[str, Any], ...]:
    """The manifests of one variant, as the API server would receive them."""
    return tuple(synth_props(VARIANTS[variant]))


def synth_props(props: dict[str, Any]) -> list[dict[str, Any]]:
    chart = Cdk8sTesting.chart()
    Airflow(chart, "airflow", props)
    return list(Cdk8sTesting.synth(chart))


def to_yaml(docs: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    return yaml.safe_dump_all(docs, sort_keys=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start checkov early when its test is selected (see test_conformance.start_checkov)."""
    if any(item.name == "test_checkov_finds_nothing" for item in items):
        from tests.test_conformance import CHECKOV, CHECKOV_RUN, start_checkov

        if CHECKOV.exists():
            folder = Path(tempfile.mkdtemp(prefix="checkov-variants-"))
            config.stash[CHECKOV_RUN] = start_checkov(folder)


@pytest.fixture(params=sorted(VARIANTS))
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def with_task_pods(docs: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """`docs` plus the Pod of each KubernetesExecutor pod template (a ConfigMap's
    `pod_template.yaml`), named and namespaced as the executor creates it: what the API server
    must admit for every task, so the static checks judge it like any other pod."""
    pods = []
    for doc in docs:
        text = doc.get("data", {}).get("pod_template.yaml") if doc["kind"] == "ConfigMap" else None
        if text is not None:
            pod = yaml.safe_load(text)
            pod["metadata"].update(name="task-pod", namespace=doc["metadata"]["namespace"])
            pods.append(pod)
    return (*docs, *pods)


@pytest.fixture
def docs(variant: str) -> tuple[dict[str, Any], ...]:
    return with_task_pods(synth(variant))
