"""lib/kube_airflow/api_server.py: the api-server's Deployment and its Service on 8080, probed on
an endpoint that does not depend on the database."""

from __future__ import annotations

from cdk8s import Testing as Cdk8sTesting

from kube_airflow import Airflow
from tests.conftest import synth
from tests.objects import main, objects, probes

API_SERVER = "api-server"


def test_a_cluster_ip_service_on_8080_named_http() -> None:
    found = objects(synth("default"), API_SERVER)
    spec = found["Service"]["spec"]
    assert spec["type"] == "ClusterIP" and "clusterIP" not in spec
    assert spec["ports"] == [
        {"name": "http", "port": 8080, "targetPort": "http", "protocol": "TCP"}
    ]
    assert spec["selector"] == found["Deployment"]["spec"]["selector"]["matchLabels"]
    container = main(found["Deployment"])
    assert container["args"] == ["airflow", "api-server", "--port", "8080"]
    assert container["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]


def test_probes_ask_the_version_not_the_databases_health() -> None:
    container = main(objects(synth("default"), API_SERVER)["Deployment"])
    version = {"httpGet": {"path": "/api/v2/version", "port": "http"}}
    alive = {"httpGet": {"path": "/execution/health", "port": "http"}}
    # Ready soon after it listens, up to 5 minutes to start before liveness may restart it;
    # liveness asks another route of the same server, so one check never serves both.
    assert probes(container) == {
        "startup": (version, 2, 150),
        "liveness": (alive, 10, 3),
        "readiness": (version, 5, 2),
    }


def test_liveness_asks_the_execution_api_below_the_sub_path() -> None:
    """The execution API is mounted below `[api] base_url`'s path: at the root it answers 404,
    and an api-server under /airflow was restarted every 30 s (seen through Traefik)."""
    container = main(objects(synth("ingress"), API_SERVER)["Deployment"])
    assert container["livenessProbe"]["httpGet"]["path"] == "/airflow/execution/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/api/v2/version"


def test_replicas_from_props_and_the_service_name_for_neighbours() -> None:
    assert objects(synth("schedulers"), API_SERVER)["Deployment"]["spec"]["replicas"] == 2
    chart = Cdk8sTesting.chart()
    airflow = Airflow(chart, "airflow", {"prefix": "team-b"})
    assert airflow.api_server.service_name == "team-b-api-server"
    assert airflow.api_server.service.name == "team-b-api-server"
