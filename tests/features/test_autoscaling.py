"""workers.autoscaling and api_server.autoscaling: what KEDA and the HPAs are told, and what the
StatefulSet and the Deployment leave to them. The query itself runs against a real Postgres in
the cluster tier (test_tutorial.py); both HPAs are driven there too (test_scale.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import synth_props

KEDA = {"kind": "keda"}


def _one(docs: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and name in (None, d["metadata"]["name"])]
    assert len(found) == 1, [d["metadata"]["name"] for d in found]
    return found[0]


def _trigger(docs: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    scaled = _one(docs, "ScaledObject")
    return next(t for t in scaled["spec"]["triggers"] if t["type"] == kind)


@pytest.mark.parametrize("scaling", [KEDA, {"kind": "hpa"}])
def test_an_autoscaler_owns_the_replicas(scaling: dict[str, str]) -> None:
    docs = synth_props({"workers": {"autoscaling": scaling}})
    assert "replicas" not in _one(docs, "StatefulSet", "airflow-worker")["spec"]
    fixed = synth_props({"workers": {"replicas": 3}})
    assert _one(fixed, "StatefulSet", "airflow-worker")["spec"]["replicas"] == 3
    assert not [d for d in fixed if d["kind"] in ("ScaledObject", "HorizontalPodAutoscaler")]


def test_hpa_on_cpu() -> None:
    docs = synth_props({"workers": {"autoscaling": {"kind": "hpa", "cpu_utilization": 70}}})
    spec = _one(docs, "HorizontalPodAutoscaler")["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "name": "airflow-worker",
    }
    assert spec["metrics"][0]["resource"] == {
        "name": "cpu",
        "target": {"type": "Utilization", "averageUtilization": 70},
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (1, 10)


def test_api_server_hpa_owns_the_replicas_and_keeps_the_budget() -> None:
    """The Deployment states no replicas (an apply would undo the scaling), the HPA targets it,
    and the disruption budget stays."""
    scaling = {"kind": "hpa", "min_replicas": 2, "max_replicas": 4, "cpu_utilization": 60}
    docs = synth_props({"api_server": {"autoscaling": scaling}})
    assert "replicas" not in _one(docs, "Deployment", "airflow-api-server")["spec"]
    spec = _one(docs, "HorizontalPodAutoscaler", "airflow-api-server")["spec"]
    assert spec["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "airflow-api-server",
    }
    assert (spec["minReplicas"], spec["maxReplicas"]) == (2, 4)
    assert spec["metrics"][0]["resource"]["target"]["averageUtilization"] == 60
    budget = _one(docs, "PodDisruptionBudget", "airflow-api-server")["spec"]
    assert budget["maxUnavailable"] == 1
    fixed = synth_props({"api_server": {"replicas": 3}})
    assert _one(fixed, "Deployment", "airflow-api-server")["spec"]["replicas"] == 3
    assert not [d for d in fixed if d["kind"] == "HorizontalPodAutoscaler"]


def test_scale_down_stabilization_for_both_autoscalers() -> None:
    """Kubernetes' 300 s unless said; a short window (as the tests use) is written as given."""
    hpa = synth_props({"workers": {"autoscaling": {"kind": "hpa"}}})
    assert _one(hpa, "HorizontalPodAutoscaler")["spec"]["behavior"] == {
        "scaleDown": {"stabilizationWindowSeconds": 300}
    }
    keda = {**KEDA, "scale_down_stabilization_seconds": 30}
    scaled = _one(synth_props({"workers": {"autoscaling": keda}}), "ScaledObject")
    config = scaled["spec"]["advanced"]["horizontalPodAutoscalerConfig"]
    assert config == {"behavior": {"scaleDown": {"stabilizationWindowSeconds": 30}}}


