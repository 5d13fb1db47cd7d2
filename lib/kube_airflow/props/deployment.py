"""The fields of `AirflowProps`, one per part of the deployment, each documented with its
default (the values reference is generated from them)."""

from __future__ import annotations

from itertools import permutations
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kube_airflow.errors import located
from kube_airflow.props.airflow_config import ConfigName, ConfigValue, config_problems
from kube_airflow.props.auth import (
    AuthProps,
    DbAuthProps,
    LocalSettingsProps,
)
from kube_airflow.props.dags import GitSyncDags, ImageDags, VolumeDags
from kube_airflow.props.edge import EdgeProps, edge_config_problems
from kube_airflow.props.housekeeping import CleanupPodsProps, DbCleanProps
from kube_airflow.props.image import Image
from kube_airflow.props.ingress import IngressProps
from kube_airflow.props.kube import SecretKeyRef, check_dns_label
from kube_airflow.props.logs import (
    LogsProps,
)
from kube_airflow.props.metrics import MetricsProps, metrics_config_problems
from kube_airflow.props.model import PREFIX_MAX_LENGTH, Model, empty_dict, empty_list
from kube_airflow.props.network import NetworkPoliciesProps
from kube_airflow.props.otel import OtelProps, otel_config_problems
from kube_airflow.props.pod_options import (
    PodOptions,
    ServiceAccountProps,
)
from kube_airflow.props.roles import (
    AdminUserProps,
    ApiServerProps,
    DagProcessorProps,
    FlowerProps,
    JobsProps,
    SchedulerProps,
    TaskPodsProps,
    TriggererProps,
)
from kube_airflow.props.stores import (
    ExternalBrokerProps,
    ExternalDatabaseProps,
    PgBouncerProps,
    PostgresProps,
    RabbitMQProps,
    RedisProps,
    ResultBackendProps,
)
from kube_airflow.props.workers import WorkersProps

# The executors Airflow 3 runs tasks with here, alone or several (each once, in any order): the
# first is the default and a task picks another with `executor="KubernetesExecutor"` (or
# "CeleryExecutor", "EdgeExecutor").
EXECUTORS = ("CeleryExecutor", "KubernetesExecutor", "EdgeExecutor")
EXECUTOR_CHOICES = tuple(
    ",".join(chosen) for n in range(1, 4) for chosen in permutations(EXECUTORS, n)
)
if TYPE_CHECKING:
    Executor = str
else:
    Executor = Literal[EXECUTOR_CHOICES]

_DEFAULT_KIND = {
    "database": ("type", "postgres"),
    "broker": ("type", "rabbitmq"),
    "dags": ("mode", "image"),
    "auth": ("type", "db"),
}


class SecretsProps(Model):
    """Existing Secrets to use; anything left unset is generated once, in the cluster."""

    fernet_key: SecretKeyRef | None = Field(default=None, description="[core] fernet_key.")
    api_secret_key: SecretKeyRef | None = Field(default=None, description="[api] secret_key.")
    jwt_secret: SecretKeyRef | None = Field(default=None, description="[api_auth] jwt_secret.")


