"""The typed props of an Airflow deployment: one pydantic model, defaults documented per field.

Validation happens here, before any cdk8s object exists, so bad input fails with a message naming
the field, the bad value and what is allowed, never with a jsii stack trace or a half-built chart.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kube_airflow.config import DAGS_FOLDER, check_overrides
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
_DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUANTITY = re.compile(r"^([0-9]+(\.[0-9]+)?)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$")


class Model(BaseModel):
    """Base for every props model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def _check_quantity(value: str | None) -> str | None:
    if value is not None and not _QUANTITY.match(value):
        raise ValueError(
            f"{value!r} is not a Kubernetes quantity; use a number with an optional unit "
            "such as 250m, 1, 512Mi or 2Gi"
        )
    return value


def _check_dns_label(value: str, what: str, max_length: int = 63) -> str:
    if not _DNS_LABEL.match(value) or len(value) > max_length:
        raise ValueError(
            f"{what} {value!r} must be a DNS label: lowercase letters, digits and '-', starting "
            f"with a letter, ending with a letter or digit, at most {max_length} characters"
        )
    return value


class Resources(Model):
    """CPU and memory for one container, as Kubernetes quantities."""

    cpu_request: str = Field(description="CPU the scheduler reserves, e.g. 100m.")
    memory_request: str = Field(description="Memory the scheduler reserves, e.g. 256Mi.")
    cpu_limit: str | None = Field(
        default=None, description="CPU ceiling; none leaves the container unthrottled."
    )
    memory_limit: str = Field(description="Memory ceiling; the container is OOM-killed above it.")

    @field_validator("cpu_request", "memory_request", "cpu_limit", "memory_limit")
    @classmethod
    def _quantity(cls, v: str | None) -> str | None:
        return _check_quantity(v)


def resources(cpu: str, memory: str, cpu_limit: str, memory_limit: str) -> Resources:
    """Shorthand used for the defaults below, sized from measured steady-state memory."""
    return Resources(
        cpu_request=cpu, memory_request=memory, cpu_limit=cpu_limit, memory_limit=memory_limit
    )


class SecretKeyRef(Model):
    """A key of an existing Secret in the deployment's namespace."""

    name: str = Field(description="Name of the Secret.")
    key: str = Field(description="Key inside the Secret.")

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

    @field_validator("digest")
    @classmethod
    def _digest(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^sha256:[a-f0-9]{64}$", v):
            raise ValueError(f"digest {v!r} must be 'sha256:' followed by 64 hex digits")
        return v

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str) -> str:
        if v == "latest" or not re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", v):
            raise ValueError(f"image tag {v!r} must be a pinned tag (not 'latest'), [A-Za-z0-9_.-]")
        return v

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}" + (f"@{self.digest}" if self.digest else "")


class Toleration(Model):
    """A pod toleration, as in the Kubernetes API."""

    key: str | None = None
    operator: Literal["Exists", "Equal"] | None = None
    value: str | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"] | None = None
    toleration_seconds: int | None = None


class Component(Model):
    """Scheduling knobs every role shares."""

    node_selector: dict[str, str] = Field(default_factory=dict, description="Pod nodeSelector.")
    tolerations: list[Toleration] = Field(default_factory=list, description="Pod tolerations.")


class ApiServer(Component):
    """The Airflow 3 api-server: UI, REST API and the execution API that tasks call."""

    replicas: int = Field(default=1, ge=1, description="Pods behind the api-server Service.")
    resources: Resources = Field(default=resources("200m", "384Mi", "1", "1Gi"))


class Scheduler(Component):
    """The scheduler; Airflow 3 runs several active schedulers safely (row-level locks)."""

    replicas: int = Field(default=1, ge=1, description="Active schedulers.")
    resources: Resources = Field(default=resources("200m", "256Mi", "1", "768Mi"))


class DagProcessor(Component):
    """The standalone DAG processor, mandatory in Airflow 3."""

    replicas: int = Field(default=1, ge=1)
    resources: Resources = Field(default=resources("100m", "256Mi", "1", "768Mi"))


class Triggerer(Component):
    """The triggerer, running deferred tasks; a StatefulSet so its log server is addressable."""

    replicas: int = Field(default=1, ge=1)
    resources: Resources = Field(default=resources("100m", "320Mi", "1", "1Gi"))


