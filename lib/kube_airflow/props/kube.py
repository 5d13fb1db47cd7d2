"""Value types held to the Kubernetes API server's own rules (names, label keys, quantities), so
what synth accepts, `kubectl apply` accepts too; and the small API objects every role shares."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from kube_airflow.errors import Problem, located
from kube_airflow.props.model import INT64_MAX, Int, Model, rule

_DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_DNS_PART = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS_SUBDOMAIN = re.compile(rf"^{_DNS_PART}(\.{_DNS_PART})*$")
_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_SECRET_KEY = re.compile(r"^[-._A-Za-z0-9]{1,253}$")
_QUANTITY = re.compile(r"^([0-9]+(\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$")
_UNITS = {
    "": Decimal(1),
    "m": Decimal("0.001"),
    **{unit: Decimal(1000) ** (n + 1) for n, unit in enumerate("kMGTPE")},
    **{f"{unit}i": Decimal(1024) ** (n + 1) for n, unit in enumerate("KMGTPE")},
}


def dns_subdomain(value: str) -> bool:
    return len(value) <= 253 and bool(_DNS_SUBDOMAIN.match(value))


def _qualified_name(value: str) -> bool:
    prefix, slash, name = value.rpartition("/")
    return bool(_LABEL_NAME.match(name)) and (not slash or dns_subdomain(prefix))


def check_dns_label(value: str, what: str, max_length: int = 63) -> str:
    if not _DNS_LABEL.match(value) or len(value) > max_length:
        raise ValueError(
            f"{what} {value!r} must be a DNS label: lowercase letters, digits and '-', starting "
            f"with a letter, ending with a letter or digit, at most {max_length} characters"
        )
    return value


def amount(value: str) -> Decimal:
    """A quantity's value in base units (cores, bytes); `value` already matches _QUANTITY."""
    number, unit = value.rstrip("kKMGTPEim"), value.lstrip("0123456789.")
    return Decimal(number) * _UNITS[unit]


def _check_quantity(value: str) -> str:
    if not _QUANTITY.match(value):
        raise ValueError(
            f"{value!r} is not a Kubernetes quantity; use a number with an optional unit "
            "such as 250m, 1, 512Mi or 2Gi"
        )
    return value


def _check_bytes(value: str) -> str:
    """Memory and storage: a whole number of bytes ('512m' is 0.512 bytes, not 512 MiB)."""
    _check_quantity(value)
    if value.endswith("m"):
        suggestion = f"{value[:-1]}Mi"
        raise ValueError(f"'m' means milli: {value} is {amount(value)} bytes; {suggestion}?")
    if amount(value) != int(amount(value)):
        raise ValueError(f"{value} is {amount(value)} bytes: a size is a whole number of bytes")
    return value


def _check_positive(value: str) -> str:
    if amount(value) <= 0:
        raise ValueError("must be more than zero")
    return value


