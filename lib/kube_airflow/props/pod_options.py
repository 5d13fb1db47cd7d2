"""What any pod takes beyond its role's own settings: extra env, volumes, containers, metadata and
placement. `pod_defaults` sets them for every pod; a role's own settings add to them (see
kube_airflow.pod_options for how they merge). Field names are the Kubernetes ones in snake_case."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated

from pydantic import Field, model_validator

from kube_airflow.errors import Problem, located
from kube_airflow.props.affinity import Affinity
from kube_airflow.props.image import ImageRef
from kube_airflow.props.kube import (
    DnsSubdomain,
    LabelValue,
    QualifiedName,
    Resources,
    SecretKey,
    Size,
    Toleration,
    check_dns_label,
    resources,
)
from kube_airflow.props.model import INT32_MAX, Int, Model, empty_dict, empty_list, rule

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_ABSOLUTE_PATH = re.compile(r"^(/[^/\x00-\x1f]+)+/?$")
# Keys the controllers select pods by: a pod label may not change them.
RESERVED_LABEL_PREFIX = "app.kubernetes.io/"

EnvName = Annotated[
    str,
    rule(
        lambda v: bool(_ENV_NAME.match(v)),
        "must be an environment variable name: letters, digits, '_', '-' and '.', not "
        "starting with a digit",
    ),
]
AbsolutePath = Annotated[
    str,
    rule(
        lambda v: bool(_ABSOLUTE_PATH.match(v)) and ".." not in v.split("/"),
        "must be an absolute path such as /opt/extra, without '..' or control characters",
    ),
]
DnsLabel = Annotated[str, rule(lambda v: _is_dns_label(v), "must be a DNS label (a-z, 0-9, '-')")]


def _is_dns_label(value: str) -> bool:
    try:
        check_dns_label(value, "name")
    except ValueError:
        return False
    return True


def _exactly_one(
    model: Model, fields: tuple[str, ...], what: str, *, empty_is_given: bool = False
) -> None:
    """Exactly one of `fields` set; an empty string counts as unset unless `empty_is_given`."""
    given = [
        f for f in fields if (v := getattr(model, f)) is not None and (empty_is_given or v != "")
    ]
    if len(given) != 1:
        choices = ", ".join(f"'{f}'" for f in fields)
        raise located([((fields[0],), f"{what} needs exactly one of {choices}", given or None)])


class KeyRef(Model):
    """A key of a Secret or ConfigMap in the deployment's namespace."""

    name: DnsSubdomain
    key: SecretKey


class EnvVar(Model):
    """An environment variable: a literal `value`, or a key of a `secret` or `config_map`."""

    name: EnvName
    value: str | None = None
    secret: KeyRef | None = None
    config_map: KeyRef | None = None

    @model_validator(mode="after")
    def _one_source(self) -> EnvVar:
        # An empty value is a value: Kubernetes sets the variable to "".
        _exactly_one(
            self, ("value", "secret", "config_map"), f"env {self.name}", empty_is_given=True
        )
        return self


class EnvFrom(Model):
    """Every key of a Secret or ConfigMap as environment variables (optionally prefixed)."""

    secret: DnsSubdomain | None = None
    config_map: DnsSubdomain | None = None
    prefix: EnvName | None = None

    @model_validator(mode="after")
    def _one_source(self) -> EnvFrom:
        _exactly_one(self, ("secret", "config_map"), "env_from")
        return self


class VolumeMount(Model):
    """Where a container mounts a volume of its pod."""

    name: DnsLabel
    mount_path: AbsolutePath
    read_only: bool = True
    sub_path: str = ""


class Volume(Model):
    """An extra volume of the pod, mounted into the role's main container at `mount_path` (leave
    it out to mount it only into your sidecars)."""

    name: DnsLabel
    mount_path: AbsolutePath | None = None
    read_only: bool = True
    sub_path: str = ""
    secret: DnsSubdomain | None = None
    config_map: DnsSubdomain | None = None
    persistent_volume_claim: DnsSubdomain | None = None
    empty_dir: Size | None = Field(default=None, description="An emptyDir of this size limit.")

    @model_validator(mode="after")
    def _one_source(self) -> Volume:
        sources = ("secret", "config_map", "persistent_volume_claim", "empty_dir")
        _exactly_one(self, sources, f"volume {self.name}")
        return self


