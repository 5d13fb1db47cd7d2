"""The typed props of an Airflow deployment: one pydantic model, defaults documented per field.

Validation happens here, before any cdk8s object exists, so bad input fails with a message naming
the field, the bad value and what is allowed, never with a jsii stack trace or a half-built chart.
Strings that reach the Kubernetes API are held to the API server's own rules (names, label keys,
quantities, image references), so what synth accepts, `kubectl apply` accepts too.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kube_airflow.config import DAGS_FOLDER, MANAGED, check_overrides
from kube_airflow.errors import Problem, invalid, located
from kube_airflow.versions import (
    AIRFLOW_IMAGE_REPOSITORY,
    AIRFLOW_VERSION,
    GIT_SYNC_IMAGE,
    POSTGRES_IMAGE,
    RABBITMQ_IMAGE,
    REDIS_IMAGE,
)

# Longest suffix we append to the prefix is "-bootstrap-secrets" (18) and StatefulSet names must
# stay <= 52 characters so the pods' controller-revision-hash label fits in 63: 30 leaves room.
PREFIX_MAX_LENGTH = 30
# Replicas and most counts are int32 in the Kubernetes API; durations in seconds are int64.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_DNS_PART = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS_SUBDOMAIN = re.compile(rf"^{_DNS_PART}(\.{_DNS_PART})*$")
_HOST_PART = r"[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"^{_HOST_PART}(\.{_HOST_PART})*\.?$")
_LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_SECRET_KEY = re.compile(r"^[-._A-Za-z0-9]{1,253}$")
_QUANTITY = re.compile(r"^([0-9]+(\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$")
_UNITS = {
    "": Decimal(1),
    "m": Decimal("0.001"),
    **{unit: Decimal(1000) ** (n + 1) for n, unit in enumerate("kMGTPE")},
    **{f"{unit}i": Decimal(1024) ** (n + 1) for n, unit in enumerate("KMGTPE")},
}
# Image references as container runtimes parse them (the distribution/reference grammar).
_REGISTRY_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_REGISTRY = rf"(?:{_REGISTRY_PART}(?:\.{_REGISTRY_PART})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REPOSITORY = re.compile(rf"^(?:{_REGISTRY}/)?{_PATH_PART}(?:/{_PATH_PART})*$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")
_HEX64 = re.compile(r"^[a-f0-9]{64}$")
_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
_CONFIG_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
_GIT_URL = re.compile(r"^((https?|ssh|git|file)://[^/]+.*|[^@/:]+@[^@/:]+:.+)$")
# Where every Airflow container already mounts something (pod.py, config.py; pod.py is not
# imported: it would start the jsii runtime before bad input is reported).
_TAKEN_FOLDERS = {
    "/opt/airflow",
    "/tmp",
    "/opt/airflow/logs",
    "/opt/airflow/airflow.cfg",
    "/opt/airflow/webserver_config.py",
    "/opt/kube-airflow",
}


class Model(BaseModel):
    """Base for every props model: unknown fields are errors, instances are immutable, and
    building one directly raises UserError like every other way in."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise invalid(error, type(self)) from None

    # pydantic calls an overridden __init__ for each nested model it validates, which would cut
    # every nested error's path short; marked as the base one (as pydantic's own RootModel does),
    # nested models are still built by pydantic itself.
    vars(__init__)["__pydantic_base_init__"] = True

    @field_validator("resources", mode="before", check_fields=False)
    @classmethod
    def _resources(cls, v: object) -> object:
        """`resources: {memory_limit: 2Gi}` keeps the role's other defaults."""
        default = cls.model_fields["resources"].default
        if isinstance(v, dict) and isinstance(default, Resources):
            return {**default.model_dump(), **v}
        return v


