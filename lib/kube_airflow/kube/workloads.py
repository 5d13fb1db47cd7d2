"""The generic controllers and Services every role and backing service is made of (L1 objects
with explicit names: stable across synths, no generated hashes). What knows Airflow is in role.py
and pod.py, the data stores' StatefulSet in data_store.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cdk8s_plus_27 import k8s

from kube_airflow.kube.skips import checkov_skips
from kube_airflow.kube.specs import port_ref, quantity

Skips = tuple[tuple[str, str], ...]

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names


PodEdit = Callable[[dict[str, Any]], None]


class PodWorkload:
    """Mixin of the L1 Deployments, StatefulSets and Jobs: `pod_edits` change the synthesized
    pod spec (the intent methods of role.py). They run on the JSON the L1 class returns, because
    that class re-serializes after JSON patches and drops a Quantity given there as a string.
    `late_annotations` (Deployments and StatefulSets) are the pod template's annotations whose
    value is only known when written out: the checksum of something the intent methods may
    still edit after this workload was built."""

    pod_edits: list[PodEdit]
    late_annotations: dict[str, Callable[[], str]]

    @staticmethod
    def pod_of(manifest: dict[str, Any]) -> dict[str, Any]:
        """The pod spec inside this kind's synthesized JSON."""
        pod: dict[str, Any] = manifest["spec"]["template"]["spec"]
        return pod

    def to_json(self) -> Any:
        manifest = super().to_json()  # type: ignore[misc]
        for edit in getattr(self, "pod_edits", []):
            edit(self.pod_of(manifest))
        for name, value in getattr(self, "late_annotations", {}).items():
            manifest["spec"]["template"]["metadata"].setdefault("annotations", {})[name] = value()
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
    replicas: int | None,
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
    replicas: int | None,
    pod: k8s.PodTemplateSpec,
    *,
    service: str,
    claims: list[k8s.KubePersistentVolumeClaimProps] | None = None,
    parallel: bool = False,
    skips: Skips = (),
) -> k8s.KubeStatefulSet:
    """A StatefulSet whose `serviceName` is the headless Service `service` (which must select it:
    that is what gives each pod a stable DNS name). `replicas` None leaves the count to an
    autoscaler: written out, every `kubectl apply` would reset what the autoscaler chose."""
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
