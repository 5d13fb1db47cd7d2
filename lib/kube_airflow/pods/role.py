"""Intent methods in the cdk8s-plus style for a built role: `add_env`, `add_volume`,
`add_sidecar`, `add_init_container`. They take the `cdk8s_plus_27.k8s` types and keep the
restricted security context and resource defaults of what they add.

A role's L1 objects are built in its constructor; these methods edit their synthesized pod spec
(after the user's own `ApiObject.of(...).add_json_patch(...)`, which stays the escape hatch for
the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.errors import UserError
from kube_airflow.kube.placement import disruption_budget
from kube_airflow.kube.specs import container_resources, container_security, pod_manifest
from kube_airflow.kube.workloads import PodEdit, PodWorkload, deployment, service, stateful_set
from kube_airflow.props.pod_options import ComponentProps, Container
from kube_airflow.props.roles import AutoscaledProps, ReplicatedProps

if TYPE_CHECKING:
    from kube_airflow.pods.airflow_pods import AirflowPods

# What a user's container gets when it says nothing of its own (as for sidecars in values files).
_DEFAULT_RESOURCES = Container.model_fields["resources"].default
_POD = "/spec/template/spec"


def _pod_json(**spec: Any) -> dict[str, Any]:
    """The Kubernetes JSON of pod spec parts."""
    template = k8s.PodTemplateSpec(spec=k8s.PodSpec(containers=[], **spec))
    result: dict[str, Any] = pod_manifest(template)["spec"]
    return result


def _restricted(container: k8s.Container) -> dict[str, Any]:
    """A user's container with our restricted security context and resource defaults where it
    sets none of its own."""
    (manifest,) = _pod_json(init_containers=[container])["initContainers"]
    ours = _pod_json(
        init_containers=[
            k8s.Container(
                name="x",
                security_context=container_security(),
                resources=container_resources(_DEFAULT_RESOURCES),
            )
        ]
    )["initContainers"][0]
    manifest["securityContext"] = {**ours["securityContext"], **manifest.get("securityContext", {})}
    manifest.setdefault("resources", ours["resources"])
    return dict(manifest)


class PodIntents:
    """The intent methods, over the pods of `workloads` (one role's, or several roles' at once)."""

    @property
    def workloads(self) -> list[PodWorkload]:
        """The L1 Deployments, StatefulSets or Jobs running these pods."""
        raise NotImplementedError

    @property
    def where(self) -> str:
        """Who the methods apply to, for errors: the construct path(s)."""
        raise NotImplementedError

    def add_env(
        self,
        name: str,
        value: str | None = None,
        *,
        secret: tuple[str, str] | None = None,
        config_map: tuple[str, str] | None = None,
    ) -> None:
        """An env var of the role's main container: a literal `value`, or a `(name, key)` of a
        Secret or ConfigMap. It replaces a variable of ours with the same name."""
        if [value, secret, config_map].count(None) != 2:
            raise UserError(
                f"{self.where}.add_env({name!r}): give exactly one of value, secret, config_map"
            )
        source = None
        if secret is not None:
            ref = k8s.SecretKeySelector(name=secret[0], key=secret[1])
            source = k8s.EnvVarSource(secret_key_ref=ref)
        elif config_map is not None:
            cm = k8s.ConfigMapKeySelector(name=config_map[0], key=config_map[1])
            source = k8s.EnvVarSource(config_map_key_ref=cm)
        env = k8s.EnvVar(name=name, value=value, value_from=source)
        (manifest,) = _pod_json(init_containers=[k8s.Container(name="x", env=[env])])[
            "initContainers"
        ][0]["env"]

        def edit(pod: dict[str, Any]) -> None:
            main = pod["containers"][0]
            main["env"] = [*(e for e in main.get("env", []) if e["name"] != name), manifest]

        self._edit(edit)

    def add_volume(self, volume: k8s.Volume, mount_path: str, *, read_only: bool = True) -> None:
        """A volume of the pod, mounted into the role's main container."""
        (manifest,) = _pod_json(volumes=[volume])["volumes"]
        mount = {"name": manifest["name"], "mountPath": mount_path}
        if read_only:
            mount["readOnly"] = True
        for workload in self.workloads:
            pod = workload.pod_of(workload.to_json())
            if any(v["name"] == manifest["name"] for v in pod.get("volumes", [])):
                raise UserError(
                    f"{self.where}.add_volume: a volume named {manifest['name']!r} is "
                    "already in the pod"
                )

        def edit(pod: dict[str, Any]) -> None:
            pod.setdefault("volumes", []).append(manifest)
            pod["containers"][0].setdefault("volumeMounts", []).append(mount)

        self._edit(edit)

    def add_sidecar(self, container: k8s.Container) -> None:
        """A container beside the role's own (an ordinary container: valid on Kubernetes 1.27)."""
        manifest = _restricted(container)
        self._edit(lambda pod: pod["containers"].append(manifest))

    def add_init_container(self, container: k8s.Container) -> None:
        """An init container, run after ours (the wait for migrations, the first git sync)."""
        manifest = _restricted(container)
        self._edit(lambda pod: pod.setdefault("initContainers", []).append(manifest))

    def _edit(self, edit: PodEdit) -> None:
        for workload in self.workloads:
            if not hasattr(workload, "pod_edits"):
                workload.pod_edits = []
            workload.pod_edits.append(edit)


