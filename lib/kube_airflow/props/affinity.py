"""Pod affinity, typed: the Kubernetes fields in snake_case, checked as the API server checks
them (an operator's values), so a bad term fails at synth, not at `kubectl apply`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import LabelValue, QualifiedName
from kube_airflow.props.model import Int, Model, empty_dict, empty_list

SetOperator = Literal["In", "NotIn", "Exists", "DoesNotExist"]


def _check_values(operator: str, values: list[str]) -> None:
    if operator in {"In", "NotIn"} and not values:
        raise located([(("values",), f"operator {operator} needs at least one value", values)])
    if operator in {"Exists", "DoesNotExist"} and values:
        raise located([(("values",), f"operator {operator} takes no values", values)])
    if operator in {"Gt", "Lt"} and (len(values) != 1 or not values[0].lstrip("-").isdigit()):
        raise located([(("values",), f"operator {operator} takes one integer", values)])


class LabelSelectorRequirement(Model):
    key: QualifiedName
    operator: SetOperator
    values: list[LabelValue] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _values(self) -> LabelSelectorRequirement:
        _check_values(self.operator, self.values)
        return self


class LabelSelector(Model):
    match_labels: dict[QualifiedName, LabelValue] = Field(default_factory=empty_dict)
    match_expressions: list[LabelSelectorRequirement] = Field(default_factory=empty_list)


class NodeSelectorRequirement(Model):
    key: QualifiedName
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]
    values: list[str] = Field(default_factory=empty_list)

    @model_validator(mode="after")
    def _values(self) -> NodeSelectorRequirement:
        _check_values(self.operator, self.values)
        return self


class NodeSelectorTerm(Model):
    match_expressions: list[NodeSelectorRequirement] = Field(min_length=1)


class PreferredSchedulingTerm(Model):
    weight: Int = Field(ge=1, le=100)
    preference: NodeSelectorTerm


class NodeAffinity(Model):
    required_during_scheduling_ignored_during_execution: list[NodeSelectorTerm] = Field(
        default_factory=empty_list, description="Terms ORed: a node must match one of them."
    )
    preferred_during_scheduling_ignored_during_execution: list[PreferredSchedulingTerm] = Field(
        default_factory=empty_list
    )


class PodAffinityTerm(Model):
    label_selector: LabelSelector
    topology_key: QualifiedName
    namespaces: list[str] = Field(default_factory=empty_list)


class WeightedPodAffinityTerm(Model):
    weight: Int = Field(ge=1, le=100)
    pod_affinity_term: PodAffinityTerm


class PodAffinity(Model):
    required_during_scheduling_ignored_during_execution: list[PodAffinityTerm] = Field(
        default_factory=empty_list
    )
    preferred_during_scheduling_ignored_during_execution: list[WeightedPodAffinityTerm] = Field(
        default_factory=empty_list
    )


class Affinity(Model):
    node_affinity: NodeAffinity | None = None
    pod_affinity: PodAffinity | None = None
    pod_anti_affinity: PodAffinity | None = None
