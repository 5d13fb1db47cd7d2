"""Celery workers: a StatefulSet, so each worker has a stable DNS name under the headless Service
and the api-server can fetch a task's log from the worker that ran it (port 8793). The default
workers serve `[operators] default_queue`; each worker set (`workers.sets`) is a pool of its own
beside them, with its own queues, size, autoscaler and placement."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.config import WORKER_LOG_PORT
from kube_airflow.features.autoscaling import Autoscaler
from kube_airflow.kube.specs import exec_probe, port, tcp_probe
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.pods.scripts import check
from kube_airflow.props.workers import WorkerPoolProps, WorkerSetProps

COMPONENT = components.WORKER


class Workers(Role):
    """StatefulSet `<prefix>-worker` (podManagementPolicy Parallel) whose serviceName is the
    headless Service `<prefix>-worker`; for a worker set `pool`, `<prefix>-worker-<name>`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        pods: AirflowPods,
        pool: WorkerSetProps | None = None,
    ) -> None:
        super().__init__(scope, id)
        props: WorkerPoolProps = pool or pods.props.workers
        self.component = components.worker_set(pool.name) if pool else COMPONENT
        container = pods.container(
            COMPONENT,
            ["airflow", "celery", "worker", *_pool_args(pool)],
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
                    check("worker-ping", *pods.groom(self.component, props.disk)),
                    period=300,
                    timeout=30,
                    failures=2,
                ),
                "readiness": tcp_probe("worker-logs"),
            },
        )
        pod = pods.pod(
            self,
            self.component,
            props,
            [container],
            # Its processes never use Airflow's database: they wait for the results role instead.
            wait_for_migrations=False,
            wait_for_results=True,
            grace_seconds=props.termination_grace_period_seconds,
            dags=True,
        )
        # An autoscaler owns the replicas: a StatefulSet stating them would be set back on
        # every apply.
        log_port = ("worker-logs", WORKER_LOG_PORT)
        self._serve_logs(pods, self.component, pod, props, log_port, autoscaled=props.autoscaled)
        self.autoscaler = (
            Autoscaler(
                self,
                "autoscaler",
                pods=pods,
                component=self.component,
                kind="StatefulSet",
                scaling=props.autoscaling,
                pool=pool,
            )
            if props.autoscaled
            else None
        )


def _pool_args(pool: WorkerSetProps | None) -> list[str]:
    """A set's queues and concurrency on the command line: airflow.cfg holds the default
    workers' (`[operators] default_queue`, `[celery] worker_concurrency`)."""
    if pool is None:
        return []
    return ["--queues", ",".join(pool.queues), "--concurrency", str(pool.concurrency)]
