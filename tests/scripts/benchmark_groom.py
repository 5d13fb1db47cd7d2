"""What grooming a pod's own logs costs (not a test), on podman, in the Airflow stand-in image with
the pods' restrictions (read-only root, uid 50000, no capabilities), the logs folder a tmpfs:

- idle, between two probe runs: the in-probe groomer runs no process, so nothing; against it, what
  the usual sidecar would hold idle, a shell loop (`sleep` between passes) in the same image: its
  container's memory and CPU over IDLE_SECONDS, read from its cgroup;
- each liveness run: the probe's Python with checks.py loaded and `--groom` not due (its stamp
  is fresh), against the same without `--groom`;
- a due pass over FILES log files of 4 KiB.

CPU is the children's rusage of one `python -c` (user + system), the mean of RUNS.

    python -m tests.scripts.benchmark_groom [--write]   # --write: docs/data/groom.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from kube_airflow.pods import scripts as pod_scripts
from tests.conftest import ROOT
from tests.podman import AIRFLOW_STANDIN, podman
from tests.scripts import FOLDER

RUNS = 5
FILES = 10_000
IDLE_SECONDS = 60
LOGS = "/opt/airflow/logs"
RESTRICTED = ["--read-only", "--user", "50000:0", "--cap-drop", "ALL",
              "--security-opt", "no-new-privileges", "--tmpfs", "/tmp",
              "--tmpfs", f"{LOGS}:rw,size=256m,mode=1777"]  # fmt: skip
# Each child's CPU time in milliseconds, measured from inside the container.
TIMED = """
import resource, subprocess, sys
before = resource.getrusage(resource.RUSAGE_CHILDREN)
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
after = resource.getrusage(resource.RUSAGE_CHILDREN)
print(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime))
"""
# The probe's work without its check: checks.py loaded, its grooming hook run.
PROBE = (
    "import importlib.util,sys;"
    "s=importlib.util.spec_from_file_location('checks','/opt/kube-airflow/checks.py');"
    "m=importlib.util.module_from_spec(s);s.loader.exec_module(m);"
    "m.groomed_first(sys.argv[1:])"
)
FILL = (
    f"import os;[open(os.path.join('{LOGS}',f'f{{i}}.log'),'wb').write(b'x'*4096)"
    f" for i in range({FILES})]"
)


def container(*command: str) -> str:
    mount = ["-v", f"{FOLDER}:/opt/kube-airflow:ro"]
    started = podman("run", "-d", *RESTRICTED, *mount, "--entrypoint", "", AIRFLOW_STANDIN,
                     *command)  # fmt: skip
    return started.stdout.strip()


def cpu_ms(name: str, *command: str) -> float:
    runs = []
    for _ in range(RUNS):
        out = podman("exec", name, "python", "-c", TIMED, *command).stdout
        runs.append(float(out.strip().splitlines()[-1]))
    return statistics.mean(runs)


def idle_sidecar() -> tuple[float, float]:
    """(MiB, millicores) of a groomer sidecar waiting between passes, from its cgroup."""
    loop = f"while :; do find {LOGS} -type f -mmin +21600 -delete; sleep 900; done"
    name = container("bash", "-c", loop)
    try:
        time.sleep(5)
        first = _cgroup(name)
        start = time.monotonic()
        time.sleep(IDLE_SECONDS)
        last = _cgroup(name)
        cores = (last[1] - first[1]) / 1e9 / (time.monotonic() - start)
        return last[0] / 2**20, 1000 * cores
    finally:
        podman("rm", "-f", name, check=False)


def _cgroup(name: str) -> tuple[int, int]:
    """(memory usage bytes, CPU nanoseconds) of a container's cgroup (cgroup v1 here)."""
    pid = podman("inspect", "-f", "{{.State.Pid}}", name).stdout.strip()
    groups = dict(
        line.split(":", 2)[1:] for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    )
    memory = Path("/sys/fs/cgroup/memory", groups["memory"].lstrip("/"), "memory.usage_in_bytes")
    cpu = Path("/sys/fs/cgroup/cpuacct", groups["cpuacct"].lstrip("/"), "cpuacct.usage")
    return int(memory.read_text()), int(cpu.read_text())


def measure() -> list[dict[str, object]]:
    mib, millicores = idle_sidecar()
    name = container("sleep", "infinity")
    try:
        groom = f"15:{200 * 2**20}"
        bare = cpu_ms(name, "python", "-c", PROBE, "job-alive")
        podman("exec", name, "python", f"/opt/kube-airflow/{pod_scripts.GROOM}", LOGS, "15", "1")
        not_due = cpu_ms(name, "python", "-c", PROBE, "job-alive", "--groom", groom)
        podman("exec", name, "python", "-c", FILL)
        due = []
        for _ in range(RUNS):
            podman("exec", name, "rm", "-f", f"{LOGS}/.groomed")
            due.append(cpu_ms(name, "python", f"/opt/kube-airflow/{pod_scripts.GROOM}", LOGS, "15",
                              str(2**40)))  # fmt: skip
    finally:
        podman("rm", "-f", name, check=False)
    return [
        {"what": "in-probe groomer, idle between probe runs", "value": 0, "unit": "MiB, mCPU",
         "note": "no process of its own"},
        {"what": "a sidecar shell loop instead, idle: memory", "value": round(mib, 1),
         "unit": "MiB", "note": f"its cgroup after {IDLE_SECONDS} s"},
        {"what": "a sidecar shell loop instead, idle: CPU", "value": round(millicores, 3),
         "unit": "mCPU"},
        {"what": "the probe's Python with checks.py, no grooming", "value": round(bare),
         "unit": "ms CPU"},
        {"what": "the same with --groom, not due", "value": round(not_due), "unit": "ms CPU"},
        {"what": f"a due pass over {FILES} files", "value": round(statistics.mean(due)),
         "unit": "ms CPU", "note": "at most every 15 minutes"},
    ]  # fmt: skip


def machine() -> str:
    """'N cores, M GiB, <distribution>', as the other data files say it (the cores this
    process may use)."""
    kib = int(Path("/proc/meminfo").read_text().split()[1])
    release = dict(
        line.split("=", 1)
        for line in Path("/etc/os-release").read_text().splitlines()
        if "=" in line
    )
    name = release.get("PRETTY_NAME", platform.system()).strip('"').split(" (")[0]
    return f"{len(os.sched_getaffinity(0))} cores, {round(kib / 2**20)} GiB, {name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write docs/data/groom.json")
    rows = measure()
    for row in rows:
        print(f"{row['what']:<52} {row['value']} {row['unit']}")
    if parser.parse_args().write:
        data = {
            "benchmark": "groom",
            "title": "Grooming a pod's own logs: what it costs",
            "command": "python -m tests.scripts.benchmark_groom --write",
            "date": datetime.date.today().isoformat(),
            "machine": machine(),
            "rows": rows,
        }
        (ROOT / "docs/data/groom.json").write_text(json.dumps(data, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
