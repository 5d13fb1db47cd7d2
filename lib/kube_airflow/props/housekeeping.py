"""The props of the scheduled housekeeping: `airflow db clean` and, with the KubernetesExecutor,
`airflow kubernetes cleanup-pods`, each a CronJob."""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field

from kube_airflow.props.kube import DiskProps, Resources, disk, resources
from kube_airflow.props.model import INT64_MAX, Int, empty_list, rule
from kube_airflow.props.pod_options import ComponentProps

# Kubernetes' CronJob controller takes these macros besides five fields.
MACROS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# (name, lowest, highest, names allowed instead of numbers), in the order of the five fields.
_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 6, _DAYS),
)
_PART = re.compile(r"^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?$")


def cron_problem(value: str) -> str | None:
    """Why `value` is not a schedule the CronJob controller accepts, or None."""
    if value.startswith("@"):
        return None if value in MACROS else f"is not one of the macros {', '.join(MACROS)}"
    fields = value.split()
    if len(fields) != len(_FIELDS):
        return (
            f"has {len(fields)} fields; a schedule has five (minute hour day-of-month month "
            "day-of-week, e.g. '0 3 * * *') or is a macro such as @daily"
        )
    for text, (name, low, high, names) in zip(fields, _FIELDS, strict=True):
        for part in text.split(","):
            if not _part_ok(part, low, high, names):
                return f"has a bad {name} field {text!r} (allowed: {low}-{high}, *, ranges, /steps)"
    return None


def _part_ok(part: str, low: int, high: int, names: tuple[str, ...]) -> bool:
    match = _PART.match(part)
    if not match:
        return False
    values, _, step = part.partition("/")
    if step and int(step) < 1:
        return False
    if values in ("*", "?"):
        return True
    bounds = [_value(v, names) for v in values.split("-")]
    known = [b for b in bounds if b is not None and low <= b <= high]
    return len(known) == len(bounds) and known == sorted(known)


def _value(text: str, names: tuple[str, ...]) -> int | None:
    if text.isdigit():
        return int(text)
    upper = text.upper()
    return names.index(upper) + (1 if len(names) == 12 else 0) if upper in names else None


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _check_cron(value: str) -> str:
    if problem := cron_problem(value):
        raise ValueError(problem)
    return value


CronSchedule = Annotated[str, AfterValidator(_check_cron)]
TimeZone = Annotated[
    str,
    rule(lambda v: v in _zones(), "must be a time zone of the tz database, e.g. Europe/Berlin"),
]
# The tables `airflow db clean --tables` takes in the pinned Airflow.
CleanTable = Literal[
    "_xcom_archive",
    "asset_event",
    "callback",
    "celery_taskmeta",
    "celery_tasksetmeta",
    "connection_test_request",
    "dag",
    "dag_run",
    "dag_version",
    "deadline",
    "import_error",
    "job",
    "log",
    "partitioned_asset_key_log",
    "revoked_token",
    "task_instance",
    "task_instance_history",
    "task_reschedule",
    "task_state_store",
    "trigger",
    "xcom",
]


class ScheduledProps(ComponentProps):
    """A CronJob's schedule; its Jobs never overlap and keep the last success and failure."""

    schedule: CronSchedule = Field(
        default="@daily",
        description="Cron schedule: five fields (minute hour day-of-month month day-of-week) or "
        "a macro such as @hourly or @daily.",
    )
    time_zone: TimeZone | None = Field(
        default=None,
        description="Time zone of the schedule; default the kube-controller-manager's (UTC on "
        "most clusters).",
    )
    starting_deadline_seconds: Int = Field(
        default=600,
        ge=10,
        le=INT64_MAX,
        description="How late a run may still start (the controller was down, the cluster "
        "busy); later, that run is skipped. Without a deadline the controller stops scheduling "
        "the CronJob after 100 missed runs.",
    )
    # One Airflow CLI run: Airflow is loaded once (~150 MB), then the database does the work.
    resources: Resources = Field(default=resources("50m", "192Mi", "1", "512Mi"))
    disk: DiskProps = Field(
        default=disk("64Mi", "64Mi"),
        description="Its scratch volumes (it writes neither).",
    )


class DbCleanProps(ScheduledProps):
    """A CronJob `<prefix>-db-clean` running `airflow db clean`: deletes DAG runs, task
    instances, logs, XComs, jobs and the rest older than `retention_days`, so the metadata
    database stops growing. Off by default."""

    enabled: bool = False
    retention_days: Int = Field(
        default=90, ge=1, le=36500, description="Rows older than this many days are deleted."
    )
    skip_archive: bool = Field(
        default=False,
        description="Delete for good; by default Airflow first copies the rows into "
        "`_airflow_deleted__<table>__<time>` archive tables (drop them with `airflow db "
        "drop-archived`).",
    )
    tables: list[CleanTable] = Field(
        default_factory=empty_list, description="Clean only these tables; default every table."
    )


class CleanupPodsProps(ScheduledProps):
    """With the KubernetesExecutor, a CronJob `<prefix>-cleanup-pods` running `airflow kubernetes
    cleanup-pods`: deletes the task pods the executor left behind (failed ones, which it keeps
    for debugging, and any it lost track of, e.g. across a scheduler restart)."""

    enabled: bool = Field(default=True, description="Only with the KubernetesExecutor.")
    schedule: CronSchedule = Field(
        default="*/15 * * * *",
        description="Cron schedule: five fields (minute hour day-of-month month day-of-week) or "
        "a macro such as @hourly or @daily.",
    )
