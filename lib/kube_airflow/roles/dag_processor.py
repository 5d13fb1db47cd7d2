"""The standalone DAG processor, which parses DAG files (mandatory in Airflow 3)."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.kube.skips import NO_READINESS
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.roles.jobs_check import job_check_probe

COMPONENT = components.DAG_PROCESSOR


class DagProcessor(Role):
    """Deployment `<prefix>-dag-processor`."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.dag_processor
        container = pods.container(
            COMPONENT,
            ["airflow", "dag-processor"],
            props.resources,
            reads=READS[COMPONENT],
            dags=True,
            probes={
                "liveness": job_check_probe("DagProcessorJob", pods.groom(COMPONENT, props.disk))
            },
        )
        pod = pods.pod(self, COMPONENT, props, [container], grace_seconds=60, dags=True)
        self._deploy(pods, COMPONENT, pod, props, NO_READINESS)
