"""Celery workers: a StatefulSet, so each worker has a stable DNS name under the headless Service
and the api-server can fetch a task's log from the worker that ran it (port 8793)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import WORKER_LOG_PORT
from kube_airflow.features.autoscaling import WorkerAutoscaler
from kube_airflow.kube.specs import exec_probe, port, tcp_probe
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.pods.scripts import check

COMPONENT = components.WORKER


class Workers(Role):
    """StatefulSet `<prefix>-worker` (podManagementPolicy Parallel) whose serviceName is the
    headless Service `<prefix>-worker`."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.workers
        container = pods.container(
            COMPONENT,
            ["airflow", "celery", "worker"],
            props.resources,
            reads=READS[COMPONENT],
            dags=True,
            ports=[port("worker-logs", WORKER_LOG_PORT)],
            # dumb-init would signal the whole process group; Celery's warm shutdown needs
            # the SIGTERM to reach only its main process.
            env=[k8s.EnvVar(name="DUMB_INIT_SETSID", value="0")],
            probes={
                # Celery alone, not through Airflow's app: ~0.25 CPU-seconds instead of ~3. Every
                # 5 minutes, two failures: a hung worker is restarted within about 10 minutes (a
                # crashed one at once), at under 0.001 of a core per worker. A hang this catches
                # is rare and costs little while it lasts: the tasks run in processes of their
                # own, and the broker redelivers what the worker had reserved once it restarts.
                "liveness": exec_probe(
                    check("worker-ping", *pods.groom(COMPONENT, props.disk)),
                    period=300,
                    timeout=30,
                    failures=2,
                ),
                "readiness": tcp_probe("worker-logs"),
            },
        )
        pod = pods.pod(
            self,
            COMPONENT,
            props,
            [container],
            # Its processes never use Airflow's database: they wait for the results role instead.
            wait_for_migrations=False,
            wait_for_results=True,
            grace_seconds=props.termination_grace_period_seconds,
            dags=True,
        )
        autoscaled = props.autoscaling.kind != "none"
        # An autoscaler owns the replicas: a StatefulSet stating them would be set back on
        # every apply.
        self._serve_logs(
            pods, COMPONENT, pod, props, ("worker-logs", WORKER_LOG_PORT), autoscaled=autoscaled
        )
        self.autoscaler = (
            WorkerAutoscaler(self, "autoscaler", pods=pods, target=pods.names.of(COMPONENT))
            if autoscaled
            else None
        )
