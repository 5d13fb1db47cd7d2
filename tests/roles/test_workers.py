"""lib/kube_airflow/workers.py: the Celery workers, a StatefulSet under its headless Service so
the api-server fetches a task's log from the worker that ran it; and the worker-ping liveness
script they run (scripts/checks.py)."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import pytest

from kube_airflow.core.connections import url_command
from tests.conftest import synth, synth_props
from tests.objects import env, headless_set, main, objects, pod, probes

WORKER = "worker"


def test_a_parallel_stateful_set_whose_service_is_its_headless_log_service() -> None:
    workers, service = headless_set(synth("default"), WORKER)
    assert service["metadata"]["name"] == "airflow-worker"
    assert workers["spec"]["podManagementPolicy"] == "Parallel"
    assert workers["spec"]["replicas"] == 2
    # Resolvable while a worker shuts down warm, or the logs of its last tasks vanish.
    assert service["spec"]["publishNotReadyAddresses"] is True
    assert service["spec"]["ports"] == [
        {"name": "worker-logs", "port": 8793, "targetPort": "worker-logs", "protocol": "TCP"}
    ]
    assert main(workers)["ports"] == [
        {"name": "worker-logs", "containerPort": 8793, "protocol": "TCP"}
    ]
    assert objects(synth("placement"), WORKER)["StatefulSet"]["spec"]["replicas"] == 4


def test_warm_shutdown_signal_reaches_celery_alone_within_the_props_grace() -> None:
    workers = objects(synth("default"), WORKER)["StatefulSet"]
    container = main(workers)
    assert container["args"] == ["airflow", "celery", "worker"]
    assert env(container)["DUMB_INIT_SETSID"] == {"name": "DUMB_INIT_SETSID", "value": "0"}
    assert pod(workers)["terminationGracePeriodSeconds"] == 600
    docs = synth_props({"workers": {"termination_grace_period_seconds": 1200}})
    assert pod(objects(docs, WORKER)["StatefulSet"])["terminationGracePeriodSeconds"] == 1200


def test_liveness_pings_the_worker_rarely_and_readiness_is_its_log_port() -> None:
    container = main(objects(synth("default"), WORKER)["StatefulSet"])
    # It grooms its logs emptyDir first: 15 days, 80% of 4Gi.
    command = ["python", "/opt/kube-airflow/checks.py", "worker-ping", "--groom", "15:3435973836"]
    ping = {"exec": {"command": command}}
    assert probes(container) == {
        "liveness": (ping, 300, 2),
        "readiness": ({"tcpSocket": {"port": "worker-logs"}}, 5, 3),
    }
    assert container["livenessProbe"]["timeoutSeconds"] == 30


def test_workers_get_the_dags_and_exist_only_with_celery() -> None:
    spec = pod(objects(synth("git-sync-https"), WORKER)["StatefulSet"])
    assert [c["name"] for c in spec["containers"]] == ["worker", "git-sync"]
    assert "/opt/airflow/dags" in {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
    assert objects(synth("kubernetes-executor"), WORKER) == {}
    assert set(objects(synth("multi-executor"), WORKER)) >= {"StatefulSet", "Service"}


class FakeCelery:
    """celery.Celery as the worker probe uses it: control.ping to one destination."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        self.replies, self.asked = replies, []

    def Celery(self, broker: str) -> Any:
        fake = self

        class Control:
            def ping(self, destination: list[str], timeout: float) -> list[dict[str, Any]]:
                fake.asked.append((broker, destination))
                return fake.replies

        return type("App", (), {"control": Control()})()


@pytest.mark.parametrize(
    ("replies", "code"),
    [([{"celery@airflow-worker-1": {"ok": "pong"}}], 0), ([], 1)],
)
def test_worker_ping_asks_this_pods_worker(
    checks: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    replies: list[dict[str, Any]],
    code: int,
) -> None:
    """The broker URL from the _CMD our pods get; the destination this pod's worker."""
    monkeypatch.delenv(checks.BROKER, raising=False)
    monkeypatch.delenv("AIRFLOW__CELERY__SSL_ACTIVE", raising=False)
    monkeypatch.setenv("AIRFLOW_CONFIG", "/nonexistent/airflow.cfg")
    monkeypatch.setenv("BROKER_PASSWORD", "p@ss/word")
    command = url_command("amqp://airflow:", "BROKER_PASSWORD", "@rabbitmq:5672/airflow")
    monkeypatch.setenv(f"{checks.BROKER}_CMD", command.replace("python", sys.executable, 1))
    monkeypatch.setattr(checks.socket, "gethostname", lambda: "airflow-worker-1")
    fake = FakeCelery(replies)
    monkeypatch.setitem(sys.modules, "celery", fake)
    assert checks.main(["worker-ping"]) == code
    assert fake.asked == [
        ("amqp://airflow:p%40ss%2Fword@rabbitmq:5672/airflow", ["celery@airflow-worker-1"])
    ]


def test_worker_ping_asks_through_airflow_for_a_tls_broker(
    checks: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(checks.BROKER, "amqp://u:p@broker:5671/v")
    monkeypatch.setenv("AIRFLOW__CELERY__SSL_ACTIVE", "True")
    monkeypatch.setattr(checks.socket, "gethostname", lambda: "airflow-worker-0")
    ran: list[list[str]] = []

    def execvp(file: str, args: list[str]) -> None:
        ran.append(args)
        raise SystemExit(0)

    monkeypatch.setattr(checks.os, "execvp", execvp)
    with pytest.raises(SystemExit):
        checks.main(["worker-ping"])
    assert ran == [
        ["celery", "--app", checks.CELERY_APP, "inspect", "ping", "-d", "celery@airflow-worker-0"]
    ]
