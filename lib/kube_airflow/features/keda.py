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
    ScaledObjectSpecAdvanced,
    ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfig,
    ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior,
    ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDown,
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

from kube_airflow.core.connections import POSTGRES_PORT, RABBITMQ_PORT, REDIS_PORT
from kube_airflow.core.secrets import Ref
from kube_airflow.features.keda_query import admits_operator, celery_work, workers_query
from kube_airflow.kube.specs import int_value
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.props.autoscaling import KedaAutoscaling
from kube_airflow.props.workers import WorkerSetProps


def _scale_down(scaling: KedaAutoscaling) -> ScaledObjectSpecAdvanced:
    """The HorizontalPodAutoscaler KEDA makes waits this long before removing workers; KEDA's
    own cooldown applies only to the step down to zero."""
    scale_down = ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehaviorScaleDown(
        stabilization_window_seconds=scaling.scale_down_stabilization_seconds
    )
    behavior = ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfigBehavior(scale_down=scale_down)
    return ScaledObjectSpecAdvanced(
        horizontal_pod_autoscaler_config=ScaledObjectSpecAdvancedHorizontalPodAutoscalerConfig(
            behavior=behavior
        )
    )


def _from_zero(scaling: KedaAutoscaling, seconds: int) -> int | None:
    """KEDA polls its triggers itself, and waits out its cooldown, only to step from and to zero
    workers; above zero the HorizontalPodAutoscaler reads the metric. KEDA's admission webhook
    warns on every apply when either is set with min_replicas above zero, so both are left out."""
    return None if scaling.min_replicas else seconds


class KedaScaler(Construct):
    """ScaledObject `<prefix>-<component>` on the StatefulSet of that name, TriggerAuthentication
    `<prefix>-<component>-database` (and `-broker` with broker_queue); `pool`: the worker set
    (None for the default workers)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        pods: AirflowPods,
        component: str,
        scaling: KedaAutoscaling,
        pool: WorkerSetProps | None,
    ) -> None:
        super().__init__(scope, id)
        self.pods, self.names, self.pool = pods, pods.names, pool
        self.component, self.target = component, pods.names.of(component)
        triggers = [self._database_trigger()]
        if scaling.broker_queue:
            triggers += self._broker_triggers()
        ScaledObject(
            self,
            "scaled-object",
            metadata=self._meta(component),
            spec=ScaledObjectSpec(
                scale_target_ref=ScaledObjectSpecScaleTargetRef(
                    api_version="apps/v1", kind="StatefulSet", name=self.target
                ),
                min_replica_count=scaling.min_replicas,
                max_replica_count=scaling.max_replicas,
                cooldown_period=_from_zero(scaling, scaling.cooldown_seconds),
                polling_interval=_from_zero(scaling, scaling.polling_interval_seconds),
                advanced=_scale_down(scaling),
                triggers=triggers,
            ),
        )
        props = pods.props
        if props.network_policies.enabled and admits_operator(props, pool):
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
        from the ConfigMap `<prefix>-<component>-autoscaling`): nothing secret is written out."""
        config_refs = None
        if config_keys:
            own = f"{self.component}-autoscaling"
            config_map = self.names.of(own)
            k8s.KubeConfigMap(self, "config", metadata=self.names.meta(own), data=config_keys)
            config_refs = [
                TriggerAuthenticationSpecConfigMapTargetRef(parameter=key, name=config_map, key=key)
                for key in config_keys
            ]
        TriggerAuthentication(
            self,
            name,
            metadata=self._meta(f"{self.component}-{name}"),
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
        return ScaledObjectSpecTriggersAuthenticationRef(
            name=self.names.of(f"{self.component}-{name}")
        )

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
                "query": workers_query(props, names, self.pool),
                # The query returns the workers wanted: one per unit of that value.
                "targetQueryValue": "1",
            },
            authentication_ref=self._authentication("database", {"password": password}),
        )

    def _broker_triggers(self) -> list[ScaledObjectSpecTriggers]:
        """Each queue's length in the broker, one worker per `concurrency` messages waiting.
        KEDA takes the largest of its triggers, not their sum: for a set of several queues the
        database trigger, which counts them all, is the one to rely on."""
        props, names = self.pods.props, self.names
        broker, password = props.broker, self.pods.secrets.broker_password
        assert password is not None  # an external broker is refused with broker_queue
        concurrency, queues = celery_work(props, names, self.pool)
        if broker.type == "rabbitmq":
            # The user name is no secret but KEDA reads it only from the authentication.
            auth = self._authentication("broker", {"password": password}, {"username": broker.user})
        else:
            auth = self._authentication("broker", {"password": password})
        return [
            self._broker_trigger(queue, concurrency, auth, "" if len(queues) == 1 else f"-{i}")
            for i, queue in enumerate(queues, 1)
        ]

    def _broker_trigger(
        self,
        queue: str,
        concurrency: int,
        auth: ScaledObjectSpecTriggersAuthenticationRef,
        suffix: str,
    ) -> ScaledObjectSpecTriggers:
        props, names = self.pods.props, self.names
        broker = props.broker
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
            return ScaledObjectSpecTriggers(
                type="rabbitmq",
                name=f"broker-queue{suffix}",
                metadata=metadata,
                authentication_ref=auth,
            )
        metadata = {
            "address": f"{names.service_host(names.of('redis'))}:{REDIS_PORT}",
            # Celery's Redis transport keeps a queue as a list of that name.
            "listName": queue,
            "listLength": str(concurrency),
        }
        return ScaledObjectSpecTriggers(
            type="redis", name=f"broker-queue{suffix}", metadata=metadata, authentication_ref=auth
        )

    def _admit_operator(self, scaling: KedaAutoscaling) -> None:
        """KEDA's operator, in its own namespace, queries the in-cluster database (and broker):
        a policy of its own beside the deny-all, added to whatever the others allow."""
        props = self.pods.props
        targets = []
        if props.database.type == "postgres":
            targets.append(("postgres", POSTGRES_PORT))
        pools = (props.workers, *props.workers.sets)
        broker_queue = any(getattr(p.autoscaling, "broker_queue", False) for p in pools)
        if broker_queue and props.broker.type in ("rabbitmq", "redis"):
            targets.append(
                ("rabbitmq", RABBITMQ_PORT)
                if props.broker.type == "rabbitmq"
                else ("redis", REDIS_PORT)
            )
        operator = k8s.NetworkPolicyPeer(
            namespace_selector=k8s.LabelSelector(
                match_labels={"kubernetes.io/metadata.name": scaling.operator_namespace}
            ),
            # The label KEDA's release manifests and its Helm chart both put on the operator's
            # pods: the manifests set app.kubernetes.io/name on the Deployment, not the pods.
            pod_selector=k8s.LabelSelector(match_labels={"app": "keda-operator"}),
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
