"""`make benchmark` (not a test): what kube-airflow costs, each figure against its floor, as one
table: figure, this project, floor, ratio (project / floor). The lines that carry targets are
`cold start` (at most 1.3x) and `idle CPU` (at most +10%, 1.10x).

- synth: cold `python main.py` against `import cdk8s_plus_27` (tests/benchmark_synth.py).
- cold start: `kubectl apply` to the tutorial's success on the cluster of `make cluster` (started
  when none runs) against the same processes started bare on podman (benchmark_cold_start.py).
- idle CPU: CPU-seconds per second used by every container of the deployment over the idle
  window, after the tutorial ran and a minute of settling, read from the cgroups' cpuacct
  (probes included: they run in the containers); the floor is the bare stack, idle as long.
- memory: each container's peak against its request (the table), requests in all.

    python -m tests.cluster.benchmark [--runs 3] [--idle-minutes 10] [--json FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests import figures
from tests.benchmark_synth import median_of
from tests.cluster import cluster, deploy
from tests.cluster.benchmark_cold_start import kube_airflow, running_bare_stack
from tests.cluster.images import AIRFLOW_IMAGE, build_and_load
from tests.cluster.kube import Kube
from tests.cluster.layout import ADMIN_KUBECONFIG, KUBECTL
from tests.cluster.test_tutorial import deploy_and_run_tutorial
from tests.podman import podman

CPUACCT = Path("/sys/fs/cgroup/cpuacct")
SETTLE_SECONDS = 60


def cpu_seconds(cgroups: list[Path]) -> float:
    """CPU time used so far by these cgroups (cgroup v1 cpuacct, nanoseconds)."""
    return sum(int((group / "cpuacct.usage").read_text()) for group in cgroups) / 1e9


def idle_cpu(cgroups: Callable[[], list[Path]], seconds: float) -> float:
    """Cores used on average over `seconds`, after settling."""
    time.sleep(SETTLE_SECONDS)
    groups = cgroups()
    before, start = cpu_seconds(groups), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(groups) - before) / (time.monotonic() - start)


def pod_cgroups(kube: Kube, namespace: str) -> list[Path]:
    """Each running pod's cgroup (cgroupfs driver: kubepods[/<qos>]/pod<uid>)."""
    found = []
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        if pod["status"].get("phase") != "Running":
            continue
        uid = pod["metadata"]["uid"]
        found += [p for p in (CPUACCT / "kubepods").glob(f"**/pod{uid}") if p.is_dir()]
    return found


def container_cgroups(containers: list[str]) -> list[Path]:
    paths = podman("inspect", "--format", "{{.State.CgroupPath}}", *containers).stdout.split()
    return [CPUACCT / path.lstrip("/") for path in paths]


def idle_ours(kube: Kube, seconds: float) -> tuple[float, str]:
    namespace = "kat-idle"
    kube.delete_namespace(namespace)
    cluster.recycle_volumes()
    with tempfile.TemporaryDirectory() as tmp:
        dist = deploy.synthesize(Path(tmp), "--image", AIRFLOW_IMAGE, "--namespace", namespace)
        try:
            deploy_and_run_tutorial(kube, dist, namespace, "idle")
            cores = idle_cpu(lambda: pod_cgroups(kube, namespace), seconds)
            restarts = sum(
                c["restartCount"]
                for pod in kube.json("get", "pods", "-n", namespace)["items"]
                for c in pod["status"].get("containerStatuses", [])
            )
            assert restarts == 0, f"{restarts} container restarts while idle"
            return cores, deploy.memory_table(deploy.memory(kube, namespace))
        finally:
            kube.delete_namespace(namespace)


def idle_bare(images: dict[str, str], seconds: float) -> float:
    with running_bare_stack(images) as (_, containers):
        return idle_cpu(lambda: container_cgroups(containers), seconds)


def row(figure: str, ours: float, floor: float | None, unit: str, digits: int = 2) -> str:
    ratio = f"{ours / floor:.2f}x" if floor else ""
    floor_text = f"{floor:.{digits}f} {unit}" if floor is not None else ""
    return f"| {figure} | {ours:.{digits}f} {unit} | {floor_text} | {ratio} |"


def data_row(
    what: str, ours: float, floor: float, unit: str, note: str, digits: int = 2
) -> dict[str, Any]:
    """The same figure as a row of the data file the docs render."""
    ratio = round(ours / floor, 2) if floor else None
    value, floor_value = round(ours, digits), round(floor, digits)
    return {
        "what": what, "value": value, "unit": unit, "floor": floor_value, "ratio": ratio,
        "note": note,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="cold starts of each (0: none)")
    parser.add_argument("--idle-minutes", type=float, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures as this data file")
    args = parser.parse_args()
    synth, _ = median_of(5, [sys.executable, "main.py", "--out", tempfile.mkdtemp()])
    cdk8s, _ = median_of(5, [sys.executable, "-c", "import cdk8s_plus_27"])
    if not cluster.is_up():
        cluster.up()
    kube = Kube(ADMIN_KUBECONFIG, KUBECTL, local=True)
    images = build_and_load()
    bare, ours = [], []
    for i in range(args.runs):
        with running_bare_stack(images) as (seconds, _):
            bare.append(seconds)
        ours.append(kube_airflow(kube))
        print(f"cold start run {i + 1}: bare {bare[-1]:.1f} s, ours {ours[-1]:.1f} s", flush=True)
    window = args.idle_minutes * 60
    idle, memory = idle_ours(kube, window)
    idle_floor = idle_bare(images, window)
    print(f"\nmemory of the idle deployment:\n{memory}\n")
    print("| figure | this project | floor | ratio |\n|---|---|---|---|")
    print(row("synth (python main.py / import cdk8s_plus_27)", synth, cdk8s, "s"))
    rows = []
    if args.runs:  # 0: the idle figure alone
        cold = statistics.median(ours), statistics.median(bare)
        print(row(f"cold start (apply -> tutorial success, median of {args.runs})", *cold, "s"))
        runs = (
            ", ".join(f"{o:.1f}" for o in ours)
            + " s against "
            + ", ".join(f"{b:.1f}" for b in bare)
        )
        rows.append(data_row("cold start: apply -> tutorial success", *cold, "s",
                             f"median of {args.runs} ({runs} s); floor: the same processes and "
                             "stand-ins started bare on podman; target 1.3x", 1))  # fmt: skip
    # Three digits: the probes are a few thousandths of a core, and two digits hid them.
    print(row(f"idle CPU (cores, {args.idle_minutes:g} min)", idle, idle_floor, "cores", 3))
    rows.append(data_row("idle CPU after the tutorial, every container, probes included", idle,
                         idle_floor, "cores", f"one {args.idle_minutes:g}-minute window of each; "
                         "floor: the bare stack with two workers; target 1.10x", 3))  # fmt: skip
    rows.append(data_row("synth, the default deployment", synth, cdk8s, "s",
                         "median of 5; floor: import cdk8s_plus_27"))  # fmt: skip
    if args.json:
        figures.write(args.json, "What it costs against its floor", rows)


if __name__ == "__main__":
    main()
