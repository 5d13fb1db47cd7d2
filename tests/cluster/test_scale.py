"""The autoscalers driven on the real cluster (pytest marker `scale`, `make test-scale`), through
metrics-server (tests/cluster/addons/): the workers' HPA on CPU-bound tasks of the scaling DAG
(tests/cluster/dags/scale.py), up and back down without losing a task; the api-server's HPA on
load on the REST API, up and back down without a failed request; and a worker set beside the
default workers, whose queue's tasks run only on its pods and whose KEDA query, run in the real
Postgres, counts only its queue's work.

The stabilization windows are short here (30 s, `scale_down_stabilization_seconds`) so the test
sees the scale-down; the default stays Kubernetes' 300 s."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import addons, cluster, deploy
from tests.cluster.airflow_api import TRANSIENT, AirflowApi
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE_DRILLS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import finished, now, sql
from tests.conftest import synth_props

pytestmark = pytest.mark.scale

NAMESPACE = "kat-scale"
MAX_WORKERS = 3
STABILIZATION = 30
# The HPA variant: one worker until CPU says more, at most three; 50% of the 200m request.
HPA = {
    "kind": "hpa",
    "min_replicas": 1,
    "max_replicas": MAX_WORKERS,
    "cpu_utilization": 50,
    "scale_down_stabilization_seconds": STABILIZATION,
}
# The api-server's: one until the REST API's load says more, at most two (this is one node).
API_HPA = {**HPA, "max_replicas": 2}
# What the clients ask: the DAG list, a read of the database and a JSON body to build.
API_PATH = "/api/v2/dags?limit=100"
# A worker set beside them serving the queue `highmem`: one pod of two slots, small requests so
# it fits beside three workers and two api-servers on one node.
HIGHMEM = {
    "name": "highmem",
    "queues": ["highmem"],
    "replicas": 1,
    "concurrency": 2,
    "resources": {"cpu_request": "50m", "memory_request": "384Mi"},
}
# Six CPU-bound tasks of 90 s: one worker (concurrency 4) takes four and leaves two queued, so a
# worker the HPA adds has work waiting.
TASKS, SECONDS = 6, 90


@dataclass
class Scaled:
    kube: Kube
    api: AirflowApi
    namespace: str = NAMESPACE

    def succeeded_first_try(self, run_id: str, count: int) -> list[dict[str, Any]]:
        """Waits for the scale DAG's run; its `count` tasks, each a success on its first try."""
        state = self.api.wait_for(
            "the run to finish", lambda: finished(self.api, run_id, "scale"), timeout=900
        )
        tasks = self.work(run_id)
        assert state == "success", tasks
        assert len(tasks) == count and all(ti["try_number"] == 1 for ti in tasks), tasks
        return tasks

    def pods(self, component: str) -> list[dict[str, Any]]:
        """The component's pods that are not being deleted."""
        pods: list[dict[str, Any]] = self.kube.json(
            "get", "pods", "-n", self.namespace, "-l", f"app.kubernetes.io/component={component}"
        )["items"]
        return [p for p in pods if not p["metadata"].get("deletionTimestamp")]

    def workers(self, component: str = "worker") -> int:
        return len(self.pods(component))

    def ready(self, component: str = "worker") -> int:
        """The component's pods that are ready and not being deleted."""
        return sum(
            1
            for p in self.pods(component)
            if any(
                c["type"] == "Ready" and c["status"] == "True"
                for c in p["status"].get("conditions", [])
            )
        )

    def wanted(self, component: str = "worker", hpa: str = "") -> int:
        """The replicas the component's HPA (or the HPA `hpa`) last asked for."""
        found = self.kube.json("get", "hpa", hpa or f"airflow-{component}", "-n", self.namespace)
        return int(found["status"].get("desiredReplicas", 0))

    def rescales(self, component: str = "worker") -> str:
        """The HPA's rescale events so far, as their messages (`New size: 3; reason: ...`)."""
        rescaled = (
            "involvedObject.kind=HorizontalPodAutoscaler,reason=SuccessfulRescale,"
            f"involvedObject.name=airflow-{component}"
        )
        events = self.kube.json("get", "events", "-n", self.namespace, "--field-selector", rescaled)
        return "; ".join(e["message"] for e in events["items"]) or "none"

    def restarts(self) -> dict[str, int]:
        return self.kube.restarts(self.namespace)

    def trigger(self, tasks: int, seconds: int, busy: bool) -> str:
        conf = {"tasks": tasks, "seconds": seconds, "busy": busy}
        body = {"logical_date": now(), "conf": conf}
        return str(self.api.post("/api/v2/dags/scale/dagRuns", body)["dag_run_id"])

    def work(self, run_id: str) -> list[dict[str, Any]]:
        found = self.api.get(f"/api/v2/dags/scale/dagRuns/{run_id}/taskInstances?limit=100")
        return [ti for ti in found["task_instances"] if ti["task_id"] == "work"]


