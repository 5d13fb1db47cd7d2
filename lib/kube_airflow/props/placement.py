"""How a replicated role's pods survive voluntary disruptions and spread over the nodes: a
PodDisruptionBudget, and topology spread with pod anti-affinity by preset."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import QualifiedName
from kube_airflow.props.model import INT32_MAX, Model

_PERCENT = re.compile(r"^(\d{1,3})%$")


def _pod_count(v: object) -> object:
    """One message for both forms (a union would report each member's failure)."""
    count = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= INT32_MAX
    match = _PERCENT.match(v) if isinstance(v, str) else None
    percent = match is not None and int(match[1]) <= 100
    if not (count or percent):
        raise ValueError(
            "must be a count of pods (0, 1, ...) or a whole percentage from 0% to 100%, e.g. 50%"
        )
    return v


# Kubernetes' IntOrString for a budget: pods, or a percentage of the role's replicas.
PodCount = Annotated[int | str, BeforeValidator(_pod_count)]


class DisruptionBudgetProps(Model):
    """The role's PodDisruptionBudget (policy/v1): how many of its pods a voluntary disruption
    (a node drain, the cluster autoscaler) may take at once. Give `max_unavailable` or
    `min_available`, not both. Unhealthy pods may always be evicted, so a crash-looping pod never
    blocks a drain."""

    enabled: bool = Field(default=True, description="Emit the PodDisruptionBudget.")
    max_unavailable: PodCount | None = Field(
        default=1,
        description="Pods (or percent of replicas) that may be down at once; the default 1 "
        "never blocks draining a node, even with one replica. Unset when min_available is given.",
    )
    min_available: PodCount | None = Field(
        default=None,
        description="Pods (or percent of replicas) that must stay up, instead of max_unavailable.",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_of_them(cls, v: Any) -> Any:
        """`min_available: 1` alone means that instead of the default max_unavailable."""
        if isinstance(v, dict) and "min_available" in v and "max_unavailable" not in v:
            return {**v, "max_unavailable": None}
        return v

    @model_validator(mode="after")
    def _exactly_one(self) -> DisruptionBudgetProps:
        given = [v for v in (self.max_unavailable, self.min_available) if v is not None]
        if self.enabled and len(given) != 1:
            message = (
                "give max_unavailable or min_available, not both: a PodDisruptionBudget takes one"
                if given
                else "give max_unavailable or min_available (or enabled: false)"
            )
            raise located([(("max_unavailable",), message, self.max_unavailable)])
        return self


class SpreadProps(Model):
    """Where the role's replicas go, relative to each other. `soft` (default) prefers one pod per
    `topology_key` domain (a topology spread constraint with ScheduleAnyway, and preferred pod
    anti-affinity) but still schedules when it cannot; `hard` refuses to place a replica where
    it would make the spread uneven by more than one (DoNotSchedule; a node without the
    `topology_key` label is then not eligible); `none` adds neither."""

    preset: Literal["soft", "hard", "none"] = Field(default="soft")
    topology_key: QualifiedName = Field(
        default="kubernetes.io/hostname",
        description="Node label whose values are the domains, e.g. topology.kubernetes.io/zone.",
    )