class Workers(Component):
    """Celery workers: a StatefulSet whose headless Service lets the UI fetch task logs."""

    replicas: int = Field(default=2, ge=0, description="Worker pods.")
    concurrency: int = Field(default=4, ge=1, le=256, description="[celery] worker_concurrency.")
    termination_grace_period_seconds: int = Field(
        default=600, ge=30, description="Time for Celery's warm shutdown to finish running tasks."
    )
    resources: Resources = Field(default=resources("200m", "512Mi", "2", "1536Mi"))


class Flower(Component):
    """Celery Flower, the worker dashboard (on by default, as in the original kube-airflow)."""

    enabled: bool = True
    resources: Resources = Field(default=resources("50m", "192Mi", "500m", "512Mi"))


class Persistent(Component):
    """A backing service that keeps its data on a PersistentVolumeClaim."""

    storage: str = Field(default="8Gi", description="Size of the data volume.")
    storage_class: str | None = Field(default=None, description="StorageClass; default cluster's.")
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))

    @field_validator("storage")
    @classmethod
    def _storage(cls, v: str) -> str | None:
        return _check_quantity(v)


class InClusterPostgres(Persistent):
    """PostgreSQL run by this deployment: a StatefulSet with a PersistentVolumeClaim."""

    type: Literal["postgres"] = "postgres"
    image: str = Field(default=POSTGRES_IMAGE, description="Pinned postgres image.")
    database: str = Field(default="airflow", description="Database created for Airflow.")
    user: str = Field(default="airflow", description="Role Airflow connects as.")
    password: SecretKeyRef | None = Field(
        default=None, description="Existing Secret key holding the password; default generated."
    )
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))


class ExternalDatabase(Model):
    """A PostgreSQL you run elsewhere: host/port/db/user + password Secret, or a whole URL."""

    type: Literal["external"] = "external"
    host: str | None = Field(default=None, description="Database host name.")
    port: int = Field(default=5432, ge=1, le=65535)
    database: str = Field(default="airflow")
    user: str = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Secret key with the password.")
    connection: SecretKeyRef | None = Field(
        default=None,
        description="Secret key with a whole SQLAlchemy URL, instead of host/user/password.",
    )
    query: dict[str, str] = Field(
        default_factory=dict, description="URL query options, e.g. {sslmode: require}."
    )

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
    image: str = Field(default=RABBITMQ_IMAGE)
    storage: str = Field(default="2Gi", description="Size of the data volume.")
    user: str = Field(default="airflow")
    vhost: str = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")
    resources: Resources = Field(default=resources("100m", "160Mi", "1", "512Mi"))


class Redis(Persistent):
    """Redis run by this deployment, as the Celery broker."""

    type: Literal["redis"] = "redis"
    image: str = Field(default=REDIS_IMAGE)
    storage: str = Field(default="1Gi", description="Size of the data volume.")
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
    tls_secret: str | None = Field(default=None, description="TLS Secret for the host.")

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        if not v.startswith("/") or (len(v) > 1 and v.endswith("/")):
            raise ValueError(f"path {v!r} must start with '/' and not end with '/' (or be '/')")
        return v


class Ingress(Model):
    """An Ingress for the api-server and, optionally, flower."""

    enabled: bool = False
    class_name: str | None = Field(default=None, description="ingressClassName; default cluster's.")
    annotations: dict[str, str] = Field(default_factory=dict)
    api_server: IngressRoute | None = None
    flower: IngressRoute | None = None

    @model_validator(mode="after")
    def _has_route(self) -> Ingress:
        if self.enabled and self.api_server is None and self.flower is None:
            raise ValueError("ingress is enabled but neither 'api_server' nor 'flower' has a host")
        return self


class Secrets(Model):
    """Existing Secrets to use; anything left unset is generated once, in the cluster."""

    fernet_key: SecretKeyRef | None = Field(default=None, description="[core] fernet_key.")
    api_secret_key: SecretKeyRef | None = Field(default=None, description="[api] secret_key.")
    jwt_secret: SecretKeyRef | None = Field(default=None, description="[api_auth] jwt_secret.")


