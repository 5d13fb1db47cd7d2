"""lib/kube_airflow/scripts/edge_worker.py against a process that keeps the edge worker's files
as the provider's worker does (its pid; its status, rewritten on SIGUSR2; a drain on SIGINT).
The real worker answering it runs in the cluster tier."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from kube_airflow.pods import scripts as pod_scripts
from tests.scripts import load_script

# The worker's side: pid file, status on SIGUSR2 (unless told to stay silent), a drain of a
# second on SIGINT, after which it leaves a mark and exits.
WORKER = """
import os, pathlib, signal, sys, time
home = pathlib.Path(sys.argv[1])
(home / "airflow-edge-worker.pid").write_text(str(os.getpid()))
def status(*_):
    (home / "airflow-edge-worker.out").write_text('{"state": "idle"}')
def drain(*_):
    time.sleep(1)
    (home / "drained").write_text("yes")
    sys.exit(0)
signal.signal(signal.SIGUSR2, status if sys.argv[2] == "answers" else signal.SIG_IGN)
signal.signal(signal.SIGINT, drain)
(home / "ready").write_text("yes")
while True:
    time.sleep(0.1)
"""


@pytest.fixture
def edge(tmp_path: Path) -> ModuleType:
    module = load_script(pod_scripts.EDGE_WORKER_SCRIPT)
    module.PID_FILE = tmp_path / "airflow-edge-worker.pid"
    module.STATUS_FILE = tmp_path / "airflow-edge-worker.out"
    module.ANSWER_SECONDS = 2
    return module


def _start(home: Path, behaviour: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-c", WORKER, str(home), behaviour])
    deadline = time.monotonic() + 30
    while not (home / "ready").exists():
        assert time.monotonic() < deadline and process.poll() is None, "the worker did not start"
        time.sleep(0.05)
    return process


@pytest.fixture
def worker(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[bytes]]:
    process = _start(tmp_path, getattr(request, "param", "answers"))
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_alive_while_the_worker_answers(edge: ModuleType, worker: subprocess.Popen[bytes]) -> None:
    assert edge.alive() == 0
    worker.kill()
    worker.wait()
    assert edge.alive() == 1  # gone: its pid names no process


@pytest.mark.parametrize("worker", ["silent"], indirect=True)
def test_not_alive_when_the_worker_is_silent(
    edge: ModuleType, worker: subprocess.Popen[bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    assert edge.alive() == 1
    assert "did not answer in 2 s" in capsys.readouterr().err


def test_stop_drains_and_waits_for_the_exit(
    edge: ModuleType, worker: subprocess.Popen[bytes], tmp_path: Path
) -> None:
    # In the pod the worker's parent (dumb-init) reaps it; here the test is its parent.
    reaped = threading.Thread(target=worker.wait)
    reaped.start()
    begin = time.monotonic()
    assert edge.stop() == 0
    reaped.join(timeout=10)
    assert worker.returncode == 0
    assert (tmp_path / "drained").read_text() == "yes"  # SIGINT, the drain, not SIGTERM
    assert time.monotonic() - begin >= 1  # it waited for the drain


def test_stop_without_a_worker_returns(edge: ModuleType) -> None:
    assert edge.stop() == 0


def test_the_home_is_airflows(tmp_path: Path) -> None:
    """The files are where the provider keeps them: $AIRFLOW_HOME."""
    script = Path(load_script(pod_scripts.EDGE_WORKER_SCRIPT).__file__ or "")
    code = "import runpy,sys; m=runpy.run_path(sys.argv[1]); print(m['PID_FILE'])"
    environ = {**os.environ, "AIRFLOW_HOME": str(tmp_path)}
    printed = subprocess.run(
        [sys.executable, "-c", code, str(script)], env=environ, capture_output=True, text=True
    )
    assert printed.stdout.strip() == str(tmp_path / "airflow-edge-worker.pid")
