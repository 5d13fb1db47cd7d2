"""How a role scales: a fixed `replicas` (default) or a HorizontalPodAutoscaler on CPU, and for
the Celery workers also KEDA on the work waiting in the metadata database. Synthesis cannot see
whether KEDA or a metrics API is installed in the target cluster, so the choice is the user's."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import check_dns_label
from kube_airflow.props.model import INT32_MAX, Int, Model


class _Range(Model):
    """Replica bounds, shared by both autoscalers (their kind first in the reference)."""

    kind: str
    min_replicas: Int
    max_replicas: Int = Field(
        default=10, ge=1, le=INT32_MAX, description="Most pods the autoscaler runs."
    )
    scale_down_stabilization_seconds: Int = Field(
        default=300,
        ge=0,
        le=3600,
        description="The HorizontalPodAutoscaler's scale-down stabilization window: pods "
        "are removed only when fewer were wanted for this long (Kubernetes' 300 s by default; "
        "a stopping worker still finishes its running tasks, a stopping api-server its "
        "requests).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> _Range:
        if self.min_replicas > self.max_replicas:
            message = f"is more than max_replicas ({self.max_replicas}): raise max_replicas"
            raise located([(("min_replicas",), message, self.min_replicas)])
        return self


class NoAutoscaling(Model):
    """`replicas` pods, always."""

    kind: Literal["none"] = "none"


class KedaAutoscaling(_Range):
    """A KEDA ScaledObject on the workers' StatefulSet. Needs KEDA (2.13 or newer) installed in
    the cluster; its operator reads the metadata database (and the broker, with broker_queue)."""

    kind: Literal["keda"] = "keda"
    min_replicas: Int = Field(
        default=1,
        ge=0,
        le=INT32_MAX,
        description="Fewest worker pods; 0 lets KEDA stop every worker while no Celery task "
        "is queued or running (task logs must then be kept elsewhere than on the worker).",
    )
    cooldown_seconds: Int = Field(
        default=300,
        ge=0,
        le=INT32_MAX,
        description="KEDA's cooldownPeriod: how long no task must be waiting before the last "
        "workers are stopped. Used with min_replicas 0 only (above zero the "
        "HorizontalPodAutoscaler's scale_down_stabilization_seconds applies) and left out of the "
        "ScaledObject otherwise.",
    )
    polling_interval_seconds: Int = Field(
        default=30,
        ge=1,
        le=INT32_MAX,
        description="KEDA's pollingInterval: how often KEDA runs the trigger's query to wake "
        "the workers from zero. Used with min_replicas 0 only (above zero the "
        "HorizontalPodAutoscaler asks for the metric on its own sync period) and left out of the "
        "ScaledObject otherwise.",
    )
    broker_queue: bool = Field(
        default=False,
        description="Also scale on the length of the broker's queue (the rabbitmq or redis "
        "scaler, with the in-cluster broker's password): the larger of both wins.",
    )
    operator_namespace: str = Field(
        default="keda",
        description="Namespace of KEDA's operator, which the NetworkPolicies let reach the "
        "database (and broker) when network_policies is on.",
    )

    @field_validator("operator_namespace")
    @classmethod
    def _namespace(cls, v: str) -> str:
        return check_dns_label(v, "operator_namespace")


class HpaAutoscaling(_Range):
    """An autoscaling/v2 HorizontalPodAutoscaler on the pods' CPU use (metrics-server or
    another resource metrics API needed). For workers CPU says little about queued tasks: KEDA is
    closer."""

    kind: Literal["hpa"] = "hpa"
    min_replicas: Int = Field(
        default=1,
        ge=1,
        le=INT32_MAX,
        description="Fewest pods (an HPA cannot scale to zero; KEDA can).",
    )
    cpu_utilization: Int = Field(
        default=80,
        ge=1,
        le=1000,
        description="Target average CPU use, in percent of the pods' CPU request.",
    )


Autoscaling = NoAutoscaling | KedaAutoscaling | HpaAutoscaling
# The api-server has no queue for KEDA to read: its load shows as CPU.
ApiServerAutoscaling = NoAutoscaling | HpaAutoscaling
