"""The props of the NetworkPolicies: who may connect to this deployment's pods (ingress, derived
from what Airflow uses), and where each pod may connect to (egress): what it needs, what the
cluster's own DNS and API server are, and what you declare."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import LabelValue, QualifiedName
from kube_airflow.props.model import Int, Model, empty_list, rule


def _is_network(value: str) -> bool:
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError:
        return False
    return "/" in value and str(network) == value


Cidr = Annotated[
    str,
    rule(
        _is_network,
        "must be a network in CIDR notation with its host bits zero, such as 10.96.0.0/12 or "
        "203.0.113.7/32 (IPv6 too: fd00::/8)",
    ),
]
# The pods an egress rule may be given to, by their component (core/components.py).
EgressRole = Literal[
    "api-server",
    "scheduler",
    "dag-processor",
    "triggerer",
    "worker",
    "flower",
    "task",
    "edge-worker",
    "bootstrap-secrets",
    "db-migrate",
    "celery-results",
    "create-user",
    "db-clean",
    "cleanup-pods",
    "log-groomer",
    "pgbouncer",
    "postgres",
    "rabbitmq",
    "redis",
    "statsd",
    "otel-collector",
]
# The pods that run your code: tasks, triggers, DAG files (and the DAGs' callbacks).
USER_CODE: tuple[EgressRole, ...] = ("dag-processor", "triggerer", "worker", "task", "edge-worker")
# Every private IPv4 range, the shared range of carrier-grade NAT (some clouds' pod networks) and
# link-local (the cloud metadata service, 169.254.169.254): the cluster's own addresses are in
# these on every cluster we know, and so are a node's credentials.
PRIVATE_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]


class EgressPort(Model):
    """A destination port (or range `port`..`end_port`)."""

    port: Int = Field(ge=1, le=65535)
    end_port: Int | None = Field(default=None, ge=1, le=65535, description="A range's last.")
    protocol: Literal["TCP", "UDP", "SCTP"] = "TCP"

    @model_validator(mode="before")
    @classmethod
    def _number(cls, v: object) -> object:
        """`53` means TCP port 53 (the library's shorthand; the values schema wants objects)."""
        return {"port": v} if isinstance(v, int) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _range(self) -> EgressPort:
        if self.end_port is not None and self.end_port < self.port:
            message = f"is below port {self.port}: a range runs from port to end_port"
            raise located([(("end_port",), message, self.end_port)])
        return self


class EgressPeer(Model):
    """One destination: an address range (`cidr`, less `excluding`), or pods chosen by their
    labels (`pod_labels`) in namespaces chosen by theirs (`namespace_labels`; `{}`: every
    namespace; unset: this deployment's). A namespace's name is its label
    `kubernetes.io/metadata.name`."""

    cidr: Cidr | None = Field(default=None, description="An address range, e.g. 10.1.2.0/24.")
    excluding: list[Cidr] = Field(default_factory=empty_list, description="Ranges inside `cidr`.")
    namespace_labels: dict[QualifiedName, LabelValue] | None = Field(
        default=None, description="Namespaces by their labels; {}: every namespace."
    )
    pod_labels: dict[QualifiedName, LabelValue] | None = Field(
        default=None, description="Pods by their labels; unset: every pod of those namespaces."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> EgressPeer:
        selectors = self.namespace_labels is not None or self.pod_labels is not None
        if (self.cidr is None) == (not selectors):
            message = "give either cidr, or namespace_labels and/or pod_labels"
            raise located([(("cidr",), message, self.cidr)])
        if self.excluding and self.cidr is None:
            raise located([(("excluding",), "goes with cidr", self.excluding)])
        outer = ipaddress.ip_network(self.cidr) if self.cidr else None
        for i, inner in enumerate(self.excluding):
            network = ipaddress.ip_network(inner)
            if outer is None or network.version != outer.version or not network.subnet_of(outer):  # type: ignore[arg-type]
                raise located([(("excluding", i), f"is not inside cidr {self.cidr}", inner)])
        return self


class EgressTarget(Model):
    """Where some pods may connect: `to` (none: any address) on `ports` (none: any port)."""

    to: list[EgressPeer] = Field(
        default_factory=empty_list, description="Destinations; none: any address."
    )
    ports: list[EgressPort] = Field(
        default_factory=empty_list,
        description="Ports ({port, end_port, protocol}); none: any port.",
    )


class EgressRule(EgressTarget):
    """A destination you declare, for `roles` (none: every pod that runs Airflow)."""

    roles: list[EgressRole] = Field(
        default_factory=empty_list,
        description="The pods it is for; none: every pod running Airflow.",
    )

    @model_validator(mode="after")
    def _says_something(self) -> EgressRule:
        if not self.to and not self.ports:
            message = "a rule with neither 'to' nor 'ports' would open all egress: use restrict"
            raise located([(("to",), message, [])])
        return self


DNS = EgressTarget(ports=[EgressPort(port=53, protocol="UDP"), EgressPort(port=53)])
KUBERNETES_API = EgressTarget(ports=[EgressPort(port=443), EgressPort(port=6443)])


class EgressProps(Model):
    """Where each pod may connect to. Restricted by default: each pod reaches what it needs
    (docs/security.md has the matrix), the pods that run your code also every address outside
    `cluster_cidrs`, and every pod what you declare in `allow`."""

    restrict: bool = Field(
        default=True,
        description="false: no egress policy at all (egress open, as it was before egress "
        "policies came); ingress stays restricted.",
    )
    dns: EgressTarget = Field(
        default=DNS,
        description="Where the cluster's DNS answers, for every pod. Default: port 53 (UDP and "
        "TCP) on any address; narrow it with `to` (e.g. pod_labels {k8s-app: kube-dns} in "
        "namespace_labels {kubernetes.io/metadata.name: kube-system}, or node-local DNS' cidr).",
    )
    kubernetes_api: EgressTarget = Field(
        default=KUBERNETES_API,
        description="Where the API server listens, for the pods that use it (the secrets "
        "bootstrap, the scheduler and cleanup-pods with the KubernetesExecutor). Default: ports "
        "443 and 6443 on any address; narrow it with `to` ({cidr: <address>/32} of `kubectl get "
        "endpoints kubernetes -n default`).",
    )
    cluster_cidrs: list[Cidr] = Field(
        default=PRIVATE_CIDRS,
        description="The cluster's own addresses (pods, Services, nodes) and any others the "
        "pods that run your code must not reach unless declared: they may reach every IPv4 "
        "address outside these. Default: every private range, 100.64.0.0/10 and link-local "
        "(the cloud metadata service). Endpoints named by host (an external database, the git "
        "server, the log store, the sign-in server) are allowed on their port outside these "
        "too; one inside them is declared in `allow`.",
    )
    internet: list[EgressRole] = Field(
        default=list(USER_CODE),
        description="The pods that may reach every address outside cluster_cidrs, on any port. "
        "Default: those that run your code (dag-processor, triggerer, worker, task, "
        "edge-worker).",
    )
    allow: list[EgressRule] = Field(
        default_factory=empty_list,
        description="More destinations: `to` (CIDRs or pod and namespace labels) on `ports`, "
        "for `roles` (default every pod that runs Airflow).",
    )


class NetworkPoliciesProps(Model):
    """The NetworkPolicies: ingress to each pod only from what uses it; egress as `egress`
    says."""

    enabled: bool = Field(default=True, description="false: no NetworkPolicy at all.")
    egress: EgressProps = Field(default_factory=EgressProps)

    @model_validator(mode="before")
    @classmethod
    def _switch(cls, v: Any) -> Any:
        """`network_policies: false` (the earlier boolean) still turns them all off."""
        return {"enabled": v} if isinstance(v, bool) else v

    @field_validator("egress", mode="before")
    @classmethod
    def _egress_switch(cls, v: Any) -> Any:
        """`egress: false` leaves egress open."""
        return {"restrict": v} if isinstance(v, bool) else v
