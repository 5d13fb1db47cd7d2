"""The secrets bootstrap: a Job that generates, once and in the cluster, every secret the user did
not provide, so no secret value is ever in dist/ and none is regenerated on re-apply."""

from __future__ import annotations

import json

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.image_layout import AIRFLOW_UID
from kube_airflow.kube.pod_options import merged, pod_template
from kube_airflow.kube.skips import API_TOKEN, SECRET_ENV, checkov_skips
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    empty_dir,
    mount,
    pod_field_env,
    pod_security,
    role_with_binding,
)
from kube_airflow.kube.workloads import Job
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.pods.scripts import SCRIPT_DIR, SCRIPT_RESOURCES, SCRIPT_TMP, script_text

COMPONENT = components.BOOTSTRAP_SECRETS
SCRIPT = "bootstrap_secrets.py"


class SecretsBootstrap(Role):
    """ServiceAccount, Role, RoleBinding, the script's ConfigMap and the Job.

    The Role may get and patch only the generated Secret. It must also create Secrets: Kubernetes
    RBAC cannot restrict `create` by name, so that verb is namespace-wide (create only: it can
    read or change no other Secret)."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        names, generated = pods.names, pods.secrets.generated
        name = names.of(COMPONENT)
        k8s.KubeServiceAccount(
            self,
            "service-account",
            metadata=names.meta(COMPONENT),
            automount_service_account_token=False,
        )
        role_with_binding(
            self,
            names,
            COMPONENT,
            [
                k8s.PolicyRule(
                    api_groups=[""],
                    resources=["secrets"],
                    resource_names=[names.generated_secret],
                    verbs=["get", "patch"],
                ),
                k8s.PolicyRule(api_groups=[""], resources=["secrets"], verbs=["create"]),
            ],
        )
        k8s.KubeConfigMap(
            self, "script", metadata=names.meta(COMPONENT), data={SCRIPT: script_text(SCRIPT)}
        )
        env = [
            pod_field_env("NAMESPACE", "metadata.namespace"),
            k8s.EnvVar(name="SECRET_NAME", value=names.generated_secret),
            k8s.EnvVar(name="GENERATE", value=json.dumps(generated, sort_keys=True)),
            k8s.EnvVar(name="LABELS", value=json.dumps(names.labels("generated"), sort_keys=True)),
            k8s.EnvVar(name="CONNECTION_CHECK_MAX_COUNT", value="0"),
        ]
        container = k8s.Container(
            name=COMPONENT,
            image=pods.image,
            image_pull_policy=pods.props.image.pull_policy,
            args=["python", f"{SCRIPT_DIR}/{SCRIPT}"],
            env=env,
            resources=container_resources(SCRIPT_RESOURCES),
            security_context=container_security(),
            volume_mounts=[mount("script", SCRIPT_DIR, read_only=True), mount("tmp", "/tmp")],
        )
        pod = pod_template(
            "jobs",
            merged(pods.props.pod_defaults, pods.props.jobs),
            names.labels(COMPONENT),
            service_account_name=name,
            # The only pod that talks to the Kubernetes API.
            automount_service_account_token=True,
            security_context=pod_security(AIRFLOW_UID, 0),
            restart_policy="Never",
            containers=[container],
            volumes=[
                k8s.Volume(name="script", config_map=k8s.ConfigMapVolumeSource(name=name)),
                empty_dir("tmp", SCRIPT_TMP),
            ],
        )
        self.job = Job(
            self,
            "job",
            metadata=names.meta(
                COMPONENT,
                names.job(COMPONENT, pods.props.image.tag),
                checkov_skips(*(s for s in pods.skips if s != SECRET_ENV), API_TOKEN),
            ),
            spec=k8s.JobSpec(backoff_limit=6, template=pod),
        )
