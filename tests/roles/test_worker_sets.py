"""workers.sets: each set a pool of its own beside the default workers, inheriting what it leaves
out. Its queue's tasks running only on its pods, and its KEDA query in the real Postgres, are
checked in the scaling tier (tests/cluster/test_scale.py)."""

from __future__ import annotations

from typing import Any

import pytest

from kube_airflow.errors import UserError
from kube_airflow.props.values import load_props
from tests.conftest import synth_props
from tests.variants import VARIANTS

HIGHMEM = {"name": "highmem", "queues": ["highmem", "reports"], "concurrency": 2}


def _by(docs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def _pod(docs: list[dict[str, Any]], name: str) -> dict[str, Any]:
    spec: dict[str, Any] = _by(docs)[("StatefulSet", name)]["spec"]["template"]["spec"]
    return spec


def test_a_set_is_a_pool_of_its_own() -> None:
    """Its StatefulSet, headless Service, budget and policy under its own name and component:
    the default workers' selector does not take in its pods."""
    docs = synth_props({"workers": {"sets": [HIGHMEM]}})
    by = _by(docs)
    for kind in ("StatefulSet", "Service", "PodDisruptionBudget", "NetworkPolicy"):
        assert (kind, "airflow-worker-highmem") in by, kind
    own = by[("StatefulSet", "airflow-worker-highmem")]["spec"]
    default = by[("StatefulSet", "airflow-worker")]["spec"]
    assert own["serviceName"] == "airflow-worker-highmem"
    assert own["selector"]["matchLabels"]["app.kubernetes.io/component"] == "worker-highmem"
    labels = own["template"]["metadata"]["labels"]
    assert not set(default["selector"]["matchLabels"].items()) <= set(labels.items())
    (worker,) = [
        c for c in _pod(docs, "airflow-worker-highmem")["containers"] if c["name"] == "worker"
    ]
    assert worker["args"] == [
        "airflow", "celery", "worker", "--queues", "highmem,reports", "--concurrency", "2",
    ]  # fmt: skip
    (plain,) = [c for c in _pod(docs, "airflow-worker")["containers"] if c["name"] == "worker"]
    assert plain["args"] == ["airflow", "celery", "worker"]


def test_what_a_set_leaves_out_comes_from_workers() -> None:
    """A deep merge: resources key by key, lists replaced; its own replicas drop an inherited
    autoscaler."""
    workers = {
        "concurrency": 8,
        "resources": {"memory_limit": "2Gi"},
        "tolerations": [{"key": "a", "operator": "Exists"}],
        "node_selector": {"pool": "workers"},
        "autoscaling": {"kind": "hpa"},
        "sets": [
            {
                "name": "big",
                "queues": ["big"],
                "replicas": 3,
                "resources": {"memory_request": "1Gi"},
                "tolerations": [{"key": "b", "operator": "Exists"}],
            }
        ],
    }
    docs = synth_props({"workers": workers})
    pod = _pod(docs, "airflow-worker-big")
    (worker,) = [c for c in pod["containers"] if c["name"] == "worker"]
    assert worker["args"][-1] == "8"
    assert worker["resources"]["limits"]["memory"] == "2Gi"
    assert worker["resources"]["requests"]["memory"] == "1Gi"
    assert pod["tolerations"] == [{"key": "b", "operator": "Exists"}]
    assert pod["nodeSelector"] == {"pool": "workers"}
    assert _by(docs)[("StatefulSet", "airflow-worker-big")]["spec"]["replicas"] == 3
    hpas = [d["metadata"]["name"] for d in docs if d["kind"] == "HorizontalPodAutoscaler"]
    assert hpas == ["airflow-worker"]


def test_keda_counts_only_the_sets_queues() -> None:
    keda = {"kind": "keda"}
    docs = synth_props(
        {"workers": {"autoscaling": keda, "sets": [{**HIGHMEM, "autoscaling": keda}]}}
    )
    by = _by(docs)
    query = by[("ScaledObject", "airflow-worker-highmem")]["spec"]["triggers"][0]["metadata"]
    assert "/ 2)" in query["query"]
    assert "AND queue IN ('highmem', 'reports') AND" in query["query"]
    default = by[("ScaledObject", "airflow-worker")]["spec"]["triggers"][0]["metadata"]
    assert "AND queue = 'default' AND" in default["query"]
    assert ("TriggerAuthentication", "airflow-worker-highmem-database") in by
    # The operator's admission is written once for every pool.
    assert [n for k, n in by if k == "NetworkPolicy" and n.startswith("airflow-keda")] == [
        "airflow-keda-postgres"
    ]


def test_a_broker_trigger_per_queue() -> None:
    scaling = {"kind": "keda", "broker_queue": True}
    docs = synth_props({"workers": {"sets": [{**HIGHMEM, "autoscaling": scaling}]}})
    scaled = _by(docs)[("ScaledObject", "airflow-worker-highmem")]["spec"]["triggers"]
    queues = {t["name"]: t["metadata"]["queueName"] for t in scaled if t["type"] == "rabbitmq"}
    assert queues == {"broker-queue-1": "highmem", "broker-queue-2": "reports"}
    assert ("ConfigMap", "airflow-worker-highmem-autoscaling") in _by(docs)


def test_the_policies_treat_a_set_as_workers() -> None:
    """The api-server may fetch its logs; it reaches the broker and the execution API."""
    by = _by(synth_props({"workers": {"sets": [HIGHMEM]}}))
    own = by[("NetworkPolicy", "airflow-worker-highmem")]["spec"]
    assert own["ingress"][0]["ports"] == [{"port": 8793, "protocol": "TCP"}]
    assert (
        own["ingress"][0]["from"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
        == "api-server"
    )
    for name in ("airflow-egress-broker", "airflow-egress-execution-api", "airflow-egress-dns"):
        spec = by[("NetworkPolicy", name)]["spec"]
        roles = [e["values"] for e in spec["podSelector"].get("matchExpressions", [])]
        assert not roles or "worker-highmem" in roles[0], name
    logs = by[("NetworkPolicy", "airflow-egress-worker-logs")]["spec"]["egress"][0]["to"]
    components = [p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in logs]
    assert components == ["worker", "worker-highmem"]
    broker = by[("NetworkPolicy", "airflow-rabbitmq")]["spec"]["ingress"][0]["from"]
    allowed = [p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in broker]
    assert "worker-highmem" in allowed


def test_no_sets_no_change() -> None:
    """Without sets the output is what it was: no object names a set."""
    docs = synth_props({})
    assert not [d for d in docs if d["metadata"]["name"].startswith("airflow-worker-")]


@pytest.mark.parametrize(
    ("sets", "expected"),
    [
        ([{"name": "a", "queues": []}], "workers.sets.0.queues: List should have at least 1 item"),
        ([{"name": "a", "queues": ["default"]}], "the default workers serve queue 'default' too"),
        (
            [{"name": "a", "queues": ["x"]}, {"name": "b", "queues": ["x"]}],
            "workers.sets.0.queues: set 'b' serves queue 'x' too",
        ),
        (
            [{"name": "a", "queues": ["x"]}, {"name": "a", "queues": ["y"]}],
            "names a more than once",
        ),
        ([{"name": "a", "queues": ["x y"]}], "workers.sets.0.queues.0: must be a queue name"),
        ([{"name": "Big", "queues": ["x"]}], "workers.sets.0.name: a worker set's name 'Big'"),
        (
            [{"name": "a" * 40, "queues": ["x"]}],
            "workers.sets.0.name: makes the StatefulSet 'airflow-worker-aaaa",
        ),
        (
            [{"name": "a", "queues": ["x"], "replicas": 1, "autoscaling": {"kind": "hpa"}}],
            "workers.sets.0.replicas: is set, but autoscaling.kind 'hpa' decides",
        ),
        (
            [
                {
                    "name": "a",
                    "queues": ["x"],
                    "autoscaling": {"kind": "keda", "operator_namespace": "k"},
                }
            ],
            "workers.sets.0.autoscaling.operator_namespace: differs from the first pool",
        ),
    ],
)
def test_refused(sets: list[dict[str, Any]], expected: str) -> None:
    workers = (
        {"sets": sets, "autoscaling": {"kind": "keda"}} if "keda" in str(sets) else {"sets": sets}
    )
    with pytest.raises(UserError, match=None) as refused:
        synth_props({"workers": workers})
    assert expected in str(refused.value), str(refused.value)


def test_a_shared_queue_when_said() -> None:
    sets = [
        {"name": "a", "queues": ["x"], "share_queues": True},
        {"name": "b", "queues": ["x"], "share_queues": True},
    ]
    by = _by(synth_props({"workers": {"sets": sets}}))
    assert ("StatefulSet", "airflow-worker-a") in by and ("StatefulSet", "airflow-worker-b") in by


@pytest.mark.parametrize(
    "workers",
    [
        VARIANTS["worker-sets"]["workers"],
        # A fixed set beside autoscaled workers, and one refining their autoscaler.
        {
            "autoscaling": {"kind": "keda", "max_replicas": 6},
            "sets": [
                {"name": "a", "queues": ["a"], "replicas": 1},
                {"name": "b", "queues": ["b"], "autoscaling": {"max_replicas": 2}},
                {"name": "c", "queues": ["c"], "autoscaling": {"kind": "hpa"}},
            ],
        },
    ],
)
def test_sets_survive_a_dump(workers: dict[str, Any]) -> None:
    """Props given back as dumped (as `Airflow` takes an AirflowProps, and as users copy props)
    are the same: a dumped set names every option, its autoscaler's kind too."""
    props = load_props({"workers": workers})
    again = load_props(props.model_dump(warnings=False))
    assert again.workers.sets == props.workers.sets
    assert load_props(props.model_dump(exclude_unset=True)).workers.sets == props.workers.sets


def test_a_set_refines_the_inherited_autoscaler() -> None:
    workers = {
        "autoscaling": {"kind": "keda", "max_replicas": 6, "cooldown_seconds": 60},
        "sets": [{"name": "b", "queues": ["b"], "autoscaling": {"max_replicas": 2}}],
    }
    (own,) = load_props({"workers": workers}).workers.sets
    assert own.autoscaling.kind == "keda"
    assert (own.autoscaling.max_replicas, own.autoscaling.cooldown_seconds) == (2, 60)
