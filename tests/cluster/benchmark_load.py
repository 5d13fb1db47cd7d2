"""`make benchmark-load` (not a test): many short tasks through the deployed default against the
bare stack with the same worker slots, then through the default with PgBouncer; one after the
other, on the cluster of `make cluster` (started when none runs).

The load: `--runs` runs of the test image's `scale` DAG (tests/cluster/dags/scale.py), each a
`plan` task and `--tasks` mapped `work` tasks of 0 s, triggered at once through the REST API and
waited for, `--repeats` times on each stack (the figures are the median load's: this machine is
noisy).
Both stacks run the same image (the drills') with two Celery workers of concurrency 4 (the
default's 8 slots; the bare stack is given the same) and Airflow's defaults otherwise. While the
load runs, a client asks the REST API what the UI's DAG page asks, once a second; Postgres is
asked how many connections it has, PgBouncer how many clients wait for one.

Printed, for each stack: throughput (task instances a minute, from the first run queued to the
last task ended) and its ratio to the bare stack's; queued-to-running latency, p50 and p95; each
container's peak memory during the load (its cgroup's high-water mark, reset when the load
starts; page cache included) against its limit; container restarts and OOM kills; the REST
requests and their 5xx (and refused connections); Postgres connections at peak; PgBouncer's
`cl_waiting` at peak.

    python -m tests.cluster.benchmark_load [--runs 50] [--tasks 10] [--repeats 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tests import figures
from tests.cluster import cluster, deploy
from tests.cluster.airflow_api import TRANSIENT, AirflowApi
from tests.cluster.benchmark_cold_start import running_bare_stack
from tests.cluster.images import AIRFLOW_IMAGE_DRILLS, build_and_load
from tests.cluster.kube import Kube
from tests.cluster.layout import ADMIN_KUBECONFIG, KUBECTL
from tests.cluster.load_stacks import Stack, bare_stack, kube_stack
from tests.cluster.test_tutorial import deploy_and_run_tutorial

DAG = "scale"
NAMESPACE = "kat-load"
# The default's slots: [celery] worker_concurrency 4 on each of two workers.
BARE_CONFIG = {"AIRFLOW__CELERY__WORKER_CONCURRENCY": "4"}
# What the UI's DAG page asks while it is open.
UI_REQUESTS = (
    "/api/v2/dags?limit=25",
    f"/api/v2/dags/{DAG}",
    f"/api/v2/dags/{DAG}/dagRuns?limit=25",
    f"/api/v2/dags/{DAG}/dagRuns/~/taskInstances?limit=50",
    "/api/v2/monitor/health",
)
CONNECTIONS = (
    "select count(*) from pg_stat_activity where datname = 'airflow' and pid <> pg_backend_pid()"
)


class Poller(threading.Thread):
    """Calls `sample()` every `every` seconds until stopped, keeping what it returns."""

    def __init__(self, sample: Callable[[], Any], every: float) -> None:
        super().__init__(daemon=True)
        self.sample, self.every = sample, every
        self.samples: list[Any] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.samples.append(self.sample())

    def stop(self) -> list[Any]:
        self.stopped.set()
        self.join()
        return self.samples


def ui_statuses(api: AirflowApi) -> list[int]:
    """The status of each of the UI's requests; 0 for a connection refused, reset or cut."""
    found = []
    for path in UI_REQUESTS:
        try:
            found.append(api.status("GET", path))
        except TRANSIENT:
            found.append(0)
    return found


def pages(api: AirflowApi, path: str, key: str) -> list[dict[str, Any]]:
    """Every entry of a listing, 100 at a time."""
    found: list[dict[str, Any]] = []
    while True:
        page = api.get(f"{path}?limit=100&offset={len(found)}")
        found += page[key]
        if not page[key] or len(found) >= page["total_entries"]:
            return found


def unfinished(api: AirflowApi, runs: set[str]) -> int:
    listed = pages(api, f"/api/v2/dags/{DAG}/dagRuns", "dag_runs")
    done = {r["dag_run_id"] for r in listed if r["state"] in ("success", "failed")}
    return len(runs - done)


@dataclass(frozen=True)
class Load:
    runs: int  # DAG runs triggered at once
    tasks: int  # mapped tasks of 0 s in each, after its plan task
    repeats: int  # loads one after the other on the same stack

    def __str__(self) -> str:
        return f"{self.runs} runs of a plan task and {self.tasks} mapped tasks of 0 s at once"