def _rule(ok: Callable[[str], bool], message: str) -> AfterValidator:
    """A string check with its message; the error line adds the path and the bad value."""

    def check(value: str) -> str:
        if not ok(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


def _one_line(value: str) -> bool:
    return value != "" and all(c.isprintable() or c == "\t" for c in value)


def _dns_subdomain(value: str) -> bool:
    return len(value) <= 253 and bool(_DNS_SUBDOMAIN.match(value))


def _qualified_name(value: str) -> bool:
    prefix, slash, name = value.rpartition("/")
    return bool(_LABEL_NAME.match(name)) and (not slash or _dns_subdomain(prefix))


def _check_dns_label(value: str, what: str, max_length: int = 63) -> str:
    if not _DNS_LABEL.match(value) or len(value) > max_length:
        raise ValueError(
            f"{what} {value!r} must be a DNS label: lowercase letters, digits and '-', starting "
            f"with a letter, ending with a letter or digit, at most {max_length} characters"
        )
    return value


def _amount(value: str) -> Decimal:
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
        raise ValueError(f"'m' means milli: {value} is {_amount(value)} bytes; {suggestion}?")
    if _amount(value) != int(_amount(value)):
        raise ValueError(f"{value} is {_amount(value)} bytes: a size is a whole number of bytes")
    return value


def _check_positive(value: str) -> str:
    if _amount(value) <= 0:
        raise ValueError("must be more than zero")
    return value


CpuQuantity = Annotated[str, AfterValidator(_check_quantity)]
CpuLimit = Annotated[str, AfterValidator(_check_quantity), AfterValidator(_check_positive)]
MemoryQuantity = Annotated[str, AfterValidator(_check_bytes)]
Size = Annotated[str, AfterValidator(_check_bytes), AfterValidator(_check_positive)]
Int = Annotated[int, Strict()]  # YAML's `true` is not one replica
Line = Annotated[str, _rule(_one_line, "must be one line of text, not empty")]
Word = Annotated[
    str,
    _rule(
        lambda v: _one_line(v) and not any(c.isspace() for c in v),
        "must be one word: not empty, no spaces or control characters",
    ),
]
DnsSubdomain = Annotated[
    str,
    _rule(
        _dns_subdomain,
        "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and "
        "ending with a letter or digit, at most 253 characters",
    ),
]
QualifiedName = Annotated[
    str,
    _rule(
        _qualified_name,
        "must be a label or annotation key: an optional DNS prefix and '/', then at most 63 "
        "letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
    ),
]
LabelValue = Annotated[
    str,
    _rule(
        lambda v: v == "" or bool(_LABEL_NAME.match(v)),
        "must be a label value: empty, or at most 63 letters, digits, '-', '_' or '.', "
        "starting and ending with a letter or digit",
    ),
]
SecretKey = Annotated[
    str,
    _rule(
        lambda v: bool(_SECRET_KEY.match(v)) and v not in {".", ".."},
        "must be a Secret key: letters, digits, '-', '_' and '.', at most 253 characters",
    ),
]
ConfigName = Annotated[
    str,
    _rule(
        lambda v: bool(_CONFIG_NAME.match(v)),
        "must be an airflow.cfg name: letters, digits, '_', '.' and '-'",
    ),
]


def _check_repository(value: str) -> str:
    if len(value) > 255 or not _REPOSITORY.match(value):
        raise ValueError(
            "must be an image repository: an optional registry host (and :port), then lowercase "
            "'/'-separated path components of letters and digits joined by '.', '_', '__' or "
            "'-', e.g. registry.example.com:5000/team/airflow"
        )
    return value


def _check_tag(value: str) -> str:
    if value.startswith("sha256:") or _HEX64.match(value):
        raise ValueError(
            "this is a digest, not a tag: give it as image.digest ('sha256:' and 64 hex "
            "digits) and keep a tag (the Jobs' names carry it)"
        )
    if value == "latest" or not _TAG.match(value):
        raise ValueError(f"image tag {value!r} must be a pinned tag (not 'latest'), [A-Za-z0-9_.-]")
    return value


def _check_image_ref(value: str) -> str:
    """A whole pinned reference, as the data stores and git-sync take it."""
    name, at, digest = value.partition("@")
    repository, colon, tag = name.rpartition(":")
    if not colon or "/" in tag:
        repository, tag = name, ""
    if not (
        _REPOSITORY.match(repository)
        and len(name) <= 255
        and _TAG.match(tag)
        and tag != "latest"
        and (not at or _DIGEST.match(digest))
    ):
        raise ValueError(
            "must be a pinned image reference, REPOSITORY:TAG or REPOSITORY:TAG@sha256:<64 hex "
            "digits>: a lowercase repository and a tag other than 'latest', e.g. postgres:17.7"
        )
    return value


ImageRef = Annotated[str, AfterValidator(_check_image_ref)]


def _ip_version(value: str) -> int | None:
    try:
        return ipaddress.ip_address(value.strip("[]")).version
    except ValueError:
        return None


def _check_host(value: str) -> str:
    """A database host goes into the connection URL as it is: a name or an IPv4 address."""
    if _ip_version(value) == 6:
        raise ValueError("an IPv6 address is not supported: give a DNS name that resolves to it")
    if _ip_version(value) is None and (len(value) > 253 or not _HOST_NAME.match(value)):
        raise ValueError(
            "must be a DNS name or an IPv4 address: letters, digits, '-' and '.', "
            "e.g. db.example.internal"
        )
    return value


def _check_ingress_host(value: str) -> str:
    name = value.removeprefix("*.")
    if _ip_version(value) is not None or not _dns_subdomain(name):
        raise ValueError(
            "must be a DNS name such as airflow.example.com (a leading '*.' for a wildcard): "
            "lowercase letters, digits, '-' and '.', not an IP address"
        )
    return value


def _check_url_path(value: str) -> str:
    segments = value.split("/")[1:]
    if value != "/" and not (
        value.startswith("/")
        and all(_PATH_SEGMENT.match(s) and s not in {".", ".."} for s in segments)
    ):
        raise ValueError(
            f"path {value!r} must be '/' or start with '/' and not end with '/': "
            "segments of letters, digits, '-', '.', '_' and '~', none of them '.' or '..'"
        )
    return value


def _check_relative_path(value: str) -> str:
    if value.startswith("/") or ".." in value.split("/") or (value and not _one_line(value)):
        raise ValueError(
            f"sub_path {value!r} must be relative to the repository or volume root, one line, "
            "without '..'"
        )
    return value


def _check_git_url(value: str) -> str:
    if not _GIT_URL.match(value) or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(
            "must be a git URL without spaces: https://host/path, ssh://[user@]host/path or "
            "user@host:path"
        )
    return value


def _check_git_ref(value: str) -> str:
    bad = set(" ~^:?*[\\") | {".."} | {"@{"} | {"//"}
    if (
        not _one_line(value)
        or any(b in value for b in bad)
        or value.startswith(("-", "/"))
        or value.endswith(("/", ".", ".lock"))
    ):
        raise ValueError(
            "must be a branch, tag or commit as git names them: no spaces, '~', '^', ':', '?', "
            "'*', '[', '\\', '..', '@{' or '//', not starting with '-' or '/', not ending with "
            "'/', '.' or '.lock'"
        )
    return value


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

    @model_validator(mode="after")
    def _requests_within_limits(self) -> Resources:
        problems: list[Problem] = [
            ((f"{kind}_request",), f"above {kind}_limit {limit}: Kubernetes refuses that", request)
            for kind, request, limit in (
                ("cpu", self.cpu_request, self.cpu_limit),
                ("memory", self.memory_request, self.memory_limit),
            )
            if limit is not None and _amount(request) > _amount(limit)
        ]
        if problems:
            raise located(problems)
        return self


def resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> Resources:
    """Shorthand used for the defaults below, sized from measured steady-state memory."""
    return Resources(
        cpu_request=cpu, memory_request=memory, cpu_limit=cpu_limit, memory_limit=memory_limit
    )


class SecretKeyRef(Model):
    """A key of an existing Secret in the deployment's namespace."""

    name: str = Field(description="Name of the Secret.")
    key: SecretKey = Field(description="Key inside the Secret.")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return _check_dns_label(v, "Secret name", 253)


class Image(Model):
    """A container image; pin a tag (and build your own from image/ for your DAGs)."""

    repository: str = Field(default=AIRFLOW_IMAGE_REPOSITORY, description="Image repository.")
    tag: str = Field(default=AIRFLOW_VERSION, description="Image tag; never 'latest'.")
    digest: str | None = Field(
        default=None, description="Optional sha256:... digest, pinning the image by content."
    )
    pull_policy: Literal["IfNotPresent", "Always", "Never"] = Field(
        default="IfNotPresent", description="imagePullPolicy."
    )

    @field_validator("repository")
    @classmethod
    def _repository(cls, v: str) -> str:
        return _check_repository(v)

    @field_validator("digest")
    @classmethod
    def _digest(cls, v: str | None) -> str | None:
        if v is not None and not _DIGEST.match(v):
            raise ValueError(f"digest {v!r} must be 'sha256:' followed by 64 hex digits")
        return v

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str) -> str:
        return _check_tag(v)

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}" + (f"@{self.digest}" if self.digest else "")


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