class Role(PodIntents, Construct):
    """An Airflow role: a construct whose `workloads` (L1 objects) hold its pods."""

    @property
    def workloads(self) -> list[PodWorkload]:
        return [c for c in self.node.children if isinstance(c, PodWorkload)]

    @property
    def where(self) -> str:
        return self.node.path

    def _deploy(
        self,
        pods: AirflowPods,
        component: str,
        pod: k8s.PodTemplateSpec,
        props: ComponentProps,
        *skips: tuple[str, str],
    ) -> None:
        """`self.deployment` `<prefix>-<component>` running `pod`, and `self.pdb` over it when
        the role is replicated (its budget may still be disabled); no replicas when an
        autoscaler owns them."""
        replicas: int | None = props.replicas if isinstance(props, ReplicatedProps) else 1
        if isinstance(props, AutoscaledProps) and props.autoscaled:
            replicas = None
        self.deployment = deployment(
            self, pods.names, component, replicas, pod, (*pods.skips, *skips)
        )
        self.pdb = (
            disruption_budget(self, pods.names, component, props.pdb)
            if isinstance(props, ReplicatedProps)
            else None
        )

    def _serve_logs(
        self,
        pods: AirflowPods,
        component: str,
        pod: k8s.PodTemplateSpec,
        props: ReplicatedProps,
        log_port: tuple[str, int],
        *,
        autoscaled: bool = False,
    ) -> None:
        """`self.stateful_set` of log-serving pods, its headless `self.service`, and `self.pdb`.
        `autoscaled`: the StatefulSet states no replicas (the autoscaler sets them)."""
        replicas = None if autoscaled else props.replicas
        self.service, self.stateful_set = log_server_set(
            self, pods, component, replicas, pod, log_port
        )
        self.pdb = disruption_budget(self, pods.names, component, props.pdb)


class Jobs(PodIntents):
    """Several roles as one, such as the one-shot Jobs (secrets bootstrap, migration, first
    user): each intent method applies to every one of them."""

    def __init__(self, *jobs: Role) -> None:
        self.jobs = jobs

    @property
    def workloads(self) -> list[PodWorkload]:
        return [w for job in self.jobs for w in job.workloads]

    @property
    def where(self) -> str:
        return " and ".join(job.node.path for job in self.jobs)


def log_server_set(
    scope: Construct,
    pods: AirflowPods,
    component: str,
    replicas: int | None,
    pod: k8s.PodTemplateSpec,
    log_port: tuple[str, int],
) -> tuple[k8s.KubeService, k8s.KubeStatefulSet]:
    """A StatefulSet whose pods serve task logs: the headless Service `<prefix>-<component>` is
    its serviceName, so each pod's FQDN (what Airflow records as the task's hostname) resolves and
    the api-server fetches the log from the pod that wrote it."""
    headless = service(scope, pods.names, component, dict([log_port]), headless=True)
    pod_set = stateful_set(
        scope,
        pods.names,
        component,
        replicas,
        pod,
        service=pods.names.of(component),
        parallel=True,
        skips=pods.skips,
    )
    return headless, pod_set
