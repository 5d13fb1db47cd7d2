"""lib/kube_airflow/triggerer.py: the triggerer, a StatefulSet under its headless Service so the UI
fetches trigger logs from each pod's log server on 8794."""

from __future__ import annotations

from tests.conftest import synth
from tests.objects import headless_set, main, objects, pod, probes

TRIGGERER = "triggerer"


def test_a_stateful_set_whose_service_is_its_headless_log_service() -> None:
    triggerer, service = headless_set(synth("default"), TRIGGERER)
    assert service["metadata"]["name"] == "airflow-triggerer"
    assert triggerer["spec"]["podManagementPolicy"] == "Parallel"
    assert service["spec"]["ports"] == [
        {"name": "triggerer-logs", "port": 8794, "targetPort": "triggerer-logs", "protocol": "TCP"}
    ]
    container = main(triggerer)
    assert container["args"] == ["airflow", "triggerer"]
    assert container["ports"] == [
        {"name": "triggerer-logs", "containerPort": 8794, "protocol": "TCP"}
    ]
    assert pod(triggerer)["terminationGracePeriodSeconds"] == 60


def test_liveness_is_the_job_heartbeat_every_two_minutes_readiness_the_log_port() -> None:
    container = main(objects(synth("default"), TRIGGERER)["StatefulSet"])
    check = ["job-alive", "TriggererJob", "triggerer.triggerer_health_check_threshold"]
    check += ["--groom", "15:858993459"]  # its logs emptyDir: 15 days, 80% of 1Gi
    job_alive = {"exec": {"command": ["python", "/opt/kube-airflow/checks.py", *check]}}
    assert probes(container) == {
        "liveness": (job_alive, 120, 2),
        "readiness": ({"tcpSocket": {"port": "triggerer-logs"}}, 5, 3),
    }
    assert container["livenessProbe"]["timeoutSeconds"] == 15


def test_it_runs_the_synced_dags() -> None:
    spec = pod(objects(synth("git-sync-https"), TRIGGERER)["StatefulSet"])
    assert [c["name"] for c in spec["containers"]] == ["triggerer", "git-sync"]
    assert "/opt/airflow/dags" in {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
