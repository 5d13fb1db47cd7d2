"""The controllers and Services every role and backing service is made of (L1 objects with
explicit names: stable across synths, no generated hashes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cdk8s_plus_27 import k8s

from kube_airflow.extras import pod_template
from kube_airflow.kube import (
    container_resources,
    container_security,
    empty_dir,
    mount,
    pod_security,
    port_ref,
    quantity,
)
from kube_airflow.kube import port as container_port
from kube_airflow.skips import IMAGE, IMAGE_UID, SECRET_ENV, checkov_skips

Skips = tuple[tuple[str, str], ...]

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.naming import Names
    from kube_airflow.pod import AirflowPods
    from kube_airflow.props import Persistent


PodEdit = Callable[[dict[str, Any]], None]


class PodWorkload:
    """Mixin of the L1 Deployments, StatefulSets and Jobs: `pod_edits` change the synthesized
    pod spec (the intent methods of role.py). They run on the JSON the L1 class returns, because
    that class re-serializes after JSON patches and drops a Quantity given there as a string."""

    pod_edits: list[PodEdit]

    @staticmethod
    def pod_of(manifest: dict[str, Any]) -> dict[str, Any]:
        """The pod spec inside this kind's synthesized JSON."""
        pod: dict[str, Any] = manifest["spec"]["template"]["spec"]
        return pod

    def to_json(self) -> Any:
        manifest = super().to_json()  # type: ignore[misc]
        for edit in getattr(self, "pod_edits", []):
            edit(self.pod_of(manifest))
        return manifest


class Deployment(PodWorkload, k8s.KubeDeployment):
    pass


class Job(PodWorkload, k8s.KubeJob):
    pass


