"""The triggerer, which runs deferred tasks' triggers."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import TRIGGERER_LOG_PORT
from kube_airflow.kube.specs import port, tcp_probe
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.roles.jobs_check import job_check_probe

COMPONENT = components.TRIGGERER


class Triggerer(Role):
    """StatefulSet `<prefix>-triggerer` with the headless Service of the same name, so the UI can
    fetch trigger logs from each pod's log server on 8794."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.triggerer
        container = pods.container(
            COMPONENT,
            ["airflow", "triggerer"],
            props.resources,
            reads=READS[COMPONENT],
            dags=True,
            ports=[port("triggerer-logs", TRIGGERER_LOG_PORT)],
            probes={
                "liveness": job_check_probe("TriggererJob", pods.groom(COMPONENT, props.disk)),
                "readiness": tcp_probe("triggerer-logs"),
            },
        )
        pod = pods.pod(self, COMPONENT, props, [container], grace_seconds=60, dags=True)
        self._serve_logs(pods, COMPONENT, pod, props, ("triggerer-logs", TRIGGERER_LOG_PORT))
