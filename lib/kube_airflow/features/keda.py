"""KEDA for the Celery workers: a ScaledObject on the Celery work waiting in the metadata
database (optionally also the broker's queue), TriggerAuthentications reading the passwords from
the existing Secrets, and a NetworkPolicy letting KEDA's operator reach the in-cluster stores.

Imported only when KEDA is chosen: the CRD bindings load their jsii assembly into the runtime."""

from __future__ import annotations

from cdk8s import ApiObjectMetadata
from cdk8s_plus_27 import k8s
from constructs import Construct
from kube_airflow_imports.scaledobjects.sh.keda import (
    ScaledObject,
    ScaledObjectSpec,
    ScaledObjectSpecScaleTargetRef,
    ScaledObjectSpecTriggers,
    ScaledObjectSpecTriggersAuthenticationRef,
)
from kube_airflow_imports.triggerauthentications.sh.keda import (
    TriggerAuthentication,
    TriggerAuthenticationSpec,
    TriggerAuthenticationSpecConfigMapTargetRef,
    TriggerAuthenticationSpecSecretTargetRef,
)

from kube_airflow.core import config
from kube_airflow.core.connections import POSTGRES_PORT, RABBITMQ_PORT, REDIS_PORT
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import Ref
from kube_airflow.kube.specs import int_value
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.props import AirflowProps
from kube_airflow.props.autoscaling import KedaAutoscaling

COMPONENT = "worker"

# The names a task's `executor` argument may give the Celery executor; NULL means the default.
CELERY_EXECUTOR_NAMES = (
    "CeleryExecutor",
    "airflow.providers.celery.executors.celery_executor.CeleryExecutor",
)


def celery_work(props: AirflowProps, names: Names) -> tuple[int, str]:
    """The effective `[celery] worker_concurrency` and the queue the workers consume (`[operators]
    default_queue`), after the user's airflow.cfg overrides."""
    cfg = config.settings(props, names)
    concurrency = int(cfg["celery"]["worker_concurrency"])
    queue = str(cfg.get("operators", {}).get("default_queue", "default"))
    return concurrency, queue


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def workers_query(props: AirflowProps, names: Names) -> str:
    """Workers needed: the Celery task instances queued or running on the workers' queue, divided
    by the worker concurrency, rounded up. Unlike a bare count of every queued task, tasks of the
    KubernetesExecutor (multi-executor) and of other queues do not start workers."""
    concurrency, queue = celery_work(props, names)
    executors = ", ".join(_literal(name) for name in CELERY_EXECUTOR_NAMES)
    # A NULL executor is the default one: Celery's only when it comes first.
    default_is_celery = props.executor.split(",")[0] == "CeleryExecutor"
    executor = (
        f"(executor IS NULL OR executor IN ({executors}))"
        if default_is_celery
        else f"executor IN ({executors})"
    )
    return (
        f"SELECT ceil(COUNT(*)::decimal / {concurrency}) FROM task_instance "
        f"WHERE state IN ('queued', 'running') AND queue = {_literal(queue)} AND {executor}"
    )


