"""lib/kube_airflow/roles/edge_worker.py and the EdgeExecutor's props: edge workers that reach
only the api-server, in the deployment or written alone for another namespace."""

from __future__ import annotations

import configparser
from typing import Any

import pytest

from kube_airflow.errors import UserError
from kube_airflow.props.values import load_props
from tests.conftest import synth, synth_props
from tests.objects import env, main, objects, pod

EDGE = "edge-worker"
ALIAS = "EdgeExecutor:airflow.providers.edge3.executors.EdgeExecutor"


def _cfg(docs: Any) -> configparser.ConfigParser:
    (config_map,) = [d for d in docs if d["kind"] == "ConfigMap" and "airflow.cfg" in d["data"]]
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read_string(config_map["data"]["airflow.cfg"])
    return parsed


def test_a_deployment_of_edge_workers_on_their_queues() -> None:
    found = objects(synth("edge"), EDGE)
    assert set(found) == {"Deployment", "PodDisruptionBudget"}
    deployment = found["Deployment"]
    assert deployment["spec"]["replicas"] == 2
    container = main(deployment)
    assert container["args"] == [
        "airflow", "edge", "worker", "--queues", "edge,remote-site", "--concurrency", "4",
        "--edge-hostname", "$(POD_NAME)",
    ]  # fmt: skip
    variables = env(container)
    assert variables["POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
    # Its pid and status files need a writable home; airflow.cfg stays where it is mounted.
    assert variables["AIRFLOW_HOME"]["value"] == "/tmp"
    assert variables["AIRFLOW_CONFIG"]["value"] == "/opt/airflow/airflow.cfg"


def test_only_the_jwt_secret_and_no_wait_for_the_database() -> None:
    container = main(objects(synth("edge"), EDGE)["Deployment"])
    secrets = {n for n, v in env(container).items() if "secretKeyRef" in v.get("valueFrom", {})}
    assert secrets == {"AIRFLOW__API_AUTH__JWT_SECRET"}
    init = pod(objects(synth("edge"), EDGE)["Deployment"]).get("initContainers", [])
    assert [c["name"] for c in init] == []


def test_a_stopping_worker_drains_within_its_grace() -> None:
    """preStop sends the provider's drain (SIGINT) and waits; the drain timeout leaves the kill
    grace and a margin inside the pod's grace period."""
    deployment = objects(synth_props({"executor": "EdgeExecutor"}), EDGE)["Deployment"]
    container = main(deployment)
    script = ["python", "/opt/kube-airflow/edge_worker.py"]
    assert container["lifecycle"]["preStop"]["exec"]["command"] == [*script, "stop"]
    assert container["livenessProbe"]["exec"]["command"][:3] == [*script, "alive"]
    assert pod(deployment)["terminationGracePeriodSeconds"] == 600
    edge = _cfg(synth_props({"executor": "EdgeExecutor"}))["edge"]
    assert (edge["drain_timeout_sec"], edge["drain_kill_grace_sec"]) == ("540", "30")


def test_the_executor_alias_and_the_edge_api() -> None:
    cfg = _cfg(synth("edge"))
    assert cfg["core"]["executor"] == f"CeleryExecutor,{ALIAS}"
    assert cfg["edge"]["api_enabled"] == "True"
    url = "http://airflow-api-server.airflow.svc:8080/edge_worker/v1/rpcapi"
    assert cfg["edge"]["api_url"] == url


def test_without_the_edge_executor_nothing_of_it() -> None:
    docs = synth("default")
    assert objects(docs, EDGE) == {}
    assert "edge" not in _cfg(docs)
    assert "edge_worker.py" not in str(docs)


def test_standalone_writes_only_the_edge_workers() -> None:
    docs = synth("edge-standalone")
    kinds = sorted(d["kind"] for d in docs)
    assert kinds == [
        "ConfigMap", "Deployment", "Namespace", *["NetworkPolicy"] * 4, "PodDisruptionBudget",
        "ServiceAccount",
    ]  # fmt: skip
    cfg = _cfg(docs)
    assert cfg["edge"]["api_url"] == "https://airflow.example.com/edge_worker/v1/rpcapi"
    assert cfg["core"]["execution_api_server_url"] == "https://airflow.example.com/execution/"
    assert "metrics" not in cfg  # no exporter beside them
    jwt = env(main(objects(docs, EDGE)["Deployment"]))["AIRFLOW__API_AUTH__JWT_SECRET"]
    assert jwt["valueFrom"]["secretKeyRef"] == {"name": "airflow-jwt", "key": "jwt-secret"}


def test_standalone_egress_is_the_api_urls_port_dns_and_outside() -> None:
    """Their tasks may reach what the workers' may outside the cluster; in it, nothing but the
    api-server's port (and nothing at all with `egress.internet` left without them)."""
    policies = {
        d["metadata"]["name"]: d["spec"]
        for d in synth("edge-standalone")
        if d["kind"] == "NetworkPolicy"
    }
    assert set(policies) == {
        "airflow-default-deny", "airflow-egress-dns", "airflow-egress-execution-api",
        "airflow-egress-internet",
    }  # fmt: skip
    internet = policies["airflow-egress-internet"]["egress"][0]["to"]
    assert {"10.0.0.0/8"} <= {e for peer in internet for e in peer["ipBlock"].get("except", [])}
    assert policies["airflow-egress-execution-api"]["egress"] == [
        {"ports": [{"port": 443, "protocol": "TCP"}]}
    ]
    assert "ingress" not in policies["airflow-default-deny"]


@pytest.mark.parametrize(
    ("props", "where", "says"),
    [
        ({"edge": {"replicas": 2}}, "edge", "is for the EdgeExecutor"),
        (
            {"executor": "EdgeExecutor", "edge": {"standalone": True}},
            "edge.api_url",
            "is required with edge.standalone",
        ),
        (
            {
                "executor": "EdgeExecutor",
                "edge": {
                    "standalone": True,
                    "api_url": "https://a.example.com/edge_worker/v1/rpcapi",
                },
            },
            "secrets.jwt_secret",
            "a copy of the deployment's JWT secret",
        ),
        (
            {"executor": "EdgeExecutor", "edge": {"api_url": "https://a.example.com/api"}},
            "edge.api_url",
            "ending in /edge_worker/v1/rpcapi",
        ),
        (
            {"executor": "EdgeExecutor", "edge": {"queues": ["a", "a"]}},
            "edge.queues",
            "lists a queue twice",
        ),
        (
            {"executor": "EdgeExecutor", "config": {"edge": {"api_url": "x"}}},
            "config.edge.api_url",
            "is set by edge.api_url",
        ),
        (
            {
                "executor": "EdgeExecutor",
                "config": {"core": {"default_task_execution_timeout": 3600}},
            },
            "edge.termination_grace_period_seconds",
            "leaves 540 s to drain",
        ),
        (
            {"executor": "EdgeExecutor", "workers": {"replicas": 1}},
            "workers",
            "executor 'EdgeExecutor' runs no Celery workers",
        ),
        ({"executor": "EdgeExecutor,EdgeExecutor"}, "executor", "Input should be"),
    ],
)
def test_refused(props: dict[str, Any], where: str, says: str) -> None:
    with pytest.raises(UserError) as raised:
        load_props(props)
    line = next(line for line in str(raised.value).splitlines() if f"{where}:" in line)
    assert says in line, str(raised.value)


def test_other_edge_options_pass_through() -> None:
    """The provider's section is known once the EdgeExecutor is chosen."""
    props = load_props({"executor": "EdgeExecutor", "config": {"edge": {"heartbeat_interval": 10}}})
    assert props.config["edge"]["heartbeat_interval"] == 10
