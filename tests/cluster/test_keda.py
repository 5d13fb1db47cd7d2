"""KEDA's loop on the real cluster (pytest marker `scale`): KEDA's operator, metrics API server and
admission webhooks run as pods in their own namespace (tests/cluster/addons.py, built by
build_keda.py), serve `external.metrics.k8s.io` through the API server's aggregation layer, and
scale the workers on the ScaledObject synth writes: the Celery work waiting in the metadata
database, read by KEDA's postgresql scaler through the NetworkPolicy that admits KEDA's operator.

The scale-down stabilization window is short here (STABILIZATION) so the test sees both
directions; the default stays Kubernetes' 300 s. With one worker at least, KEDA's own polling
interval and cooldown do not apply (the HPA reads the metric), so synth leaves them out: the
apply would otherwise draw a warning from KEDA's admission webhook, which deploy.apply refuses."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cluster import addons
from tests.cluster.conftest import TIMINGS
from tests.cluster.kube import Kube
from tests.cluster.test_scale import NAMESPACE as _SCALE_NAMESPACE
from tests.cluster.test_scale import Scaled, deployed

pytestmark = pytest.mark.scale

NAMESPACE = "kat-keda"
assert NAMESPACE != _SCALE_NAMESPACE
CONCURRENCY, MAX_WORKERS = 4, 3
STABILIZATION = 30
KEDA = {
    "kind": "keda",
    "min_replicas": 1,
    "max_replicas": MAX_WORKERS,
    "scale_down_stabilization_seconds": STABILIZATION,
}
# Twelve sleeping tasks of 40 s at once: ceil(12 / 4) = 3 workers wanted, the maximum.
TASKS, SECONDS = 12, 40


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
    values = {
        "workers": {"concurrency": CONCURRENCY, "autoscaling": KEDA},
        "flower": {"enabled": False},
    }
    yield from deployed(kube, Path(tmp_path_factory.mktemp("keda")), NAMESPACE, values, "scale")


def test_keda_adds_workers_for_waiting_tasks_and_removes_them_without_loss(
    scaled: Scaled,
) -> None:
    """Twelve tasks queued at once: KEDA's query counts them, its HPA asks for
    ceil(12 / 4) = 3 workers, the new workers take tasks, every task succeeds on its first try,
    and once the work is done the workers come back to one."""
    kube, before = scaled.kube, scaled.restarts()
    hpa = "keda-hpa-airflow-worker"
    kube.wait_until("KEDA's HPA", lambda: _exists(kube, hpa), 120)
    kube.wait_until("one worker", lambda: scaled.workers() == 1, 300)
    burst = time.monotonic()
    run_id = scaled.trigger(TASKS, SECONDS, busy=False)
    wanted = min(MAX_WORKERS, math.ceil(TASKS / CONCURRENCY))
    kube.wait_until(
        f"KEDA to ask for {wanted} workers", lambda: scaled.wanted(hpa=hpa) == wanted, 120, every=1
    )
    TIMINGS["keda: burst -> workers wanted"] = time.monotonic() - burst
    kube.wait_until("a second worker ready", lambda: scaled.ready() > 1, 120, every=1)
    TIMINGS["keda: burst -> first new worker ready"] = time.monotonic() - burst
    tasks = scaled.succeeded_first_try(run_id, TASKS)
    done = time.monotonic()
    assert len({ti["hostname"] for ti in tasks}) > 1, "the new workers took no task"
    kube.wait_until("one worker left", lambda: scaled.workers() == 1, 900, every=2)
    TIMINGS["keda: run finished -> back to one worker"] = time.monotonic() - done
    assert scaled.restarts() == before


def _exists(kube: Kube, hpa: str) -> bool:
    return kube.run("get", "hpa", hpa, "-n", NAMESPACE, check=False).returncode == 0