def test_query_counts_the_celery_work_of_the_workers_queue() -> None:
    docs = synth_props(
        {
            "workers": {"concurrency": 6, "autoscaling": {**KEDA, "min_replicas": 0}},
            "logs": {"volume": {"claim": "airflow-logs"}},
            # airflow.cfg overrides win over the typed props, so the query follows them.
            "config": {"celery": {"worker_concurrency": 5}, "operators": {"default_queue": "o'k"}},
        }
    )
    query = _trigger(docs, "postgresql")["metadata"]["query"]
    assert query.startswith("SELECT ceil(COUNT(*)::decimal / 5) FROM task_instance WHERE ")
    assert "state IN ('queued', 'running')" in query and "queue = 'o''k'" in query
    assert "(executor IS NULL OR executor IN ('CeleryExecutor', " in query
    assert _one(docs, "ScaledObject")["spec"]["minReplicaCount"] == 0


def test_with_kubernetes_first_only_tasks_asking_for_celery_count() -> None:
    props = {"executor": "KubernetesExecutor,CeleryExecutor", "workers": {"autoscaling": KEDA}}
    query = _trigger(synth_props(props), "postgresql")["metadata"]["query"]
    assert "executor IS NULL" not in query and "executor IN ('CeleryExecutor'" in query


def test_keda_reads_postgres_directly_with_the_secret_password() -> None:
    docs = synth_props({"pgbouncer": {"enabled": True}, "workers": {"autoscaling": KEDA}})
    meta = _trigger(docs, "postgresql")["metadata"]
    assert (meta["host"], meta["port"], meta["sslmode"]) == (
        "airflow-postgres.airflow.svc",
        "5432",
        "disable",
    )
    auth = _one(docs, "TriggerAuthentication", "airflow-worker-database")["spec"]
    assert auth == {
        "secretTargetRef": [
            {"parameter": "password", "name": "airflow-generated", "key": "postgres-password"}
        ]
    }
    policy = _one(docs, "NetworkPolicy", "airflow-keda-postgres")["spec"]
    assert policy["ingress"][0]["ports"] == [{"port": 5432, "protocol": "TCP"}]
    assert policy["ingress"][0]["from"][0]["namespaceSelector"] == {
        "matchLabels": {"kubernetes.io/metadata.name": "keda"}
    }
    # The label both KEDA's release manifests and its Helm chart put on the operator's pods
    # (the manifests put app.kubernetes.io/name on the Deployment only).
    assert policy["ingress"][0]["from"][0]["podSelector"] == {
        "matchLabels": {"app": "keda-operator"}
    }


def test_external_database_host_port_sslmode() -> None:
    database = {
        "type": "external",
        "host": "db.example.internal",
        "port": 6432,
        "user": "af",
        "database": "meta",
        "password": {"name": "db", "key": "pw"},
        "query": {"sslmode": "verify-full"},
    }
    docs = synth_props({"database": database, "workers": {"autoscaling": KEDA}})
    meta = _trigger(docs, "postgresql")["metadata"]
    assert {k: meta[k] for k in ("host", "port", "userName", "dbName", "sslmode")} == {
        "host": "db.example.internal",
        "port": "6432",
        "userName": "af",
        "dbName": "meta",
        "sslmode": "verify-full",
    }
    assert not [d for d in docs if d["metadata"]["name"].startswith("airflow-keda-")]


@pytest.mark.parametrize(
    ("broker", "kind", "expected"),
    [
        ("rabbitmq", "rabbitmq", {"queueName": "default", "value": "4", "vhostName": "airflow"}),
        ("redis", "redis", {"listName": "default", "listLength": "4"}),
    ],
)
def test_broker_queue_trigger(broker: str, kind: str, expected: dict[str, str]) -> None:
    props = {"broker": {"type": broker}, "workers": {"autoscaling": {**KEDA, "broker_queue": True}}}
    docs = synth_props(props)
    meta = _trigger(docs, kind)["metadata"]
    assert {k: meta[k] for k in expected} == expected
    auth = _one(docs, "TriggerAuthentication", "airflow-worker-broker")["spec"]
    assert auth["secretTargetRef"] == [
        {"parameter": "password", "name": "airflow-generated", "key": "broker-password"}
    ]
    assert _one(docs, "NetworkPolicy", f"airflow-keda-{broker}")


def test_no_operator_policy_without_network_policies() -> None:
    docs = synth_props({"network_policies": False, "workers": {"autoscaling": KEDA}})
    assert not [d for d in docs if d["kind"] == "NetworkPolicy"]
