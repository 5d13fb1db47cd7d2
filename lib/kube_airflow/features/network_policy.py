"""NetworkPolicies: deny all ingress to this deployment's pods, then open only what Airflow uses;
and unless `network_policies.egress.restrict` is false, deny all egress, then open each
destination to the pods that need it (egress.py says which)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components, config
from kube_airflow.core.connections import PGBOUNCER_PORT, POSTGRES_PORT, RABBITMQ_PORT, REDIS_PORT
from kube_airflow.core.naming import PART_OF, Names
from kube_airflow.features.egress import (
    BROKER_CLIENTS,
    DIRECT,
    Destination,
    database_clients,
    destinations,
    present,
    with_sets,
)
from kube_airflow.features.metrics import METRICS_PORT, STATSD_PORT, StatsdExporter
from kube_airflow.kube.specs import int_value
from kube_airflow.props import AirflowProps

ANYONE = "anyone"  # any peer: users, the ingress controller, tasks calling the execution API
INSTANCE = "instance"  # any pod of this deployment
OTLP_PORTS = (config.OTLP_GRPC_PORT, config.OTLP_HTTP_PORT)
UDP_PORTS = (STATSD_PORT,)  # statsd: every other port here is TCP
COMPONENT = "app.kubernetes.io/component"


class NetworkPolicies(Construct):
    """`<prefix>-default-deny` plus one `<prefix>-<component>` policy per listening component,
    and with egress restricted one `<prefix>-egress-<destination>` per destination. `generated`:
    the secrets bootstrap Job runs (and needs the Kubernetes API)."""

    def __init__(
        self, scope: Construct, id: str, *, props: AirflowProps, names: Names, generated: bool
    ) -> None:
        super().__init__(scope, id)
        self.names = names
        instance = {"app.kubernetes.io/name": PART_OF, "app.kubernetes.io/instance": names.prefix}
        restrict = props.network_policies.egress.restrict
        k8s.KubeNetworkPolicy(
            self,
            "default-deny",
            metadata=names.meta("default-deny"),
            spec=k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(match_labels=instance),
                policy_types=["Ingress", "Egress"] if restrict else ["Ingress"],
            ),
        )
        by_component: dict[str, list[tuple[int, str | tuple[str, ...]]]] = {}
        for component, number, peer in allowed(props):
            by_component.setdefault(component, []).append((number, peer))
        for component, ports in by_component.items():
            self._allow(component, ports, instance)
        for destination in destinations(props, names, generated) if restrict else []:
            self._egress(destination, instance)

    def _egress(self, destination: Destination, instance: dict[str, str]) -> None:
        """The pods of `destination.roles` (every pod of the deployment when none) may reach it."""
        roles = [
            k8s.LabelSelectorRequirement(
                key=COMPONENT, operator="In", values=list(destination.roles)
            )
        ]
        name = f"egress-{destination.name}"
        k8s.KubeNetworkPolicy(
            self,
            name,
            metadata=self.names.meta(name),
            spec=k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(
                    match_labels=instance, match_expressions=roles if destination.roles else None
                ),
                policy_types=["Egress"],
                egress=[destination.rule],
            ),
        )

    def _allow(
        self,
        component: str,
        ports: list[tuple[int, str | tuple[str, ...]]],
        instance: dict[str, str],
    ) -> None:
        """One policy per component, a rule per port (the exporter has two, for two peers)."""
        k8s.KubeNetworkPolicy(
            self,
            component,
            metadata=self.names.meta(component),
            spec=k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(match_labels=self.names.selector(component)),
                policy_types=["Ingress"],
                ingress=[self._rule(number, peers, instance) for number, peers in ports],
            ),
        )

    def _rule(
        self, number: int, peers: str | tuple[str, ...], instance: dict[str, str]
    ) -> k8s.NetworkPolicyIngressRule:
        sources = None
        if peers == INSTANCE:
            sources = [k8s.NetworkPolicyPeer(pod_selector=k8s.LabelSelector(match_labels=instance))]
        elif peers != ANYONE:
            sources = [
                k8s.NetworkPolicyPeer(
                    pod_selector=k8s.LabelSelector(match_labels=self.names.selector(peer))
                )
                for peer in ((peers,) if isinstance(peers, str) else peers)
            ]
        protocol = "UDP" if number in UDP_PORTS else "TCP"
        return k8s.NetworkPolicyIngressRule(
            from_=sources,
            ports=[k8s.NetworkPolicyPort(port=int_value(number), protocol=protocol)],
        )


def allowed(props: AirflowProps) -> list[tuple[str, int, str | tuple[str, ...]]]:
    """(component, port, who may connect) for every port something connects to: none where
    only the edge workers are written, which listen on none."""
    if props.edge_standalone:
        return []
    rules: list[tuple[str, int, str | tuple[str, ...]]] = [
        (components.API_SERVER, config.API_SERVER_PORT, ANYONE),
        # The api-server fetches task logs from the worker and triggerer log servers.
        (components.TRIGGERER, config.TRIGGERER_LOG_PORT, components.API_SERVER),
    ]
    if props.celery:
        workers = with_sets(props, (components.WORKER,))
        rules[1:1] = [(w, config.WORKER_LOG_PORT, components.API_SERVER) for w in workers]
    if props.flower_on:
        rules.append(("flower", config.FLOWER_PORT, ANYONE))
    # The database and the broker let in only their clients (core/access.py).
    here = present(props, generated=False)
    brokers = tuple(c for c in with_sets(props, BROKER_CLIENTS) if c in here)
    clients = tuple(sorted(set(with_sets(props, tuple(database_clients(props)))) & here))
    if props.pgbouncer.enabled:
        rules.append(("pgbouncer", PGBOUNCER_PORT, tuple(c for c in clients if c not in DIRECT)))
    if props.database.type == "postgres":
        # Behind PgBouncer only it and the Jobs that bypass it (the migration, the Celery
        # results role) reach Postgres.
        direct = DIRECT if props.pgbouncer.enabled else clients
        rules.append(("postgres", POSTGRES_PORT, direct))
    if props.metrics.enabled:
        # Every Airflow pod (task pods too) sends statsd; Prometheus scrapes from wherever it runs.
        rules.append((StatsdExporter.COMPONENT, STATSD_PORT, INSTANCE))
        rules.append((StatsdExporter.COMPONENT, METRICS_PORT, ANYONE))
    if props.otel.collector:
        # Every Airflow pod sends OTLP over HTTP; gRPC is there for the user's own senders.
        rules += [(config.OTEL_COMPONENT, p, INSTANCE) for p in OTLP_PORTS]
    if props.celery and props.broker.type == "rabbitmq":
        rules.append(("rabbitmq", RABBITMQ_PORT, brokers))
    elif props.celery and props.broker.type == "redis":
        rules.append(("redis", REDIS_PORT, brokers))
    return rules
