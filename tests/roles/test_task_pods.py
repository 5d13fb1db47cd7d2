"""lib/kube_airflow/kubernetes_executor.py: the task pods' template, a ConfigMap the scheduler
mounts as `[kubernetes_executor] pod_template_file`."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import yaml
from cdk8s import Testing as Cdk8sTesting
from cdk8s_plus_27 import k8s

from kube_airflow import Airflow
from kube_airflow.errors import UserError
from tests.conformance.pod_security import restricted_violations
from tests.conftest import synth
from tests.objects import objects


def task_pod(docs: Any) -> dict[str, Any]:
    template = objects(docs, "task")["ConfigMap"]
    assert template["metadata"]["name"] == "airflow-pod-template"
    pod: dict[str, Any] = yaml.safe_load(template["data"]["pod_template.yaml"])
    return pod


def test_a_pod_that_ends_waits_for_nothing_and_has_no_token() -> None:
    pod = task_pod(synth("kubernetes-executor"))
    assert (pod["apiVersion"], pod["kind"]) == ("v1", "Pod")
    spec = pod["spec"]
    # git-sync once, in an init container: a sidecar would keep the pod from ending, and the
    # scheduler that starts the pod already waited for the migrations.
    assert [c["name"] for c in spec["initContainers"]] == ["git-sync-init"]
    (base,) = spec["containers"]
    assert base["name"] == "base" and base["args"] == []  # the executor fills them in
    assert spec["restartPolicy"] == "Never"
    assert spec["automountServiceAccountToken"] is False


def test_the_task_pods_options_apply() -> None:
    spec = task_pod(synth("kubernetes-executor"))["spec"]
    assert spec["nodeSelector"] == {"example.com/pool": "tasks"}
    (base,) = spec["containers"]
    assert {"name": "REGION", "value": "eu-west-1"} in base["env"]
    assert base["resources"]["limits"]["memory"] == "2Gi"
    # With per-role accounts, the task pods get theirs, with its annotations.
    account = objects(synth("multi-executor"), "task")["ServiceAccount"]
    assert account["metadata"]["annotations"] == {"example.com/role": "task"}
    assert task_pod(synth("multi-executor"))["spec"]["serviceAccountName"] == "airflow-task"
    assert objects(synth("default"), "task") == {}


def test_kubernetes_executor_roles_and_the_task_pods_intent_methods() -> None:
    chart = Cdk8sTesting.chart()
    airflow = Airflow(chart, "airflow", {"executor": "KubernetesExecutor"})
    assert airflow.flower is None
    with pytest.raises(UserError, match="runs executor KubernetesExecutor: it has no Celery"):
        airflow.workers.add_env("X", "1")
    assert airflow.workers_service is None and airflow.broker_service is None
    assert airflow.task_pods is not None and airflow.cleanup_pods is not None
    airflow.task_pods.add_env("REGION", "eu-west-1")
    airflow.task_pods.add_volume(
        k8s.Volume(name="ca", secret=k8s.SecretVolumeSource(secret_name="ca")), "/etc/ssl/extra"
    )
    docs = list(Cdk8sTesting.synth(chart))
    template = next(d for d in docs if d["metadata"]["name"] == "airflow-pod-template")
    pod = yaml.safe_load(template["data"]["pod_template.yaml"])
    (base,) = pod["spec"]["containers"]
    assert base["name"] == "base" and pod["spec"]["restartPolicy"] == "Never"
    assert {"name": "REGION", "value": "eu-west-1"} in base["env"]
    assert {"name": "ca", "mountPath": "/etc/ssl/extra", "readOnly": True} in base["volumeMounts"]
    assert not any(e["name"].startswith("BROKER") for e in base["env"])
    assert not {d["kind"] for d in docs if "celery" in str(d).lower()} - {"ConfigMap"}
    components = {d["metadata"]["labels"]["app.kubernetes.io/component"] for d in docs}
    assert not components & {"worker", "flower", "rabbitmq", "redis"}, components
    assert restricted_violations([*docs, pod]) == []


def template_checksum(docs: Any) -> tuple[str, str]:
    """(the scheduler's checksum/pod-template, the sha256 of the template written out)."""
    template = objects(docs, "task")["ConfigMap"]["data"]["pod_template.yaml"]
    scheduler = objects(docs, "scheduler")["Deployment"]["spec"]["template"]["metadata"]
    written = hashlib.sha256(template.encode()).hexdigest()
    return scheduler["annotations"]["checksum/pod-template"], written


@pytest.mark.parametrize("variant", ["kubernetes-executor", "multi-executor", "logs"])
def test_the_scheduler_rolls_with_the_template_it_reads(variant: str) -> None:
    """The checksum is of the template as written, edits made after the scheduler was built
    included (the logs volume is one)."""
    annotated, written = template_checksum(synth(variant))
    assert annotated == written


def test_an_intent_method_on_the_task_pods_rolls_the_scheduler() -> None:
    def checksums(edit: bool) -> tuple[str, str]:
        chart = Cdk8sTesting.chart()
        airflow = Airflow(chart, "airflow", {"executor": "KubernetesExecutor"})
        if edit:
            assert airflow.task_pods is not None
            airflow.task_pods.add_env("REGION", "eu-west-1")
        return template_checksum(Cdk8sTesting.synth(chart))

    plain, edited = checksums(False), checksums(True)
    assert edited[0] == edited[1] and plain[0] == plain[1]
    assert edited[0] != plain[0]
