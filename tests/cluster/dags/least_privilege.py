"""DAGs for tests/cluster/test_least_privilege.py: what a task can see and reach, and one that
writes its log without end. Only the drills' image carries them.

- `secret_hunt`: one task on a Celery worker and one in a KubernetesExecutor pod, each reading
  everything a task can read where secrets would be: its environment, /proc/<pid>/environ and
  the command line of every process it can see, every file under every mount (but /proc, /sys,
  /dev), `airflow config get-value` of the keys (which does not start inside a task: Airflow
  3.3's supervisor replaces the task's database URL) and what every `_CMD` option prints. It is
  given only the SHA-256 (and length) of each value the test looks for, so no secret travels to
  it, and returns the indexes of those it found anywhere in that text; then it tries Airflow's
  own database login with every value of its environment, and, on the worker, what the Celery
  result backend's role may read.
- `egress`: connects to `host`:`port` (run parameters) and returns what happened.
- `log_flood`: a task printing 4 KiB lines without end until its pod's logs allowance is gone,
  and `bystander` beside it on the same worker; `log_flood_in_a_pod` the same in a task pod.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from airflow.sdk import dag, task

SKIPPED_MOUNTS = ("/proc", "/sys", "/dev")
MAX_FILE = 1 << 20  # larger files are model weights or bytecode, not credentials


def _readable(path: Path) -> str:
    try:
        if path.is_file() and path.stat().st_size <= MAX_FILE:
            return path.read_bytes().decode(errors="replace")
    except OSError:
        return ""
    return ""


def _mounts() -> list[str]:
    found = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        point = line.split()[4]
        if point == "/" or point.startswith(SKIPPED_MOUNTS):
            continue
        found.append(point)
    return found


def hunt() -> dict[str, Any]:
    """Everything a task's code can read where a secret would be, as text."""
    seen: dict[str, Any] = {"env": dict(os.environ), "processes": {}, "files": {}, "config": {}}
    for proc in Path("/proc").glob("[0-9]*"):
        environ = _readable(proc / "environ")
        command = _readable(proc / "cmdline")
        if environ or command:
            seen["processes"][proc.name] = {"environ": environ, "cmdline": command}
    for point in _mounts():
        for root, _, names in os.walk(point):
            for name in names:
                text = _readable(Path(root, name))
                if text:
                    seen["files"][str(Path(root, name))] = text
    for section, key in (
        ("core", "fernet_key"),
        ("database", "sql_alchemy_conn"),
        ("api_auth", "jwt_secret"),
        ("celery", "result_backend"),
    ):
        got = subprocess.run(
            ["airflow", "config", "get-value", section, key], capture_output=True, text=True
        )
        seen["config"][f"{section}.{key}"] = got.stdout + got.stderr
    # Inside a task Airflow's CLI does not start (the supervisor points the task's database URL
    # at a refusal, which the CLI cannot parse), so the `_CMD` options are also run the way
    # Airflow runs them: what `airflow config get-value` would have printed.
    seen["config"] |= {name: command_output(name) for name in os.environ if name.endswith("_CMD")}
    return seen


def command_output(name: str) -> str:
    """What the `_CMD` variable `name` prints, as Airflow runs it (split, no shell)."""
    got = subprocess.run(shlex.split(os.environ[name]), capture_output=True, text=True)
    return got.stdout + got.stderr


def found(seen: dict[str, Any], wanted: list[list[Any]]) -> list[int]:
    """The indexes of `wanted` ([sha256, length] each) whose value occurs anywhere in `seen`."""
    text = repr(seen)
    hits = []
    for index, (digest, length) in enumerate(wanted):
        windows = (text[i : i + length] for i in range(len(text) - length + 1))
        if any(hashlib.sha256(w.encode()).hexdigest() == digest for w in windows):
            hits.append(index)
    return hits


def try_airflows_login(seen: dict[str, Any], host: str) -> dict[str, str]:
    """Airflow's own database user (`airflow`) with every value of the environment: none may
    log in (from a task pod the database is not even reachable)."""
    import psycopg2

    try:
        socket.create_connection((host, 5432), timeout=5).close()
    except OSError as error:
        return {"unreachable": str(error)}
    values = {v for v in seen["env"].values() if 6 <= len(v) <= 200}
    outcome = {}
    for value in sorted(values):
        try:
            psycopg2.connect(
                host=host, user="airflow", password=value, dbname="airflow", connect_timeout=5
            ).close()
            outcome[value[:3] + "..."] = "LOGGED IN"
        except psycopg2.OperationalError as error:
            outcome.setdefault("refused", str(error).strip().splitlines()[-1])
    return outcome


def results_role_reach() -> dict[str, str]:
    """What the Celery result backend's role (the worker's only database login) may read."""
    import psycopg2

    url = command_output("AIRFLOW__CELERY__RESULT_BACKEND_CMD").strip()
    if not url.startswith("db+"):  # no URL, so no password in what is raised
        raise RuntimeError(f"the result backend's command printed no URL: {url[-300:]!r}")
    url = url.removeprefix("db+").replace("postgresql+psycopg2://", "postgresql://")
    outcome = {}
    with psycopg2.connect(url, connect_timeout=5) as connection:
        for table in ("celery_taskmeta", "dag_run", "connection", "variable", "ab_user"):
            with connection.cursor() as cursor:
                try:
                    cursor.execute(f"SELECT count(*) FROM {table}")
                    outcome[table] = "read"
                except psycopg2.Error as error:
                    outcome[table] = str(error).strip().splitlines()[0]
            connection.rollback()
    return outcome


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"wanted": [], "database_host": ""},
    tags=["least-privilege"],
)
def secret_hunt() -> None:
    def report(params: dict[str, Any] | None) -> dict[str, Any]:
        seen = hunt()
        return {
            "found": found(seen, (params or {})["wanted"]),
            "looked_at": {k: len(v) for k, v in seen.items()},
            "login": try_airflows_login(seen, (params or {})["database_host"]),
        }

    @task
    def on_a_worker(params: dict[str, Any] | None = None) -> dict[str, Any]:
        return {**report(params), "results_role": results_role_reach()}

    @task(executor="KubernetesExecutor")
    def in_a_task_pod(params: dict[str, Any] | None = None) -> dict[str, Any]:
        return report(params)

    on_a_worker()
    in_a_task_pod()


secret_hunt()


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"host": "", "port": 80},
    tags=["least-privilege"],
)
def egress() -> None:
    @task
    def connect(params: dict[str, Any] | None = None) -> str:
        host, port = str((params or {})["host"]), int((params or {})["port"])
        try:
            socket.create_connection((host, port), timeout=10).close()
            return "connected"
        except OSError as error:
            return f"refused: {error}"

    connect()


egress()


def flood_forever() -> None:
    """4 KiB lines into the task's log, without end."""
    line = "x" * 4096
    while True:
        print(line, flush=True)


@dag(
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    params={"seconds": 600},
    tags=["least-privilege"],
)
def log_flood() -> None:
    @task(retries=0)
    def flood() -> None:
        flood_forever()

    @task(retries=0)
    def bystander(params: dict[str, int] | None = None) -> int:
        seconds = int((params or {})["seconds"])
        for second in range(seconds):
            print(f"still here {second + 1}/{seconds}", flush=True)
            time.sleep(1)
        return seconds

    [flood(), bystander()]


log_flood()


@dag(schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["least-privilege"])
def log_flood_in_a_pod() -> None:
    @task(retries=0, executor="KubernetesExecutor")
    def flood() -> None:
        flood_forever()

    flood()


log_flood_in_a_pod()
