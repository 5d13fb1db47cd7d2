"""What each probe of the default deployment costs (not a test): the CPU that one run of a probe
adds to its pod, and what that comes to at the probe's period, in milli-cores.

The idle benchmark measures the deployment against the bare stack, which runs no probes; this
says how much of the difference the probes are. Each probe is run as the kubelet runs it, against
the converged default deployment: an exec probe through the container runtime (`kubectl exec`,
runc's exec as for the kubelet's), a TCP probe as a connect and close to the pod's IP from the
node, an HTTP probe as a GET. Its cost is the pod cgroup's CPU during the runs, less the pod's
own idle rate over the same time (measured just before), divided by the runs.

For comparison, each liveness check of scripts/checks.py is also measured as the Airflow command
whose answer it gives (`airflow jobs check ... --local`, `celery ... inspect ping`), which is what
a probe would run without it.

    python -m tests.cluster.benchmark_probes [--runs-exec 10] [--runs-net 200] [--json FILE]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kube_airflow.pods.scripts import CHECKS, SCRIPT_DIR
from tests import figures
from tests.cluster import cluster, deploy
from tests.cluster.benchmark import cpu_seconds, pod_cgroup
from tests.cluster.images import AIRFLOW_IMAGE, build_and_load
from tests.cluster.kube import Kube
from tests.cluster.layout import ADMIN_KUBECONFIG, KUBECTL

NAMESPACE = "kat-probes"
BASELINE_SECONDS = 30
KINDS = ("livenessProbe", "readinessProbe")  # startup probes stop once the pod has started
AIRFLOW_LABEL = "liveness, Airflow's command"
CELERY_APP = "airflow.providers.celery.executors.celery_executor.app"


def port_number(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    return int(next(p["containerPort"] for p in container["ports"] if p.get("name") == port))


def one_run(
    kube: Kube, pod: dict[str, Any], container: dict[str, Any], probe: dict[str, Any]
) -> Callable[[], object]:
    """A function that runs the probe once, as the kubelet would."""
    ip, name = pod["status"]["podIP"], pod["metadata"]["name"]
    if "exec" in probe:
        command = probe["exec"]["command"]
        args = ("exec", "-n", NAMESPACE, name, "-c", container["name"], "--", *command)
        return lambda: kube.run(*args, check=False)
    if "tcpSocket" in probe:
        port = port_number(container, probe["tcpSocket"]["port"])
        return lambda: socket.create_connection((ip, port), timeout=5).close()
    get = probe["httpGet"]
    url = f"http://{ip}:{port_number(container, get['port'])}{get.get('path', '/')}"
    return lambda: urllib.request.urlopen(url, timeout=5).read()


def airflow_command(probe: dict[str, Any]) -> dict[str, Any] | None:
    """The exec probe running the Airflow command that checks.py's check stands in for."""
    command = probe.get("exec", {}).get("command", [])
    check = command[2:] if command[1:2] == [f"{SCRIPT_DIR}/{CHECKS}"] else []
    if check[:1] == ["job-alive"]:
        airflow = ["airflow", "jobs", "check", "--job-type", check[1], "--local"]
    elif check[:1] == ["worker-ping"]:
        ping = f"celery --app {CELERY_APP} inspect ping -d celery@$(hostname)"
        airflow = ["bash", "-c", ping]
    else:
        return None
    return {**probe, "exec": {"command": airflow}}


def cost(groups: list[Path], run: Any, runs: int) -> float:
    """CPU-seconds one run adds to the pod: the runs' CPU less the pod's idle rate."""
    before, start = cpu_seconds(groups), time.monotonic()
    time.sleep(BASELINE_SECONDS)
    idle_rate = (cpu_seconds(groups) - before) / (time.monotonic() - start)
    before, start = cpu_seconds(groups), time.monotonic()
    for _ in range(runs):
        run()
    used = cpu_seconds(groups) - before
    return max(0.0, used - idle_rate * (time.monotonic() - start)) / runs


Row = tuple[str, str, str, str, float, int]  # role, pod, container, probe, CPU s a run, period


