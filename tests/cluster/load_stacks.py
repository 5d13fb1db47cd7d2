"""The two stacks `make benchmark-load` drives (benchmark_load.py), each seen the same way: its
REST API, a query in its Postgres, its containers' memory high-water marks and restarts, and
PgBouncer's waiting clients when it has PgBouncer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.cluster.airflow_api import AirflowApi
from tests.cluster.kube import Kube
from tests.cluster.test_backends import PGBOUNCER_CONSOLE
from tests.cluster.test_tutorial import Deployment, exec_in, sql
from tests.podman import podman
from tests.resources import quantity

MEMORY = Path("/sys/fs/cgroup/memory")  # cgroup v1, as on the node built here
HIGH_WATER = "memory.max_usage_in_bytes"
# PgBouncer's pools (its admin console, asked as the scheduler's test does): clients waiting.
WAITING = (
    PGBOUNCER_CONSOLE
    + """
cur.execute("SHOW POOLS")
column = [d[0] for d in cur.description].index("cl_waiting")
print(sum(row[column] for row in cur.fetchall() if row[0] == "airflow"))
"""
)


@dataclass
class Stack:
    """What the load needs of a running stack; `waiting` only behind PgBouncer."""

    name: str
    api: AirflowApi
    psql: Callable[[str], str]  # a query's output, asked in Postgres as Airflow's user
    reset_peaks: Callable[[], None]  # every container's memory high-water mark back to now
    peaks: Callable[[], dict[str, tuple[int, int]]]  # container -> (peak, limit) bytes
    restarts: Callable[[], tuple[int, int]]  # container restarts, OOM kills so far
    waiting: Callable[[], int] | None = None  # PgBouncer's clients waiting for a server


def _peak(group: Path) -> int:
    try:
        return int((group / HIGH_WATER).read_text())
    except OSError:  # the container stopped since
        return 0


def _reset(groups: dict[str, tuple[Path, int]]) -> None:
    """cgroup v1 takes a write to the high-water mark as "start again from the usage now"."""
    for group, _ in groups.values():
        (group / HIGH_WATER).write_text("0")


def kube_stack(kube: Kube, deployed: Deployment, name: str, pgbouncer: bool) -> Stack:
    namespace = deployed.namespace
    groups = _pod_groups(kube, namespace)

    def waiting() -> int:
        shown = exec_in(kube, namespace, "deploy/airflow-scheduler", "python", "-c", WAITING)
        return int(shown.stdout)

    return Stack(
        name,
        deployed.api,
        lambda query: sql(kube, namespace, query),
        lambda: _reset(groups),
        lambda: {key: (_peak(group), limit) for key, (group, limit) in groups.items()},
        lambda: _pod_restarts(kube, namespace),
        waiting if pgbouncer else None,
    )


def _pod_groups(kube: Kube, namespace: str) -> dict[str, tuple[Path, int]]:
    """Each running container's memory cgroup and limit, as `pod/container`."""
    found = {}
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        limits = {
            c["name"]: int(quantity(c.get("resources", {}).get("limits", {}).get("memory", "0")))
            for c in pod["spec"]["containers"]
        }
        for status in pod["status"].get("containerStatuses", []):
            container_id = status.get("containerID", "").split("//")[-1]
            if "running" not in status.get("state", {}) or not container_id:
                continue
            group = next((MEMORY / "kubepods").rglob(container_id))
            found[f"{pod['metadata']['name']}/{status['name']}"] = group, limits[status["name"]]
    return found


def _pod_restarts(kube: Kube, namespace: str) -> tuple[int, int]:
    statuses = [
        status
        for pod in kube.json("get", "pods", "-n", namespace)["items"]
        for status in pod["status"].get("containerStatuses", [])
    ]
    restarts = sum(s["restartCount"] for s in statuses)
    killed = sum(
        1
        for s in statuses
        if s.get("lastState", {}).get("terminated", {}).get("reason") == "OOMKilled"
    )
    return restarts, killed


def bare_stack(containers: list[str], api: AirflowApi) -> Stack:
    template = "{{.Name}} {{.State.CgroupPath}}"
    groups = {}
    for line in podman("inspect", "--format", template, *containers).stdout.splitlines():
        container, path = line.split()
        groups[container] = MEMORY / path.lstrip("/"), 0  # the bare stack sets no limit
    database = next(c for c in groups if c.endswith("-pg"))

    def psql(query: str) -> str:
        return str(
            podman("exec", database, "psql", "-U", "airflow", "-d", "airflow", "-tAc", query).stdout
        )

    return Stack(
        "bare stack",
        api,
        psql,
        lambda: _reset(groups),
        lambda: {key: (_peak(group), limit) for key, (group, limit) in groups.items()},
        lambda: _container_restarts(containers),
    )


def _container_restarts(containers: list[str]) -> tuple[int, int]:
    """The bare stack restarts nothing: a container that stopped counts as a restart."""
    template = "{{.State.Running}} {{.State.OOMKilled}} {{.RestartCount}}"
    stopped = killed = 0
    for line in podman("inspect", "--format", template, *containers).stdout.splitlines():
        running, oom, restarts = line.split()
        stopped += (running != "true") + int(restarts)
        killed += oom == "true"
    return stopped, killed
