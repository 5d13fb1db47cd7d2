"""`Airflow`: the whole deployment as one construct, usable inside any cdk8s Chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cdk8s import Chart, JsonPatch
from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components, config
from kube_airflow.core.config import PORTS
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import AirflowSecrets, resolve
from kube_airflow.errors import UserError
from kube_airflow.features import gitops, sign_in
from kube_airflow.features.housekeeping import CleanupPods, DbClean
from kube_airflow.features.ingress import Ingress
from kube_airflow.features.logs import Logs
from kube_airflow.features.metrics import StatsdExporter
from kube_airflow.features.network_policy import NetworkPolicies
from kube_airflow.features.otel import OtelCollector
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.dags import DagDelivery, dags_claim
from kube_airflow.pods.role import Jobs, Role
from kube_airflow.pods.scripts import config_scripts
from kube_airflow.pods.volumes import WEBSERVER_CONFIG_FILE
from kube_airflow.props import AirflowProps
from kube_airflow.props.values import validated
from kube_airflow.roles.api_server import ApiServer
from kube_airflow.roles.bootstrap import SecretsBootstrap
from kube_airflow.roles.dag_processor import DagProcessor
from kube_airflow.roles.edge_worker import EdgeWorkers
from kube_airflow.roles.flower import Flower
from kube_airflow.roles.jobs import CeleryResults, CreateUser, DbMigrate
from kube_airflow.roles.scheduler import Scheduler
from kube_airflow.roles.task_pods import TaskPods
from kube_airflow.roles.triggerer import Triggerer
from kube_airflow.roles.workers import Workers
from kube_airflow.stores.in_cluster import in_cluster
from kube_airflow.stores.pgbouncer import PgBouncer

# Pod Security Admission enforces `restricted` on the namespace we create: a pod that would weaken
# it is refused by the API server, not just flagged.
POD_SECURITY_LABELS = {
    f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")
}


class Airflow(Construct):
    """A complete Airflow 3 deployment: CeleryExecutor, KubernetesExecutor, or both.

    `props` is an `AirflowProps` or a plain mapping, validated either way; bad props raise
    `kube_airflow.errors.UserError` (a ValueError) naming each field, bad value and what is allowed.
    Without a `namespace` prop the enclosing Chart's namespace, if any, is the deployment's. Two
    deployments with one prefix in one namespace are refused: their objects would collide.
    Construct ids are public contract: they fix object names.
    """

    def __init__(
        self, scope: Construct, id: str, props: AirflowProps | Mapping[str, Any] | None = None
    ) -> None:
        # Validate before joining the construct tree: bad props leave no half-built chart behind.
        chart = Chart.of(scope) if any(Chart.is_chart(s) for s in scope.node.scopes) else None
        self._chart_namespace = chart.namespace if chart is not None else None
        named = (chart.node.path, chart.namespace) if chart and chart.namespace else None
        self.props = validated(props, named)
        _check_alone(scope, f"{scope.node.path}/{id}".lstrip("/"), self.props)
        super().__init__(scope, id)
        try:
            self._build()
        except UserError:
            # A pod option that clashes with ours is only seen while the pods are built: leave
            # no half-built deployment in the caller's chart.
            scope.node.try_remove_child(id)
            raise

    def _build(self) -> None:
        self.names = Names(self.props.prefix, self.props.namespace)
        self.secrets: AirflowSecrets = resolve(self.props, self.names)
        self.airflow_cfg = config.render(config.settings(self.props, self.names))
        if self.props.create_namespace:
            self._namespace()
        self._config_map()
        pods = AirflowPods(
            self.props,
            self.names,
            self.secrets,
            config.checksum(self.airflow_cfg, *sign_in.checksum_parts(self.props)),
            DagDelivery(self.props.dags, self.names),
        )
        if self.props.edge_standalone:
            self._edge_alone(pods)
            return
        self._bootstrap = (
            SecretsBootstrap(self, "secrets-bootstrap", pods=pods)
            if self.secrets.generated
            else None
        )
        self._backing_services()
        pgbouncer = self.props.pgbouncer.enabled
        self.pgbouncer = PgBouncer(self, "pgbouncer", pods=pods) if pgbouncer else None
        given: dict[str, Any] = {"props": self.props, "names": self.names}
        on = (self.props.metrics.enabled, self.props.otel.collector)
        self.statsd = StatsdExporter(self, "statsd", **given) if on[0] else None
        self.otel_collector = OtelCollector(self, "otel", **given) if on[1] else None
        self._airflow(pods)
        if self.props.gitops is not None:
            gitops.annotate(self, self.props.gitops)

    def _edge_alone(self, pods: AirflowPods) -> None:
        """`edge.standalone`: the edge workers and what they need, for another namespace or
        cluster than the deployment they take tasks from."""
        self.edge_workers: EdgeWorkers | None = EdgeWorkers(self, "edge-workers", pods=pods)
        if self.props.network_policies.enabled:
            props, names = self.props, self.names
            NetworkPolicies(self, "network-policies", props=props, names=names, generated=False)

    def _namespace(self) -> None:
        namespace = k8s.KubeNamespace(
            self,
            "namespace",
            metadata=k8s.ObjectMeta(
                name=self.props.namespace,
                labels={**self.names.labels("namespace"), **POD_SECURITY_LABELS},
            ),
        )
        if self._chart_namespace:
            # cdk8s gives every object its Chart's namespace; a Namespace is cluster-scoped.
            namespace.add_json_patch(JsonPatch.remove("/metadata/namespace"))

    def _config_map(self) -> None:
        if not self.props.service_account.per_role:
            annotations = self.props.service_account.annotations or None
            k8s.KubeServiceAccount(
                self,
                "service-account",
                metadata=self.names.meta("airflow", annotations=annotations),
                automount_service_account_token=False,
            )
        k8s.KubeConfigMap(
            self,
            "config",
            metadata=self.names.meta("config"),
            data={
                "airflow.cfg": self.airflow_cfg,
                # From the user's ConfigMap instead with `auth.type: config_map`.
                **(
                    {WEBSERVER_CONFIG_FILE: own}
                    if (own := sign_in.webserver_config(self.props))
                    else {}
                ),
                **config_scripts(self.props),
            },
        )

    def _backing_services(self) -> None:
        if self.props.dags.mode == "volume" and (claim := dags_claim(self.names, self.props.dags)):
            k8s.KubePersistentVolumeClaim(self, "dags", metadata=claim.metadata, spec=claim.spec)
        in_cluster(self, self.props, self.names, self.secrets)

    def _airflow(self, pods: AirflowPods) -> None:
        jobs: list[Role] = [DbMigrate(self, "db-migrate", pods=pods)]
        if self.props.results == "database_role":
            jobs.append(CeleryResults(self, "celery-results", pods=pods))
        if self.props.admin_user.enabled:
            jobs.append(CreateUser(self, "create-user", pods=pods))
        if self._bootstrap is not None:
            jobs.insert(0, self._bootstrap)
        self.jobs = Jobs(*jobs)
        clean = self.props.db_clean.enabled
        self.db_clean = DbClean(self, "db-clean", pods=pods) if clean else None
        self.api_server = ApiServer(self, "api-server", pods=pods)
        kubernetes = self.props.kubernetes
        self.task_pods = TaskPods(self, "task-pods", pods=pods) if kubernetes else None
        self.scheduler = Scheduler(self, "scheduler", pods=pods, task_pods=self.task_pods)
        self.dag_processor = DagProcessor(self, "dag-processor", pods=pods)
        self.triggerer = Triggerer(self, "triggerer", pods=pods)
        celery = self.props.celery
        self._workers = Workers(self, "workers", pods=pods) if celery else None
        sets = self.props.workers.sets if celery else []
        self.worker_sets = {
            s.name: Workers(self, f"workers-{s.name}", pods=pods, pool=s) for s in sets
        }
        edge = self.props.edge_on
        self.edge_workers = EdgeWorkers(self, "edge-workers", pods=pods) if edge else None
        self.flower = Flower(self, "flower", pods=pods) if self.props.flower_on else None
        cleanup = kubernetes and self.props.cleanup_pods.enabled
        self.cleanup_pods = CleanupPods(self, "cleanup-pods", pods=pods) if cleanup else None
        log_roles = [self.api_server, self.scheduler, self.dag_processor, self.triggerer]
        log_roles += [r for r in (self._workers, self.task_pods, self.edge_workers) if r]
        log_roles += self.worker_sets.values()
        self.logs = Logs(self, "logs", pods=pods, roles=log_roles)
        if self.props.ingress.enabled:
            Ingress(self, "ingress", props=self.props.ingress, names=self.names)
        if (props := self.props).network_policies.enabled:
            generated, names = bool(self.secrets.generated), self.names
            NetworkPolicies(self, "network-policies", props=props, names=names, generated=generated)

    @property
    def workers(self) -> Workers:
        """The Celery workers; a UserError with the KubernetesExecutor alone, which has none."""
        if self._workers is None:
            raise UserError(
                f"Airflow '{self.node.path}' runs executor {self.props.executor}: it has no "
                "Celery workers (configure the task pods with task_pods, or airflow.task_pods)"
            )
        return self._workers

    # Accessors other constructs need.
    @property
    def namespace(self) -> str:
        return self.props.namespace

    def selector(self, component: str) -> dict[str, str]:
        """The labels that select a component's pods (e.g. "worker", "api-server")."""
        return self.names.selector(component)

    @property
    def ports(self) -> dict[str, int]:
        """Port numbers by their names in the containers and Services."""
        return dict(PORTS)

    @property
    def workers_service(self) -> str | None:
        """The workers' headless Service (their log servers); None without Celery."""
        return self.names.of(components.WORKER) if self.props.celery else None

    @property
    def database_service(self) -> str | None:
        """The in-cluster Postgres Service; None with an external database."""
        return self.names.postgres_service if self.props.database.type == "postgres" else None

    @property
    def pgbouncer_service(self) -> str | None:
        """PgBouncer's Service, which the Airflow pods connect to; None when it is off."""
        return self.names.of(components.PGBOUNCER) if self.props.pgbouncer.enabled else None

    @property
    def metrics_service(self) -> str | None:
        """The statsd exporter's Service (/metrics on 9102); None when metrics are off."""
        return self.names.of(StatsdExporter.COMPONENT) if self.props.metrics.enabled else None

    @property
    def otel_collector_service(self) -> str | None:
        """The OpenTelemetry Collector's Service (OTLP on 4317 and 4318); None when none runs."""
        return self.names.of(OtelCollector.COMPONENT) if self.props.otel.collector else None

    @property
    def broker_service(self) -> str | None:
        """The in-cluster broker's Service; None with an external broker."""
        kind = self.props.broker.type
        return None if kind == "external" or not self.props.celery else self.names.of(kind)

    @property
    def api_server_service(self) -> str:
        return self.names.api_server_service

    @property
    def flower_service(self) -> str | None:
        return self.names.flower_service if self.props.flower_on else None

    @property
    def config_map(self) -> str:
        return self.names.config_map

    @property
    def generated_secret(self) -> str | None:
        """The Secret the bootstrap Job fills (read the admin password from it)."""
        return self.names.generated_secret if self.secrets.generated else None

    @property
    def service_account(self) -> str:
        return self.names.service_account


def _check_alone(scope: Construct, path: str, props: AirflowProps) -> None:
    """Two deployments in one app must not write the same objects."""
    for other in scope.node.root.node.find_all():
        if not isinstance(other, Airflow) or other.props.namespace != props.namespace:
            continue
        both = f"Airflow '{other.node.path}' and '{path}'"
        if other.props.prefix == props.prefix:
            raise UserError(
                f"{both} both have prefix {props.prefix!r} in namespace {props.namespace!r}, so "
                "their objects would have the same names: give one another prefix or namespace"
            )
        if other.props.create_namespace and props.create_namespace:
            raise UserError(
                f"{both} both create the Namespace {props.namespace!r}: set "
                "create_namespace: false on one of them"
            )
