"""The user's pod options (props.pod_options) as Kubernetes objects: extra env, volumes, sidecars
and init containers, metadata and placement, merged from `pod_defaults` and the role's own.

Every pod builder (Airflow roles, Jobs, data stores) goes through `pod_spec`, so each pod takes
the same extension points and keeps the restricted security context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdk8s_plus_27 import k8s

from kube_airflow.errors import UserError
from kube_airflow.kube.placement import Options, affinity
from kube_airflow.kube.specs import (
    OUTPUT_ALLOWANCE,
    container_resources,
    container_security,
    quantity,
    quantity_text,
    tolerations,
)
from kube_airflow.props.kube import amount

if TYPE_CHECKING:
    from kube_airflow.props import Container, EnvFrom, EnvVar, PodOptions, Volume
    from kube_airflow.props.pod_options import ProbeTiming


def merged(defaults: PodOptions, own: Options) -> Options:
    """`own` added to `defaults`: lists appended (env of one name: own wins), maps merged (own
    wins), affinity and priority class replaced when own has one."""
    own_env = {e.name for e in own.env}
    return own.model_copy(
        update={
            "env": [*(e for e in defaults.env if e.name not in own_env), *own.env],
            "env_from": [*defaults.env_from, *own.env_from],
            "volumes": [*defaults.volumes, *own.volumes],
            "sidecars": [*defaults.sidecars, *own.sidecars],
            "init_containers": [*defaults.init_containers, *own.init_containers],
            "pod_annotations": {**defaults.pod_annotations, **own.pod_annotations},
            "pod_labels": {**defaults.pod_labels, **own.pod_labels},
            "node_selector": {**defaults.node_selector, **own.node_selector},
            "tolerations": [*defaults.tolerations, *own.tolerations],
            "affinity": own.affinity or defaults.affinity,
            "priority_class_name": own.priority_class_name or defaults.priority_class_name,
            "image_pull_secrets": list(
                dict.fromkeys([*defaults.image_pull_secrets, *own.image_pull_secrets])
            ),
        }
    )


def env_var(e: EnvVar) -> k8s.EnvVar:
    if e.secret is not None:
        ref = k8s.SecretKeySelector(name=e.secret.name, key=e.secret.key)
        return k8s.EnvVar(name=e.name, value_from=k8s.EnvVarSource(secret_key_ref=ref))
    if e.config_map is not None:
        cm = k8s.ConfigMapKeySelector(name=e.config_map.name, key=e.config_map.key)
        return k8s.EnvVar(name=e.name, value_from=k8s.EnvVarSource(config_map_key_ref=cm))
    return k8s.EnvVar(name=e.name, value=e.value)


def env_from(e: EnvFrom) -> k8s.EnvFromSource:
    return k8s.EnvFromSource(
        prefix=e.prefix,
        secret_ref=k8s.SecretEnvSource(name=e.secret) if e.secret else None,
        config_map_ref=k8s.ConfigMapEnvSource(name=e.config_map) if e.config_map else None,
    )


def volume(v: Volume) -> k8s.Volume:
    return k8s.Volume(
        name=v.name,
        secret=k8s.SecretVolumeSource(secret_name=v.secret) if v.secret else None,
        config_map=k8s.ConfigMapVolumeSource(name=v.config_map) if v.config_map else None,
        persistent_volume_claim=(
            k8s.PersistentVolumeClaimVolumeSource(claim_name=v.persistent_volume_claim)
            if v.persistent_volume_claim
            else None
        ),
        empty_dir=k8s.EmptyDirVolumeSource(size_limit=quantity(v.empty_dir))
        if v.empty_dir
        else None,
    )


def _mount(name: str, path: str, read_only: bool, sub_path: str) -> k8s.VolumeMount:
    return k8s.VolumeMount(
        name=name, mount_path=path, read_only=read_only or None, sub_path=sub_path or None
    )


def container(c: Container) -> k8s.Container:
    """A user's sidecar or init container, under the restricted security context."""
    return k8s.Container(
        name=c.name,
        image=c.image,
        image_pull_policy="IfNotPresent",
        command=c.command or None,
        args=c.args or None,
        env=[env_var(e) for e in c.env] or None,
        env_from=[env_from(e) for e in c.env_from] or None,
        ports=[
            k8s.ContainerPort(name=p.name, container_port=p.container_port, protocol="TCP")
            for p in c.ports
        ]
        or None,
        volume_mounts=[
            _mount(m.name, m.mount_path, m.read_only, m.sub_path) for m in c.volume_mounts
        ]
        or None,
        resources=container_resources(c.resources),
        security_context=container_security(),
    )


def _probe(probe: k8s.Probe | None, timing: ProbeTiming | None) -> k8s.Probe | None:
    if probe is None or timing is None:
        return probe
    given = {k: v for k, v in timing.model_dump().items() if v is not None}
    return k8s.Probe(**{**_fields(probe), **given})


def _fields(struct: Any) -> dict[str, Any]:
    """A jsii struct's fields, to build a changed copy (the structs are immutable)."""
    fields: dict[str, Any] = struct._values
    return dict(fields)


def main_container(c: k8s.Container, options: PodOptions) -> k8s.Container:
    """The role's own container with the user's env (which wins), env_from, volume mounts and
    probe timings."""
    fields = _fields(c)
    own = {e.name for e in options.env}
    env = [*(e for e in fields.get("env") or [] if e.name not in own)]
    env += [env_var(e) for e in options.env]
    mounts = [*(fields.get("volume_mounts") or [])]
    mounts += [
        _mount(v.name, v.mount_path, v.read_only, v.sub_path)
        for v in options.volumes
        if v.mount_path is not None
    ]
    fields.update(
        env=env or None,
        env_from=[env_from(e) for e in options.env_from] or None,
        volume_mounts=mounts or None,
    )
    probes = getattr(options, "probes", None)
    if probes is not None:
        for kind in ("liveness", "readiness", "startup"):
            key = f"{kind}_probe"
            fields[key] = _probe(fields.get(key), getattr(probes, kind))
    return k8s.Container(**fields)


