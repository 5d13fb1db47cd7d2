"""Props that are each valid but cannot work together. Each check returns its problems (path,
message saying what to change, value); AirflowProps raises them all in one error. A new
combination rule is a function here, added to CHECKS."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kube_airflow.errors import Problem
from kube_airflow.props.stores import PGBOUNCER_NAME, PGBOUNCER_SSLMODES, PGBOUNCER_VERIFYING

if TYPE_CHECKING:
    from kube_airflow.props.deployment import AirflowFields
    from kube_airflow.props.workers import WorkerPoolProps

# A StatefulSet's pods are labelled `controller-revision-hash: <name>-<hash of 10>`, at most 63.
STATEFUL_SET_NAME_MAX = 52

# What only the CeleryExecutor uses: given with the KubernetesExecutor alone, it would be
# silently ignored, so it is refused.
CELERY_ONLY = ("workers", "broker", "result_backend")


def celery_only_with_celery(props: AirflowFields) -> list[Problem]:
    if props.celery:
        return []
    fix = (
        f"is for Celery, and executor {props.executor!r} runs no Celery workers, broker or "
        f"Flower: remove it, or set executor to 'CeleryExecutor,{props.executor}'"
    )
    problems: list[Problem] = [
        ((field,), fix, getattr(props, field).model_dump(exclude_unset=True) or None)
        for field in CELERY_ONLY
        if field in props.model_fields_set
    ]
    if "enabled" in props.flower.model_fields_set and props.flower.enabled:
        problems.append((("flower", "enabled"), fix, True))
    return problems


def ingress_flower_needs_flower(props: AirflowFields) -> list[Problem]:
    if not (props.ingress.enabled and props.ingress.flower is not None) or props.flower_on:
        return []
    message = (
        "ingress.flower is set but flower.enabled is false"
        if props.celery
        else f"ingress.flower is set but executor {props.executor!r} runs no Flower"
    )
    return [(("ingress", "flower"), message, props.ingress.flower.host)]


def pgbouncer_can_carry(props: AirflowFields) -> list[Problem]:
    """What synth can know of the database PgBouncer fronts: its names and URL options. A
    whole connection URL lives in a Secret, so PgBouncer's init container checks that one."""
    if not props.pgbouncer.enabled:
        return []
    db, problems = props.database, list[Problem]()
    names = [] if db.type == "external" and db.connection else ["database", "user"]
    for field in names:
        if not PGBOUNCER_NAME.match(value := getattr(db, field)):
            message = (
                "must be letters, digits, '_', '.' or '-' (up to 63) for PgBouncer's "
                "[databases] line and auth file: rename it, or set pgbouncer.enabled: false"
            )
            problems.append((("database", db.type, field), message, value))  # union tag
    for key, value in (db.query if db.type == "external" else {}).items():
        if key != "sslmode" or value not in PGBOUNCER_SSLMODES:
            allowed = ", ".join(PGBOUNCER_SSLMODES)
            message = (
                f"PgBouncer carries only sslmode ({allowed}) to the database: drop "
                f"{key!r}, or set pgbouncer.enabled: false"
            )
            problems.append((("database", db.type, "query", key), message, value))
        elif value in PGBOUNCER_VERIFYING and props.pgbouncer.server_ca is None:
            message = (
                "PgBouncer verifies the database's certificate only with a CA bundle: set "
                "pgbouncer.server_ca (a Secret key holding it)"
            )
            problems.append((("database", db.type, "query", key), message, value))
    return problems


def pools(props: AirflowFields) -> list[tuple[tuple[str | int, ...], WorkerPoolProps]]:
    """The default workers and each worker set, with the prop path of each."""
    found: list[tuple[tuple[str | int, ...], WorkerPoolProps]] = [(("workers",), props.workers)]
    found += [(("workers", "sets", i), own) for i, own in enumerate(props.workers.sets)]
    return found


