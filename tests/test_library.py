"""The library as a cdk8s user meets it: roles as attributes, intent methods, accessors, and the
escape hatch, in another app's Chart. What they make passes the same static checks as the
variants."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cdk8s import ApiObject, JsonPatch
from cdk8s import Testing as Cdk8sTesting
from cdk8s_plus_27 import k8s

from kube_airflow import Airflow
from kube_airflow.errors import UserError
from tests.conformance.kube_validate import supported_versions, validate_all
from tests.conformance.pod_security import restricted_violations
from tests.conformance.references import reference_violations

ROLES = ("api_server", "scheduler", "dag_processor", "triggerer", "workers", "flower", "jobs")


def _build(props: dict[str, Any] | None = None) -> tuple[Any, Airflow]:
    chart = Cdk8sTesting.chart()
    return chart, Airflow(chart, "airflow", props)


def _pods(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    doc = next(d for d in docs if d["kind"] == kind and d["metadata"]["name"].startswith(name))
    spec: dict[str, Any] = doc["spec"]["template"]["spec"]
    return spec


def test_every_role_is_an_attribute_with_its_l1_objects() -> None:
    _, airflow = _build()
    for role in ROLES:
        workloads = getattr(airflow, role).workloads
        assert workloads, role
        assert all(w.kind in {"Deployment", "StatefulSet", "Job"} for w in workloads), role
    assert [w.kind for w in airflow.jobs.workloads] == ["Job", "Job", "Job", "Job"]
    _, without_flower = _build({"flower": {"enabled": False}})
    assert without_flower.flower is None
    assert without_flower.db_clean is None  # off by default


def test_intent_methods_add_to_the_pods_and_keep_them_restricted() -> None:
    chart, airflow = _build()
    airflow.workers.add_env("REGION", "eu-west-1")
    airflow.workers.add_env("TOKEN", secret=("tokens", "api"))
    airflow.workers.add_env("SITE", config_map=("airflow-config", "airflow.cfg"))
    # Ours has this name: the user's wins, in place.
    airflow.workers.add_env("CONNECTION_CHECK_MAX_COUNT", "3")
    airflow.scheduler.add_volume(
        k8s.Volume(name="ca", secret=k8s.SecretVolumeSource(secret_name="ca")), "/etc/ssl/extra"
    )
    shipper = k8s.Container(name="shipper", image="fluent/fluent-bit:3.2.10")
    airflow.workers.add_sidecar(shipper)
    airflow.jobs.add_init_container(k8s.Container(name="hello", image="busybox:1.37.0"))
    docs = list(Cdk8sTesting.synth(chart))

    worker = _pods(docs, "StatefulSet", "airflow-worker")
    env = {e["name"]: e for e in worker["containers"][0]["env"]}
    assert env["REGION"]["value"] == "eu-west-1"
    assert env["TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": "tokens", "key": "api"}
    assert env["CONNECTION_CHECK_MAX_COUNT"]["value"] == "3"
    assert [e["name"] for e in worker["containers"][0]["env"]].count(
        "CONNECTION_CHECK_MAX_COUNT"
    ) == 1
    sidecar = worker["containers"][-1]
    assert sidecar["name"] == "shipper"
    assert sidecar["securityContext"]["readOnlyRootFilesystem"] is True
    assert sidecar["resources"]["limits"]["memory"] == "256Mi"

    scheduler = _pods(docs, "Deployment", "airflow-scheduler")
    assert {"name": "ca", "mountPath": "/etc/ssl/extra", "readOnly": True} in scheduler[
        "containers"
    ][0]["volumeMounts"]
    # The migration Job had no init container: the list is created.
    assert [c["name"] for c in _pods(docs, "Job", "airflow-db-migrate")["initContainers"]] == [
        "hello"
    ]
    create_user = _pods(docs, "Job", "airflow-create-user")["initContainers"]
    assert [c["name"] for c in create_user] == ["wait-for-airflow-migrations", "hello"]

    assert restricted_violations(docs) == []
    assert reference_violations(docs) == []
    assert validate_all(docs, supported_versions(min_minor=27)[:1], []) == []


def test_a_users_security_context_is_kept_where_it_sets_one() -> None:
    chart, airflow = _build()
    own = k8s.SecurityContext(run_as_user=1234)
    airflow.triggerer.add_sidecar(
        k8s.Container(name="x", image="busybox:1.37.0", security_context=own)
    )
    sidecar = _pods(list(Cdk8sTesting.synth(chart)), "StatefulSet", "airflow-triggerer")[
        "containers"
    ][-1]
    assert sidecar["securityContext"]["runAsUser"] == 1234
    assert sidecar["securityContext"]["capabilities"] == {"drop": ["ALL"]}


def test_bad_intent_calls_raise_user_error() -> None:
    _, airflow = _build()
    with pytest.raises(UserError, match="exactly one of value, secret, config_map"):
        airflow.api_server.add_env("X", "1", secret=("s", "k"))
    with pytest.raises(UserError, match="'logs' is already in the pod"):
        airflow.workers.add_volume(
            k8s.Volume(name="logs", empty_dir=k8s.EmptyDirVolumeSource()), "/x"
        )


def test_escape_hatch_and_accessors() -> None:
    chart, airflow = _build({"broker": {"type": "redis"}})
    ApiObject.of(airflow.api_server.workloads[0]).add_json_patch(
        JsonPatch.add("/spec/minReadySeconds", 5)
    )
    docs = list(Cdk8sTesting.synth(chart))
    api = next(
        d for d in docs if d["kind"] == "Deployment" and "api-server" in d["metadata"]["name"]
    )
    assert api["spec"]["minReadySeconds"] == 5
    assert airflow.namespace == "airflow"
    assert airflow.selector("worker")["app.kubernetes.io/component"] == "worker"
    assert airflow.ports["http"] == 8080
    assert (airflow.workers_service, airflow.database_service, airflow.broker_service) == (
        "airflow-worker",
        "airflow-postgres",
        "airflow-redis",
    )
    services = {d["metadata"]["name"] for d in docs if d["kind"] == "Service"}
    assert {airflow.workers_service, airflow.database_service, airflow.broker_service} <= services
    assert airflow.api_server_service in services


def test_an_apps_own_imports_folder_does_not_shadow_our_crd_bindings(tmp_path: Path) -> None:
    """A cdk8s app has an `imports/` package of its own (`cdk8s import` writes it): ours are
    installed as `kube_airflow_imports`, so KEDA and the ServiceMonitor still synthesize there."""
    (tmp_path / "imports").mkdir()
    (tmp_path / "imports" / "__init__.py").write_text("")
    app = (
        "import cdk8s, imports\n"
        "from kube_airflow import Airflow\n"
        "app = cdk8s.App(outdir='dist')\n"
        "chart = cdk8s.Chart(app, 'c')\n"
        "Airflow(chart, 'airflow', {'workers': {'autoscaling': {'kind': 'keda'}},\n"
        "    'metrics': {'enabled': True, 'service_monitor': {'enabled': True}}})\n"
        "app.synth()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", app], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    text = "".join(f.read_text() for f in (tmp_path / "dist").glob("*.yaml"))
    assert "kind: ScaledObject" in text and "kind: ServiceMonitor" in text