def apply_load(stack: Stack, load: Load) -> dict[str, Any]:
    """The load `repeats` times, one after the other, the pollers running meanwhile; the median
    of each load's figures, and what the pollers and the containers saw over all of them."""
    api = stack.api
    api.wait_for(f"the {DAG} DAG", lambda: api.get(f"/api/v2/dags/{DAG}"), timeout=300)
    api.patch(f"/api/v2/dags/{DAG}", {"is_paused": False})
    restarted = stack.restarts()
    stack.reset_peaks()
    pollers = {
        "rest": Poller(lambda: ui_statuses(api), 1),
        "connections": Poller(lambda: int(stack.psql(CONNECTIONS)), 2),
    }
    if stack.waiting:
        pollers["waiting"] = Poller(stack.waiting, 5)
    for poller in pollers.values():
        poller.start()
    loads = [one_load(api, f"load-{repeat}", load) for repeat in range(load.repeats)]
    samples = {name: poller.stop() for name, poller in pollers.items()}
    after = stack.restarts()
    return {
        **medians(loads),
        "peaks": stack.peaks(),
        "restarts": after[0] - restarted[0],
        "oom kills": after[1] - restarted[1],
        **rest_figures(samples["rest"]),
        "connections": max(samples["connections"], default=0),
        "waiting": max(samples.get("waiting", []), default=None),
    }


def one_load(api: AirflowApi, prefix: str, load: Load) -> dict[str, Any]:
    """The runs triggered at once and waited for."""
    ids = {f"{prefix}-{number}" for number in range(load.runs)}
    conf = {"tasks": load.tasks, "seconds": 0}
    for run in sorted(ids):
        body = {"dag_run_id": run, "logical_date": None, "conf": conf}
        api.post(f"/api/v2/dags/{DAG}/dagRuns", body)
    api.wait_for("every run to finish", lambda: not unfinished(api, ids), 3600, every=5)
    found = throughput(api, ids)
    print(f"  {prefix}: {found['per minute']:.0f} task instances a minute", flush=True)
    return found


def medians(loads: list[dict[str, Any]]) -> dict[str, Any]:
    """Each load's rate and latency, the median of them; the counts, summed."""
    summed = ("task instances", "not first-try successes", "failed runs")
    return {
        **{key: statistics.median(load[key] for load in loads) for key in loads[0]},
        **{key: sum(load[key] for load in loads) for key in summed},
        "each": [load["per minute"] for load in loads],
    }