class AirflowFields(Model):
    """The fields of AirflowProps and the checks of one field at a time; the checks across fields
    (props/combinations.py) read these, and AirflowProps adds them."""

    prefix: str = Field(default="airflow", description="Prefix of every object's name.")
    namespace: str = Field(default="airflow", description="Namespace of every object.")
    create_namespace: bool = Field(
        default=True, description="Emit the Namespace (labelled Pod Security 'restricted')."
    )
    image: Image = Field(default_factory=Image, description="The Airflow image for every role.")
    executor: Executor = Field(
        default="CeleryExecutor",
        description="[core] executor, one or several (each once, comma-separated). "
        "KubernetesExecutor runs each task in a pod of its own (no workers, broker or Flower); "
        "EdgeExecutor on the edge workers (`edge`); with several, the first is the default and "
        "a task picks another with its `executor` argument.",
    )
    api_server: ApiServerProps = Field(default_factory=ApiServerProps)
    scheduler: SchedulerProps = Field(default_factory=SchedulerProps)
    dag_processor: DagProcessorProps = Field(default_factory=DagProcessorProps)
    triggerer: TriggererProps = Field(default_factory=TriggererProps)
    workers: WorkersProps = Field(default_factory=WorkersProps)
    edge: EdgeProps = Field(
        default_factory=EdgeProps,
        description="With the EdgeExecutor: its workers, which reach only the api-server.",
    )
    flower: FlowerProps = Field(default_factory=FlowerProps)
    task_pods: TaskPodsProps = Field(
        default_factory=TaskPodsProps,
        description="With the KubernetesExecutor: the pod of each task (its pod template).",
    )
    jobs: JobsProps = Field(default_factory=JobsProps)
    db_clean: DbCleanProps = Field(default_factory=DbCleanProps)
    cleanup_pods: CleanupPodsProps = Field(default_factory=CleanupPodsProps)
    logs: LogsProps = Field(
        default_factory=LogsProps,
        description="Task logs that outlive the pod: a shared volume with a groomer, and "
        "remote logging.",
    )
    pod_defaults: PodOptions = Field(
        default_factory=PodOptions,
        description="Env, volumes, containers, metadata and placement for every pod; each "
        "role's own settings add to these.",
    )
    service_account: ServiceAccountProps = Field(default_factory=ServiceAccountProps)
    database: Annotated[PostgresProps | ExternalDatabaseProps, Field(discriminator="type")] = Field(
        default_factory=PostgresProps,
        description="PostgreSQL: `type: postgres` in the cluster (default) or `type: external`.",
    )
    broker: Annotated[
        RabbitMQProps | RedisProps | ExternalBrokerProps, Field(discriminator="type")
    ] = Field(
        default_factory=RabbitMQProps,
        description="Celery broker: `type: rabbitmq` (default), `redis` or `external`.",
    )
    result_backend: ResultBackendProps = Field(default_factory=ResultBackendProps)
    pgbouncer: PgBouncerProps = Field(default_factory=PgBouncerProps)
    dags: Annotated[ImageDags | GitSyncDags | VolumeDags, Field(discriminator="mode")] = Field(
        default_factory=ImageDags,
        description="How DAG files reach the pods: image, git-sync, volume.",
    )
    ingress: IngressProps = Field(default_factory=IngressProps)
    metrics: MetricsProps = Field(default_factory=MetricsProps)
    otel: OtelProps = Field(default_factory=OtelProps)
    gitops: Literal["argocd", "flux"] | None = Field(
        default=None,
        description="Annotate for this GitOps controller: Argo CD sync waves, and Jobs that "
        "Argo CD or Flux may replace when their immutable template changes.",
    )
    network_policies: NetworkPoliciesProps = Field(
        default_factory=NetworkPoliciesProps,
        description="NetworkPolicies: each pod may be reached only by what uses it, and may "
        "reach only what it needs and what `egress` allows (`true`/`false` still set "
        "`enabled`).",
    )
    secrets: SecretsProps = Field(default_factory=SecretsProps)
    admin_user: AdminUserProps = Field(default_factory=AdminUserProps)
    auth: AuthProps = Field(
        default_factory=DbAuthProps,
        description="The api-server's sign-in (FAB's webserver_config.py): `type: db` "
        "(default), `oauth`, `ldap`, or `config_map` (your own file).",
    )
    local_settings: LocalSettingsProps | None = Field(
        default=None,
        description="airflow_local_settings.py from your ConfigMap (cluster policies, pod "
        "mutation hook), loaded by every Airflow process.",
    )
    config: dict[str, dict[str, ConfigValue]] = Field(
        default_factory=empty_dict,
        description="airflow.cfg overrides, section -> key -> value; checked against Airflow.",
    )
    config_provider_sections: list[ConfigName] = Field(
        default_factory=empty_list,
        description="Config sections of providers installed in your image that the pinned "
        "Airflow does not know; their keys are passed through unchecked.",
    )

    @field_validator("database", "broker", "dags", "auth", mode="before")
    @classmethod
    def _default_kind(cls, v: object, info: ValidationInfo) -> object:
        """`database: {storage: 20Gi}` means the default kind; only another kind needs `type`
        (or `mode`, for dags)."""
        tag, default = _DEFAULT_KIND[str(info.field_name)]
        if isinstance(v, dict) and tag not in v:
            return {tag: default, **v}
        return v

    def path_of(self, own: Model) -> str:
        """The field holding `own` (`workers` for the workers' props, `logs.groomer` one level
        down), for error messages."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is own:
                return name
            fields = type(value).model_fields if isinstance(value, Model) else {}
            if inner := next((n for n in fields if getattr(value, n) is own), None):
                return f"{name}.{inner}"
            for n in fields:  # a list of props, such as workers.sets
                items = getattr(value, n)
                if isinstance(items, list) and (i := _index(items, own)) is not None:
                    return f"{name}.{n}[{i}]"
        raise ValueError(f"{type(own).__name__} is not part of these props")

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, v: str) -> str:
        return check_dns_label(v, "prefix", PREFIX_MAX_LENGTH)

    @field_validator("namespace")
    @classmethod
    def _namespace(cls, v: str) -> str:
        return check_dns_label(v, "namespace")

    @model_validator(mode="after")
    def _config_exists(self) -> AirflowFields:
        # The edge provider's section is known once the EdgeExecutor is chosen.
        provided = [*self.config_provider_sections, *(["edge"] if self.edge_on else [])]
        problems = config_problems(self.config, provided)
        if problems := (
            problems
            + metrics_config_problems(self.metrics, self.config)
            + otel_config_problems(self.otel, self.config)
            + edge_config_problems(self.edge_on, self.config)
        ):
            raise located(problems)
        return self

    @property
    def celery(self) -> bool:
        """Whether the CeleryExecutor runs tasks: workers, a broker and Flower exist."""
        return "CeleryExecutor" in self.executor.split(",")

    @property
    def kubernetes(self) -> bool:
        """Whether the KubernetesExecutor runs tasks: a pod template, the scheduler's Role."""
        return "KubernetesExecutor" in self.executor.split(",")

    @property
    def edge_on(self) -> bool:
        """Whether the EdgeExecutor runs tasks: edge workers, the api-server's edge API."""
        return "EdgeExecutor" in self.executor.split(",")

    @property
    def edge_standalone(self) -> bool:
        """Whether only the edge workers are written (for another namespace or cluster)."""
        return self.edge_on and self.edge.standalone

    @property
    def flower_on(self) -> bool:
        return self.flower.enabled and self.celery

    @property
    def results(self) -> str | None:
        """The Celery result backend in use (`result_backend.type`, `auto` resolved); None
        without Celery."""
        if not self.celery:
            return None
        kind = self.result_backend.type
        if kind != "auto":
            return kind
        if self.broker.type == "redis":
            return "broker"
        if self.database.type == "external" and self.database.connection is not None:
            return "metadata_database"
        return "database_role"

    @property
    def results_role(self) -> str:
        """The PostgreSQL role of `result_backend.type: database_role`."""
        given = self.result_backend.user
        return given or f"{self.database.database}_celery_results"[:63]


def _index(items: list[Any], own: object) -> int | None:
    return next((i for i, item in enumerate(items) if item is own), None)
