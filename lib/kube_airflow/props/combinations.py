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

# What only the CeleryExecutor uses: given with the KubernetesExecutor alone, it would be
# silently ignored, so it is refused.
CELERY_ONLY = ("workers", "broker", "result_backend")


def celery_only_with_celery(props: AirflowFields) -> list[Problem]:
    if props.celery:
        return []
    fix = (
        "is for Celery, and the KubernetesExecutor alone runs no workers, broker or Flower: "
        "remove it, or set executor to 'CeleryExecutor,KubernetesExecutor'"
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
        else "ingress.flower is set but the KubernetesExecutor alone runs no Flower"
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


def keda_can_read(props: AirflowFields) -> list[Problem]:
    """KEDA's scalers take a host, user and password, not a SQLAlchemy or Celery URL."""
    scaling = props.workers.autoscaling
    if scaling.kind != "keda" or not props.celery:
        return []
    problems: list[Problem] = []
    db = props.database
    if db.type == "external" and db.connection is not None:
        message = (
            "KEDA's postgresql trigger cannot read a whole SQLAlchemy URL: give "
            "database.host and database.password instead, or use workers.autoscaling.kind: hpa"
        )
        problems.append((("database", db.type, "connection"), message, db.connection.name))
    if scaling.broker_queue and props.broker.type == "external":
        message = (
            "the broker's queue is read only from the in-cluster rabbitmq or redis broker: "
            "set it to false (the database trigger alone counts the same tasks)"
        )
        problems.append((("workers", "autoscaling", "keda", "broker_queue"), message, True))
    return problems


def scale_to_zero_keeps_logs(props: AirflowFields) -> list[Problem]:
    """A worker serves the logs of the tasks it ran from its own disk: once KEDA stops the last
    worker, the UI could show none of them."""
    scaling = props.workers.autoscaling
    if scaling.kind != "keda" or scaling.min_replicas != 0 or props.logs.outlive_workers:
        return []
    message = (
        "0 stops every worker, and with them the task logs they serve: keep the logs with "
        "logs.volume or logs.remote, or set min_replicas to 1 or more"
    )
    return [(("workers", "autoscaling", "keda", "min_replicas"), message, 0)]


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


CHECKS: tuple[Callable[[AirflowFields], list[Problem]], ...] = (
    celery_only_with_celery,
    ingress_flower_needs_flower,
    pgbouncer_can_carry,
    keda_can_read,
    scale_to_zero_keeps_logs,
    result_backend_can_work,
)


def combination_problems(props: AirflowFields) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(props)]