def measure(kube: Kube, runs_exec: int, runs_net: int) -> list[Row]:
    """A row for every probe of every pod (and for the Airflow command a check stands in for)."""
    found = []
    for pod in kube.json("get", "pods", "-n", NAMESPACE)["items"]:
        if pod["status"].get("phase") != "Running":
            continue
        role = pod["metadata"]["labels"]["app.kubernetes.io/component"]
        for container in pod["spec"]["containers"]:
            for kind in KINDS:
                if not (probe := container.get(kind)):
                    continue
                variants = [(kind.removesuffix("Probe"), probe)]
                if kind == "livenessProbe" and (airflow := airflow_command(probe)):
                    variants.append((AIRFLOW_LABEL, airflow))
                for label, variant in variants:
                    runs = runs_exec if "exec" in variant else runs_net
                    seconds = cost(
                        pod_cgroup(pod["metadata"]["uid"]),
                        one_run(kube, pod, container, variant),
                        runs,
                    )
                    name = pod["metadata"]["name"]
                    found.append(
                        (role, name, container["name"], label, seconds, probe["periodSeconds"])
                    )
                    print(
                        f"{name} {container['name']} {label}: {seconds * 1000:.1f} ms", flush=True
                    )
    return found


def millicores(rows: list[Row]) -> float:
    return sum(seconds / period for *_, seconds, period in rows) * 1000


def table(rows: list[Row]) -> str:
    lines = [
        "| role | pod | container | probe | CPU a run (ms) | period (s) | mCPU |",
        "|---|---|---|---|---|---|---|",
    ]
    for role, pod, container, label, seconds, period in sorted(rows):
        lines.append(
            f"| {role} | {pod} | {container} | {label} | {seconds * 1000:.1f} | {period} "
            f"| {seconds / period * 1000:.2f} |"
        )
    ours, theirs = totals(rows)
    lines.append(f"| all, as deployed | | | | | | {ours:.2f} |")
    lines.append(f"| all, Airflow's commands as liveness | | | | | | {theirs:.2f} |")
    return "\n".join(lines)


def totals(rows: list[Row]) -> tuple[float, float]:
    """mCPU of every probe as deployed, and with Airflow's commands in place of our checks."""
    ours = [r for r in rows if r[3] != AIRFLOW_LABEL]
    swapped = {r[1:3] for r in rows if r[3] == AIRFLOW_LABEL}
    theirs = [r for r in rows if r[3] != "liveness" or r[1:3] not in swapped]
    return millicores(ours), millicores(theirs)


def data_rows(rows: list[Row]) -> list[dict[str, Any]]:
    """The docs' rows: each role's probe (the median of its pods), then the totals."""
    found: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        found.setdefault((row[0], row[3]), []).append(row)
    result = []
    for (role, label), same in sorted(found.items()):
        seconds, period = statistics.median(r[4] for r in same), same[0][5]
        pods = f"median of {len(same)} pods; " if len(same) > 1 else ""
        result.append({
            "what": f"{role} {label}", "value": round(seconds * 1000, 1), "unit": "ms CPU a run",
            "note": f"{pods}every {period} s: {seconds / period * 1000:.2f} mCPU",
        })  # fmt: skip
    ours, theirs = totals(rows)
    for what, value in (
        ("every probe, as deployed", ours),
        ("the same, Airflow's commands as liveness", theirs),
    ):
        result.append({"what": what, "value": round(value, 2), "unit": "mCPU", "note": "all pods"})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs-exec", type=int, default=10)
    parser.add_argument("--runs-net", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the figures as this data file")
    options = parser.parse_args()
    if not cluster.is_up():
        cluster.up()
    kube = Kube(ADMIN_KUBECONFIG, KUBECTL, local=True)
    build_and_load()
    kube.delete_namespace(NAMESPACE)
    cluster.recycle_volumes()
    with tempfile.TemporaryDirectory() as tmp:
        dist = deploy.synthesize(Path(tmp), "--image", AIRFLOW_IMAGE, "--namespace", NAMESPACE)
        try:
            deploy.apply(kube, dist)
            deploy.wait_converged(kube, NAMESPACE)
            time.sleep(60)  # past the start's work, as the idle benchmark settles
            rows = measure(kube, options.runs_exec, options.runs_net)
        finally:
            kube.delete_namespace(NAMESPACE)
    print(table(rows))
    if options.json:
        figures.write(options.json, "What each probe costs its pod", data_rows(rows))


if __name__ == "__main__":
    main()
