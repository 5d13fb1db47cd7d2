"""Where each pod may connect to: one NetworkPolicy `<prefix>-egress-<destination>` per
destination, selecting the components that need it (so the policies read as the egress matrix of
docs/security.md, which a test reads back from them). `<prefix>-default-deny` denies the rest.

In-cluster destinations are pods (the database, the broker, the api-server's execution API, the
log servers, the statsd exporter); the cluster's DNS and API server are where the props say;
endpoints known only by a host name (an external database or broker, the git server, the log
store, the sign-in server) are allowed on their port at addresses outside `cluster_cidrs`, since
a NetworkPolicy cannot name a host; the pods that run the user's code may reach every address
outside `cluster_cidrs`; and the user's declarations are added as they are."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cdk8s_plus_27 import k8s

from kube_airflow.core import components, config
from kube_airflow.core.access import BROKER, DATABASE, READS
from kube_airflow.core.connections import PGBOUNCER_PORT, POSTGRES_PORT, RABBITMQ_PORT, REDIS_PORT
from kube_airflow.kube.specs import int_value

if TYPE_CHECKING:
    from collections.abc import Callable

    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps
    from kube_airflow.props.network import EgressPeer, EgressPort, EgressTarget

# The pods that run the Airflow image (the user's `allow` rules default to these).
AIRFLOW_PODS = (
    *components.ROLES,
    components.TASK,
    *components.JOBS,
    components.DB_CLEAN,
    components.CLEANUP_PODS,
    components.LOG_GROOMER,
)
# The long-running Airflow processes and the tasks: what sends Airflow's metrics.
STATSD_SENDERS = (*(r for r in components.ROLES if r != components.FLOWER), components.TASK)
WORKERS = (components.WORKER, components.TASK, components.EDGE_WORKER)  # they run tasks
# What an external broker given as a URL in a Secret may listen on: AMQP and Redis, plain or TLS.
BROKER_PORTS = (5671, 5672, 6379, 6380)
SCHEME_PORTS = {"https": 443, "http": 80, "ssh": 22, "git": 9418, "ldap": 389, "ldaps": 636}
SCP_LIKE = re.compile(r"^[^/@:]+@[^/:]+:")  # git@host:path


# Behind PgBouncer only it and the Jobs that bypass it reach the database itself.
DIRECT = (components.PGBOUNCER, components.DB_MIGRATE, components.CELERY_RESULTS)
BROKER_CLIENTS = tuple(sorted(c for c, reads in READS.items() if BROKER in reads))


def database_clients(props: AirflowProps) -> set[str]:
    """The components that log in to the database (through PgBouncer when it is on)."""
    readers = {c for c, reads in READS.items() if DATABASE in reads}
    if props.results in ("database_role", "metadata_database"):
        readers.add(components.WORKER)
    return readers


def worker_sets(props: AirflowProps) -> tuple[str, ...]:
    """The components of the worker sets: workers too, so they reach what workers reach."""
    return tuple(components.worker_set(s.name) for s in props.workers.sets) if props.celery else ()


def with_sets(props: AirflowProps, roles: tuple[str, ...]) -> tuple[str, ...]:
    """`roles`, with the worker sets beside the workers."""
    return (*roles, *worker_sets(props)) if components.WORKER in roles else roles


@dataclass(frozen=True)
class Destination:
    """One column of the egress matrix: the components that may reach it, and how."""

    name: str
    roles: tuple[str, ...]  # empty: every pod of the deployment
    rule: k8s.NetworkPolicyEgressRule


def present(props: AirflowProps, generated: bool) -> set[str]:
    """The components this deployment runs pods of."""
    if props.edge_standalone:
        return {components.EDGE_WORKER}
    found = {components.API_SERVER, components.SCHEDULER, components.DAG_PROCESSOR}
    found |= {components.TRIGGERER, components.DB_MIGRATE}
    optional = {
        components.WORKER: props.celery,
        components.FLOWER: props.flower_on,
        components.TASK: props.kubernetes,
        components.EDGE_WORKER: props.edge_on,
        components.BOOTSTRAP_SECRETS: generated,
        components.CELERY_RESULTS: props.results == "database_role",
        components.CREATE_USER: props.admin_user.enabled,
        components.DB_CLEAN: props.db_clean.enabled,
        components.CLEANUP_PODS: props.kubernetes and props.cleanup_pods.enabled,
        components.LOG_GROOMER: props.logs.volume is not None,
        components.POSTGRES: props.database.type == "postgres",
        components.RABBITMQ: props.celery and props.broker.type == "rabbitmq",
        components.REDIS: props.celery and props.broker.type == "redis",
        components.PGBOUNCER: props.pgbouncer.enabled,
        config.STATSD_COMPONENT: props.metrics.enabled,
        config.OTEL_COMPONENT: props.otel.collector,
    }
    return found | {component for component, on in optional.items() if on} | set(worker_sets(props))


def destinations(props: AirflowProps, names: Names, generated: bool) -> list[Destination]:
    """Every destination of this deployment's pods, with the components that reach it."""
    here = present(props, generated)
    egress = props.network_policies.egress
    outside = _outside(egress.cluster_cidrs)

    def pods(component: str, *ports: int, protocol: str = "TCP") -> k8s.NetworkPolicyEgressRule:
        peers = [
            k8s.NetworkPolicyPeer(pod_selector=k8s.LabelSelector(match_labels=names.selector(c)))
            for c in with_sets(props, (component,))
        ]
        return k8s.NetworkPolicyEgressRule(to=peers, ports=_ports(ports, protocol))

    def named(*ports: int) -> k8s.NetworkPolicyEgressRule:
        return k8s.NetworkPolicyEgressRule(to=outside, ports=_ports(ports))

    readers = database_clients(props)
    found = [
        Destination("dns", (), _target(egress.dns)),
        Destination(
            "kubernetes-api",
            (components.BOOTSTRAP_SECRETS, components.CLEANUP_PODS)
            + ((components.SCHEDULER,) if props.kubernetes else ()),
            _target(egress.kubernetes_api),
        ),
        Destination(
            "execution-api",
            WORKERS,
            _edge_api(props) or pods(components.API_SERVER, config.API_SERVER_PORT),
        ),
        Destination(
            "worker-logs", (components.API_SERVER,), pods(components.WORKER, config.WORKER_LOG_PORT)
        ),
        Destination(
            "triggerer-logs",
            (components.API_SERVER,),
            pods(components.TRIGGERER, config.TRIGGERER_LOG_PORT),
        ),
    ]
    if props.pgbouncer.enabled:
        clients = tuple(sorted(readers - set(DIRECT)))
        found.append(Destination("pgbouncer", clients, pods(components.PGBOUNCER, PGBOUNCER_PORT)))
    database = DIRECT if props.pgbouncer.enabled else tuple(sorted(readers))
    db = props.database
    if db.type == "postgres":
        found.append(Destination("database", database, pods(components.POSTGRES, POSTGRES_PORT)))
    else:
        found.append(Destination("database", database, named(db.port if db.host else 5432)))
    brokers = BROKER_CLIENTS
    if props.celery and props.broker.type == "external":
        found.append(Destination("broker", brokers, named(*BROKER_PORTS)))
    elif props.celery:
        kind = props.broker.type
        port = RABBITMQ_PORT if kind == "rabbitmq" else REDIS_PORT
        found.append(Destination("broker", brokers, pods(kind, port)))
    if props.metrics.enabled:
        statsd = pods(config.STATSD_COMPONENT, config.STATSD_PORT, protocol="UDP")
        found.append(Destination("statsd", STATSD_SENDERS, statsd))
    found += _otel(props, pods, outside)
    found += _named_endpoints(props, named)
    if egress.internet:
        found.append(
            Destination("internet", tuple(egress.internet), k8s.NetworkPolicyEgressRule(to=outside))
        )
    for i, declared in enumerate(egress.allow, 1):
        roles = tuple(declared.roles) or AIRFLOW_PODS
        found.append(Destination(f"declared-{i}", roles, _target(declared)))
    return [
        Destination(d.name, tuple(sorted(set(with_sets(props, d.roles)) & here)), d.rule)
        for d in found
        if not d.roles or set(d.roles) & here
    ]


