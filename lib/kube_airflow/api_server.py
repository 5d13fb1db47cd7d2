"""The api-server: the Airflow 3 UI, REST API and the execution API tasks report to."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.config import API_SERVER_PORT
from kube_airflow.pod import AirflowPods, http_probe, port
from kube_airflow.workloads import deployment, service

COMPONENT = "api-server"
HEALTH_PATH = "/api/v2/monitor/health"


class ApiServer(Construct):
    """Deployment + ClusterIP Service `<prefix>-api-server` on port 8080 (named `http`)."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.api_server, pods.names
        health = http_probe(HEALTH_PATH, "http")
        container = pods.container(
            COMPONENT,
            ["airflow", "api-server", "--port", str(API_SERVER_PORT)],
            props.resources,
            ports=[port("http", API_SERVER_PORT)],
            probes={
                # Up to 5 minutes to start on a busy node before liveness may restart it.
                "startup": http_probe(HEALTH_PATH, "http", period=10, failures=30),
                "liveness": health,
                "readiness": health,
            },
        )
        spec = pods.pod_spec(props, [container])
        self.deployment = deployment(
            self,
            names,
            COMPONENT,
            props.replicas,
            pods.template(COMPONENT, spec),
            pods.skips,
        )
        self.service = service(self, names, COMPONENT, {"http": API_SERVER_PORT})
        self.service_name = names.api_server_service