def keda_can_read(props: AirflowFields) -> list[Problem]:
    """KEDA's scalers take a host, user and password, not a SQLAlchemy or Celery URL."""
    keda = [(at, p.autoscaling) for at, p in pools(props) if p.autoscaling.kind == "keda"]
    if not keda or not props.celery:
        return []
    problems: list[Problem] = []
    db = props.database
    if db.type == "external" and db.connection is not None:
        message = (
            "KEDA's postgresql trigger cannot read a whole SQLAlchemy URL: give "
            "database.host and database.password instead, or use workers.autoscaling.kind: hpa"
        )
        problems.append((("database", db.type, "connection"), message, db.connection.name))
    namespace = getattr(keda[0][1], "operator_namespace", None)
    for at, scaling in keda:
        if (other := getattr(scaling, "operator_namespace", None)) != namespace:
            message = (
                f"differs from the first pool scaled by KEDA ({namespace!r}): one KEDA operator "
                "serves the cluster, so every pool names the same namespace"
            )
            problems.append(((*at, "autoscaling", "keda", "operator_namespace"), message, other))
        if getattr(scaling, "broker_queue", False) and props.broker.type == "external":
            message = (
                "the broker's queue is read only from the in-cluster rabbitmq or redis broker: "
                "set it to false (the database trigger alone counts the same tasks)"
            )
            problems.append(((*at, "autoscaling", "keda", "broker_queue"), message, True))
    return problems


def scale_to_zero_keeps_logs(props: AirflowFields) -> list[Problem]:
    """A worker serves the logs of the tasks it ran from its own disk: once KEDA stops the last
    worker, the UI could show none of them."""
    if props.logs.outlive_workers:
        return []
    message = (
        "0 stops every worker, and with them the task logs they serve: keep the logs with "
        "logs.volume or logs.remote, or set min_replicas to 1 or more"
    )
    return [
        ((*at, "autoscaling", "keda", "min_replicas"), message, 0)
        for at, pool in pools(props)
        if pool.autoscaling.kind == "keda" and pool.autoscaling.min_replicas == 0
    ]


def default_queue(props: AirflowFields) -> str:
    """The queue the default workers consume: `[operators] default_queue` of the user's
    airflow.cfg overrides, else Airflow's `default`."""
    return str(props.config.get("operators", {}).get("default_queue", "default"))


def each_queue_one_pool(props: AirflowFields) -> list[Problem]:
    """A queue two pools consume runs its tasks on whichever takes them first: the high-memory
    set's tasks on the default workers too. Only sets that say `share_queues` may."""
    if not props.workers.sets or not props.celery:
        return []
    servers: dict[str, list[str]] = {default_queue(props): ["the default workers"]}
    for own in props.workers.sets:
        for queue in own.queues:
            servers.setdefault(queue, []).append(f"set {own.name!r}")
    problems: list[Problem] = []
    for i, own in enumerate(props.workers.sets):
        for queue in own.queues:
            others = [s for s in servers[queue] if s != f"set {own.name!r}"]
            if others and not own.share_queues:
                message = (
                    f"{others[0]} {'serves' if others[0].startswith('set') else 'serve'} "
                    f"queue {queue!r} too, and a queue two pools consume runs on whichever "
                    "takes it first: serve it from one pool, or set share_queues: true on the set"
                )
                problems.append((("workers", "sets", i, "queues"), message, own.queues))
    return problems


def worker_set_names_fit(props: AirflowFields) -> list[Problem]:
    """A StatefulSet's pods carry a label `<name>-<hash>` of at most 63 characters, so its name
    has at most 52: `<prefix>-worker-<name>` must fit."""
    problems: list[Problem] = []
    for i, own in enumerate(props.workers.sets):
        name = f"{props.prefix}-worker-{own.name}"
        if len(name) > STATEFUL_SET_NAME_MAX:
            message = (
                f"makes the StatefulSet {name!r}, {len(name)} characters, and a StatefulSet's "
                f"name may have {STATEFUL_SET_NAME_MAX}: shorten it (or the prefix)"
            )
            problems.append((("workers", "sets", i, "name"), message, own.name))
    return problems


