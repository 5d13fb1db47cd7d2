"""The cluster's long-running processes: started in their own sessions, so they outlive the
command that started them, with a pid file each and a log file each."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.cluster.layout import LOGS, RUN


def pid_file(name: str) -> Path:
    return RUN / f"{name}.pid"


def running(name: str) -> int | None:
    """The pid of our `name` process if it is alive."""
    try:
        pid = int(pid_file(name).read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    # A zombie or a reused pid is not ours.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    return None if stat.rsplit(")", 1)[1].split()[0] == "Z" else pid


def start(name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
    """Start `argv` (with `env`, else ours) unless our `name` process already runs; returns its
    pid."""
    pid = running(name)
    if pid:
        return pid
    LOGS.mkdir(parents=True, exist_ok=True)
    RUN.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    pid_file(name).write_text(str(process.pid))
    return process.pid


def stop(name: str, timeout: float = 15) -> None:
    """SIGTERM `name`'s process group, SIGKILL what is left after `timeout`."""
    pid = running(name)
    if pid:
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while running(name) and time.monotonic() < deadline:
            time.sleep(0.2)
        _signal_group(pid, signal.SIGKILL)
    pid_file(name).unlink(missing_ok=True)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def log_tail(name: str, lines: int = 30) -> str:
    path = LOGS / f"{name}.log"
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def kill_matching(fragment: str) -> list[int]:
    """SIGKILL every process whose command line contains `fragment` (containerd's shims, whose
    sessions are their own); returns their pids."""
    killed = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fragment in cmdline:
            try:
                os.kill(int(proc.name), signal.SIGKILL)
                killed.append(int(proc.name))
            except ProcessLookupError:
                pass
    return killed
