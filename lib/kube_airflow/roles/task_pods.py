"""The KubernetesExecutor's side of the deployment: the pod template of the task pods (a
ConfigMap the scheduler mounts as `[kubernetes_executor] pod_template_file`) and what the
scheduler may do with pods in its namespace."""

from __future__ import annotations

import copy
import hashlib
from typing import TYPE_CHECKING, Any

import yaml
from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import POD_TEMPLATE_DIR, POD_TEMPLATE_FILE
from kube_airflow.kube.specs import pod_manifest
from kube_airflow.kube.workloads import PodWorkload
from kube_airflow.pods.role import Role

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.pods.airflow_pods import AirflowPods

# What the executor does with the task pods: create them, watch them to learn their state,
# patch the ones it adopts after a scheduler restart, delete the finished ones.
SCHEDULER_RULES = [
    k8s.PolicyRule(
        api_groups=[""],
        resources=["pods"],
        verbs=["create", "delete", "get", "list", "patch", "watch"],
    ),
]
# The executor names its own container `base` and fills in its args (the task's workload).
CONTAINER = "base"


def _text(pod: dict[str, Any]) -> str:
    return yaml.safe_dump(pod, sort_keys=True, default_flow_style=False)


class PodTemplateFile(PodWorkload, k8s.KubeConfigMap):
    """ConfigMap holding a Pod as YAML. A pod workload like the Deployments: the intent methods
    of its role edit the Pod before it is written out."""

    def __init__(self, scope: Construct, id: str, *, names: Names, component: str, pod: Any):
        self.pod = pod
        super().__init__(
            scope,
            id,
            metadata=names.meta(component, names.of("pod-template")),
            data={POD_TEMPLATE_FILE: _text(pod)},
        )

    @staticmethod
    def pod_of(manifest: dict[str, Any]) -> dict[str, Any]:
        pod: dict[str, Any] = yaml.safe_load(manifest["data"][POD_TEMPLATE_FILE])["spec"]
        return pod

    def to_json(self) -> Any:
        manifest = k8s.KubeConfigMap.to_json(self)
        pod = copy.deepcopy(self.pod)
        for edit in getattr(self, "pod_edits", []):
            edit(pod["spec"])
        manifest["data"][POD_TEMPLATE_FILE] = _text(pod)
        return manifest


class TaskPods(Role):
    """ConfigMap `<prefix>-pod-template`: the pod of every task the KubernetesExecutor runs. It
    is restricted like every other pod, reads the same airflow.cfg but no secret, gets the DAGs
    (git-sync only once, in an init container: a sidecar would keep the pod from ending) and
    the pod options under `task_pods`; it waits for no migration (the scheduler that starts it
    already did) and mounts no ServiceAccount token."""

    COMPONENT = components.TASK

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.task_pods
        reads = READS[self.COMPONENT]
        container = pods.container(CONTAINER, [], props.resources, reads=reads, dags=True)
        template = pods.pod(
            self,
            self.COMPONENT,
            props,
            [container],
            wait_for_migrations=False,
            restart_policy="Never",
            dags=True,
            sync_dags=False,
            checksum=False,
        )
        pod = {"apiVersion": "v1", "kind": "Pod", **pod_manifest(template)}
        self.config_map = PodTemplateFile(
            self, "pod-template", names=pods.names, component=self.COMPONENT, pod=pod
        )

    @property
    def checksum(self) -> str:
        """Changes whenever the template does: the scheduler reads the file when it starts."""
        text = self.config_map.to_json()["data"][POD_TEMPLATE_FILE]
        return hashlib.sha256(text.encode()).hexdigest()

    def volume(self) -> tuple[k8s.Volume, str]:
        """The template's volume and where the scheduler mounts it."""
        source = k8s.ConfigMapVolumeSource(name=self.config_map.name)
        return k8s.Volume(name="pod-template", config_map=source), POD_TEMPLATE_DIR
