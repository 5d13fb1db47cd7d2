"""The api-server: the Airflow 3 UI, REST API and the execution API tasks report to."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import API_SERVER_PORT, api_base_path
from kube_airflow.features import sign_in
from kube_airflow.features.autoscaling import Autoscaler
from kube_airflow.kube.specs import http_probe, port
from kube_airflow.kube.workloads import service
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role

COMPONENT = components.API_SERVER
# Answered by the api-server alone: no database query, no auth. Its probes must not depend on the
# database: during a Postgres restart /api/v2/monitor/health fails, and liveness on it restarted
# api-servers that were fine (and readiness emptied the Service, so clients got refused instead
# of a clear 5xx). The database's own health is on the monitor endpoint for people and alerts.
PROBE_PATH = "/api/v2/version"
# Liveness asks the execution API's health route, as free of the database: the same server and
# event loop, another route, so a pod that answers slowly is taken out of the Service (readiness)
# before it is restarted. Below the sub-path of `[api] base_url` when there is one: the mount
# answers 404 without it (an api-server under /airflow was restarted every 30 s).
LIVENESS_PATH = "/execution/health"
# Seconds a stopping api-server keeps answering (pods.container's drain): well inside the
# default grace period of 30 s, and longer than the endpoints take to reach kube-proxy.
DRAIN_SECONDS = 5


class ApiServer(Role):
    """Deployment + ClusterIP Service `<prefix>-api-server` on port 8080 (named `http`), and
    the HorizontalPodAutoscaler `<prefix>-api-server` with `api_server.autoscaling.kind: hpa`."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.api_server, pods.names
        container = pods.container(
            COMPONENT,
            ["airflow", "api-server", "--port", str(API_SERVER_PORT)],
            props.resources,
            reads=READS[COMPONENT],
            ports=[port("http", API_SERVER_PORT)],
            env=sign_in.api_server_env(pods.props),
            probes={
                # Asked often, so the pod is ready soon after it listens (a cold start waits on
                # it); up to 5 minutes to start on a busy node before liveness may restart it.
                "startup": http_probe(PROBE_PATH, "http", period=2, failures=150),
                "liveness": http_probe(
                    api_base_path(pods.props) + LIVENESS_PATH, "http", period=10, failures=3
                ),
                "readiness": http_probe(PROBE_PATH, "http", period=5, failures=2),
            },
            drain_seconds=DRAIN_SECONDS,
        )
        pod = pods.pod(self, COMPONENT, props, [container])
        self._deploy(pods, COMPONENT, pod, props)
        self.autoscaler = (
            Autoscaler(
                self,
                "autoscaler",
                pods=pods,
                component=COMPONENT,
                kind="Deployment",
                scaling=props.autoscaling,
            )
            if props.autoscaled
            else None
        )
        self.service = service(self, names, COMPONENT, {"http": API_SERVER_PORT})
        self.service_name = names.api_server_service
        if (ca := sign_in.api_server_volume(pods.props)) is not None:
            self.add_volume(ca, sign_in.LDAP_CA_DIR)