class KedaScaler(Construct):
    """ScaledObject `<prefix>-worker` on the StatefulSet `target`, TriggerAuthentication
    `<prefix>-worker-database` (and `<prefix>-worker-broker` with broker_queue)."""

    def __init__(
        self, scope: Construct, id: str, *, pods: AirflowPods, target: str, scaling: KedaAutoscaling
    ) -> None:
        super().__init__(scope, id)
        self.pods, self.names, self.target = pods, pods.names, target
        triggers = [self._database_trigger()]
        if scaling.broker_queue:
            triggers.append(self._broker_trigger())
        ScaledObject(
            self,
            "scaled-object",
            metadata=self._meta(COMPONENT),
            spec=ScaledObjectSpec(
                scale_target_ref=ScaledObjectSpecScaleTargetRef(
                    api_version="apps/v1", kind="StatefulSet", name=self.target
                ),
                min_replica_count=scaling.min_replicas,
                max_replica_count=scaling.max_replicas,
                cooldown_period=scaling.cooldown_seconds,
                polling_interval=scaling.polling_interval_seconds,
                triggers=triggers,
            ),
        )
        if self.pods.props.network_policies.enabled:
            self._admit_operator(scaling)

    def _meta(self, component: str) -> ApiObjectMetadata:
        meta = self.names.meta(component)
        return ApiObjectMetadata(name=meta.name, namespace=meta.namespace, labels=meta.labels)

    def _authentication(
        self,
        name: str,
        secrets: dict[str, Ref],
        config_keys: dict[str, str] | None = None,
    ) -> ScaledObjectSpecTriggersAuthenticationRef:
        """A TriggerAuthentication reading each parameter from a Secret key (and plain values
        from the ConfigMap `<prefix>-worker-autoscaling`): nothing secret is written out."""
        config_refs = None
        if config_keys:
            config_map = self.names.of("worker-autoscaling")
            k8s.KubeConfigMap(
                self, "config", metadata=self.names.meta("worker-autoscaling"), data=config_keys
            )
            config_refs = [
                TriggerAuthenticationSpecConfigMapTargetRef(parameter=key, name=config_map, key=key)
                for key in config_keys
            ]
        TriggerAuthentication(
            self,
            name,
            metadata=self._meta(f"{COMPONENT}-{name}"),
            spec=TriggerAuthenticationSpec(
                secret_target_ref=[
                    TriggerAuthenticationSpecSecretTargetRef(
                        parameter=parameter, name=ref.name, key=ref.key
                    )
                    for parameter, ref in secrets.items()
                ],
                config_map_target_ref=config_refs,
            ),
        )
        return ScaledObjectSpecTriggersAuthenticationRef(name=self.names.of(f"{COMPONENT}-{name}"))

    def _database_trigger(self) -> ScaledObjectSpecTriggers:
        """KEDA's operator connects to PostgreSQL itself, never through PgBouncer: one short
        query per polling interval needs no pool, it must not take a slot of the Airflow pods'
        pool, and the scaler's prepared statements need no transaction-pooling caveats."""
        props, names = self.pods.props, self.names
        db, password = props.database, self.pods.secrets.database_password
        assert password is not None  # a whole-URL database is refused with KEDA by the props
        if db.type == "postgres":
            host, port, sslmode = names.service_host(names.postgres_service), POSTGRES_PORT, None
        else:
            assert db.host is not None
            host, port, sslmode = db.host, db.port, db.query.get("sslmode")
        return ScaledObjectSpecTriggers(
            type="postgresql",
            name="queued-and-running-tasks",
            metadata={
                "host": host,
                "port": str(port),
                "userName": db.user,
                "dbName": db.database,
                # The in-cluster PostgreSQL serves no TLS; outside, libpq's own default.
                "sslmode": sslmode or ("disable" if db.type == "postgres" else "prefer"),
                "query": workers_query(props, names),
                # The query returns the workers wanted: one per unit of that value.
                "targetQueryValue": "1",
            },
            authentication_ref=self._authentication("database", {"password": password}),
        )

    def _broker_trigger(self) -> ScaledObjectSpecTriggers:
        """The broker's queue length, one worker per `concurrency` messages waiting."""
        props, names = self.pods.props, self.names
        broker, password = props.broker, self.pods.secrets.broker_password
        assert password is not None  # an external broker is refused with broker_queue
        concurrency, queue = celery_work(props, names)
        if broker.type == "rabbitmq":
            host = f"amqp://{names.service_host(names.of('rabbitmq'))}:{RABBITMQ_PORT}/"
            metadata = {
                "host": host,
                "protocol": "amqp",
                "vhostName": broker.vhost,
                "mode": "QueueLength",
                "value": str(concurrency),
                "queueName": queue,
            }
            # The user name is no secret but KEDA reads it only from the authentication.
            auth = self._authentication("broker", {"password": password}, {"username": broker.user})
            return ScaledObjectSpecTriggers(
                type="rabbitmq", name="broker-queue", metadata=metadata, authentication_ref=auth
            )
        metadata = {
            "address": f"{names.service_host(names.of('redis'))}:{REDIS_PORT}",
            # Celery's Redis transport keeps a queue as a list of that name.
            "listName": queue,
            "listLength": str(concurrency),
        }
        auth = self._authentication("broker", {"password": password})
        return ScaledObjectSpecTriggers(
            type="redis", name="broker-queue", metadata=metadata, authentication_ref=auth
        )

    def _admit_operator(self, scaling: KedaAutoscaling) -> None:
        """KEDA's operator, in its own namespace, queries the in-cluster database (and broker):
        a policy of its own beside the deny-all, added to whatever the others allow."""
        props = self.pods.props
        targets = []
        if props.database.type == "postgres":
            targets.append(("postgres", POSTGRES_PORT))
        if scaling.broker_queue and props.broker.type in ("rabbitmq", "redis"):
            targets.append(
                ("rabbitmq", RABBITMQ_PORT)
                if props.broker.type == "rabbitmq"
                else ("redis", REDIS_PORT)
            )
        operator = k8s.NetworkPolicyPeer(
            namespace_selector=k8s.LabelSelector(
                match_labels={"kubernetes.io/metadata.name": scaling.operator_namespace}
            ),
            pod_selector=k8s.LabelSelector(
                match_labels={"app.kubernetes.io/name": "keda-operator"}
            ),
        )
        for component, number in targets:
            k8s.KubeNetworkPolicy(
                self,
                f"keda-{component}",
                metadata=self.names.meta(f"keda-{component}"),
                spec=k8s.NetworkPolicySpec(
                    pod_selector=k8s.LabelSelector(match_labels=self.names.selector(component)),
                    policy_types=["Ingress"],
                    ingress=[
                        k8s.NetworkPolicyIngressRule(
                            from_=[operator],
                            ports=[k8s.NetworkPolicyPort(port=int_value(number), protocol="TCP")],
                        )
                    ],
                ),
            )
