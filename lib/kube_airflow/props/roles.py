"""The props of the Airflow roles: what each runs, how many, and where."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from kube_airflow.errors import located
from kube_airflow.props.autoscaling import ApiServerAutoscaling, Autoscaling, NoAutoscaling
from kube_airflow.props.kube import (
    DiskProps,
    Resources,
    SecretKeyRef,
    disk,
    resources,
)
from kube_airflow.props.model import INT32_MAX, Int, Line, Model, Word, one_line
from kube_airflow.props.placement import DisruptionBudgetProps, SpreadProps
from kube_airflow.props.pod_options import ComponentProps


class ReplicatedProps(ComponentProps):
    """A role that may run several replicas: its disruption budget and spread over the nodes."""

    replicas: Int
    pdb: DisruptionBudgetProps = Field(default_factory=DisruptionBudgetProps)
    spread: SpreadProps = Field(default_factory=SpreadProps)

    @model_validator(mode="after")
    def _budget_can_be_met(self) -> ReplicatedProps:
        wanted, (fewest, name) = self.pdb.min_available, self.fewest_replicas
        if self.pdb.enabled and isinstance(wanted, int) and wanted > fewest:
            message = (
                f"is more than {name} ({fewest}): the budget could never be met and "
                f"would refuse every eviction; lower it, raise {name}, or use a percentage"
            )
            raise located([(("pdb", "min_available"), message, wanted)])
        return self

    @property
    def fewest_replicas(self) -> tuple[int, str]:
        """The fewest pods the role may run, and the prop that says so."""
        return self.replicas, "replicas"


class AutoscaledProps(ReplicatedProps):
    """A role whose replica count an autoscaler may own (`autoscaling`, of the subclass): then
    its workload states no replicas, or every `kubectl apply` would undo the scaling."""

    # The role's pods in the errors: "decides the number of workers".
    _pods: ClassVar[str] = "pods"
    # Each role narrows the kinds and says what its autoscaler scales on.
    autoscaling: Annotated[Autoscaling, Field(discriminator="kind")] = Field(
        default_factory=NoAutoscaling
    )

    @model_serializer(mode="wrap")
    def _replicas_unless_autoscaled(self, handler: SerializerFunctionWrapHandler) -> Any:
        """An autoscaler owns the count: a dump (a common way to copy props) leaves replicas
        out, or given back to the props it would be refused."""
        data = handler(self)
        # `model_copy(update=...)` may leave a plain dict here, unvalidated: dump it as it is.
        scaling = getattr(self, "autoscaling", None)
        if getattr(scaling, "kind", "none") != "none" and isinstance(data, dict):
            data.pop("replicas", None)
        return data

    @field_validator("autoscaling", mode="before")
    @classmethod
    def _kind_given(cls, v: object) -> object:
        """Which autoscaler cannot be guessed from its options: say what to write."""
        if isinstance(v, dict) and "kind" not in v:
            kinds = cls.model_fields["autoscaling"].annotation
            names = [repr(k.model_fields["kind"].default) for k in get_args(kinds)]
            listed = ", ".join(names[:-1]) + f" or {names[-1]}"
            raise ValueError(f"needs kind: {listed}, then that kind's options")
        return v

    @property
    def autoscaled(self) -> bool:
        return bool(self.autoscaling.kind != "none")

    @property
    def fewest_replicas(self) -> tuple[int, str]:
        scaling = self.autoscaling
        if isinstance(scaling, NoAutoscaling):
            return super().fewest_replicas
        return scaling.min_replicas, "autoscaling.min_replicas"

    @model_validator(mode="after")
    def _one_owner_of_replicas(self) -> AutoscaledProps:
        """The autoscaler owns the replica count; a fixed one beside it would be ignored."""
        kind = self.autoscaling.kind
        if kind != "none" and "replicas" in self.model_fields_set:
            message = (
                f"is set, but autoscaling.kind {kind!r} decides the number of {self._pods}: "
                "remove replicas and set autoscaling.min_replicas/max_replicas, or set "
                "autoscaling.kind: none"
            )
            raise located([(("replicas",), message, self.replicas)])
        return self


class ApiServerProps(AutoscaledProps):
    """The Airflow 3 api-server: UI, REST API and the execution API that tasks call."""

    _pods: ClassVar[str] = "api-servers"
    replicas: Int = Field(
        default=1,
        ge=1,
        le=INT32_MAX,
        description="Pods behind the api-server Service, without autoscaling.",
    )
    resources: Resources = Field(default=resources("200m", "384Mi", "1", "1Gi", "128Mi"))
    disk: DiskProps = Field(
        default=disk("256Mi", "64Mi"),
        description="Its scratch volumes: /tmp, with room for a bytecode cache; logs, which "
        "it only reads.",
    )
    autoscaling: Annotated[ApiServerAutoscaling, Field(discriminator="kind")] = Field(
        default_factory=NoAutoscaling,
        description="`kind: none` (replicas pods) or `hpa` (on CPU, the load of the UI, the "
        "REST API and the tasks' execution API); with an autoscaler, it sets the replicas.",
    )


class SchedulerProps(ReplicatedProps):
    """The scheduler; Airflow 3 runs several active schedulers safely (row-level locks)."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX, description="Active schedulers.")
    resources: Resources = Field(default=resources("200m", "256Mi", "1", "768Mi", "128Mi"))
    disk: DiskProps = Field(
        default=disk("256Mi", "64Mi"),
        description="Its scratch volumes: /tmp, with room for a bytecode cache; logs (it "
        "writes no log file).",
    )


class DagProcessorProps(ReplicatedProps):
    """The standalone DAG processor, mandatory in Airflow 3."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "256Mi", "1", "768Mi", "256Mi"))
    disk: DiskProps = Field(
        default=disk("256Mi", "1Gi"),
        description="Its scratch volumes: /tmp; logs, the DAG files' parsing logs, groomed.",
    )


class TriggererProps(ReplicatedProps):
    """The triggerer, running deferred tasks; a StatefulSet so its log server is addressable."""

    replicas: Int = Field(default=1, ge=1, le=INT32_MAX)
    resources: Resources = Field(default=resources("100m", "320Mi", "1", "1Gi", "256Mi"))
    disk: DiskProps = Field(
        default=disk("256Mi", "1Gi"),
        description="Its scratch volumes: /tmp; logs, the triggers' logs, groomed.",
    )


class FlowerProps(ComponentProps):
    """Celery Flower, the worker dashboard (on by default, as in the original kube-airflow)."""

    enabled: bool = True
    basic_auth: SecretKeyRef | None = Field(
        default=None,
        description="Secret key holding `user:password` (pairs separated by commas) for HTTP "
        "basic auth; default generated as `flower:<random>` in the key flower-basic-auth.",
    )
    resources: Resources = Field(default=resources("50m", "192Mi", "500m", "512Mi"))
    disk: DiskProps = Field(
        default=disk("64Mi", "64Mi"),
        description="Its scratch volumes (Flower writes neither).",
    )


class TaskPodsProps(ComponentProps):
    """The pods the KubernetesExecutor starts, one per task: their pod template's options."""

    resources: Resources = Field(default=resources("100m", "384Mi", "1", "1Gi", "256Mi"))
    disk: DiskProps = Field(
        default=disk("1Gi", "512Mi"),
        description="Its scratch volumes: /tmp, the task's temporary files; logs, its log.",
    )


class JobsProps(ComponentProps):
    """The one-shot Jobs (secrets bootstrap, migration, first user): where they run."""

    disk: DiskProps = Field(
        default=disk("64Mi", "64Mi"),
        description="Their scratch volumes (each Job writes neither).",
    )


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