def _otel(
    props: AirflowProps,
    pods: Callable[..., k8s.NetworkPolicyEgressRule],
    outside: list[k8s.NetworkPolicyPeer],
) -> list[Destination]:
    """Airflow's OTLP to the collector (ours, or the user's by its port at any address);
    our collector's exporters to any address outside the cluster (a vendor's endpoint; one in
    the cluster is a declaration, network_policies.egress.allow with roles [otel-collector])."""
    otel = props.otel
    if not otel.on:
        return []
    if otel.endpoint is not None:
        # Its port at any address: a collector is as often in the cluster as outside it.
        port = urlsplit(otel.endpoint).port
        assert port is not None
        rule = k8s.NetworkPolicyEgressRule(ports=_ports((port,)))
        return [Destination("otel", STATSD_SENDERS, rule)]
    return [
        Destination("otel", STATSD_SENDERS, pods(config.OTEL_COMPONENT, config.OTLP_HTTP_PORT)),
        Destination(
            "otel-exporters", (config.OTEL_COMPONENT,), k8s.NetworkPolicyEgressRule(to=outside)
        ),
    ]


def _named_endpoints(
    props: AirflowProps, named: Callable[..., k8s.NetworkPolicyEgressRule]
) -> list[Destination]:
    """The endpoints the props name by host: the git server, the log store, the sign-in server."""
    found = []
    api_server = (components.API_SERVER,)
    runs_dags = (components.DAG_PROCESSOR, components.TRIGGERER, *WORKERS)
    dags = props.dags
    if dags.mode == "git-sync" and dags.repo is not None:
        found.append(Destination("git", runs_dags, named(_git_port(dags.repo))))
    remote = props.logs.remote
    if remote is not None:
        if remote.object_store:
            ports: tuple[int, ...] = (443,)
        elif remote.host is not None:
            ports = (remote.port or _url_port(remote.host),)
        else:
            ports = (remote.port or 9200,)
        writers = (*api_server, components.SCHEDULER, *runs_dags)
        found.append(Destination("log-store", writers, named(*ports)))
    auth = props.auth
    if auth.type == "ldap":
        found.append(Destination("sign-in", api_server, named(_url_port(auth.server))))
    elif auth.type == "oauth":
        urls = [u for p in auth.providers for u in (p.base_url, p.server_metadata_url) if u]
        ports = tuple(sorted({443, *(_url_port(u) for u in urls)}))
        found.append(Destination("sign-in", api_server, named(*ports)))
    return found


