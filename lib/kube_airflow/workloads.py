"""The controllers and Services every role and backing service is made of (L1 objects with
explicit names: stable across synths, no generated hashes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

from kube_airflow.pod import pod_security, quantity, template, tolerations
from kube_airflow.skips import IMAGE, IMAGE_UID, SECRET_ENV, checkov_skips

Skips = tuple[tuple[str, str], ...]

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.naming import Names
    from kube_airflow.props import Persistent


def deployment(
    scope: Construct,
    names: Names,
    component: str,
    replicas: int,
    pod: k8s.PodTemplateSpec,
    skips: Skips = (),
) -> k8s.KubeDeployment:
    return k8s.KubeDeployment(
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
    return k8s.KubeStatefulSet(
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
        ),
    )


def claim(name: str, size: str, storage_class: str | None) -> k8s.KubePersistentVolumeClaimProps:
    return k8s.KubePersistentVolumeClaimProps(
        metadata=k8s.ObjectMeta(name=name),
        spec=k8s.PersistentVolumeClaimSpec(
            access_modes=["ReadWriteOnce"],
            storage_class_name=storage_class,
            resources=k8s.ResourceRequirements(requests={"storage": quantity(size)}),
        ),
    )


def service(
    scope: Construct,
    names: Names,
    component: str,
    ports: dict[str, int],
    *,
    name: str | None = None,
    headless: bool = False,
    publish_not_ready: bool = True,
) -> k8s.KubeService:
    """A Service selecting the component's pods; `ports` maps port name -> number (the container
    port of the same name)."""
    return k8s.KubeService(
        scope,
        "service",
        metadata=names.meta(component, name),
        spec=k8s.ServiceSpec(
            type=None if headless else "ClusterIP",
            cluster_ip="None" if headless else None,
            # A worker's log server must stay resolvable while the worker is not ready (for
            # instance during its warm shutdown), or the logs of its last tasks vanish from the UI.
            publish_not_ready_addresses=True if headless and publish_not_ready else None,
            selector=names.selector(component),
            ports=[
                k8s.ServicePort(
                    name=port_name,
                    port=number,
                    target_port=k8s.IntOrString.from_string(port_name),
                    protocol="TCP",
                )
                for port_name, number in ports.items()
            ],
        ),
    )


# The official postgres, rabbitmq and redis images have no USER line: they start as root and drop
# to uid 999. Under runAsNonRoot the uid must be numeric and given here.
DATA_STORE_UID = 999


def data_store(
    scope: Construct,
    names: Names,
    component: str,
    props: Persistent,
    container: k8s.Container,
    *,
    ports: dict[str, int],
    volumes: list[k8s.Volume],
) -> k8s.KubeStatefulSet:
    """One-replica StatefulSet with the PVC `data` (the container mounts it), reached through the
    headless Service `<prefix>-<component>`: the in-cluster Postgres, RabbitMQ and Redis."""
    # Re-own the volume only when its root does not match: a recursive chmod on every start
    # would open RabbitMQ's Erlang cookie to the group, and Erlang refuses such a cookie.
    security = pod_security(DATA_STORE_UID, DATA_STORE_UID, fs_group_change="OnRootMismatch")
    spec = k8s.PodSpec(
        automount_service_account_token=False,
        enable_service_links=False,
        security_context=security,
        containers=[container],
        volumes=volumes,
        node_selector=props.node_selector or None,
        tolerations=tolerations(props),
    )
    service(scope, names, component, ports, headless=True, publish_not_ready=False)
    return stateful_set(
        scope,
        names,
        component,
        1,
        template(names, component, spec),
        service=names.of(component),
        claims=[claim("data", props.storage, props.storage_class)],
        skips=(*IMAGE, IMAGE_UID, SECRET_ENV),
    )