def _check_folder(v: str) -> str:
    if not v.startswith("/") or v.rstrip("/") in {"", "/opt/airflow", "/tmp", "/opt/airflow/logs"}:
        raise ValueError(
            f"folder {v!r} must be an absolute path of its own, such as /opt/airflow/dags "
            "(not /, /tmp, /opt/airflow or its logs folder)"
        )
    return v.rstrip("/")


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
            raise ValueError(
                "an SSH key needs 'known_hosts' (a Secret key holding the git server's host keys, "
                "e.g. from `ssh-keyscan github.com`): without it the server is not authenticated"
            )
        return self


class GitSyncDags(Dags):
    """A git-sync sidecar in every pod that parses or runs DAGs, with an init container so the
    first sync completes before Airflow starts."""

    mode: Literal["git-sync"] = "git-sync"
    repo: str | None = Field(default=None, description="Repository URL (https:// or ssh).")
    ref: str = Field(default="main", description="Branch, tag or commit to follow.")
    sub_path: str = Field(default="", description="Folder of the DAGs inside the repository.")
    period_seconds: int = Field(default=60, ge=5, description="Time between syncs.")
    depth: int = Field(default=1, ge=0, description="Clone depth; 0 means full history.")
    https: GitHttps | None = None
    ssh: GitSsh | None = None
    image: str = Field(default=GIT_SYNC_IMAGE, description="Pinned git-sync v4 image.")
    resources: Resources = Field(default=resources("10m", "64Mi", "500m", "256Mi"))

    @field_validator("sub_path")
    @classmethod
    def _sub_path(cls, v: str) -> str:
        if v.startswith("/") or ".." in v.split("/"):
            raise ValueError(
                f"sub_path {v!r} must be relative to the repository root, without '..'"
            )
        return v.strip("/")

    @model_validator(mode="after")
    def _repo(self) -> GitSyncDags:
        if not self.repo:
            raise ValueError("git-sync needs 'repo', the URL of the repository holding the DAGs")
        ssh_url = self.repo.startswith(("ssh://", "git@"))
        if self.ssh and self.https:
            raise ValueError("give either 'ssh' or 'https' credentials for git-sync, not both")
        if self.ssh and not ssh_url:
            raise ValueError(
                f"an SSH key needs an SSH repo URL (git@... or ssh://), not {self.repo!r}"
            )
        if self.https and not self.repo.startswith("https://"):
            raise ValueError(f"HTTPS credentials need an https:// repo URL, not {self.repo!r}")
        return self


class VolumeDags(Dags):
    """DAGs on a PersistentVolumeClaim, mounted read-only at `folder` (also [core] dags_folder)."""

    mode: Literal["volume"] = "volume"
    claim: str | None = Field(default=None, description="An existing PVC holding the DAGs.")
    size: str | None = Field(
        default=None, description="Create the PVC `<prefix>-dags` of this size instead."
    )
    storage_class: str | None = Field(default=None, description="StorageClass of a created PVC.")
    sub_path: str = Field(default="", description="Folder of the DAGs inside the volume.")

    @model_validator(mode="after")
    def _claim(self) -> VolumeDags:
        if (self.claim is None) == (self.size is None):
            raise ValueError(
                "a volume needs either 'claim' (an existing PersistentVolumeClaim) or 'size' "
                "(to create one), exactly one of them"
            )
        _check_quantity(self.size)
        return self


class AdminUser(Model):
    """The first user, created by a Job with the FAB auth manager's CLI, idempotently."""

    enabled: bool = True
    username: str = "admin"
    email: str = "admin@example.com"
    first_name: str = "Airflow"
    last_name: str = "Admin"
    role: Literal["Admin", "Op", "User", "Viewer", "Public"] = "Admin"
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")


ConfigValue = str | int | float | bool
_DEFAULT_KIND = {
    "database": ("type", "postgres"),
    "broker": ("type", "rabbitmq"),
    "dags": ("mode", "image"),
}


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
    config_provider_sections: list[str] = Field(
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
        check_overrides(self.config, self.config_provider_sections)
        return self

    @model_validator(mode="after")
    def _flower_needs_it(self) -> AirflowProps:
        if self.ingress.enabled and self.ingress.flower is not None and not self.flower.enabled:
            raise ValueError("ingress.flower is set but flower.enabled is false")
        return self
