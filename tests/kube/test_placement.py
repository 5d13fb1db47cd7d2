"""Production placement: disruption budgets and spread of the replicated roles."""

from __future__ import annotations

from typing import Any

from tests.conftest import synth, synth_props

REPLICATED = ("api-server", "scheduler", "dag-processor", "triggerer", "worker")


def of_kind(docs: Any, kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def pod_spec(docs: Any, name: str) -> dict[str, Any]:
    workloads = {**of_kind(docs, "Deployment"), **of_kind(docs, "StatefulSet")}
    spec: dict[str, Any] = workloads[name]["spec"]["template"]["spec"]
    return spec


def test_every_replicated_role_has_a_budget_that_never_blocks_a_drain() -> None:
    budgets = of_kind(synth("default"), "PodDisruptionBudget")
    assert sorted(budgets) == sorted(f"airflow-{r}" for r in REPLICATED)
    for role in REPLICATED:
        spec = budgets[f"airflow-{role}"]["spec"]
        assert spec["maxUnavailable"] == 1 and "minAvailable" not in spec
        assert spec["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
        assert spec["selector"]["matchLabels"]["app.kubernetes.io/component"] == role


def test_budget_forms_and_opt_out() -> None:
    budgets = of_kind(synth("placement"), "PodDisruptionBudget")
    assert budgets["airflow-api-server"]["spec"]["minAvailable"] == 2
    assert "maxUnavailable" not in budgets["airflow-api-server"]["spec"]
    assert budgets["airflow-scheduler"]["spec"]["maxUnavailable"] == "50%"
    assert budgets["airflow-worker"]["spec"]["minAvailable"] == "75%"
    assert "airflow-triggerer" not in budgets


def test_soft_spread_is_the_default() -> None:
    spec = pod_spec(synth("default"), "airflow-worker")
    (constraint,) = spec["topologySpreadConstraints"]
    assert constraint["whenUnsatisfiable"] == "ScheduleAnyway"
    assert constraint["topologyKey"] == "kubernetes.io/hostname"
    assert constraint["maxSkew"] == 1
    (term,) = spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert term["podAffinityTerm"]["labelSelector"] == constraint["labelSelector"]
    assert constraint["labelSelector"]["matchLabels"]["app.kubernetes.io/component"] == "worker"
    for store in ("airflow-postgres", "airflow-rabbitmq"):
        assert "topologySpreadConstraints" not in pod_spec(synth("default"), store)


def test_the_users_affinity_is_kept_beside_the_preset() -> None:
    affinity = pod_spec(synth("placement"), "airflow-api-server")["affinity"]
    assert affinity["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    terms = affinity["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert [t["weight"] for t in terms] == [50, 100]
    # From pod_defaults too, and on a role whose preset is none it is left exactly as given.
    given = {"node_affinity": {"preferred_during_scheduling_ignored_during_execution": [
        {"weight": 7, "preference": {"match_expressions": [{"key": "k", "operator": "Exists"}]}}
    ]}}  # fmt: skip
    docs = synth_props(
        {"pod_defaults": {"affinity": given}, "scheduler": {"spread": {"preset": "none"}}}
    )
    scheduler = pod_spec(docs, "airflow-scheduler")
    assert list(scheduler["affinity"]) == ["nodeAffinity"]
    assert "topologySpreadConstraints" not in scheduler
    worker = pod_spec(docs, "airflow-worker")["affinity"]
    assert (
        worker["nodeAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]["weight"] == 7
    )
    assert worker["podAntiAffinity"]


def test_hard_spread_refuses_uneven_placement_without_required_anti_affinity() -> None:
    spec = pod_spec(synth("placement"), "airflow-scheduler")
    (constraint,) = spec["topologySpreadConstraints"]
    assert constraint["whenUnsatisfiable"] == "DoNotSchedule"
    assert constraint["topologyKey"] == "topology.kubernetes.io/zone"
    assert "affinity" not in spec
    assert "topologySpreadConstraints" not in pod_spec(synth("placement"), "airflow-triggerer")