def _edge_api(props: AirflowProps) -> k8s.NetworkPolicyEgressRule | None:
    """Edge workers written alone reach the api-server by its URL's port at any address."""
    url = props.edge.api_url
    if not props.edge_standalone or url is None:
        return None
    return k8s.NetworkPolicyEgressRule(ports=_ports((_url_port(url),)))


def _url_port(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or SCHEME_PORTS.get(parts.scheme, 443)


def _git_port(repo: str) -> int:
    """git-sync's repository: https://, http://, ssh://[user@]host[:port]/..., user@host:path."""
    return 22 if SCP_LIKE.match(repo) else _url_port(repo)


def _outside(cluster_cidrs: list[str]) -> list[k8s.NetworkPolicyPeer]:
    """Every address outside the cluster's ranges, IPv4 (and IPv6 when ranges of it are given)."""
    peers = []
    for everything in ("0.0.0.0/0", "::/0"):
        version = ipaddress.ip_network(everything).version
        inside = [c for c in cluster_cidrs if ipaddress.ip_network(c).version == version]
        if version == 4 or inside:
            block = k8s.IpBlock(cidr=everything, except_=inside or None)
            peers.append(k8s.NetworkPolicyPeer(ip_block=block))
    return peers


def _ports(numbers: tuple[int, ...], protocol: str = "TCP") -> list[k8s.NetworkPolicyPort]:
    return [k8s.NetworkPolicyPort(port=int_value(n), protocol=protocol) for n in numbers]


def _target(target: EgressTarget) -> k8s.NetworkPolicyEgressRule:
    """A destination of the props as a rule: no `to` is any address, no `ports` any port."""
    return k8s.NetworkPolicyEgressRule(
        to=[_peer(p) for p in target.to] or None,
        ports=[_port(p) for p in target.ports] or None,
    )


def _peer(peer: EgressPeer) -> k8s.NetworkPolicyPeer:
    if peer.cidr is not None:
        block = k8s.IpBlock(cidr=peer.cidr, except_=list(peer.excluding) or None)
        return k8s.NetworkPolicyPeer(ip_block=block)
    namespaces = peer.namespace_labels
    return k8s.NetworkPolicyPeer(
        namespace_selector=k8s.LabelSelector(match_labels=namespaces or None)
        if namespaces is not None
        else None,
        pod_selector=k8s.LabelSelector(match_labels=peer.pod_labels or None)
        if peer.pod_labels is not None
        else None,
    )


def _port(port: EgressPort) -> k8s.NetworkPolicyPort:
    return k8s.NetworkPolicyPort(
        port=int_value(port.port), end_port=port.end_port, protocol=port.protocol
    )