@dataclass
class Load:
    """Clients of the REST API through its Service: `clients` threads, each sending one GET
    after another, `pause` seconds apart. Every answer but 200 and every failed connection is
    kept, with when it happened."""

    api: AirflowApi
    clients: int
    pause: float
    sent: int = 0
    failures: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        for _ in range(self.clients):
            thread = threading.Thread(target=self._client, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _client(self) -> None:
        while not self._stop.is_set():
            try:
                status, failure = self.api.status("GET", API_PATH), ""
            except TRANSIENT as error:
                status, failure = 0, f"{type(error).__name__}: {error}"
            with self._lock:
                self.sent += 1
                if status != 200:
                    self.failures.append(f"{time.strftime('%H:%M:%S')} {status} {failure}")
            self._stop.wait(self.pause)

    def stop(self) -> Load:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)
        return self


@pytest.fixture(scope="module")
def scaled(
    kube: Kube, cluster_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scaled]:
    if kube.local:
        begin = time.monotonic()
        addons.start_metrics_server(kube)
        TIMINGS["metrics-server applied -> every node reporting"] = time.monotonic() - begin
    values = {
        "workers": {"autoscaling": HPA, "sets": [HIGHMEM]},
        "api_server": {"autoscaling": API_HPA},
        "flower": {"enabled": False},
    }
    work = Path(tmp_path_factory.mktemp("scale"))
    yield from deployed(kube, work, NAMESPACE, values, "scale", "queues")


def deployed(
    kube: Kube,
    work: Path,
    namespace: str,
    values: dict[str, Any],
    *dag_ids: str,
    before: Sequence[dict[str, Any]] = (),
) -> Iterator[Scaled]:
    """The drills' image deployed with `values` into a fresh `namespace`, converged, with the
    DAGs `dag_ids` unpaused; `before`: objects the user has there first (a claim). The namespace
    is deleted after."""
    kube.delete_namespace(namespace)
    if kube.local:
        cluster.recycle_volumes()
    if before:
        kube.run("create", "namespace", namespace, "--save-config")
        kube.apply_list(list(before))
    dist = deploy.synthesize_values(
        work, values, *("--image", AIRFLOW_IMAGE_DRILLS, "--namespace", namespace)
    )
    deploy.apply(kube, dist)
    try:
        deploy.wait_converged(kube, namespace)
        yield Scaled(kube, deploy.admin_api(kube, namespace, *dag_ids), namespace)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, namespace)}") from error
    finally:
        kube.delete_namespace(namespace)


def test_hpa_adds_workers_on_cpu_and_removes_them_without_loss(scaled: Scaled) -> None:
    """CPU-bound tasks drive the HPA from one worker up; when they are done it comes back to
    one after its stabilization window, and every task succeeded on its first try."""
    kube, before = scaled.kube, scaled.restarts()
    kube.wait_until("the HPA at its minimum", lambda: scaled.wanted() == 1, 300)
    # Starting workers burn CPU importing Airflow: what the HPA made of that, before any task.
    FIGURES["hpa: rescales while the workers started (before any task)"] = scaled.rescales()
    run_id = scaled.trigger(TASKS, SECONDS, busy=True)
    scaled.api.wait_for(
        "the first tasks running",
        lambda: any(ti["state"] == "running" for ti in scaled.work(run_id)),
        timeout=300,
        every=1,
    )
    busy = time.monotonic()
    kube.wait_until("the HPA to add a worker", lambda: scaled.wanted() > 1, 180, every=1)
    TIMINGS["hpa: tasks burning CPU -> a worker added"] = time.monotonic() - busy
    kube.wait_until("a second worker pod", lambda: scaled.workers() > 1, 120, every=1)
    tasks = scaled.succeeded_first_try(run_id, TASKS)
    done = time.monotonic()
    hosts = {ti["hostname"] for ti in tasks}
    FIGURES["hpa: workers that ran the six CPU-bound tasks"] = str(len(hosts))
    kube.wait_until("the HPA back at one worker", lambda: scaled.wanted() == 1, 300, every=2)
    kube.wait_until("one worker pod left", lambda: scaled.workers() == 1, 660, every=2)
    TIMINGS["hpa: run finished -> back to one worker"] = time.monotonic() - done
    assert scaled.restarts() == before