def _time(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def throughput(api: AirflowApi, ids: set[str]) -> dict[str, Any]:
    """Task instances a minute from the first run queued to the last task ended, and each task
    instance's wait from queued to running."""
    listed = pages(api, f"/api/v2/dags/{DAG}/dagRuns", "dag_runs")
    runs = [r for r in listed if r["dag_run_id"] in ids]
    instances = [
        ti
        for ti in pages(api, f"/api/v2/dags/{DAG}/dagRuns/~/taskInstances", "task_instances")
        if ti["dag_run_id"] in ids
    ]
    first = min(_time(r["queued_at"]) for r in runs)
    last = max(_time(ti["end_date"]) for ti in instances if ti["end_date"])
    waits = sorted(
        _time(ti["start_date"]) - _time(ti["queued_when"])
        for ti in instances
        if ti["start_date"] and ti["queued_when"]
    )
    return {
        "task instances": len(instances),
        "not first-try successes": sum(
            1 for ti in instances if ti["state"] != "success" or ti["try_number"] != 1
        ),
        "failed runs": sum(1 for r in runs if r["state"] != "success"),
        "seconds": last - first,
        "per minute": 60 * len(instances) / (last - first),
        "p50": statistics.median(waits),
        "p95": statistics.quantiles(waits, n=20)[18],
    }


def rest_figures(samples: list[list[int]]) -> dict[str, int]:
    statuses = [status for sample in samples for status in sample]
    return {
        "requests": len(statuses),
        "5xx": sum(1 for s in statuses if s >= 500),
        "refused": sum(1 for s in statuses if s == 0),
    }


def report(name: str, found: dict[str, Any], floor: dict[str, Any] | None) -> list[str]:
    ratio = f" ({found['per minute'] / floor['per minute']:.2f}x the bare stack)" if floor else ""
    waiting = (
        "" if found["waiting"] is None else f", PgBouncer cl_waiting at peak {found['waiting']}"
    )
    lines = [
        f"{name}: throughput {found['per minute']:.0f} task instances a minute{ratio}, "
        f"median of {len(found['each'])} loads; {found['task instances']} in all, "
        f"{found['not first-try successes']} not a first-try success, "
        f"{found['failed runs']} runs failed",
        f"  queued -> running: p50 {found['p50']:.1f} s, p95 {found['p95']:.1f} s",
        f"  restarts {found['restarts']}, OOM kills {found['oom kills']}; REST "
        f"{found['requests']} requests, {found['5xx']} 5xx, {found['refused']} refused",
        f"  Postgres connections at peak {found['connections']}{waiting}",
    ]
    for container, (peak, limit) in sorted(found["peaks"].items()):
        share = f" of {limit / 2**20:.0f} MiB ({100 * peak / limit:.0f}%)" if limit else ""
        lines.append(f"    peak memory {container}: {peak / 2**20:.0f} MiB{share}")
    return lines


def data_rows(results: dict[str, dict[str, Any]], load: Load) -> list[dict[str, Any]]:
    bare = results["bare stack"]
    rows = []
    for name, found in results.items():
        floor = None if found is bare else bare["per minute"]
        each = ", ".join(f"{rate:.0f}" for rate in found["each"])
        against = "" if floor is None else "; floor: the bare stack, with the same 8 slots"
        rows += [
            {"what": f"{name}: throughput", "value": round(found["per minute"]),
             "unit": "task instances/min", "floor": floor and round(floor),
             "ratio": floor and round(found["per minute"] / floor, 2),
             "note": f"{load}; median of {len(found['each'])} loads ({each}){against}"},
            {"what": f"{name}: queued -> running",
             "value": f"{found['p50']:.1f} / {found['p95']:.1f}", "unit": "s (p50 / p95)"},
            {"what": f"{name}: restarts, OOM kills, REST 5xx", "value":
             f"{found['restarts']} / {found['oom kills']} / {found['5xx']}", "unit": "",
             "note": f"of {found['requests']} REST requests during the loads"},
            {"what": f"{name}: Postgres connections at peak", "value": found["connections"],
             "unit": "", "note": None if found["waiting"] is None
             else f"PgBouncer cl_waiting at peak: {found['waiting']}"},
            *_memory_row(name, found["peaks"]),
        ]  # fmt: skip
    return rows


def _memory_row(name: str, peaks: dict[str, tuple[int, int]]) -> list[dict[str, Any]]:
    """The container nearest its memory limit during the loads (none without limits)."""
    limited = {container: (peak, limit) for container, (peak, limit) in peaks.items() if limit}
    if not limited:
        return []
    container, (peak, limit) = max(limited.items(), key=lambda item: item[1][0] / item[1][1])
    return [
        {"what": f"{name}: peak memory, the most of a limit", "value": round(100 * peak / limit),
         "unit": "%", "note": f"{container}: {peak / 2**20:.0f} MiB of {limit / 2**20:.0f} MiB"}
    ]  # fmt: skip


def kube_load(kube: Kube, name: str, load: Load, *args: str) -> dict[str, Any]:
    kube.delete_namespace(NAMESPACE)
    with tempfile.TemporaryDirectory() as tmp:
        dist = deploy.synthesize(
            Path(tmp), "--image", AIRFLOW_IMAGE_DRILLS, "--namespace", NAMESPACE, *args
        )
        try:
            deployed = deploy_and_run_tutorial(kube, dist, NAMESPACE, "load")
            pgbouncer = "pgbouncer.enabled=true" in args
            return apply_load(kube_stack(kube, deployed, name, pgbouncer), load)
        finally:
            kube.delete_namespace(NAMESPACE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50, help="DAG runs triggered at once")
    parser.add_argument("--tasks", type=int, default=10, help="mapped tasks in each")
    parser.add_argument("--repeats", type=int, default=3, help="loads on each stack")
    parser.add_argument("--json", type=Path, help="also write the figures as this data file")
    args = parser.parse_args()
    load = Load(args.runs, args.tasks, args.repeats)
    if not cluster.is_up():
        cluster.up()
    kube = Kube(ADMIN_KUBECONFIG, KUBECTL, local=True)
    images = build_and_load()
    results: dict[str, dict[str, Any]] = {}
    with running_bare_stack(images, AIRFLOW_IMAGE_DRILLS, BARE_CONFIG) as (_, containers, api):
        results["bare stack"] = apply_load(bare_stack(containers, api), load)
    results["the default"] = kube_load(kube, "the default", load)
    pgbouncer = ("--set", "pgbouncer.enabled=true")
    results["with PgBouncer"] = kube_load(kube, "with PgBouncer", load, *pgbouncer)
    bare = results["bare stack"]
    for name, found in results.items():
        print("\n".join(report(name, found, None if found is bare else bare)), flush=True)
    if args.json:
        rows = data_rows(results, load)
        figures.write(args.json, "Many short tasks against the bare stack", rows)


if __name__ == "__main__":
    main()
