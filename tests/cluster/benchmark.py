"""`make benchmark` (not a test): what kube-airflow costs, each figure against its floor, as one
table: figure, this project, floor, ratio (project / floor). The lines that carry targets are
`cold start` (at most 1.3x) and `idle CPU` (at most +10%, 1.10x).

- synth: cold `python main.py` against `import cdk8s_plus_27` (tests/benchmark_synth.py).
- cold start: `kubectl apply` to the tutorial's success on the cluster of `make cluster` (started
  when none runs) against the same processes started bare on podman (benchmark_cold_start.py).
- idle CPU: CPU-seconds per second used by every container of the deployment over idle
  windows, after the tutorial ran and a minute of settling, read from the cgroups' cpuacct
  (probes included: they run in the containers); the floor is the bare stack after its own
  tutorial run, idle at the same time and measured over the same windows. Printed by role too.
- memory: each container's peak against its request (the table), requests in all.

    python -m tests.cluster.benchmark [--runs 3] [--idle-minutes 5] [--idle-windows 3]
                                      [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
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
# The bare stack's containers by role, as its names end (bare-<id>-<role>).
BARE_ROLES = {"pg": "postgres", "mq": "rabbitmq", "worker-0": "worker", "worker-1": "worker"}
Groups = dict[str, list[Path]]  # role -> the cgroups of its containers


def cpu_seconds(cgroups: list[Path]) -> float:
    """CPU time used so far by these cgroups (cgroup v1 cpuacct, nanoseconds)."""
    return sum(int((group / "cpuacct.usage").read_text()) for group in cgroups) / 1e9


def pod_cgroup(uid: str) -> list[Path]:
    """A pod's cgroup (cgroupfs driver: kubepods[/<qos>]/pod<uid>)."""
    return [p for p in (CPUACCT / "kubepods").glob(f"**/pod{uid}") if p.is_dir()]


def pod_cgroups(kube: Kube, namespace: str) -> Groups:
    """Each running pod's cgroup (cgroupfs driver: kubepods[/<qos>]/pod<uid>), by the role
    (component label) of the pod: its containers, pause container and probes."""
    found: Groups = {}
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        if pod["status"].get("phase") != "Running":
            continue
        role = pod["metadata"]["labels"]["app.kubernetes.io/component"]
        found.setdefault(role, []).extend(pod_cgroup(pod["metadata"]["uid"]))
    return found


def container_cgroups(containers: list[str]) -> Groups:
    """The bare stack's containers' cgroups, by role."""
    template = "{{.Name}} {{.State.CgroupPath}}"
    found: Groups = {}
    for line in podman("inspect", "--format", template, *containers).stdout.splitlines():
        name, path = line.split()
        role = name.split("-", 2)[2]
        found.setdefault(BARE_ROLES.get(role, role), []).append(CPUACCT / path.lstrip("/"))
    return found


def usage(sides: dict[str, Groups]) -> dict[str, dict[str, float]]:
    """CPU seconds so far, side by side and role by role."""
    return {side: {r: cpu_seconds(g) for r, g in groups.items()} for side, groups in sides.items()}


def idle_windows(ours: Groups, bare: Groups, windows: int, seconds: float) -> list[Any]:
    """Both stacks idle at once, measured over the same windows: the load the machine carries
    besides (and its drift over half an hour) weighs on both alike. Cores by role, per window."""
    sides = {"ours": ours, "bare": bare}
    time.sleep(SETTLE_SECONDS)
    found = []
    for _ in range(windows):
        before, start = usage(sides), time.monotonic()
        time.sleep(seconds)
        after, elapsed = usage(sides), time.monotonic() - start
        cores = {
            side: {r: (after[side][r] - before[side][r]) / elapsed for r in after[side]}
            for side in sides
        }
        found.append(cores)
        total = {side: sum(cores[side].values()) for side in sides}
        print(
            f"idle window {len(found)}: ours {total['ours']:.3f} cores, bare "
            f"{total['bare']:.3f} ({total['ours'] / total['bare']:.2f}x)",
            flush=True,
        )
    return found


