"""lib/kube_airflow/scheduler.py: the scheduler's Deployment, probed on its own health server, and
with the KubernetesExecutor the pod template and the Kubernetes API access it needs for tasks."""

from __future__ import annotations

import hashlib

from tests.conftest import synth
from tests.objects import main, objects, pod, probes

SCHEDULER = "scheduler"
EXECUTOR_RULES = [
    {
        "apiGroups": [""],
        "resources": ["pods"],
        "verbs": ["create", "delete", "get", "list", "patch", "watch"],
    }
]


def test_probes_ask_the_schedulers_health_server() -> None:
    container = main(objects(synth("default"), SCHEDULER)["Deployment"])
    assert container["args"] == ["airflow", "scheduler"]
    assert container["ports"] == [{"name": "health", "containerPort": 8974, "protocol": "TCP"}]
    health = {"httpGet": {"path": "/health", "port": "health"}}
    # Up to 5 minutes to start; a stuck scheduler restarted after 2.5 minutes; ready once its
    # health server listens.
    assert probes(container) == {
        "startup": (health, 3, 100),
        "liveness": (health, 30, 5),
        "readiness": ({"tcpSocket": {"port": "health"}}, 10, 3),
    }


def test_short_grace_and_replicas_from_props() -> None:
    deployment = objects(synth("default"), SCHEDULER)["Deployment"]
    assert pod(deployment)["terminationGracePeriodSeconds"] == 10
    assert deployment["spec"]["replicas"] == 1
    assert objects(synth("schedulers"), SCHEDULER)["Deployment"]["spec"]["replicas"] == 3


def test_no_kubernetes_api_access_with_celery_alone() -> None:
    found = objects(synth("default"), SCHEDULER)
    assert not {"Role", "RoleBinding", "ServiceAccount"} & set(found)
    spec = pod(found["Deployment"])
    assert spec["automountServiceAccountToken"] is False
    assert spec["serviceAccountName"] == "airflow-airflow"
    assert "pod-template" not in {v["name"] for v in spec["volumes"]}


def test_kubernetes_executor_gets_its_own_account_role_and_the_pod_template() -> None:
    docs = synth("kubernetes-executor")
    found = objects(docs, SCHEDULER)
    assert found["Role"]["rules"] == EXECUTOR_RULES
    assert found["RoleBinding"]["roleRef"]["name"] == "airflow-scheduler"
    assert found["RoleBinding"]["subjects"] == [
        {"kind": "ServiceAccount", "name": "airflow-scheduler", "namespace": "airflow"}
    ]
    deployment = found["Deployment"]
    spec = pod(deployment)
    assert spec["serviceAccountName"] == found["ServiceAccount"]["metadata"]["name"]
    assert spec["automountServiceAccountToken"] is True
    assert "CKV_K8S_38=the KubernetesExecutor" in str(deployment["metadata"]["annotations"])
    volume = next(v for v in spec["volumes"] if v["name"] == "pod-template")
    assert volume["configMap"]["name"] == "airflow-pod-template"
    mount = {"name": "pod-template", "mountPath": "/opt/airflow/pod_templates", "readOnly": True}
    assert mount in main(deployment)["volumeMounts"]
    # The scheduler reads the template when it starts: it rolls when the template changes.
    template = objects(docs, "task")["ConfigMap"]["data"]["pod_template.yaml"]
    checksum = deployment["spec"]["template"]["metadata"]["annotations"]["checksum/pod-template"]
    assert checksum == hashlib.sha256(template.encode()).hexdigest()
