"""Generic Kubernetes building blocks: quantities, security contexts, volumes, probes and pod
templates. Nothing here knows Airflow (pod.py does); the data stores use these too."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from cdk8s import App, Chart
from cdk8s_plus_27 import k8s

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names
    from kube_airflow.props import PodOptions, Resources


# What each Quantity that quantity() made stands for: reading `.value` back is a round trip too.
_QUANTITY_TEXT: dict[k8s.Quantity, str] = {}


@cache
def quantity(value: str) -> k8s.Quantity:
    """One jsii object per distinct value: each creation is a round trip to the Node runtime."""
    made = k8s.Quantity.from_string(value)
    _QUANTITY_TEXT[made] = value
    return made


def quantity_text(q: k8s.Quantity) -> str:
    """The value of `q` (one made elsewhere, a user's, is asked of the Node runtime)."""
    return _QUANTITY_TEXT.get(q) or str(q.value)


@cache
def port_ref(name: str) -> k8s.IntOrString:
    return k8s.IntOrString.from_string(name)


@cache
def int_value(number: int) -> k8s.IntOrString:
    """An IntOrString of a number (a port, a budget's count): one jsii object per distinct
    value, as quantity()."""
    return k8s.IntOrString.from_number(number)


# What a container writes to the node's disk beside its pod's volumes: its output, which the kubelet
# keeps rotated (containerLogMaxSize 10Mi x containerLogMaxFiles 5 by default), and its writable
# layer (nothing: the root is read-only). Its ephemeral-storage limit when none is given.
OUTPUT_ALLOWANCE = "64Mi"


def container_resources(res: Resources) -> k8s.ResourceRequirements:
    """Requests and limits; an ephemeral-storage limit only when given (pod_options.pod_spec
    sets the others, knowing the pod's scratch volumes)."""
    limits = {"memory": quantity(res.memory_limit)}
    if res.cpu_limit is not None:
        limits["cpu"] = quantity(res.cpu_limit)
    if res.ephemeral_storage_limit is not None:
        limits["ephemeral-storage"] = quantity(res.ephemeral_storage_limit)
    return k8s.ResourceRequirements(
        requests={
            "cpu": quantity(res.cpu_request),
            "memory": quantity(res.memory_request),
            "ephemeral-storage": quantity(res.ephemeral_storage_request),
        },
        limits=limits,
    )


# The struct builders below are cached: a jsii struct is plain data, copied into each object that
# takes it, so one instance serves every pod, and each creation costs a type check of every field.
@cache
def container_security(uid: int | None = None, gid: int | None = None) -> k8s.SecurityContext:
    """Pod Security `restricted` for one container, read-only root; uid/gid override the pod's."""
    return k8s.SecurityContext(
        allow_privilege_escalation=False,
        capabilities=k8s.Capabilities(drop=["ALL"]),
        read_only_root_filesystem=True,
        run_as_non_root=True,
        run_as_user=uid,
        run_as_group=gid,
    )


@cache
def pod_security(uid: int, gid: int, fs_group_change: str | None = None) -> k8s.PodSecurityContext:
    """Pod Security `restricted`: non-root, RuntimeDefault seccomp; fsGroup makes volumes ours."""
    return k8s.PodSecurityContext(
        run_as_non_root=True,
        run_as_user=uid,
        run_as_group=gid,
        fs_group=gid,
        fs_group_change_policy=fs_group_change,
        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
    )


@cache
def empty_dir(name: str, size: str, memory: bool = False) -> k8s.Volume:
    """An emptyDir of at most `size` (beyond it the kubelet evicts the pod): on the node's disk,
    or with `memory` in memory, where it counts against the containers' memory."""
    source = k8s.EmptyDirVolumeSource(
        medium="Memory" if memory else None, size_limit=quantity(size)
    )
    return k8s.Volume(name=name, empty_dir=source)


@cache
def mount(
    name: str, path: str, sub_path: str | None = None, read_only: bool = False
) -> k8s.VolumeMount:
    return k8s.VolumeMount(
        name=name, mount_path=path, sub_path=sub_path, read_only=True if read_only else None
    )


@cache
def port(name: str, number: int) -> k8s.ContainerPort:
    return k8s.ContainerPort(name=name, container_port=number, protocol="TCP")


def exec_probe(command: list[str], period: int, timeout: int, failures: int) -> k8s.Probe:
    return k8s.Probe(
        exec=k8s.ExecAction(command=command),
        period_seconds=period,
        timeout_seconds=timeout,
        failure_threshold=failures,
    )


@cache
def http_probe(path: str, port_name: str, period: int = 10, failures: int = 3) -> k8s.Probe:
    return k8s.Probe(
        http_get=k8s.HttpGetAction(path=path, port=port_ref(port_name)),
        period_seconds=period,
        timeout_seconds=5,
        failure_threshold=failures,
    )


@cache
def tcp_probe(port_name: str, period: int = 5, failures: int = 3) -> k8s.Probe:
    """A connect from the kubelet: costs the container nothing, so it can be asked often and a
    pod is ready soon after it listens."""
    return k8s.Probe(
        tcp_socket=k8s.TcpSocketAction(port=port_ref(port_name)),
        period_seconds=period,
        timeout_seconds=5,
        failure_threshold=failures,
    )


def template(
    names: Names,
    component: str,
    spec: k8s.PodSpec,
    annotations: dict[str, str] | None = None,
) -> k8s.PodTemplateSpec:
    return k8s.PodTemplateSpec(
        metadata=k8s.ObjectMeta(labels=names.labels(component), annotations=annotations),
        spec=spec,
    )


def tolerations(component: PodOptions) -> list[k8s.Toleration] | None:
    found = [
        k8s.Toleration(
            key=t.key,
            operator=t.operator,
            value=t.value,
            effect=t.effect,
            toleration_seconds=t.toleration_seconds,
        )
        for t in component.tolerations
    ]
    return found or None


def pod_manifest(template: k8s.PodTemplateSpec) -> dict[str, Any]:
    """A pod template as the JSON of a Pod, by the generated serializer of the k8s types (the
    jsii structs have no JSON of their own on the Python side); no name, no namespace."""
    pod = k8s.KubePod(
        Chart(App(), "scratch"), "pod", metadata=template.metadata, spec=template.spec
    ).to_json()
    pod["metadata"].pop("name", None)
    result: dict[str, Any] = pod
    return result


def role_with_binding(
    scope: Construct, names: Names, component: str, rules: list[k8s.PolicyRule]
) -> None:
    """Role `<prefix>-<component>` with `rules`, bound to the ServiceAccount of the same name."""
    name = names.of(component)
    k8s.KubeRole(scope, "role", metadata=names.meta(component), rules=rules)
    k8s.KubeRoleBinding(
        scope,
        "role-binding",
        metadata=names.meta(component),
        role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=name),
        subjects=[k8s.Subject(kind="ServiceAccount", name=name, namespace=names.namespace)],
    )


def pod_field_env(name: str, field_path: str) -> k8s.EnvVar:
    """A variable from the pod's own fields (the downward API). apiVersion as the server stores
    it, or a later server-side apply conflicts with the client-side apply that wrote it."""
    selector = k8s.ObjectFieldSelector(api_version="v1", field_path=field_path)
    return k8s.EnvVar(name=name, value_from=k8s.EnvVarSource(field_ref=selector))
