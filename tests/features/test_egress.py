"""The egress NetworkPolicies (features/egress.py): one per destination, selecting the pods that
need it. The whole matrix is checked against docs/security.md in tests/test_matrices.py; here,
what the props change and what they refuse."""

from __future__ import annotations

from typing import Any

import pytest

from kube_airflow.errors import UserError
from kube_airflow.props.values import load_props
from tests.conftest import synth, synth_props

PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]
OUTSIDE = [{"ipBlock": {"cidr": "0.0.0.0/0", "except": PRIVATE}}]


def policies(docs: Any) -> dict[str, dict[str, Any]]:
    return {
        d["metadata"]["name"].removeprefix("airflow-"): d["spec"]
        for d in docs
        if d["kind"] == "NetworkPolicy"
    }


def roles(spec: dict[str, Any]) -> list[str]:
    (expression,) = spec["podSelector"].get("matchExpressions", [{"values": ["*"]}])
    return list(expression["values"])


def test_everything_else_is_denied() -> None:
    found = policies(synth("default"))
    assert found["default-deny"]["policyTypes"] == ["Ingress", "Egress"]
    assert "egress" not in found["default-deny"]
    assert found["egress-dns"]["egress"] == [
        {"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}
    ]
    assert roles(found["egress-dns"]) == ["*"], "every pod resolves names"


def test_the_code_of_users_reaches_outside_the_cluster_only() -> None:
    found = policies(synth("default"))
    assert found["egress-internet"]["egress"] == [{"to": OUTSIDE}]
    assert roles(found["egress-internet"]) == ["dag-processor", "triggerer", "worker"]
    kubernetes = policies(synth("kubernetes-executor"))
    assert "task" in roles(kubernetes["egress-internet"])
    assert roles(kubernetes["egress-execution-api"]) == ["task"]
    kube_api = ["bootstrap-secrets", "cleanup-pods", "scheduler"]
    assert roles(kubernetes["egress-kubernetes-api"]) == kube_api


def test_endpoints_named_by_host_are_their_port_outside_the_cluster() -> None:
    found = policies(synth("git-sync-ssh"))
    assert found["egress-git"]["egress"] == [
        {"to": OUTSIDE, "ports": [{"port": 22, "protocol": "TCP"}]}
    ]
    assert roles(found["egress-git"]) == ["dag-processor", "triggerer", "worker"]
    external = policies(synth("external-db"))["egress-database"]
    assert external["egress"][0]["to"] == OUTSIDE
    assert "task" not in roles(external) and "flower" not in roles(external)
    logs = policies(synth("logs"))["egress-log-store"]
    assert logs["egress"][0]["ports"] == [{"port": 443, "protocol": "TCP"}]
    broker = policies(synth("external-broker"))["egress-broker"]
    assert [p["port"] for p in broker["egress"][0]["ports"]] == [5671, 5672, 6379, 6380]


@pytest.mark.parametrize(
    ("url", "port"),
    [
        ("https://git.example.com/dags.git", 443),
        ("ssh://git@git.example.com:2222/dags.git", 2222),
        ("git@github.com:example/dags.git", 22),
        ("http://git.internal:8080/dags.git", 8080),
    ],
)
def test_the_git_servers_port(url: str, port: int) -> None:
    from kube_airflow.features.egress import _git_port

    assert _git_port(url) == port


def test_pgbouncer_alone_reaches_the_database_with_the_jobs() -> None:
    found = policies(synth("pgbouncer"))
    assert roles(found["egress-database"]) == ["celery-results", "db-migrate", "pgbouncer"]
    clients = ["api-server", "create-user", "dag-processor", "scheduler", "triggerer", "worker"]
    assert roles(found["egress-pgbouncer"]) == clients
    assert found["postgres"]["ingress"][0]["from"] == [
        {"podSelector": {"matchLabels": selector(c)}}
        for c in ("pgbouncer", "db-migrate", "celery-results")
    ]


def selector(component: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": "airflow",
        "app.kubernetes.io/instance": "airflow",
        "app.kubernetes.io/component": component,
    }


def test_the_broker_lets_in_only_its_clients() -> None:
    found = policies(synth("default"))
    peers = found["rabbitmq"]["ingress"][0]["from"]
    assert [p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in peers] == [
        "flower",
        "scheduler",
        "worker",
    ]


def test_declared_destinations() -> None:
    props = {
        "network_policies": {
            "egress": {
                "allow": [
                    {
                        "to": [{"cidr": "10.20.0.0/16", "excluding": ["10.20.9.0/24"]}],
                        "ports": [5432],
                    },
                    {
                        "roles": ["worker"],
                        "to": [{"namespace_labels": {"team": "data"}, "pod_labels": {"app": "x"}}],
                        "ports": [{"port": 8000, "end_port": 8010}],
                    },
                ],
                "dns": {"to": [{"namespace_labels": {}, "pod_labels": {"k8s-app": "kube-dns"}}]},
            }
        }
    }
    found = policies(synth_props(props))
    first = found["egress-declared-1"]
    assert first["egress"] == [
        {
            "to": [{"ipBlock": {"cidr": "10.20.0.0/16", "except": ["10.20.9.0/24"]}}],
            "ports": [{"port": 5432, "protocol": "TCP"}],
        }
    ]
    assert "worker" in roles(first) and "postgres" not in roles(first)
    second = found["egress-declared-2"]
    assert roles(second) == ["worker"]
    assert second["egress"] == [
        {
            "to": [
                {
                    "namespaceSelector": {"matchLabels": {"team": "data"}},
                    "podSelector": {"matchLabels": {"app": "x"}},
                }
            ],
            "ports": [{"port": 8000, "endPort": 8010, "protocol": "TCP"}],
        }
    ]
    dns = found["egress-dns"]["egress"][0]["to"]
    assert dns == [
        {"namespaceSelector": {}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}
    ]


def test_egress_left_open() -> None:
    found = policies(synth_props({"network_policies": {"egress": {"restrict": False}}}))
    assert found["default-deny"]["policyTypes"] == ["Ingress"]
    assert not [name for name in found if name.startswith("egress-")]
    assert policies(synth_props({"network_policies": {"egress": False}})) == found


@pytest.mark.parametrize("off", [False, {"enabled": False}])
def test_no_policy_at_all(off: Any) -> None:
    assert policies(synth_props({"network_policies": off})) == {}


def test_ipv6_ranges_add_an_ipv6_block() -> None:
    props = {"network_policies": {"egress": {"cluster_cidrs": ["10.0.0.0/8", "fd00::/8"]}}}
    found = policies(synth_props(props))["egress-internet"]
    assert found["egress"] == [
        {
            "to": [
                {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.0.0.0/8"]}},
                {"ipBlock": {"cidr": "::/0", "except": ["fd00::/8"]}},
            ]
        }
    ]


@pytest.mark.parametrize(
    ("egress", "expected"),
    [
        ({"cluster_cidrs": ["10.0.0.1/8"]}, ["cluster_cidrs.0: ", "host bits zero", "10.0.0.1/8"]),
        ({"allow": [{"roles": ["worker"]}]}, ["allow.0.to: ", "would open all egress"]),
        ({"allow": [{"to": [{"cidr": "10.0.0.0/8", "excluding": ["11.0.0.0/8"]}]}]},
         ["allow.0.to.0.excluding.0: ", "not inside cidr 10.0.0.0/8", "11.0.0.0/8"]),
        ({"allow": [{"to": [{"cidr": "10.0.0.0/8", "pod_labels": {"a": "b"}}]}]},
         ["allow.0.to.0.cidr: ", "either cidr, or namespace_labels"]),
        ({"allow": [{"ports": [{"port": 90, "end_port": 80}]}]},
         ["allow.0.ports.0.end_port: ", "below port 90", "(got 80)"]),
        ({"internet": ["workers"]}, ["internet.0: ", "'worker'", "(got 'workers')"]),
    ],
)  # fmt: skip
def test_bad_egress_is_named(egress: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(UserError) as error:
        load_props({"network_policies": {"egress": egress}})
    for fragment in [*expected[:1], *expected[1:]]:
        assert fragment in str(error.value), str(error.value)
    assert f"network_policies.egress.{expected[0]}" in str(error.value)


def test_every_role_a_rule_may_name_is_a_component() -> None:
    from typing import get_args

    from kube_airflow.core import components, config
    from kube_airflow.props.network import EgressRole

    known = {v for k, v in vars(components).items() if k.isupper() and isinstance(v, str)}
    assert set(get_args(EgressRole)) <= known | {config.STATSD_COMPONENT, config.OTEL_COMPONENT}
