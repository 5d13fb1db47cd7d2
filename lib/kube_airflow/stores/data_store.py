"""The in-cluster data stores' one-replica StatefulSet (Postgres, RabbitMQ, Redis): their data on a
volume claim of their own, a read-only root with scratch emptyDirs, and a headless Service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

from kube_airflow.kube.pod_options import pod_template
from kube_airflow.kube.skips import IMAGE, IMAGE_UID, SECRET_ENV
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    empty_dir,
    mount,
    pod_security,
)
from kube_airflow.kube.specs import port as container_port
from kube_airflow.kube.workloads import claim_spec, service, stateful_set

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names
    from kube_airflow.props import Persistent


def claim(name: str, size: str, storage_class: str | None) -> k8s.KubePersistentVolumeClaimProps:
    """A volumeClaimTemplate: one ReadWriteOnce volume per pod."""
    return k8s.KubePersistentVolumeClaimProps(
        metadata=k8s.ObjectMeta(name=name), spec=claim_spec(size, storage_class, "ReadWriteOnce")
    )


# The official postgres, rabbitmq and redis images have no USER line: they start as root and drop
# to uid 999. Under runAsNonRoot the uid must be numeric and given here.
DATA_STORE_UID = 999


@dataclass(frozen=True)
class Scratch:
    """A writable emptyDir a data store needs under its read-only root, of at most `size` (in
    memory with `memory`)."""

    name: str
    path: str
    size: str
    memory: bool = False
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
        security_context=security,
        containers=[container],
        init_containers=init_containers or (),
        volumes=[empty_dir(s.name, s.size, s.memory) for s in scratch],
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
