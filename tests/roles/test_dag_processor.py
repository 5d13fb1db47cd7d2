"""lib/kube_airflow/dag_processor.py: the standalone DAG processor, which parses the DAG files."""

from __future__ import annotations

from tests.conftest import synth
from tests.objects import main, objects, pod, probes

DAG_PROCESSOR = "dag-processor"


def test_liveness_is_the_job_heartbeat_every_two_minutes_and_no_readiness() -> None:
    deployment = objects(synth("default"), DAG_PROCESSOR)["Deployment"]
    container = main(deployment)
    assert container["args"] == ["airflow", "dag-processor"]
    check = ["job-alive", "DagProcessorJob", "dag_processor.health_check_threshold"]
    # It grooms its logs emptyDir first: 15 days, 80% of 1Gi.
    check += ["--groom", "15:858993459"]
    job_alive = {"exec": {"command": ["python", "/opt/kube-airflow/checks.py", *check]}}
    # No Service routes to it: a readiness probe would only cost, and checkov is told why.
    assert probes(container) == {"liveness": (job_alive, 120, 2)}
    assert container["livenessProbe"]["timeoutSeconds"] == 15 and "ports" not in container
    assert "CKV_K8S_9=no Service routes to it" in str(deployment["metadata"]["annotations"])
    assert pod(deployment)["terminationGracePeriodSeconds"] == 60


def test_no_grooming_where_a_shared_volume_has_its_groomer() -> None:
    container = main(objects(synth("keda"), DAG_PROCESSOR)["Deployment"])
    assert "--groom" not in container["livenessProbe"]["exec"]["command"]
    assert "groom.py" not in str(pod(objects(synth("keda"), DAG_PROCESSOR)["Deployment"]))


def test_it_parses_the_synced_dags() -> None:
    spec = pod(objects(synth("git-sync-https"), DAG_PROCESSOR)["Deployment"])
    assert [c["name"] for c in spec["initContainers"]][-1] == "git-sync-init"
    assert [c["name"] for c in spec["containers"]] == ["dag-processor", "git-sync"]
    assert "/opt/airflow/dags" in {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
