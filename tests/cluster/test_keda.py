"""KEDA's loop on the real cluster (pytest marker `scale`): KEDA's operator, metrics API server and
admission webhooks run as pods in their own namespace (tests/cluster/addons.py, built by
build_keda.py), serve `external.metrics.k8s.io` through the API server's aggregation layer, and
scale the workers on the ScaledObject synth writes: the Celery work waiting in the metadata
database, read by KEDA's postgresql scaler through the NetworkPolicy that admits KEDA's operator.

One deployment scaled from zero workers and back, with the task logs on a logs volume (synth
refuses `min_replicas: 0` without a log store): twelve tasks of three minutes at once bring KEDA
to three workers; while they run, the maximum is lowered to one (as an operator shrinking the
pool does; KEDA's HPA removes the pods as when the queue drains), and the two workers removed
finish their tasks in Celery's warm shutdown; every task succeeds on its first try, and each
task's log is served after its worker is gone. PgBouncer is on, and is stopped while the run's
first task waits for a worker: KEDA's query bypasses it (the official chart's users report KEDA
failing through PgBouncer), so KEDA still reads the work and wakes a worker.

KEDA's polling interval, its cooldown and the HPA's scale-down window are short here (POLLING,
COOLDOWN) so the test sees every step; the defaults stay 30 s, 300 s and 300 s. With one worker
at least, KEDA's polling interval and cooldown do not apply (the HPA reads the metric), so synth
leaves them out: KEDA's admission webhook would warn on every apply otherwise, and deploy.apply
refuses any warning."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cluster import addons, deploy
from tests.cluster.conftest import TIMINGS
from tests.cluster.kube import Kube
from tests.cluster.test_logs import logs_claim
from tests.cluster.test_scale import NAMESPACE as _SCALE_NAMESPACE
from tests.cluster.test_scale import Scaled, deployed
from tests.cluster.test_tutorial import log_text

pytestmark = pytest.mark.scale

NAMESPACE = "kat-keda"
assert NAMESPACE != _SCALE_NAMESPACE
CONCURRENCY, MAX_WORKERS = 4, 3
POLLING, COOLDOWN = 10, 30
CLAIM = "kat-keda-logs"
KEDA = {
    "kind": "keda",
    "min_replicas": 0,
    "max_replicas": MAX_WORKERS,
    "polling_interval_seconds": POLLING,
    "cooldown_seconds": COOLDOWN,
    "scale_down_stabilization_seconds": COOLDOWN,
}
VALUES = {
    "workers": {"concurrency": CONCURRENCY, "autoscaling": KEDA},
    "logs": {"volume": {"claim": CLAIM}},
    "flower": {"enabled": False},
    "pgbouncer": {"enabled": True},
}
# Twelve sleeping tasks of three minutes at once: ceil(12 / 4) = 3 workers wanted, the maximum,
# and every task still running when the maximum is lowered.
TASKS, SECONDS = 12, 180
HPA = "keda-hpa-airflow-worker"
# The roles whose process stops when the metadata database goes away (Airflow's own choice;
# the kubelet restarts them): the api-server answers errors meanwhile and stays.
DATABASE_ROLES = ("scheduler", "dag-processor", "triggerer")


@pytest.fixture(scope="module")
def keda(kube: Kube, cluster_images: dict[str, str]) -> Iterator[None]:
    """KEDA running in its namespace for this module, removed after it (its CRDs stay, as the
    session's other deployments need them)."""
    if not kube.local:
        yield  # a user's cluster: KEDA is theirs
        return
    begin = time.monotonic()
    addons.start_keda(kube)
    TIMINGS["keda applied -> external metrics API Available"] = time.monotonic() - begin
    try:
        yield
    finally:
        addons.stop_keda(kube)


@pytest.fixture(scope="module")
def scaled(kube: Kube, keda: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scaled]:
    claim = {**logs_claim(), "metadata": {"name": CLAIM, "namespace": NAMESPACE}}
    work = Path(tmp_path_factory.mktemp("keda"))
    yield from deployed(kube, work, NAMESPACE, VALUES, "scale", before=[claim])


def test_keda_scales_from_zero_and_a_scale_down_lets_running_tasks_finish(
    scaled: Scaled,
) -> None:
    """From zero workers, twelve tasks queued at once: KEDA wakes the workers, its HPA asks for
    ceil(12 / 4) = 3; with every task running the maximum goes down to one, and the two removed
    workers finish their tasks before they stop; every task succeeds on its first try, every
    log is served once its worker is gone, and the workers come back to zero."""
    kube, before = scaled.kube, scaled.restarts()
    kube.wait_until("KEDA's HPA", lambda: _exists(kube, HPA), 120)
    kube.wait_until("zero workers", lambda: scaled.workers() == 0, 300)
    burst = time.monotonic()
    run_id = scaled.trigger(TASKS, SECONDS, busy=False)
    scaled.api.wait_for("the plan task queued", lambda: _planned(scaled, run_id), 120, every=1)
    restarted = _woken_without_pgbouncer(scaled, before)
    kube.wait_until("a worker ready", lambda: scaled.ready() > 0, 180, every=1)
    TIMINGS["keda: burst -> first worker ready (from zero, PgBouncer stopped)"] = (
        time.monotonic() - burst
    )
    wanted = min(MAX_WORKERS, math.ceil(TASKS / CONCURRENCY))
    kube.wait_until(
        f"KEDA to ask for {wanted} workers", lambda: scaled.wanted(hpa=HPA) == wanted, 120, every=1
    )
    TIMINGS["keda: burst -> workers wanted"] = time.monotonic() - burst
    running = scaled.api.wait_for(
        "every task running", lambda: _running_on(scaled, run_id), timeout=180, every=1
    )
    TIMINGS["keda: burst -> every task running"] = time.monotonic() - burst
    removed = {f"airflow-worker-{i}" for i in range(1, MAX_WORKERS)}
    in_flight = [ti for ti in running if ti["hostname"].split(".")[0] in removed]
    assert in_flight, f"no task on the workers to be removed: {running}"

    lowered = time.monotonic()
    patch = {"spec": {"maxReplicaCount": 1}}
    kube.run("patch", "scaledobject", "airflow-worker", "-n", NAMESPACE, "--type=merge",
             "-p", json.dumps(patch))  # fmt: skip
    kube.wait_until("one worker left", lambda: _pods(scaled) == 1, SECONDS + 120, every=1)
    TIMINGS["keda: maximum lowered with tasks running -> removed workers gone"] = (
        time.monotonic() - lowered
    )
    tasks = scaled.succeeded_first_try(run_id, TASKS)
    done = time.monotonic()
    kube.wait_until("zero workers again", lambda: _pods(scaled) == 0, 300, every=2)
    TIMINGS["keda: run finished -> back to zero workers"] = time.monotonic() - done
    for ti in tasks:  # every worker that ran a task is gone now
        log = scaled.api.get(
            f"/api/v2/dags/scale/dagRuns/{run_id}/taskInstances/work/logs/1"
            f"?map_index={ti['map_index']}"
        )
        assert f"task {ti['map_index']} worked {SECONDS} s" in log_text(log), log
    assert scaled.restarts() == restarted


def test_a_scaled_object_above_zero_draws_no_warning(
    kube: Kube, keda: None, tmp_path: Path
) -> None:
    """KEDA's admission webhook, asked by a server-side dry run, has nothing to say of the
    ScaledObject synth writes with one worker at least (no polling interval, no cooldown); it
    checks no target's existence for this trigger, so the namespace `default` serves."""
    values = {"workers": {"autoscaling": {**KEDA, "min_replicas": 1}}}
    dist = deploy.synthesize_values(tmp_path, values, "--namespace", "default")
    documents = [d for f in sorted(dist.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text())]
    scaled_object = next(d for d in documents if d and d["kind"] == "ScaledObject")
    assert "pollingInterval" not in scaled_object["spec"], scaled_object
    result = kube.run("apply", "--dry-run=server", "-f", "-", input=json.dumps(scaled_object))
    assert "Warning" not in result.stderr, result.stderr


def _woken_without_pgbouncer(scaled: Scaled, before: dict[str, int]) -> dict[str, int]:
    """With the run's first task (the one that maps the others) queued and no worker, PgBouncer
    is stopped (as in a restart, held long enough to be sure): KEDA's query goes to PostgreSQL
    itself, so KEDA still reads the one worker wanted and wakes it. The scheduler, dag-processor
    and triggerer may stop meanwhile and be restarted, no other container. Returns the restarts
    once those roles are ready again."""
    kube, away = scaled.kube, time.monotonic()
    kube.run("scale", "deployment", "airflow-pgbouncer", "-n", NAMESPACE, "--replicas=0")
    kube.wait_until("PgBouncer stopped", lambda: _pods(scaled, "pgbouncer") == 0, 120, every=1)
    stopped = time.monotonic()
    try:
        kube.wait_until(
            "KEDA's metric to read one worker wanted without PgBouncer",
            lambda: _metric(scaled) == 1,
            60,
            every=1,
        )
        kube.wait_until(
            "KEDA to wake a worker without PgBouncer", lambda: _replicas(scaled) > 0, 60, every=1
        )
        TIMINGS["keda: PgBouncer stopped -> KEDA reads the work, wakes a worker"] = (
            time.monotonic() - stopped
        )
    finally:
        kube.run("scale", "deployment", "airflow-pgbouncer", "-n", NAMESPACE, "--replicas=1")
    kube.wait_until("PgBouncer back", lambda: scaled.ready("pgbouncer") == 1, 120, every=1)
    TIMINGS["keda: PgBouncer away (stopped until ready again)"] = time.monotonic() - away
    for role in DATABASE_ROLES:
        kube.wait_until(f"the {role} ready", lambda role=role: scaled.ready(role) == 1, 300)
    restarted = scaled.restarts()
    print(f"\nrestarted while PgBouncer was away: {restarted or 'none'}")
    changed = {c for c, count in restarted.items() if count != before.get(c)}
    assert all(c.split("/")[1] in DATABASE_ROLES for c in changed), restarted
    return restarted


def _metric(scaled: Scaled) -> int:
    """The ScaledObject's metric as the HPA reads it, through the external metrics API."""
    kube = scaled.kube
    found = kube.json("get", "scaledobject", "airflow-worker", "-n", NAMESPACE)
    name = found["status"]["externalMetricNames"][0]
    selector = "scaledobject.keda.sh%2Fname%3Dairflow-worker"
    path = f"/apis/external.metrics.k8s.io/v1beta1/namespaces/{NAMESPACE}/{name}"
    value = json.loads(kube.run("get", "--raw", f"{path}?labelSelector={selector}").stdout)
    return int(float(value["items"][0]["value"]))


def _replicas(scaled: Scaled) -> int:
    found = scaled.kube.json("get", "statefulset", "airflow-worker", "-n", NAMESPACE)
    return int(found["spec"]["replicas"])


def _planned(scaled: Scaled, run_id: str) -> bool:
    found = scaled.api.get(f"/api/v2/dags/scale/dagRuns/{run_id}/taskInstances/plan")
    return bool(found["state"] == "queued")


def _running_on(scaled: Scaled, run_id: str) -> list[dict[str, Any]]:
    """The run's tasks when all of them run, on the three workers; else nothing."""
    tasks = scaled.work(run_id)
    hosts = {ti["hostname"].split(".")[0] for ti in tasks if ti["state"] == "running"}
    if len(tasks) == TASKS and all(ti["state"] == "running" for ti in tasks):
        return tasks if len(hosts) == MAX_WORKERS else []
    return []


def _pods(scaled: Scaled, component: str = "worker") -> int:
    """The component's pods, those stopping included (a removed worker still finishing its
    tasks)."""
    found = scaled.kube.json(
        "get", "pods", "-n", NAMESPACE, "-l", f"app.kubernetes.io/component={component}"
    )
    return len(found["items"])


def _exists(kube: Kube, hpa: str) -> bool:
    return kube.run("get", "hpa", hpa, "-n", NAMESPACE, check=False).returncode == 0
