"""The Celery workers' props: the default pool (`workers`) and the named worker sets beside it
(`workers.sets`), each serving its own queues with its own size, resources and placement, as the
official chart's `workers.celery.sets`. What a set leaves out is taken from `workers` (a deep
merge, lists replaced)."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, Field, field_validator, model_validator

from kube_airflow.props.autoscaling import Autoscaling, NoAutoscaling
from kube_airflow.props.kube import DiskProps, Resources, check_dns_label, disk, resources
from kube_airflow.props.model import INT32_MAX, INT64_MAX, Int, deep_merge, rule
from kube_airflow.props.roles import AutoscaledProps

# A Celery queue name as Airflow stores it (task_instance.queue, 256 characters) and as the
# worker's `--queues a,b` takes it: no comma, space or quote.
_QUEUE = re.compile(r"^[A-Za-z0-9_.:@-]{1,256}$")
Queue = Annotated[
    str,
    rule(
        lambda v: bool(_QUEUE.match(v)),
        "must be a queue name: letters, digits, '_', '.', ':', '@' or '-', at most 256",
    ),
]


def _each_once(queues: list[str]) -> list[str]:
    if len(set(queues)) != len(queues):
        raise ValueError("lists a queue twice")
    return queues


Queues = Annotated[list[Queue], AfterValidator(_each_once)]


class WorkerPoolProps(AutoscaledProps):
    """What the default workers and each worker set have: a StatefulSet of Celery workers whose
    headless Service lets the UI fetch task logs."""

    _pods: ClassVar[str] = "workers"

    replicas: Int = Field(
        default=2, ge=0, le=INT32_MAX, description="Worker pods, without autoscaling."
    )
    concurrency: Int = Field(default=4, ge=1, le=256, description="[celery] worker_concurrency.")
    termination_grace_period_seconds: Int = Field(
        default=600,
        ge=30,
        le=INT64_MAX,
        description="Time for Celery's warm shutdown to finish running tasks.",
    )
    resources: Resources = Field(default=resources("200m", "512Mi", "2", "1536Mi", "512Mi"))
    disk: DiskProps = Field(
        default=disk("1Gi", "4Gi"),
        description="Its scratch volumes, shared by its concurrent tasks: /tmp, their "
        "temporary files; logs, their logs, groomed.",
    )
    autoscaling: Annotated[Autoscaling, Field(discriminator="kind")] = Field(
        default_factory=NoAutoscaling,
        description="`kind: none` (replicas pods), `keda` (on queued and running tasks) or "
        "`hpa` (on CPU); with an autoscaler, it sets the replicas.",
    )


class WorkerSetProps(WorkerPoolProps):
    """A pool of workers beside the default one, serving only `queues`: StatefulSet, headless
    Service, NetworkPolicy, disruption budget and autoscaler `<prefix>-worker-<name>`. Every
    other option left out is the one of `workers`."""

    name: str = Field(
        description="Its objects are `<prefix>-worker-<name>`: a DNS label, short enough that "
        "the StatefulSet's name has at most 52 characters."
    )
    queues: Queues = Field(
        min_length=1,
        description="The Celery queues its workers consume (`airflow celery worker --queues`); "
        "a task picks one with its `queue` argument.",
    )
    share_queues: bool = Field(
        default=False,
        description="Let another pool (a set, or the default workers on `[operators] "
        "default_queue`) serve its queues too; refused otherwise, since a queue served by two "
        "pools runs on whichever takes it first.",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return check_dns_label(v, "a worker set's name")


class WorkersProps(WorkerPoolProps):
    """Celery workers: the default pool, serving `[operators] default_queue`, and `sets`."""

    sets: list[WorkerSetProps] = Field(
        default_factory=list,
        description="Worker sets beside the default workers, each serving its own queues: "
        "`name` (objects `<prefix>-worker-<name>`), `queues`, `share_queues` (false) and any "
        "option above, what a set leaves out being taken from these props (a deep merge, lists "
        "replaced). See the worker sets page.",
    )

    @model_validator(mode="before")
    @classmethod
    def _sets_inherit(cls, data: Any) -> Any:
        """Each set starts from the default workers' options and replaces what it gives."""
        if not isinstance(data, dict) or not isinstance(data.get("sets"), list):
            return data
        base = {k: _raw(v) for k, v in data.items() if k != "sets"}
        return {**data, "sets": [_inherit(base, own) for own in data["sets"]]}

    @field_validator("sets")
    @classmethod
    def _names_distinct(cls, v: list[WorkerSetProps]) -> list[WorkerSetProps]:
        seen = [s.name for s in v]
        if twice := sorted({n for n in seen if seen.count(n) > 1}):
            raise ValueError(f"names {', '.join(twice)} more than once: each set needs its own")
        return v


def _raw(value: Any) -> Any:
    """A value as the user gave it: a model (from Python) as the options it was given."""
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    return value


def _inherit(base: dict[str, Any], own: Any) -> Any:
    """The set's options over the default workers'. Who owns the count comes from the set when
    it says: its own replicas drop an inherited autoscaler, its own autoscaler inherited
    replicas."""
    own = _raw(own)
    if not isinstance(own, dict):
        return own  # the type error names the set
    merged = deep_merge(base, own)
    if _kind(own.get("autoscaling")) not in (None, _kind(base.get("autoscaling"))):
        merged["autoscaling"] = own["autoscaling"]  # another autoscaler: none of the base's options
    if "replicas" in own and "autoscaling" not in own:
        merged.pop("autoscaling", None)
    if "autoscaling" in own and "replicas" not in own:
        merged.pop("replicas", None)
    return merged


def _kind(autoscaling: Any) -> Any:
    """The autoscaler a raw `autoscaling` names; None when it names none (a set's options
    then refine the inherited autoscaler)."""
    autoscaling = _raw(autoscaling)
    return autoscaling.get("kind") if isinstance(autoscaling, dict) else None
