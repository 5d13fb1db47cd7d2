"""What KEDA's triggers ask: the Celery work waiting in the metadata database for a pool of
workers (the default workers or a worker set), and the queues and concurrency behind it. Apart
from keda.py, so reading the query loads no CRD bindings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kube_airflow.core import config

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps
    from kube_airflow.props.workers import WorkerSetProps

# The names a task's `executor` argument may give the Celery executor; NULL means the default.
CELERY_EXECUTOR_NAMES = (
    "CeleryExecutor",
    "airflow.providers.celery.executors.celery_executor.CeleryExecutor",
)


def celery_work(
    props: AirflowProps, names: Names, pool: WorkerSetProps | None = None
) -> tuple[int, list[str]]:
    """The effective concurrency of the workers and the queues they consume: for the default
    workers `[celery] worker_concurrency` and `[operators] default_queue` after the user's
    airflow.cfg overrides, for a worker set its own."""
    if pool is not None:
        return pool.concurrency, list(pool.queues)
    cfg = config.settings(props, names)
    concurrency = int(cfg["celery"]["worker_concurrency"])
    queue = str(cfg.get("operators", {}).get("default_queue", "default"))
    return concurrency, [queue]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def workers_query(props: AirflowProps, names: Names, pool: WorkerSetProps | None = None) -> str:
    """Workers needed: the Celery task instances queued or running on the workers' queues,
    divided by their concurrency, rounded up. Unlike a bare count of every queued task, tasks of
    the KubernetesExecutor (multi-executor) and of other queues (other sets') start no worker."""
    concurrency, queues = celery_work(props, names, pool)
    executors = ", ".join(_literal(name) for name in CELERY_EXECUTOR_NAMES)
    # A NULL executor is the default one: Celery's only when it comes first.
    default_is_celery = props.executor.split(",")[0] == "CeleryExecutor"
    executor = (
        f"(executor IS NULL OR executor IN ({executors}))"
        if default_is_celery
        else f"executor IN ({executors})"
    )
    queue = (
        f"queue = {_literal(queues[0])}"
        if len(queues) == 1
        else f"queue IN ({', '.join(_literal(q) for q in queues)})"
    )
    return (
        f"SELECT ceil(COUNT(*)::decimal / {concurrency}) FROM task_instance "
        f"WHERE state IN ('queued', 'running') AND {queue} AND {executor}"
    )


def admits_operator(props: AirflowProps, pool: WorkerSetProps | None) -> bool:
    """Whether this pool's scaler writes the policies admitting KEDA's operator: the first pool
    scaled by KEDA, so they are written once whatever the number of pools."""
    keda = [p for p in (props.workers, *props.workers.sets) if p.autoscaling.kind == "keda"]
    return bool(keda) and keda[0] is (pool or props.workers)
