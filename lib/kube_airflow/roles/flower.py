"""Celery Flower, the worker dashboard."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import FLOWER_PORT, settings
from kube_airflow.core.connections import NO_RESULT_BACKEND
from kube_airflow.kube.specs import http_probe, port, tcp_probe
from kube_airflow.kube.workloads import service
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role

COMPONENT = components.FLOWER


class Flower(Role):
    """Deployment + Service `<prefix>-flower` on 5555 (named `flower`), behind HTTP basic auth
    (`flower.basic_auth`, or the generated Secret's key `flower-basic-auth`). Its probes need no
    credentials: Flower's `/healthcheck` is open (readiness: it serves requests) and a TCP
    connect (liveness: the process listens)."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.flower, pods.names
        auth = pods.secrets.flower_basic_auth
        # Under an Ingress sub-path Flower serves every route below it ([celery] flower_url_prefix).
        rendered = settings(pods.props, names).get("celery", {})
        prefix = rendered.get("flower_url_prefix", "").rstrip("/")
        assert auth is not None, "resolved whenever Flower is enabled"
        container = pods.container(
            COMPONENT,
            ["airflow", "celery", "flower"],
            props.resources,
            reads=READS[COMPONENT],
            ports=[port("flower", FLOWER_PORT)],
            # Read by `airflow celery flower`, which starts Flower in its own process: the
            # credentials are never on a command line.
            env=[auth.env("AIRFLOW__CELERY__FLOWER_BASIC_AUTH"), NO_RESULT_BACKEND],
            probes={
                # Up to 5 minutes to start on a busy node before liveness may restart it.
                "startup": tcp_probe("flower", period=2, failures=150),
                "liveness": tcp_probe("flower", period=10),
                "readiness": http_probe(f"{prefix}/healthcheck", "flower", period=5),
            },
        )
        # Flower only talks to the broker: it needs no schema, so no wait for migrations.
        pod = pods.pod(self, COMPONENT, props, [container], wait_for_migrations=False)
        self._deploy(pods, COMPONENT, pod, props)
        self.service = service(self, names, COMPONENT, {"flower": FLOWER_PORT})
        self.service_name = names.flower_service