def test_api_server_hpa_scales_on_rest_load_without_a_failed_request(scaled: Scaled) -> None:
    """Clients of the REST API drive the api-server's HPA from one pod to two. Then, with the
    load still on, the HPA's maximum goes back to one, so it removes a pod that is busy serving
    (the hardest case for a drain); with a light load, and its maximum two again, it is back at
    one after its window. No request fails on the way: a new pod gets requests once ready, a
    stopping one finishes what
    it has."""
    kube, before = scaled.kube, scaled.restarts()
    hpa = ("hpa", "airflow-api-server", "-n", NAMESPACE)
    kube.wait_until(
        "the api-server's HPA at its minimum", lambda: scaled.wanted("api-server") == 1, 300
    )
    FIGURES["api-server hpa: rescales while it started (before any load)"] = scaled.rescales(
        "api-server"
    )
    light = Load(scaled.api, clients=1, pause=0.5)
    heavy = Load(scaled.api, clients=6, pause=0)
    try:
        loaded = time.monotonic()
        kube.wait_until(
            "the HPA to add an api-server", lambda: scaled.wanted("api-server") > 1, 300, every=1
        )
        TIMINGS["api-server hpa: REST load -> a second api-server wanted"] = (
            time.monotonic() - loaded
        )
        kube.wait_until(
            "a second api-server ready", lambda: scaled.ready("api-server") == 2, 300, every=1
        )
        time.sleep(20)  # both serve: some of the load reaches the new pod
        kube.run("patch", *hpa, "--type=merge", "-p", '{"spec":{"maxReplicas":1}}')
        kube.wait_until(
            "one api-server left under load", lambda: scaled.workers("api-server") == 1, 180
        )
        time.sleep(15)  # the stopping pod's drain and shutdown, under the full load
    finally:
        heavy.stop()
        kube.run("patch", *hpa, "--type=merge", "-p", '{"spec":{"maxReplicas":2}}')
    try:
        # The HPA may first add the pod back on the CPU of the last heavy minute; under the
        # light load it comes back to one after its window, and that pod drains too.
        eased = time.monotonic()
        kube.wait_until(
            "the HPA back at one api-server", lambda: scaled.wanted("api-server") == 1, 300, every=2
        )
        kube.wait_until(
            "one api-server pod left", lambda: scaled.workers("api-server") == 1, 180, every=1
        )
        time.sleep(15)
        TIMINGS["api-server hpa: load eased -> one api-server"] = time.monotonic() - eased
    finally:
        light.stop()
    FIGURES["api-server hpa: requests during the scale-up and down"] = (
        f"{heavy.sent + light.sent}, failed {len(heavy.failures) + len(light.failures)}"
    )
    assert heavy.failures == [] and light.failures == [], (heavy.failures + light.failures)[:20]
    assert heavy.sent > 100 and light.sent > 10, (heavy.sent, light.sent)
    assert scaled.restarts() == before


def keda_queries() -> dict[str, str]:
    """The queries of the ScaledObjects of the default workers and the highmem set, as synth
    writes them for this deployment with KEDA on both."""
    keda = {"kind": "keda"}
    highmem = {k: v for k, v in HIGHMEM.items() if k != "replicas"}
    workers = {"autoscaling": keda, "sets": [{**highmem, "autoscaling": keda}]}
    docs = synth_props({"namespace": NAMESPACE, "workers": workers})
    return {
        d["metadata"]["name"]: d["spec"]["triggers"][0]["metadata"]["query"]
        for d in docs
        if d["kind"] == "ScaledObject"
    }


def test_a_worker_set_serves_only_its_queue(scaled: Scaled) -> None:
    """Five sleeping tasks on the queue `highmem` and two on the default queue: the set's pod
    runs two at a time (its concurrency) and never a default one, the default workers never a
    highmem one. While they hold still, each pool's KEDA query, run in the real Postgres, counts
    only its own queue: ceil(5 / 2) = 3 for the set, ceil(2 / 4) = 1 for the default workers
    (counting both queues would give 4 and 2)."""
    api, queries = scaled.api, keda_queries()
    body = {"logical_date": now(), "conf": {"default": 2, "highmem": 5, "seconds": 30}}
    run_id = str(api.post("/api/v2/dags/queues/dagRuns", body)["dag_run_id"])

    def states() -> dict[str, list[str]]:
        found = api.get(f"/api/v2/dags/queues/dagRuns/{run_id}/taskInstances?limit=100")
        by_task: dict[str, list[str]] = {"on_default": [], "on_highmem": []}
        for ti in found["task_instances"]:
            by_task.get(ti["task_id"], []).append(ti["state"])
        return by_task

    def holding_still() -> bool:
        now_states = states()
        highmem, default = now_states["on_highmem"], now_states["on_default"]
        return (
            highmem.count("running") == 2
            and highmem.count("queued") == 3
            and default.count("running") == 2
        )

    api.wait_for("two highmem tasks running, three queued", holding_still, timeout=240, every=1)
    counted = {name: int(sql(scaled.kube, NAMESPACE, query)) for name, query in queries.items()}
    assert counted == {"airflow-worker": 1, "airflow-worker-highmem": 3}, (counted, states())
    state = api.wait_for("the run to finish", lambda: finished(api, run_id, "queues"), timeout=600)
    tis = api.get(f"/api/v2/dags/queues/dagRuns/{run_id}/taskInstances?limit=100")
    hosts = {
        task: {ti["hostname"] for ti in tis["task_instances"] if ti["task_id"] == task}
        for task in ("on_default", "on_highmem")
    }
    assert state == "success", tis
    assert hosts["on_highmem"] and all(
        h.startswith("airflow-worker-highmem-") for h in hosts["on_highmem"]
    ), hosts
    assert hosts["on_default"] and not any(
        h.startswith("airflow-worker-highmem-") for h in hosts["on_default"]
    ), hosts
    FIGURES["worker set: hosts of the highmem and default tasks"] = str(hosts)