class ContainerPort(Model):
    name: Annotated[str, Field(pattern=r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", max_length=15)]
    container_port: Int = Field(ge=1, le=65535)


class Container(Model):
    """A sidecar or init container. It runs under the pods' restricted security context (non-root,
    no privilege escalation, all capabilities dropped, read-only root: mount an `empty_dir`
    volume where it writes)."""

    name: DnsLabel
    image: ImageRef
    command: list[str] = Field(default_factory=empty_list)
    args: list[str] = Field(default_factory=empty_list)
    env: list[EnvVar] = Field(default_factory=empty_list)
    env_from: list[EnvFrom] = Field(default_factory=empty_list)
    ports: list[ContainerPort] = Field(default_factory=empty_list)
    volume_mounts: list[VolumeMount] = Field(default_factory=empty_list)
    resources: Resources = Field(default=resources("10m", "64Mi", "500m", "256Mi"))

    @model_validator(mode="after")
    def _unique(self) -> Container:
        problems = _twice("volume_mounts", "mount_path", [m.mount_path for m in self.volume_mounts])
        problems += _twice("ports", "name", [p.name for p in self.ports])
        problems += _twice("ports", "container_port", [str(p.container_port) for p in self.ports])
        if problems:
            raise located(problems)
        return self


class ProbeTiming(Model):
    """Overrides of one probe's timing; unset fields keep the role's tuned defaults."""

    period_seconds: Int | None = Field(default=None, ge=1, le=INT32_MAX)
    timeout_seconds: Int | None = Field(default=None, ge=1, le=INT32_MAX)
    failure_threshold: Int | None = Field(default=None, ge=1, le=INT32_MAX)


class Probes(Model):
    liveness: ProbeTiming | None = None
    readiness: ProbeTiming | None = None
    startup: ProbeTiming | None = None


class PodOptions(Model):
    """Extra env, volumes, containers, metadata and placement of a pod."""

    env: list[EnvVar] = Field(
        default_factory=empty_list, description="Extra env of the main container; yours win."
    )
    env_from: list[EnvFrom] = Field(default_factory=empty_list)
    volumes: list[Volume] = Field(default_factory=empty_list)
    sidecars: list[Container] = Field(default_factory=empty_list)
    init_containers: list[Container] = Field(
        default_factory=empty_list, description="Run after ours (the wait for migrations)."
    )
    pod_annotations: dict[QualifiedName, str] = Field(default_factory=empty_dict)
    pod_labels: dict[QualifiedName, LabelValue] = Field(default_factory=empty_dict)
    node_selector: dict[QualifiedName, LabelValue] = Field(
        default_factory=empty_dict, description="Pod nodeSelector."
    )
    tolerations: list[Toleration] = Field(
        default_factory=empty_list, description="Pod tolerations."
    )
    affinity: Affinity | None = None
    priority_class_name: DnsSubdomain | None = None
    image_pull_secrets: list[DnsSubdomain] = Field(
        default_factory=empty_list, description="Secrets to pull private images with."
    )

    @model_validator(mode="after")
    def _own_names(self) -> PodOptions:
        problems: list[Problem] = [
            (("pod_labels", key), "is a label the controllers select pods by", value)
            for key, value in self.pod_labels.items()
            if key.startswith(RESERVED_LABEL_PREFIX)
        ]
        problems += _twice("volumes", "name", [v.name for v in self.volumes])
        paths = [v.mount_path for v in self.volumes]
        problems += [p for p in _twice("volumes", "mount_path", paths) if p[2] is not None]
        sidecars = [c.name for c in self.sidecars]
        problems += _twice("sidecars", "name", sidecars)
        problems += _twice(
            "init_containers", "name", [c.name for c in self.init_containers], taken=sidecars
        )
        if problems:
            raise located(problems)
        return self


def _twice(
    field: str, key: str, values: Sequence[str | None], taken: Sequence[str] = ()
) -> list[Problem]:
    """Each value given a second time in a list (or already `taken`), where Kubernetes wants
    them unique."""
    return [
        ((field, i, key), "is given twice", value)
        for i, value in enumerate(values)
        if value in values[:i] or value in taken
    ]


class ComponentProps(PodOptions):
    """What every role and backing service takes: the pod options, probe timings and the
    annotations of its own ServiceAccount (with `service_account.per_role`)."""

    probes: Probes = Field(default_factory=Probes)
    service_account_annotations: dict[QualifiedName, str] = Field(default_factory=empty_dict)


class ServiceAccountProps(Model):
    """The ServiceAccount of the Airflow pods: one shared, or one per role."""

    per_role: bool = Field(
        default=False, description="One ServiceAccount per role, `<prefix>-<component>`."
    )
    annotations: dict[QualifiedName, str] = Field(
        default_factory=empty_dict, description="E.g. cloud workload identity bindings."
    )