class Component(Model):
    """Scheduling knobs every role shares."""

    node_selector: dict[QualifiedName, LabelValue] = Field(
        default_factory=dict, description="Pod nodeSelector."
    )
    tolerations: list[Toleration] = Field(default_factory=list, description="Pod tolerations.")


class ApiServer(Component):
    """The Airflow 3 api-server: UI, REST API and the execution API that tasks call."""

    replicas: Int = Field(
        default=1, ge=1, le=INT32_MAX, description="Pods behind the api-server Service."
    )
    resources: Resources = Field(default=resources("200m", "384Mi", "1", "1Gi"))


class Scheduler(Component):
    """The scheduler; Airflow 3 runs several active schedulers safely (row-level locks)."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX, description="Active schedulers.")
    resources: Resources = Field(default=resources("200m", "256Mi", "1", "768Mi"))


class DagProcessor(Component):
    """The standalone DAG processor, mandatory in Airflow 3."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "256Mi", "1", "768Mi"))


class Triggerer(Component):
    """The triggerer, running deferred tasks; a StatefulSet so its log server is addressable."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "320Mi", "1", "1Gi"))


class Workers(Component):
    """Celery workers: a StatefulSet whose headless Service lets the UI fetch task logs."""

    replicas: Int = Field(default=2, ge=0, le=INT32_MAX, description="Worker pods.")
    concurrency: Int = Field(default=4, ge=1, le=256, description="[celery] worker_concurrency.")
    termination_grace_period_seconds: Int = Field(
        default=600,
        ge=30,
        le=INT64_MAX,
        description="Time for Celery's warm shutdown to finish running tasks.",
    )
    resources: Resources = Field(default=resources("200m", "512Mi", "2", "1536Mi"))


class Flower(Component):
    """Celery Flower, the worker dashboard (on by default, as in the original kube-airflow)."""

    enabled: bool = True
    resources: Resources = Field(default=resources("50m", "192Mi", "500m", "512Mi"))


class Persistent(Component):
    """A backing service that keeps its data on a PersistentVolumeClaim."""

    storage: Size = Field(default="8Gi", description="Size of the data volume.")
    storage_class: DnsSubdomain | None = Field(
        default=None, description="StorageClass; default cluster's."
    )
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))


class InClusterPostgres(Persistent):
    """PostgreSQL run by this deployment: a StatefulSet with a PersistentVolumeClaim."""

    type: Literal["postgres"] = "postgres"
    image: ImageRef = Field(default=POSTGRES_IMAGE, description="Pinned postgres image.")
    database: Line = Field(default="airflow", description="Database created for Airflow.")
    user: Line = Field(default="airflow", description="Role Airflow connects as.")
    password: SecretKeyRef | None = Field(
        default=None, description="Existing Secret key holding the password; default generated."
    )
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))


class ExternalDatabase(Model):
    """A PostgreSQL you run elsewhere: host/port/db/user + password Secret, or a whole URL."""

    type: Literal["external"] = "external"
    host: str | None = Field(default=None, description="Database host name.")
    port: Int = Field(default=5432, ge=1, le=65535)
    database: Line = Field(default="airflow")
    user: Line = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Secret key with the password.")
    connection: SecretKeyRef | None = Field(
        default=None,
        description="Secret key with a whole SQLAlchemy URL, instead of host/user/password.",
    )
    query: dict[str, str] = Field(
        default_factory=dict, description="URL query options, e.g. {sslmode: require}."
    )

    @field_validator("host")
    @classmethod
    def _host(cls, v: str | None) -> str | None:
        return None if v is None else _check_host(v)

    @model_validator(mode="after")
    def _one_way(self) -> ExternalDatabase:
        if self.connection is None and (self.host is None or self.password is None):
            raise ValueError(
                "an external database needs either 'connection' (a Secret key holding the whole "
                "URL) or both 'host' and 'password' (a Secret key holding the password)"
            )
        if self.connection is not None and (self.host is not None or self.password is not None):
            raise ValueError(
                "give either 'connection' or 'host' + 'password' for the external database, "
                "not both"
            )
        return self


class RabbitMQ(Persistent):
    """RabbitMQ run by this deployment (the original kube-airflow's broker, and the default)."""

    type: Literal["rabbitmq"] = "rabbitmq"
    image: ImageRef = Field(default=RABBITMQ_IMAGE)
    storage: Size = Field(default="2Gi", description="Size of the data volume.")
    user: Line = Field(default="airflow")
    vhost: Line = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")
    resources: Resources = Field(default=resources("100m", "160Mi", "1", "512Mi"))


class Redis(Persistent):
    """Redis run by this deployment, as the Celery broker."""

    type: Literal["redis"] = "redis"
    image: ImageRef = Field(default=REDIS_IMAGE)
    storage: Size = Field(default="1Gi", description="Size of the data volume.")
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")
    resources: Resources = Field(default=resources("50m", "32Mi", "500m", "256Mi"))


class ExternalBroker(Model):
    """A broker you run elsewhere, given as a Secret key holding the whole Celery broker URL."""

    type: Literal["external"] = "external"
    url: SecretKeyRef = Field(description="Secret key holding e.g. amqp://user:pass@host/vhost.")


class IngressRoute(Model):
    """Where one Service is published."""

    host: str = Field(description="Host name, e.g. airflow.example.com.")
    path: str = Field(default="/", description="Path prefix; the UI is served below it.")
    tls_secret: DnsSubdomain | None = Field(default=None, description="TLS Secret for the host.")

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        return _check_ingress_host(v)

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        return _check_url_path(v)


class Ingress(Model):
    """An Ingress for the api-server and, optionally, flower."""

    enabled: bool = False
    class_name: DnsSubdomain | None = Field(
        default=None, description="ingressClassName; default cluster's."
    )
    annotations: dict[QualifiedName, str] = Field(default_factory=dict)
    api_server: IngressRoute | None = None
    flower: IngressRoute | None = None

    @model_validator(mode="after")
    def _has_route(self) -> Ingress:
        if self.enabled and self.api_server is None and self.flower is None:
            raise ValueError("ingress is enabled but neither 'api_server' nor 'flower' has a host")
        api, flower = self.api_server, self.flower
        if api and flower and (api.host, api.path) == (flower.host, flower.path):
            raise located(
                [(("flower", "path"), "is the api_server's host and path too", flower.path)]
            )
        return self


class Secrets(Model):
    """Existing Secrets to use; anything left unset is generated once, in the cluster."""

    fernet_key: SecretKeyRef | None = Field(default=None, description="[core] fernet_key.")
    api_secret_key: SecretKeyRef | None = Field(default=None, description="[api] secret_key.")
    jwt_secret: SecretKeyRef | None = Field(default=None, description="[api_auth] jwt_secret.")


def _check_folder(v: str) -> str:
    folder = v.rstrip("/")
    segments = folder.split("/")[1:]
    if (
        not v.startswith("/")
        or folder in {"", *_TAKEN_FOLDERS}
        or not all(_PATH_SEGMENT.match(s) and s not in {".", ".."} for s in segments)
    ):
        raise ValueError(
            f"folder {v!r} must be an absolute path of its own, such as /opt/airflow/dags "
            "(not /, /tmp, /opt/airflow, its logs folder or a mounted file), of letters, digits, "
            "'-', '.', '_' and '~'"
        )
    return folder


class Dags(Model):
    """Where Airflow finds DAG files: `folder` is both the mount path and [core] dags_folder."""

    folder: str = Field(default=DAGS_FOLDER, description="DAGs folder inside the pods.")

    @field_validator("folder")
    @classmethod
    def _folder(cls, v: str) -> str:
        return _check_folder(v)


class ImageDags(Dags):
    """DAGs baked into the image (build it from image/); nothing is mounted."""

    mode: Literal["image"] = "image"


class GitHttps(Model):
    """HTTPS credentials for git-sync, from existing Secrets."""

    username: SecretKeyRef
    password: SecretKeyRef = Field(description="Password or access token.")


class GitSsh(Model):
    """An SSH deploy key for git-sync, with the known_hosts that authenticate the server."""

    key: SecretKeyRef = Field(description="Secret key holding the private key.")
    known_hosts: SecretKeyRef | None = Field(
        default=None, description="Secret key holding known_hosts lines for the git server."
    )

    @model_validator(mode="after")
    def _known_hosts(self) -> GitSsh:
        if self.known_hosts is None:
            message = (
                "an SSH key needs 'known_hosts' (a Secret key holding the git server's host keys, "
                "e.g. from `ssh-keyscan github.com`): without it the server is not authenticated"
            )
            raise located([(("known_hosts",), message, None)])
        return self


class GitSyncDags(Dags):
    """A git-sync sidecar in every pod that parses or runs DAGs, with an init container so the
    first sync completes before Airflow starts."""

    mode: Literal["git-sync"] = "git-sync"
    repo: str | None = Field(default=None, description="Repository URL (https:// or ssh).")
    ref: str = Field(default="main", description="Branch, tag or commit to follow.")
    sub_path: str = Field(default="", description="Folder of the DAGs inside the repository.")
    period_seconds: Int = Field(default=60, ge=5, le=INT32_MAX, description="Time between syncs.")
    depth: Int = Field(
        default=1, ge=0, le=INT32_MAX, description="Clone depth; 0 means full history."
    )
    https: GitHttps | None = None
    ssh: GitSsh | None = None
    image: ImageRef = Field(default=GIT_SYNC_IMAGE, description="Pinned git-sync v4 image.")
    resources: Resources = Field(default=resources("10m", "64Mi", "500m", "256Mi"))

    @field_validator("repo")
    @classmethod
    def _git_url(cls, v: str | None) -> str | None:
        return None if v is None else _check_git_url(v)

    @field_validator("ref")
    @classmethod
    def _ref(cls, v: str) -> str:
        return _check_git_ref(v)

    @field_validator("sub_path")
    @classmethod
    def _sub_path(cls, v: str) -> str:
        return _check_relative_path(v).strip("/")

    @model_validator(mode="after")
    def _repo(self) -> GitSyncDags:
        if not self.repo:
            message = "git-sync needs 'repo', the URL of the repository holding the DAGs"
            raise located([(("repo",), message, self.repo)])
        ssh_url = self.repo.startswith(("ssh://", "git@"))
        if self.ssh and self.https:
            message = "give either 'ssh' or 'https' credentials for git-sync, not both"
            raise located([(("https",), message, "ssh and https")])
        if self.ssh and not ssh_url:
            message = "an SSH key needs an SSH repo URL (git@... or ssh://)"
            raise located([(("repo",), message, self.repo)])
        if self.https and not self.repo.startswith("https://"):
            message = "HTTPS credentials need an https:// repo URL"
            raise located([(("repo",), message, self.repo)])
        return self


class VolumeDags(Dags):
    """DAGs on a PersistentVolumeClaim, mounted read-only at `folder` (also [core] dags_folder)."""

    mode: Literal["volume"] = "volume"
    claim: DnsSubdomain | None = Field(
        default=None, description="An existing PVC holding the DAGs."
    )
    size: Size | None = Field(
        default=None, description="Create the PVC `<prefix>-dags` of this size instead."
    )
    storage_class: DnsSubdomain | None = Field(
        default=None, description="StorageClass of a created PVC."
    )
    sub_path: str = Field(default="", description="Folder of the DAGs inside the volume.")

    @field_validator("sub_path")
    @classmethod
    def _sub_path(cls, v: str) -> str:
        return _check_relative_path(v)

    @model_validator(mode="after")
    def _claim(self) -> VolumeDags:
        if (self.claim is None) == (self.size is None):
            raise ValueError(
                "a volume needs either 'claim' (an existing PersistentVolumeClaim) or 'size' "
                "(to create one), exactly one of them"
            )
        return self


class AdminUser(Model):
    """The first user, created by a Job with the FAB auth manager's CLI, idempotently."""

    enabled: bool = True
    # The lengths of the FAB auth manager's user table.
    username: Word = Field(default="admin", max_length=512)
    email: str = Field(default="admin@example.com", max_length=512)
    first_name: Line = Field(default="Airflow", max_length=256)
    last_name: Line = Field(default="Admin", max_length=256)
    role: Literal["Admin", "Op", "User", "Viewer", "Public"] = "Admin"
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not re.match(r"^[^@\s]+@[^@\s]+$", v) or not _one_line(v):
            raise ValueError("must be an email address, name@host")
        return v


def _config_scalar(value: object) -> object:
    if isinstance(value, str | int | float | bool):
        return value
    raise ValueError("an airflow.cfg value must be a string, a number or a boolean")


ConfigValue = Annotated[str | int | float | bool, BeforeValidator(_config_scalar)]
_DEFAULT_KIND = {
    "database": ("type", "postgres"),
    "broker": ("type", "rabbitmq"),
    "dags": ("mode", "image"),
}


@cache
def config_options() -> dict[str, Any]:
    """Each option's type in the pinned Airflow and its providers, and the options that moved
    or were removed (data generated from Airflow's own description: synth does not import it)."""
    text = files("kube_airflow").joinpath("data/airflow_config_options.json")
    data: dict[str, Any] = json.loads(text.read_text())
    return data


def _cfg_text(value: ConfigValue) -> str:
    """As airflow.cfg holds it (config.render)."""
    return ("True" if value else "False") if isinstance(value, bool) else str(value)


def _reads_as(kind: str, text: str) -> bool:
    """Whether Airflow's getint / getfloat / getboolean accept `text`."""
    if kind == "boolean":
        return text.split("#")[0].strip().lower() in {"t", "true", "1", "f", "false", "0"}
    try:
        number = float(text) if kind in {"float", "integer"} else 0.0
    except ValueError:
        return False
    return kind != "integer" or _is_int(text) or number.is_integer()


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _moved_or_removed(section: str, key: str) -> str | None:
    options = config_options()
    moved = options["moved"].get(section, {}).get(key)
    if moved:
        new_section, new_key = moved
        now = f"[{section}] {key} moved to [{new_section}] {new_key} in Airflow 3"
        owner = MANAGED.get((new_section, new_key))
        if owner is not None:
            return f"{now}, which this deployment manages: {owner}"
        return f"{now}: set config.{new_section}.{new_key}"
    if key in options["removed"].get(section, {}):
        why = options["removed"][section][key]
        return f"[{section}] {key} was removed in Airflow 3 (not in {AIRFLOW_VERSION})" + (
            f": {why}" if why else ""
        )
    return None


def _option_problem(section: str, key: str, value: ConfigValue, providers: list[str]) -> str | None:
    """What is wrong with one option of a known or provider section, if anything."""
    text = _cfg_text(value)
    if text and not _one_line(text):
        return "an airflow.cfg value must be one line, without control characters"
    if section in providers:
        if not _CONFIG_NAME.match(key):
            return f"option name {key!r} must be letters, digits, '_', '.' and '-'"
        return None
    known = config_options()["types"][section]
    if key not in known and (moved := _moved_or_removed(section, key)):
        return moved
    try:
        check_overrides({section: {key: value}}, [])  # unknown (closest name), managed
    except ValueError as error:
        return str(error)
    kind = known.get(key, "string")
    if not _reads_as(kind, text):
        article = "an" if kind == "integer" else "a"
        return f"must be {article} {kind}: Airflow reads [{section}] {key} as one"
    return None


def _unknown_section(section: str) -> str:
    close = difflib.get_close_matches(section, config_options()["types"], n=1)
    hint = f"; did you mean [{close[0]}]?" if close else ""
    return (
        f"config section [{section}] does not exist in the configuration of Airflow "
        f"{AIRFLOW_VERSION}{hint}. If a provider installed in your image defines it, list it in "
        "config_provider_sections."
    )


def config_problems(
    config: dict[str, dict[str, ConfigValue]], providers: list[str]
) -> list[Problem]:
    """Every unknown, moved, managed or mistyped option, each at its own path."""
    problems: list[Problem] = []
    for section, options in config.items():
        if section in providers or section in config_options()["types"]:
            for key, value in options.items():
                if message := _option_problem(section, key, value, providers):
                    problems.append((("config", section, key), message, value))
            continue
        # A section Airflow dropped ([webserver]): say where each of its options went.
        moved = {key: m for key in options if (m := _moved_or_removed(section, key))}
        problems += [(("config", section, key), m, options[key]) for key, m in moved.items()]
        if len(moved) < len(options) or not options:
            problems.append((("config", section), _unknown_section(section), options))
    return problems


class AirflowProps(Model):
    """Everything an Airflow deployment can be told. Every field has a working default."""

    prefix: str = Field(default="airflow", description="Prefix of every object's name.")
    namespace: str = Field(default="airflow", description="Namespace of every object.")
    create_namespace: bool = Field(
        default=True, description="Emit the Namespace (labelled Pod Security 'restricted')."
    )
    image: Image = Field(default_factory=Image, description="The Airflow image for every role.")
    api_server: ApiServer = Field(default_factory=ApiServer)
    scheduler: Scheduler = Field(default_factory=Scheduler)
    dag_processor: DagProcessor = Field(default_factory=DagProcessor)
    triggerer: Triggerer = Field(default_factory=Triggerer)
    workers: Workers = Field(default_factory=Workers)
    flower: Flower = Field(default_factory=Flower)
    database: Annotated[InClusterPostgres | ExternalDatabase, Field(discriminator="type")] = Field(
        default_factory=InClusterPostgres,
        description="PostgreSQL: `type: postgres` in the cluster (default) or `type: external`.",
    )
    broker: Annotated[RabbitMQ | Redis | ExternalBroker, Field(discriminator="type")] = Field(
        default_factory=RabbitMQ,
        description="Celery broker: `type: rabbitmq` (default), `redis` or `external`.",
    )
    dags: Annotated[ImageDags | GitSyncDags | VolumeDags, Field(discriminator="mode")] = Field(
        default_factory=ImageDags,
        description="How DAG files reach the pods: image, git-sync, volume.",
    )
    ingress: Ingress = Field(default_factory=Ingress)
    gitops: Literal["argocd", "flux"] | None = Field(
        default=None,
        description="Annotate for this GitOps controller: Argo CD sync waves, and Jobs that "
        "Argo CD or Flux may replace when their immutable template changes.",
    )
    network_policies: bool = Field(
        default=True,
        description="Deny all ingress to these pods except the ports Airflow uses.",
    )
    secrets: Secrets = Field(default_factory=Secrets)
    admin_user: AdminUser = Field(default_factory=AdminUser)
    config: dict[str, dict[str, ConfigValue]] = Field(
        default_factory=dict,
        description="airflow.cfg overrides, section -> key -> value; checked against Airflow.",
    )
    config_provider_sections: list[ConfigName] = Field(
        default_factory=list,
        description="Config sections of providers installed in your image that the pinned "
        "Airflow does not know; their keys are passed through unchecked.",
    )

    @field_validator("database", "broker", "dags", mode="before")
    @classmethod
    def _default_kind(cls, v: object, info: ValidationInfo) -> object:
        """`database: {storage: 20Gi}` means the default kind; only another kind needs `type`
        (or `mode`, for dags)."""
        tag, default = _DEFAULT_KIND[str(info.field_name)]
        if isinstance(v, dict) and tag not in v:
            return {tag: default, **v}
        return v

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, v: str) -> str:
        return _check_dns_label(v, "prefix", PREFIX_MAX_LENGTH)

    @field_validator("namespace")
    @classmethod
    def _namespace(cls, v: str) -> str:
        return _check_dns_label(v, "namespace")

    @model_validator(mode="after")
    def _config_exists(self) -> AirflowProps:
        if problems := config_problems(self.config, self.config_provider_sections):
            raise located(problems)
        return self

    @model_validator(mode="after")
    def _flower_needs_it(self) -> AirflowProps:
        if self.ingress.enabled and self.ingress.flower is not None and not self.flower.enabled:
            message = "ingress.flower is set but flower.enabled is false"
            raise located([(("ingress", "flower"), message, self.ingress.flower.host)])
        return self
