"""The standalone DAG processor, which parses DAG files (mandatory in Airflow 3)."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.jobs_check import job_check_probe
from kube_airflow.placement import disruption_budget
from kube_airflow.pod import AirflowPods
from kube_airflow.role import Role
from kube_airflow.skips import NO_READINESS
from kube_airflow.workloads import deployment

COMPONENT = "dag-processor"


class DagProcessor(Role):
    """Deployment `<prefix>-dag-processor`."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.dag_processor, pods.names
        container = pods.container(
            COMPONENT,
            ["airflow", "dag-processor"],
            props.resources,
            dags=True,
            probes={"liveness": job_check_probe("DagProcessorJob")},
        )
        pod = pods.pod(self, COMPONENT, props, [container], grace_seconds=60, dags=True)
        self.deployment = deployment(
            self,
            names,
            COMPONENT,
            props.replicas,
            pod,
            (*pods.skips, NO_READINESS),
        )
        self.pdb = disruption_budget(self, pods.names, COMPONENT, props.pdb)