CpuQuantity = Annotated[str, AfterValidator(_check_quantity)]
CpuLimit = Annotated[str, AfterValidator(_check_quantity), AfterValidator(_check_positive)]
MemoryQuantity = Annotated[str, AfterValidator(_check_bytes)]
Size = Annotated[str, AfterValidator(_check_bytes), AfterValidator(_check_positive)]
DnsSubdomain = Annotated[
    str,
    rule(
        dns_subdomain,
        "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and "
        "ending with a letter or digit, at most 253 characters",
    ),
]
QualifiedName = Annotated[
    str,
    rule(
        _qualified_name,
        "must be a label or annotation key: an optional DNS prefix and '/', then at most 63 "
        "letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    ),
]
LabelValue = Annotated[
    str,
    rule(
        lambda v: v == "" or bool(_LABEL_NAME.match(v)),
        "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', "
        "starting and ending with a letter or digit",
    ),
]
SecretKey = Annotated[
    str,
    rule(
        lambda v: bool(_SECRET_KEY.match(v)) and v not in {".", ".."},
        "must be a Secret key: letters, digits, '-', '_' and '.', at most 253 characters",
    ),
]


class Resources(Model):
    """CPU and memory for one container, as Kubernetes quantities. Set only what you change:
    the role's defaults fill in the rest."""

    # A values file gives any subset (Model._resources merges it), so none is required there.
    model_config = ConfigDict(json_schema_extra=lambda schema: schema.pop("required"))

    cpu_request: CpuQuantity = Field(description="CPU the scheduler reserves, e.g. 100m.")
    memory_request: MemoryQuantity = Field(description="Memory the scheduler reserves, e.g. 256Mi.")
    cpu_limit: CpuLimit | None = Field(
        default=None, description="CPU ceiling; none leaves the container unthrottled."
    )
    memory_limit: Size = Field(description="Memory ceiling; the container is OOM-killed above it.")
    ephemeral_storage_request: Size = Field(
        default="64Mi",
        description="Local disk the scheduler reserves: the container's own output and its share "
        "of the pod's scratch volumes.",
    )
    ephemeral_storage_limit: Size | None = Field(
        default=None,
        description="Local disk ceiling, above which the kubelet evicts the pod. Default: 64Mi "
        "for the container's own output (its log the kubelet rotates, its writable layer under a "
        "read-only root), plus, for a pod's main container, the size of every scratch volume of "
        "the pod, so the volumes' own limits (`disk`) bind first.",
    )

    @model_validator(mode="after")
    def _requests_within_limits(self) -> Resources:
        problems: list[Problem] = [
            ((f"{kind}_request",), f"above {kind}_limit {limit}: Kubernetes refuses that", request)
            for kind, request, limit in (
                ("cpu", self.cpu_request, self.cpu_limit),
                ("memory", self.memory_request, self.memory_limit),
                ("ephemeral_storage", self.ephemeral_storage_request, self.ephemeral_storage_limit),
            )
            if limit is not None and amount(request) > amount(limit)
        ]
        if problems:
            raise located(problems)
        return self


def resources(
    cpu: str, memory: str, cpu_limit: str, memory_limit: str, disk: str = "64Mi"
) -> Resources:
    """Shorthand used for the defaults below, sized from measured steady-state memory; `disk`
    the ephemeral storage requested."""
    return Resources(
        cpu_request=cpu,
        memory_request=memory,
        cpu_limit=cpu_limit,
        memory_limit=memory_limit,
        ephemeral_storage_request=disk,
    )


class DiskProps(Model):
    """The sizes of an Airflow pod's scratch volumes (emptyDirs on the node's disk): beyond one,
    the kubelet evicts the pod. Set only what you change."""

    model_config = ConfigDict(json_schema_extra=lambda schema: schema.pop("required"))

    tmp: Size = Field(description="/tmp: the processes' temporary files.")
    logs: Size = Field(
        description="/opt/airflow/logs when no shared logs volume is mounted: the logs the pod "
        "writes (tasks', triggers', DAG parsing's), groomed by its liveness probe."
    )


def disk(tmp: str, logs: str) -> DiskProps:
    return DiskProps(tmp=tmp, logs=logs)


class SecretKeyRef(Model):
    """A key of an existing Secret in the deployment's namespace."""

    name: str = Field(description="Name of the Secret.")
    key: SecretKey = Field(description="Key inside the Secret.")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return check_dns_label(v, "Secret name", 253)


class Toleration(Model):
    """A pod toleration, as in the Kubernetes API."""

    key: QualifiedName | None = None
    operator: Literal["Exists", "Equal"] | None = None
    value: LabelValue | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = None
    toleration_seconds: Int | None = Field(default=None, ge=-INT64_MAX, le=INT64_MAX)

    @model_validator(mode="after")
    def _as_kubernetes_allows(self) -> Toleration:
        problems: list[Problem] = []
        if not self.key and self.operator != "Exists":
            problems.append((("operator",), "must be Exists when there is no key", self.operator))
        if self.operator == "Exists" and self.value:
            problems.append((("value",), "must be empty with operator Exists", self.value))
        if self.toleration_seconds is not None and self.effect != "NoExecute":
            problems.append((("effect",), "must be NoExecute with toleration_seconds", self.effect))
        if problems:
            raise located(problems)
        return self