def role_table(windows: list[Any]) -> str:
    """Median milli-cores of each role over the windows, ours against bare."""
    roles = sorted(windows[0]["ours"].keys() | windows[0]["bare"].keys())
    lines = ["| role | ours (mCPU) | bare (mCPU) | difference |", "|---|---|---|---|"]
    for role in roles:
        ours, bare = (
            statistics.median(w[side].get(role, 0.0) for w in windows) * 1000
            for side in ("ours", "bare")
        )
        lines.append(f"| {role} | {ours:.1f} | {bare:.1f} | {ours - bare:+.1f} |")
    return "\n".join(lines)


def idle(kube: Kube, images: dict[str, str], windows: int, seconds: float) -> tuple[Any, str]:
    """The deployment after the tutorial, and the bare stack after its own: their idle CPU
    over the same windows, and the deployment's memory table."""
    namespace = "kat-idle"
    kube.delete_namespace(namespace)
    cluster.recycle_volumes()
    with tempfile.TemporaryDirectory() as tmp:
        dist = deploy.synthesize(Path(tmp), "--image", AIRFLOW_IMAGE, "--namespace", namespace)
        try:
            deploy_and_run_tutorial(kube, dist, namespace, "idle")
            with running_bare_stack(images) as (_, containers, _api):
                ours, bare = pod_cgroups(kube, namespace), container_cgroups(containers)
                found = idle_windows(ours, bare, windows, seconds)
            restarts = sum(
                c["restartCount"]
                for pod in kube.json("get", "pods", "-n", namespace)["items"]
                for c in pod["status"].get("containerStatuses", [])
            )
            assert restarts == 0, f"{restarts} container restarts while idle"
            return found, deploy.memory_table(deploy.memory(kube, namespace))
        finally:
            kube.delete_namespace(namespace)


def kept_rows(path: Path, what: str) -> list[dict[str, Any]]:
    """The rows of an earlier run of the data file that start with `what`, dated once (a row
    kept before keeps the date it has)."""
    earlier = json.loads(path.read_text())
    dated = f"(run of {earlier['date']})"
    return [
        {**r, "note": note if "(run of " in note else f"{note} {dated}".strip()}
        for r in earlier["rows"]
        if r["what"].startswith(what)
        for note in [r.get("note", "")]
    ]


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
    parser.add_argument("--idle-minutes", type=float, default=5, help="each idle window")
    parser.add_argument("--idle-windows", type=int, default=3)
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
        with running_bare_stack(images) as (seconds, _, _api):
            bare.append(seconds)
        ours.append(kube_airflow(kube))
        print(f"cold start run {i + 1}: bare {bare[-1]:.1f} s, ours {ours[-1]:.1f} s", flush=True)
    windows, memory = idle(kube, images, args.idle_windows, args.idle_minutes * 60)
    print(f"\nmemory of the idle deployment:\n{memory}\n")
    print(f"idle CPU by role, median of the windows:\n{role_table(windows)}\n")
    print("| figure | this project | floor | ratio |\n|---|---|---|---|")
    print(row("synth (python main.py / import cdk8s_plus_27)", synth, cdk8s, "s"))
    rows = []
    if args.runs:
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
    elif args.json and args.json.exists():  # 0: the idle figure alone; the last cold start kept
        rows += kept_rows(args.json, "cold start")
    totals = {side: [sum(w[side].values()) for w in windows] for side in ("ours", "bare")}
    idle_cores, idle_floor = (statistics.median(totals[side]) for side in ("ours", "bare"))
    ratios = ", ".join(f"{o / b:.2f}x" for o, b in zip(totals["ours"], totals["bare"], strict=True))
    # Three digits: the probes are a few thousandths of a core, and two digits hid them.
    print(row(f"idle CPU (cores, median of {len(windows)} windows of {args.idle_minutes:g} min)",
              idle_cores, idle_floor, "cores", 3))  # fmt: skip
    rows.append(data_row("idle CPU after the tutorial, every container, probes included",
                         idle_cores, idle_floor, "cores",
                         f"median of {len(windows)} {args.idle_minutes:g}-minute windows, both "
                         f"stacks idle at once (each window: {ratios}); floor: the bare stack "
                         "with two workers; target 1.10x", 3))  # fmt: skip
    rows.append(data_row("synth, the default deployment", synth, cdk8s, "s",
                         "median of 5; floor: import cdk8s_plus_27"))  # fmt: skip
    if args.json:
        figures.write(args.json, "What it costs against its floor", rows)


if __name__ == "__main__":
    main()
