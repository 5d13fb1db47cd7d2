"""The edge worker's liveness and stop, without importing Airflow (a few CPU-seconds each time):
what `airflow edge status` and `airflow edge stop --wait` do, on the files the worker keeps in
$AIRFLOW_HOME (its pid, and the status it writes when sent SIGUSR2).

    python edge_worker.py alive [--groom DAYS:BYTES]
        The worker's event loop answers: sent SIGUSR2, it rewrites its status file within
        ANSWER_SECONDS. Exit 0 then; 1 with the reason when the worker is gone or silent.
    python edge_worker.py stop
        The pod's preStop: SIGINT makes the worker drain (no new task; running ones finish, or
        are terminated after [edge] drain_timeout_sec and killed after drain_kill_grace_sec);
        waits until it has exited, so the kubelet's SIGTERM, which would terminate the tasks at
        once, comes after.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

HOME = Path(os.environ.get("AIRFLOW_HOME", "/opt/airflow"))
PID_FILE = HOME / "airflow-edge-worker.pid"
STATUS_FILE = HOME / "airflow-edge-worker.out"
ANSWER_SECONDS = 20


def worker_pid() -> int | None:
    """The worker's pid, while its process lives."""
    try:
        pid = int(PID_FILE.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def alive() -> int:
    pid = worker_pid()
    if pid is None:
        print(f"no edge worker runs (pid file {PID_FILE})", file=sys.stderr)
        return 1
    asked = time.time() - 1
    os.kill(pid, signal.SIGUSR2)
    deadline = time.monotonic() + ANSWER_SECONDS
    while time.monotonic() < deadline:
        if STATUS_FILE.exists() and STATUS_FILE.stat().st_mtime >= asked:
            return 0
        time.sleep(0.2)
    print(f"the edge worker (pid {pid}) did not answer in {ANSWER_SECONDS} s", file=sys.stderr)
    return 1


def stop() -> int:
    pid = worker_pid()
    if pid is not None:
        os.kill(pid, signal.SIGINT)
    while worker_pid() is not None:  # the kubelet's grace period bounds the wait
        time.sleep(1)
    return 0


def checks() -> Any:
    """checks.py, beside this script in the pod: its grooming before the check."""
    spec = importlib.util.spec_from_file_location("checks", Path(__file__).with_name("checks.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    argv = checks().groomed_first(argv)
    if argv == ["alive"]:
        return alive()
    if argv == ["stop"]:
        return stop()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