def result_backend_can_work(props: AirflowFields) -> list[Problem]:
    """A result backend the pods can reach with what synth knows."""
    kind, where = props.result_backend.type, ("result_backend", "type")
    if kind == "broker" and props.broker.type != "redis":
        message = (
            "the broker keeps results only when it is the in-cluster Redis (RabbitMQ's rpc "
            "results reach only the process that sent the task): use database_role, or "
            "broker.type: redis"
        )
        return [(where, message, kind)]
    db = props.database
    if kind == "database_role" and db.type == "external" and db.connection is not None:
        message = (
            "the workers would need the database's host, which is inside the Secret of "
            "database.connection: give database.host and database.password instead, or use "
            "metadata_database or external"
        )
        return [(where, message, kind)]
    return []


def _task_timeout(props: AirflowFields) -> int | None:
    """`[core] default_task_execution_timeout` from the user's airflow.cfg overrides, when set."""
    value = props.config.get("core", {}).get("default_task_execution_timeout")
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:  # empty (no timeout), or not a number, which its type check reports
        return None


def stopping_workers_finish_tasks(props: AirflowFields) -> list[Problem]:
    """A stopping worker (scale-down, rollout, drain) finishes its running tasks within its
    grace period, and RabbitMQ keeps a task's message for consumer_timeout: a task allowed to
    run longer than either would be killed with its worker, or would stop the worker."""
    timeout = _task_timeout(props)
    if timeout is None or not props.celery:
        return []
    problems: list[Problem] = []
    for at, pool in pools(props):
        grace = pool.termination_grace_period_seconds
        if grace < timeout:
            message = (
                f"is less than [core] default_task_execution_timeout ({timeout} s): a task "
                "started just before its worker stops would be killed; raise it to at least that"
            )
            problems.append(((*at, "termination_grace_period_seconds"), message, grace))
    broker = props.broker
    consumer_timeout = getattr(broker, "consumer_timeout_seconds", None)
    if consumer_timeout is not None and consumer_timeout < timeout:
        message = (
            f"is less than [core] default_task_execution_timeout ({timeout} s): RabbitMQ would "
            "close the channel of a worker whose task runs longer, stopping the worker; raise "
            "it, or remove it (no timeout)"
        )
        where = ("broker", "rabbitmq", "consumer_timeout_seconds")  # union tag
        problems.append((where, message, consumer_timeout))
    return problems


def edge_problems(props: AirflowFields) -> list[Problem]:
    """The edge props need the EdgeExecutor; written alone, the workers need to be told where
    the api-server is and given its JWT secret; a task may run as long as a stopping worker
    lets it."""
    own = props.edge
    if not props.edge_on:
        fix = f"is for the EdgeExecutor, which executor {props.executor!r} does not name: "
        fix += "remove it, or add EdgeExecutor to executor"
        given = own.model_dump(exclude_unset=True) or None
        return [(("edge",), fix, given)] if "edge" in props.model_fields_set else []
    problems: list[Problem] = []
    if own.standalone and own.api_url is None:
        why = "is required with edge.standalone: the edge API's URL as the workers reach it"
        problems.append((("edge", "api_url"), why, None))
    if own.standalone and props.secrets.jwt_secret is None:
        why = "is required with edge.standalone: a Secret holding a copy of the deployment's "
        why += "JWT secret, which signs the workers' calls"
        problems.append((("secrets", "jwt_secret"), why, None))
    timeout = props.config.get("core", {}).get("default_task_execution_timeout")
    if str(timeout or "").strip().isdigit() and int(str(timeout)) > own.drain_timeout_seconds:
        why = f"leaves {own.drain_timeout_seconds} s to drain, less than [core] "
        why += f"default_task_execution_timeout ({timeout} s): a task started just before its "
        why += "worker stops would be terminated; raise it to at least that plus 60"
        problems.append((("edge", "termination_grace_period_seconds"), why,
                         own.termination_grace_period_seconds))  # fmt: skip
    return problems


CHECKS: tuple[Callable[[AirflowFields], list[Problem]], ...] = (
    celery_only_with_celery,
    ingress_flower_needs_flower,
    pgbouncer_can_carry,
    keda_can_read,
    scale_to_zero_keeps_logs,
    each_queue_one_pool,
    worker_set_names_fit,
    result_backend_can_work,
    stopping_workers_finish_tasks,
    edge_problems,
)


def combination_problems(props: AirflowFields) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(props)]
