"""The scheduler: several replicas may run at once (Airflow 3 uses row-level locks)."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import SCHEDULER_HEALTH_PORT
from kube_airflow.kube.skips import EXECUTOR_TOKEN
from kube_airflow.kube.specs import http_probe, port, role_with_binding, tcp_probe
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.roles.task_pods import SCHEDULER_RULES, TaskPods

COMPONENT = components.SCHEDULER


class Scheduler(Role):
    """Deployment `<prefix>-scheduler`; liveness is the scheduler's own health server, which
    reports unhealthy once the SchedulerJob stops heartbeating. With the KubernetesExecutor
    (`task_pods` given) it runs the task pods: it mounts their pod template and a token of its
    own ServiceAccount `<prefix>-scheduler`, whose Role may manage pods in its namespace."""

    def __init__(
        self, scope: Construct, id: str, *, pods: AirflowPods, task_pods: TaskPods | None = None
    ) -> None:
        super().__init__(scope, id)
        props, names = pods.props.scheduler, pods.names
        container = pods.container(
            COMPONENT,
            ["airflow", "scheduler"],
            props.resources,
            reads=READS[COMPONENT],
            ports=[port("health", SCHEDULER_HEALTH_PORT)],
            probes={
                # Asked often while it starts (a cold start waits for it); up to 5 minutes.
                "startup": http_probe("/health", "health", period=3, failures=100),
                "liveness": http_probe("/health", "health", period=30, failures=5),
                # Ready once its health server listens; only a stale heartbeat (liveness)
                # restarts it. No Service routes to it: readiness counts only for rollouts.
                "readiness": tcp_probe("health", period=10),
            },
        )
        # Short grace as in the official chart: the scheduler holds no work a restart loses.
        pod = pods.pod(
            self,
            COMPONENT,
            props,
            [container],
            grace_seconds=10,
            kube_api=task_pods is not None,
        )
        self._deploy(pods, COMPONENT, pod, props, *((EXECUTOR_TOKEN,) if task_pods else ()))
        if task_pods is not None:
            # The scheduler reads the template when it starts, so it rolls when the template
            # changes, `airflow.task_pods.add_env(...)` after this point included.
            for workload in self.workloads:
                workload.late_annotations = {"checksum/pod-template": lambda: task_pods.checksum}
            role_with_binding(self, names, COMPONENT, SCHEDULER_RULES)
            self.add_volume(*task_pods.volume())