class CronJob(PodWorkload, k8s.KubeCronJob):
    @staticmethod
    def pod_of(manifest: dict[str, Any]) -> dict[str, Any]:
        pod: dict[str, Any] = manifest["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        return pod


def deployment(
    scope: Construct,
    names: Names,
    component: str,
    replicas: int,
    pod: k8s.PodTemplateSpec,
    skips: Skips = (),
) -> k8s.KubeDeployment:
    return Deployment(
        scope,
        "deployment",
        metadata=names.meta(component, annotations=checkov_skips(*skips) or None),
        spec=k8s.DeploymentSpec(
            replicas=replicas,
            revision_history_limit=5,
            selector=k8s.LabelSelector(match_labels=names.selector(component)),
            template=pod,
        ),
    )


def stateful_set(
    scope: Construct,
    names: Names,
    component: str,
    replicas: int,
    pod: k8s.PodTemplateSpec,
    *,
    service: str,
    claims: list[k8s.KubePersistentVolumeClaimProps] | None = None,
    parallel: bool = False,
    skips: Skips = (),
) -> k8s.KubeStatefulSet:
    """A StatefulSet whose `serviceName` is the headless Service `service` (which must select it:
    that is what gives each pod a stable DNS name)."""
    # Said explicitly, as the data's guarantee: deleting the StatefulSet or scaling it down never
    # deletes its volume claims (deleting the claims or the Namespace does).
    retain = k8s.StatefulSetPersistentVolumeClaimRetentionPolicy(
        when_deleted="Retain", when_scaled="Retain"
    )
    return StoredClaimsStatefulSet(
        scope,
        "statefulset",
        metadata=names.meta(component, annotations=checkov_skips(*skips) or None),
        spec=k8s.StatefulSetSpec(
            replicas=replicas,
            revision_history_limit=5,
            service_name=service,
            pod_management_policy="Parallel" if parallel else None,
            selector=k8s.LabelSelector(match_labels=names.selector(component)),
            template=pod,
            volume_claim_templates=claims or None,
            persistent_volume_claim_retention_policy=retain if claims else None,
        ),
    )


class StoredClaimsStatefulSet(PodWorkload, k8s.KubeStatefulSet):
    """A StatefulSet whose volumeClaimTemplates are written as the API server stores them.

    The list is atomic: if ours differs from the stored one, every `kubectl apply` reports the
    StatefulSet configured, and a move to server-side apply conflicts with the client-side apply
    that wrote it. The typed props cannot carry apiVersion, kind and status (the L1 class drops
    unknown keys after JSON patches are applied), so they are added to the synthesized JSON."""

    def to_json(self) -> Any:
        manifest = super().to_json()
        for claim_template in manifest["spec"].get("volumeClaimTemplates", []):
            claim_template.setdefault("apiVersion", "v1")
            claim_template.setdefault("kind", "PersistentVolumeClaim")
            claim_template.setdefault("status", {"phase": "Pending"})
        return manifest


def log_server_set(
    scope: Construct,
    pods: AirflowPods,
    component: str,
    replicas: int,
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


def claim(name: str, size: str, storage_class: str | None) -> k8s.KubePersistentVolumeClaimProps:
    """A volumeClaimTemplate: one ReadWriteOnce volume per pod."""
    return k8s.KubePersistentVolumeClaimProps(
        metadata=k8s.ObjectMeta(name=name), spec=claim_spec(size, storage_class, "ReadWriteOnce")
    )


def claim_spec(size: str, storage_class: str | None, access: str) -> k8s.PersistentVolumeClaimSpec:
    return k8s.PersistentVolumeClaimSpec(
        access_modes=[access],
        storage_class_name=storage_class,
        volume_mode="Filesystem",
        resources=k8s.ResourceRequirements(requests={"storage": quantity(size)}),
    )


def service(
    scope: Construct,
    names: Names,
    component: str,
    ports: dict[str, int],
    *,
    name: str | None = None,
    headless: bool = False,
    udp: tuple[str, ...] = (),
    annotations: dict[str, str] | None = None,
) -> k8s.KubeService:
    """A Service selecting the component's pods; `ports` maps port name -> number (the container
    port of the same name), TCP unless named in `udp`."""
    return k8s.KubeService(
        scope,
        "service",
        metadata=names.meta(component, name, annotations),
        spec=k8s.ServiceSpec(
            type=None if headless else "ClusterIP",
            cluster_ip="None" if headless else None,
            # A headless Service names pods, ready or not: a worker's log server must stay
            # resolvable during its warm shutdown (or the logs of its last tasks vanish from the
            # UI), and a data store's name must resolve once its pod has an address.
            publish_not_ready_addresses=True if headless else None,
            selector=names.selector(component),
            ports=[
                k8s.ServicePort(
                    name=port_name,
                    port=number,
                    target_port=port_ref(port_name),
                    protocol="UDP" if port_name in udp else "TCP",
                )
                for port_name, number in ports.items()
            ],
        ),
    )


# The official postgres, rabbitmq and redis images have no USER line: they start as root and drop
# to uid 999. Under runAsNonRoot the uid must be numeric and given here.
DATA_STORE_UID = 999


@dataclass(frozen=True)
class Scratch:
    """A writable emptyDir a data store needs under its read-only root (in memory if limited)."""

    name: str
    path: str
    memory_limit: str | None = None
    read_only: bool = False  # written by an init container, only read by the store


def data_store(
    scope: Construct,
    names: Names,
    component: str,
    props: Persistent,
    *,
    image: str,
    env: list[k8s.EnvVar],
    port: tuple[str, int],
    data_path: str,
    scratch: list[Scratch],
    probes: tuple[k8s.Probe, k8s.Probe],
    where: str,
    command: list[str] | None = None,
    init_containers: list[k8s.Container] | None = None,
) -> k8s.KubeStatefulSet:
    """One-replica StatefulSet with its data on the PVC `data` at `data_path`, reached through the
    headless Service `<prefix>-<component>`: the in-cluster Postgres, RabbitMQ and Redis.
    `probes` are (readiness, liveness); `init_containers` run before the user's; `props`
    carry the pod options already merged with `pod_defaults`, `where` is their props path (for
    errors)."""
    container = k8s.Container(
        name=component,
        image=image,
        image_pull_policy="IfNotPresent",
        command=command,
        env=env,
        ports=[container_port(*port)],
        resources=container_resources(props.resources),
        security_context=container_security(),
        volume_mounts=[
            mount("data", data_path),
            *(mount(s.name, s.path, read_only=s.read_only) for s in scratch),
        ],
        readiness_probe=probes[0],
        liveness_probe=probes[1],
    )
    # Re-own the volume only when its root does not match: a recursive chmod on every start
    # would open RabbitMQ's Erlang cookie to the group, and Erlang refuses such a cookie.
    security = pod_security(DATA_STORE_UID, DATA_STORE_UID, fs_group_change="OnRootMismatch")
    pod = pod_template(
        where,
        props,
        names.labels(component),
        automount_service_account_token=False,
        enable_service_links=False,
        security_context=security,
        containers=[container],
        init_containers=init_containers or (),
        volumes=[empty_dir(s.name, s.memory_limit) for s in scratch],
    )
    # The name resolves as soon as the pod has an address, not only once its readiness probe
    # passed: every client here retries its connection anyway, and waiting for the probe's period
    # plus the DNS negative cache cost a cold start about 12 s, with the database already up.
    service(scope, names, component, dict([port]), headless=True)
    return stateful_set(
        scope,
        names,
        component,
        1,
        pod,
        service=names.of(component),
        claims=[claim("data", props.storage, props.storage_class)],
        skips=(*IMAGE, IMAGE_UID, SECRET_ENV),
    )
