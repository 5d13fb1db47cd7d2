"""Where pods run and how many may go at once (see props/placement.py and props/affinity.py): a
replicated role's PodDisruptionBudget, its spread over the nodes, and the typed affinity as
Kubernetes objects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from cdk8s_plus_27 import k8s

from kube_airflow.kube.specs import int_value
from kube_airflow.props.affinity import (
    Affinity,
    LabelSelector,
    NodeSelectorTerm,
    PodAffinity,
    PodAffinityTerm,
    WeightedPodAffinityTerm,
)

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names
    from kube_airflow.props import PodOptions
    from kube_airflow.props.placement import DisruptionBudgetProps, SpreadProps

# Any props type with pod options: spread() returns the type it is given.
Options = TypeVar("Options", bound="PodOptions")

# Strong enough to outweigh the scheduler's default scoring, still only a preference.
ANTI_AFFINITY_WEIGHT = 100


def _int_or_string(value: int | str | None) -> k8s.IntOrString | None:
    if value is None:
        return None
    if isinstance(value, int):
        return int_value(value)
    return k8s.IntOrString.from_string(value)  # a percentage, not a port's name


def disruption_budget(
    scope: Construct, names: Names, component: str, budget: DisruptionBudgetProps
) -> k8s.KubePodDisruptionBudget | None:
    """PodDisruptionBudget `<prefix>-<component>` over the role's pods, unless disabled."""
    if not budget.enabled:
        return None
    return k8s.KubePodDisruptionBudget(
        scope,
        "pdb",
        metadata=names.meta(component),
        spec=k8s.PodDisruptionBudgetSpec(
            selector=k8s.LabelSelector(match_labels=names.selector(component)),
            max_unavailable=_int_or_string(budget.max_unavailable),
            min_available=_int_or_string(budget.min_available),
            # A pod that is not ready protects nothing: evicting it must not wait for the
            # budget, or one crash-looping replica blocks every node drain.
            unhealthy_pod_eviction_policy="AlwaysAllow",
        ),
    )


def spread(
    options: Options, selector: dict[str, str], props: SpreadProps
) -> tuple[Options, list[k8s.TopologySpreadConstraint]]:
    """The pod options with the preset's anti-affinity added to the user's own (whose terms all
    stay), and the topology spread constraints of the preset."""
    if props.preset == "none":
        return options, []
    constraint = k8s.TopologySpreadConstraint(
        max_skew=1,
        topology_key=props.topology_key,
        when_unsatisfiable="DoNotSchedule" if props.preset == "hard" else "ScheduleAnyway",
        label_selector=k8s.LabelSelector(match_labels=selector),
    )
    if props.preset == "hard":
        # Not required anti-affinity: that would leave a replica Pending whenever there are
        # more replicas than domains, where a skew of one still places it.
        return options, [constraint]
    term = WeightedPodAffinityTerm(
        weight=ANTI_AFFINITY_WEIGHT,
        pod_affinity_term=PodAffinityTerm(
            label_selector=LabelSelector(match_labels=selector), topology_key=props.topology_key
        ),
    )
    return options.model_copy(update={"affinity": _with_preferred_anti(options.affinity, term)}), [
        constraint
    ]


def _with_preferred_anti(given: Affinity | None, term: WeightedPodAffinityTerm) -> Affinity:
    affinity = given or Affinity()
    anti = affinity.pod_anti_affinity or PodAffinity()
    preferred = [*anti.preferred_during_scheduling_ignored_during_execution, term]
    anti = anti.model_copy(
        update={"preferred_during_scheduling_ignored_during_execution": preferred}
    )
    return affinity.model_copy(update={"pod_anti_affinity": anti})


def affinity(a: Affinity | None) -> k8s.Affinity | None:
    if a is None:
        return None
    node = a.node_affinity
    return k8s.Affinity(
        node_affinity=k8s.NodeAffinity(
            required_during_scheduling_ignored_during_execution=k8s.NodeSelector(
                node_selector_terms=[
                    _node_term(t) for t in node.required_during_scheduling_ignored_during_execution
                ]
            )
            if node.required_during_scheduling_ignored_during_execution
            else None,
            preferred_during_scheduling_ignored_during_execution=[
                k8s.PreferredSchedulingTerm(weight=p.weight, preference=_node_term(p.preference))
                for p in node.preferred_during_scheduling_ignored_during_execution
            ]
            or None,
        )
        if node
        else None,
        pod_affinity=_pod_affinity(a.pod_affinity, k8s.PodAffinity),
        pod_anti_affinity=_pod_affinity(a.pod_anti_affinity, k8s.PodAntiAffinity),
    )


def _node_term(t: NodeSelectorTerm) -> k8s.NodeSelectorTerm:
    return k8s.NodeSelectorTerm(
        match_expressions=[
            k8s.NodeSelectorRequirement(key=r.key, operator=r.operator, values=r.values or None)
            for r in t.match_expressions
        ]
    )


def _selector(s: LabelSelector) -> k8s.LabelSelector:
    return k8s.LabelSelector(
        match_labels=s.match_labels or None,
        match_expressions=[
            k8s.LabelSelectorRequirement(key=r.key, operator=r.operator, values=r.values or None)
            for r in s.match_expressions
        ]
        or None,
    )


def _pod_affinity(a: PodAffinity | None, kind: Any) -> Any:
    if a is None:
        return None

    def term(t: Any) -> k8s.PodAffinityTerm:
        return k8s.PodAffinityTerm(
            label_selector=_selector(t.label_selector),
            topology_key=t.topology_key,
            namespaces=t.namespaces or None,
        )

    return kind(
        required_during_scheduling_ignored_during_execution=[
            term(t) for t in a.required_during_scheduling_ignored_during_execution
        ]
        or None,
        preferred_during_scheduling_ignored_during_execution=[
            k8s.WeightedPodAffinityTerm(
                weight=w.weight, pod_affinity_term=term(w.pod_affinity_term)
            )
            for w in a.preferred_during_scheduling_ignored_during_execution
        ]
        or None,
    )
