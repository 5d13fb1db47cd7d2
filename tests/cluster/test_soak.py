"""The soak (pytest marker `soak`, `make soak`; not part of `make test`: it takes 25 minutes).

The default deployment, with its default probes and timeouts, under a steady load for 20 minutes:
every minute the tutorial and a drill run whose task works for four minutes. Nothing is faulted,
so nothing may look faulty: every run succeeds, every task instance in its first try, and no
container restarts. This is what shows that the short heartbeat timeout and the probes that catch
a crashed or hung process do not also catch healthy, busy ones.

Every minute it also reads what each pod's scratch volumes hold (the kubelet's /stats/summary):
the peaks, by role and volume against their `sizeLimit`, are what the disk defaults are sized
from (docs/configuring/disk.md), and none may reach its limit.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import cluster, deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE_DRILLS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import now

pytestmark = pytest.mark.soak
NAMESPACE = "kat-soak"
MINUTES = float(os.environ.get("KUBE_AIRFLOW_SOAK_MINUTES", "20"))
LONG_TASK_SECONDS = 240


@pytest.fixture(scope="module")
def api(kube: Kube, cluster_images: dict[str, str], tmp_path_factory: Any) -> Iterator[AirflowApi]:
    kube.delete_namespace(NAMESPACE)
    if kube.local:
        cluster.recycle_volumes()
    dist = deploy.synthesize(
        Path(tmp_path_factory.mktemp("soak")),
        *("--image", AIRFLOW_IMAGE_DRILLS, "--namespace", NAMESPACE),
    )
    deploy.apply(kube, dist)
    try:
        deploy.wait_converged(kube, NAMESPACE)
        yield deploy.admin_api(kube, NAMESPACE, "tutorial", "drill")
    finally:
        kube.delete_namespace(NAMESPACE)


def trigger(api: AirflowApi, dag: str, conf: dict[str, Any]) -> tuple[str, str]:
    body = {"logical_date": now(), "conf": conf}
    return dag, str(api.post(f"/api/v2/dags/{dag}/dagRuns", body)["dag_run_id"])


def unfinished(api: AirflowApi, runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (dag, run)
        for dag, run in runs
        if api.get(f"/api/v2/dags/{dag}/dagRuns/{run}")["state"] not in ("success", "failed")
    ]


def not_first_try_successes(api: AirflowApi, runs: list[tuple[str, str]]) -> list[str]:
    found = []
    for dag, run in runs:
        state = api.get(f"/api/v2/dags/{dag}/dagRuns/{run}")["state"]
        if state != "success":
            found.append(f"{dag} {run}: run {state}")
        path = f"/api/v2/dags/{dag}/dagRuns/{run}/taskInstances"
        for ti in api.get(path)["task_instances"]:
            if ti["state"] != "success" or ti["try_number"] != 1:
                found.append(f"{dag} {run} {ti['task_id']}: {ti['state']}, try {ti['try_number']}")
    return found


def size_limits(kube: Kube) -> dict[str, str]:
    """Each emptyDir's sizeLimit, as `<role> <volume>` (the role: the pod's component label)."""
    return {
        f"{pod['metadata']['labels']['app.kubernetes.io/component']} {volume['name']}": (
            volume["emptyDir"].get("sizeLimit", "none")
        )
        for pod in kube.json("get", "pods", "-n", NAMESPACE)["items"]
        for volume in pod["spec"].get("volumes", [])
        if "emptyDir" in volume
    }


def disk_used(kube: Kube) -> dict[str, int]:
    """Bytes in each pod's volumes now, as `<role> <volume>`: the most of the role's pods."""
    roles = {
        pod["metadata"]["name"]: pod["metadata"]["labels"]["app.kubernetes.io/component"]
        for pod in kube.json("get", "pods", "-n", NAMESPACE)["items"]
    }
    found: dict[str, int] = {}
    for node in (n["metadata"]["name"] for n in kube.json("get", "nodes")["items"]):
        raw = kube.run("get", "--raw", f"/api/v1/nodes/{node}/proxy/stats/summary").stdout
        for pod in json.loads(raw)["pods"]:
            role = roles.get(pod["podRef"]["name"])
            if pod["podRef"]["namespace"] != NAMESPACE or role is None:
                continue
            for volume in pod.get("volume", []):
                key = f"{role} {volume['name']}"
                found[key] = max(found.get(key, 0), volume.get("usedBytes", 0))
    return found


def bytes_of(quantity: str) -> float:
    """A Kubernetes quantity as bytes; `none` (no sizeLimit) as no bound."""
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    if quantity == "none":
        return float("inf")
    suffix = quantity[-2:]
    return float(quantity[:-2]) * units[suffix] if suffix in units else float(quantity)


def peaks_table(peaks: dict[str, int], limits: dict[str, str]) -> str:
    lines = ["| role volume | peak | sizeLimit |", "|---|---|---|"]
    lines += [
        f"| {key} | {peaks[key] / 2**20:.1f} MiB | {limits[key]} |"
        for key in sorted(peaks)
        if key in limits
    ]
    return "\n".join(lines)


def test_no_false_positives_under_load(kube: Kube, api: AirflowApi) -> None:
    runs: list[tuple[str, str]] = []
    start = time.monotonic()
    minute = 0
    limits = size_limits(kube)
    peaks: dict[str, int] = {}
    while time.monotonic() - start < MINUTES * 60:
        runs.append(trigger(api, "tutorial", {}))
        runs.append(trigger(api, "drill", {"seconds": LONG_TASK_SECONDS}))
        for key, used in disk_used(kube).items():
            peaks[key] = max(peaks.get(key, 0), used)
        minute += 1
        time.sleep(max(0.0, start + minute * 60 - time.monotonic()))
    api.wait_for(
        "every soak run to finish",
        lambda: not unfinished(api, runs),
        timeout=LONG_TASK_SECONDS + 900,
        every=15,
    )
    TIMINGS["soak: load, then every run finished"] = time.monotonic() - start
    problems = not_first_try_successes(api, runs)
    restarted = kube.restarts(NAMESPACE)
    # Startup and readiness probes fail while pods start; a liveness failure is a false alarm.
    unhealthy = [
        line
        for line in kube.run("get", "events", "-n", NAMESPACE, check=False).stdout.splitlines()
        if "Liveness probe failed" in line or "Killing" in line
    ]
    FIGURES["soak runs (tutorial + 4-minute task, every minute)"] = f"{len(runs)} runs"
    FIGURES["soak: runs not a first-try success"] = str(len(problems))
    FIGURES["soak: container restarts"] = str(sum(restarted.values()))
    FIGURES["soak: liveness probe failures"] = str(len(unhealthy))
    print(f"\nscratch volumes' peaks during the soak:\n{peaks_table(peaks, limits)}")
    for key in ("worker logs", "worker tmp", "dag-processor logs", "triggerer logs"):
        FIGURES[f"soak: disk peak, {key}"] = f"{peaks.get(key, 0) / 2**20:.1f} MiB of {limits[key]}"
    full = {k: used for k, used in peaks.items() if k in limits and used >= bytes_of(limits[k])}
    assert not full, f"scratch volumes at their sizeLimit: {full}"
    assert not problems and not restarted and not unhealthy, (problems, restarted, unhealthy)
