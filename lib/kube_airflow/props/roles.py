"""The props of the Airflow roles: what each runs, how many, and where."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import (
    Resources,
    SecretKeyRef,
    resources,
)
from kube_airflow.props.model import INT32_MAX, INT64_MAX, Int, Line, Model, Word, one_line
from kube_airflow.props.placement import DisruptionBudgetProps, SpreadProps
from kube_airflow.props.pod_options import ComponentProps


class ReplicatedProps(ComponentProps):
    """A role that may run several replicas: its disruption budget and spread over the nodes."""

    replicas: Int
    pdb: DisruptionBudgetProps = Field(default_factory=DisruptionBudgetProps)
    spread: SpreadProps = Field(default_factory=SpreadProps)

    @model_validator(mode="after")
    def _budget_can_be_met(self) -> ReplicatedProps:
        wanted = self.pdb.min_available
        if self.pdb.enabled and isinstance(wanted, int) and wanted > self.replicas:
            message = (
                f"is more than replicas ({self.replicas}): the budget could never be met and "
                "would refuse every eviction; lower it, raise replicas, or use a percentage"
            )
            raise located([(("pdb", "min_available"), message, wanted)])
        return self


class ApiServerProps(ReplicatedProps):
    """The Airflow 3 api-server: UI, REST API and the execution API that tasks call."""

    replicas: Int = Field(
        default=1, ge=1, le=INT32_MAX, description="Pods behind the api-server Service."
    )
    resources: Resources = Field(default=resources("200m", "384Mi", "1", "1Gi"))


class SchedulerProps(ReplicatedProps):
    """The scheduler; Airflow 3 runs several active schedulers safely (row-level locks)."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX, description="Active schedulers.")
    resources: Resources = Field(default=resources("200m", "256Mi", "1", "768Mi"))


class DagProcessorProps(ReplicatedProps):
    """The standalone DAG processor, mandatory in Airflow 3."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "256Mi", "1", "768Mi"))


class TriggererProps(ReplicatedProps):
    """The triggerer, running deferred tasks; a StatefulSet so its log server is addressable."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "320Mi", "1", "1Gi"))


class WorkersProps(ReplicatedProps):
    """Celery workers: a StatefulSet whose headless Service lets the UI fetch task logs."""

    replicas: Int = Field(default=2, ge=0, le=INT32_MAX, description="Worker pods.")
    concurrency: Int = Field(default=4, ge=1, le=256, description="[celery] worker_concurrency.")
    termination_grace_period_seconds: Int = Field(
        default=600,
        ge=30,
        le=INT64_MAX,
        description="Time for Celery's warm shutdown to finish running tasks.",
    )
    resources: Resources = Field(default=resources("200m", "512Mi", "2", "1536Mi"))


class FlowerProps(ComponentProps):
    """Celery Flower, the worker dashboard (on by default, as in the original kube-airflow)."""

    enabled: bool = True
    basic_auth: SecretKeyRef | None = Field(
        default=None,
        description="Secret key holding `user:password` (pairs separated by commas) for HTTP "
        "basic auth; default generated as `flower:<random>` in the key flower-basic-auth.",
    )
    resources: Resources = Field(default=resources("50m", "192Mi", "500m", "512Mi"))


class TaskPodsProps(ComponentProps):
    """The pods the KubernetesExecutor starts, one per task: their pod template's options."""

    resources: Resources = Field(default=resources("100m", "384Mi", "1", "1Gi"))


class JobsProps(ComponentProps):
    """The one-shot Jobs (secrets bootstrap, migration, first user): where they run."""


class AdminUserProps(Model):
    """The first user, created by a Job with the FAB auth manager's CLI, idempotently."""

    enabled: bool = True
    # The lengths of the FAB auth manager's user table.
    username: Word = Field(default="admin", max_length=512)
    email: str = Field(default="admin@example.com", max_length=512)
    first_name: Line = Field(default="Airflow", max_length=256)
    last_name: Line = Field(default="Admin", max_length=256)
    role: Literal["Admin", "Op", "User", "Viewer", "Public"] = "Admin"
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        if not re.match(r"^[^@\s]+@[^@\s]+$", v) or not one_line(v):
            raise ValueError("must be an email address, name@host")
        return v
