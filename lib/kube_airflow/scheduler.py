"""The scheduler: several replicas may run at once (Airflow 3 uses row-level locks)."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.config import SCHEDULER_HEALTH_PORT
from kube_airflow.kube import http_probe, port
from kube_airflow.placement import disruption_budget
from kube_airflow.pod import AirflowPods
from kube_airflow.role import Role
from kube_airflow.workloads import deployment

COMPONENT = "scheduler"


class Scheduler(Role):
    """Deployment `<prefix>-scheduler`; liveness is the scheduler's own health server, which
    reports unhealthy once the SchedulerJob stops heartbeating."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.scheduler, pods.names
        container = pods.container(
            COMPONENT,
            ["airflow", "scheduler"],
            props.resources,
            ports=[port("health", SCHEDULER_HEALTH_PORT)],
            probes={
                # Asked often while it starts (a cold start waits for it); up to 5 minutes.
                "startup": http_probe("/health", "health", period=3, failures=100),
                "liveness": http_probe("/health", "health", period=30, failures=5),
                "readiness": http_probe("/health", "health", period=10, failures=3),
            },
        )
        # Short grace as in the official chart: the scheduler holds no work a restart loses.
        pod = pods.pod(self, COMPONENT, props, [container], grace_seconds=10)
        self.deployment = deployment(
            self,
            names,
            COMPONENT,
            props.replicas,
            pod,
            pods.skips,
        )
        self.pdb = disruption_budget(self, pods.names, COMPONENT, props.pdb)