def pod_spec(
    where: str,
    options: PodOptions,
    *,
    containers: Sequence[k8s.Container],
    init_containers: Sequence[k8s.Container] = (),
    volumes: Sequence[k8s.Volume] = (),
    **spec: Any,
) -> k8s.PodSpec:
    """The pod of `where` (a props path, for errors): ours, with the user's options added. The
    first container is the role's own; the user's containers come after ours. No pod gets the
    Service links (a variable per Service of the namespace, `<NAME>_PORT=tcp://...`): nothing
    here reads them, and they would collide with RabbitMQ's own RABBITMQ_PORT-style settings."""
    _check_volumes(where, options, volumes, [*containers, *init_containers])
    own, *others = containers
    every_volume = [*volumes, *(volume(v) for v in options.volumes)]
    scratch = _scratch(every_volume)
    return k8s.PodSpec(
        containers=[
            _bounded(main_container(own, options), scratch),
            *(_bounded(c) for c in others),
            *(_bounded(container(c)) for c in options.sidecars),
        ],
        init_containers=[
            _bounded(c)
            for c in [*init_containers, *(container(c) for c in options.init_containers)]
        ]
        or None,
        volumes=every_volume or None,
        node_selector=options.node_selector or None,
        tolerations=tolerations(options),
        affinity=affinity(options.affinity),
        priority_class_name=options.priority_class_name,
        image_pull_secrets=[k8s.LocalObjectReference(name=n) for n in options.image_pull_secrets]
        or None,
        **{"enable_service_links": False, **spec},
    )


def _scratch(volumes: Sequence[k8s.Volume]) -> int:
    """Bytes of the pod's emptyDirs on the node's disk (by their size limits)."""
    total = 0
    for v in volumes:
        source = v.empty_dir
        if source is not None and source.medium != "Memory" and source.size_limit is not None:
            total += int(amount(quantity_text(source.size_limit)))
    return total


def _bounded(c: k8s.Container, scratch: int = 0) -> k8s.Container:
    """`c` with an ephemeral-storage limit unless it has one: its own output, and for the pod's
    main container also every scratch volume, since the kubelet holds the pod to the sum of its
    containers' limits (a volume at its size limit must not evict the pod before that)."""
    resources = c.resources
    limits = dict(resources.limits or {}) if resources is not None else {}
    if resources is None or "ephemeral-storage" in limits:
        return c
    total = int(amount(OUTPUT_ALLOWANCE)) + scratch
    mebibytes = -(-total // 2**20)
    limits["ephemeral-storage"] = quantity(
        f"{mebibytes // 1024}Gi" if mebibytes % 1024 == 0 else f"{mebibytes}Mi"
    )
    bounded = k8s.ResourceRequirements(requests=resources.requests, limits=limits)
    return k8s.Container(**{**_fields(c), "resources": bounded})


def _check_volumes(
    where: str,
    options: PodOptions,
    ours: Sequence[k8s.Volume],
    containers: Sequence[k8s.Container],
) -> None:
    """Names and paths that would make the API server refuse the pod, said at synth."""
    taken = {v.name for v in ours}
    problems = [
        f"{where}.volumes.{i}.name: is taken by a volume of this deployment (got {v.name!r})"
        for i, v in enumerate(options.volumes)
        if v.name in taken
    ]
    paths = {m.mount_path for c in containers[:1] for m in _fields(c).get("volume_mounts") or []}
    problems += [
        f"{where}.volumes.{i}.mount_path: is already mounted in the main container "
        f"(got {v.mount_path!r})"
        for i, v in enumerate(options.volumes)
        if v.mount_path is not None and v.mount_path.rstrip("/") in paths
    ]
    known = taken | {v.name for v in options.volumes}
    problems += [
        f"{where}.{kind}.{i}.volume_mounts.{j}.name: is not a volume of this pod (yours: "
        f"{sorted(v.name for v in options.volumes)}; ours: {sorted(taken)}) (got {m.name!r})"
        for kind, extra in (
            ("sidecars", options.sidecars),
            ("init_containers", options.init_containers),
        )
        for i, c in enumerate(extra)
        for j, m in enumerate(c.volume_mounts)
        if m.name not in known
    ]
    ours_named = {_fields(c)["name"] for c in containers}
    problems += [
        f"{where}.{kind}.{i}.name: is the name of a container of ours (got {c.name!r})"
        for kind, extra in (
            ("sidecars", options.sidecars),
            ("init_containers", options.init_containers),
        )
        for i, c in enumerate(extra)
        if c.name in ours_named
    ]
    if problems:
        raise UserError("invalid props:\n  " + "\n  ".join(problems))


def pod_template(
    where: str,
    options: PodOptions,
    labels: dict[str, str],
    annotations: dict[str, str] | None = None,
    **spec: Any,
) -> k8s.PodTemplateSpec:
    """A pod template of ours with the user's options: `spec` as for `pod_spec`; our labels
    (props refuse a pod label the controllers select by) and annotations win over the user's."""
    all_annotations = {**options.pod_annotations, **(annotations or {})}
    return k8s.PodTemplateSpec(
        metadata=k8s.ObjectMeta(
            labels={**options.pod_labels, **labels}, annotations=all_annotations or None
        ),
        spec=pod_spec(where, options, **spec),
    )
