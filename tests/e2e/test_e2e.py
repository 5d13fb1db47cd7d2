"""End to end: `python main.py` output, run on podman by tests/e2e/kubelet.py, until the tutorial
DAG succeeds through the REST API, as a user would drive it.

Scenarios: the default deployment (in-cluster Postgres and RabbitMQ, two workers, DAGs in the
image), the Redis broker, and an external Postgres given as host + password Secret. Each prints a
timing breakdown and every container's peak memory against its request and limit.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.e2e.airflow_api import AirflowApi
from tests.e2e.kubelet import Cluster, podman, quantity_bytes
from tests.podman import (
    airflow_standin,
    build,
    postgres_standin,
    rabbitmq_standin,
    redis_standin,
    require_podman,
)

pytestmark = pytest.mark.e2e
AIRFLOW_IMAGE = "localhost/kube-airflow/airflow:e2e"
NAMESPACE = "airflow"
BACKFILL = "airflow backfill create --dag-id tutorial --from-date 2026-01-01 --to-date 2026-01-02"
TIMINGS: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="session")
def images() -> dict[str, str]:
    require_podman()
    return build_images()


def build_images() -> dict[str, str]:
    """The one visible table mapping each image the manifests name to what runs here."""
    started = time.monotonic()
    base = airflow_standin()
    result = build(AIRFLOW_IMAGE, ROOT / "image/Dockerfile", ROOT, f"AIRFLOW_IMAGE={base}")
    assert result.returncode == 0, result.stderr[-4000:]
    table = {
        AIRFLOW_IMAGE: AIRFLOW_IMAGE,  # image/Dockerfile built on the apache/airflow stand-in
        "postgres:17.7": postgres_standin(),
        "rabbitmq:4.1.4": rabbitmq_standin(),
        "redis:7.4.6": redis_standin(),
    }
    TIMINGS["images"] = {"build (cached after the first run)": time.monotonic() - started}
    return table


def synthesize(tmp_path: Path, *sets: str) -> list[dict[str, Any]]:
    """The real `python main.py`, with the image built above and the scenario's props."""
    out = tmp_path / "dist"
    args = [sys.executable, "main.py", "--image", AIRFLOW_IMAGE, "--out", str(out)]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True)
    return [d for f in sorted(out.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]


@pytest.fixture
def cluster(tmp_path: Path, images: dict[str, str]) -> Iterator[Cluster]:
    c = Cluster(tmp_path / "cluster", images)
    try:
        yield c
    finally:
        c.close()


def run_scenario(name: str, cluster: Cluster, docs: list[dict[str, Any]]) -> AirflowApi:
    started = time.monotonic()
    cluster.apply(docs)
    cluster.wait(timeout=1200)
    try:
        return _drive(name, cluster, started)
    except AssertionError as error:
        airflow_pods = [p for p in cluster.pods.values() if "postgres" not in p.name]
        raise AssertionError(f"{error}\n{cluster.report(airflow_pods)}") from error


def _drive(name: str, cluster: Cluster, started: float) -> AirflowApi:
    """Use the running deployment as a user would, through the REST API."""
    ready = time.monotonic()
    api = AirflowApi(
        f"http://{cluster.pods['airflow-api-server-0'].ip}:8080",
        "admin",
        cluster.api.secret_value(NAMESPACE, "airflow-generated", "admin-password"),  # type: ignore[union-attr]
    )
    health = api.wait_for("all components healthy", lambda: _healthy(api), timeout=180)
    assert health["metadatabase"]["status"] == "healthy"
    api.wait_for("the tutorial DAG", lambda: api.get("/api/v2/dags/tutorial"), timeout=300)
    api.patch("/api/v2/dags/tutorial", {"is_paused": False})
    trigger = time.monotonic()
    run = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": _now()})
    run_id = run["dag_run_id"]
    final = api.wait_for("the DAG run to finish", lambda: _finished(api, run_id), timeout=600)
    assert final == "success", _task_states(api, run_id)
    done = time.monotonic()
    log = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/templated/logs/1")
    text = str(log["content"])
    assert "seven days later" in text, f"task log not served by the worker: {text[:2000]}"
    TIMINGS[name] = {
        **{f"  {p.name} ready/done": p.ready_at - started for p in cluster.pods.values()},
        "pods ready (apply -> all ready, Jobs done)": ready - started,
        "DAG run (trigger -> success)": done - trigger,
        "cold start to tutorial success": done - started,
    }
    print_memory(cluster)
    return api


def _healthy(api: AirflowApi) -> dict[str, Any] | None:
    health = api.get("/api/v2/monitor/health")
    parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
    return health if all(health[p]["status"] == "healthy" for p in parts) else None


def _finished(api: AirflowApi, run_id: str) -> str | None:
    state = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}")["state"]
    return state if state in {"success", "failed"} else None


def _task_states(api: AirflowApi, run_id: str) -> Any:
    return api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances")


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def test_default_deployment(tmp_path: Path, cluster: Cluster) -> None:
    api = run_scenario("default (Postgres + RabbitMQ in cluster)", cluster, synthesize(tmp_path))
    # The original kube-airflow's `airflow backfill tutorial`, in Airflow 3, in an api-server pod.
    backfill = cluster.exec(
        "airflow-api-server-0",
        "api-server",
        BACKFILL.split(),
    )
    assert backfill.returncode == 0, backfill.stdout + backfill.stderr
    runs = api.wait_for("the backfill's runs to succeed", lambda: _backfilled(api), timeout=600)
    assert len(runs) == 2

    # The database's PVC outlives its pod: delete the pod, and Airflow still has its runs.
    cluster.delete_pod("airflow-postgres-0")
    cluster.wait(timeout=300)
    assert len(api.wait_for("runs after the restart", lambda: _backfilled(api), timeout=300)) == 2


def _backfilled(api: AirflowApi) -> list[dict[str, Any]] | None:
    runs = api.get("/api/v2/dags/tutorial/dagRuns?run_type=backfill")["dag_runs"]
    return runs if len(runs) == 2 and all(r["state"] == "success" for r in runs) else None


def test_redis_broker(tmp_path: Path, cluster: Cluster) -> None:
    run_scenario("Redis broker", cluster, synthesize(tmp_path, "broker.type=redis"))


def test_external_postgres(tmp_path: Path, cluster: Cluster, images: dict[str, str]) -> None:
    """A Postgres outside the deployment (its own container on the network), given as external."""
    password = "ext'\"/ @:%$x"
    host = "external-db.example.internal"
    docs = synthesize(
        tmp_path,
        "database.type=external",
        f"database.host={host}",
        "database.password.name=external-db",
        "database.password.key=password",
    )
    network, _ = cluster._network(NAMESPACE)  # the namespace's network, created before the apply
    start_postgres(
        images["postgres:17.7"],
        f"kae2e-{cluster.run_id}-external-db",
        ["--network", network, "--network-alias", host],
        f"kube-airflow-e2e={cluster.run_id}",
        password,
        tmp_path / "external-db",
    )
    cluster.create_secret(NAMESPACE, "external-db", {"password": password})
    run_scenario("external Postgres", cluster, docs)


def start_postgres(
    image: str, name: str, network: list[str], label: str, password: str, root: Path
) -> None:
    """A Postgres container outside any pod: read-only root, writable where the image writes."""
    podman(
        "run", "-d", "--name", name, "--label", label, *network, "--user", "999:999", "--read-only",
        *writable_dirs(root, "/var/lib/postgresql/data", "/var/run/postgresql", "/tmp"),
        "-e", "POSTGRES_USER=airflow", "-e", f"POSTGRES_PASSWORD={password}",
        "-e", "POSTGRES_DB=airflow", "-e", "PGDATA=/var/lib/postgresql/data/pgdata",
        image,
    )  # fmt: skip


def writable_dirs(root: Path, *paths: str) -> list[str]:
    """Host directories owned by uid 999 where the image writes; its root stays read-only."""
    args = []
    for path in paths:
        folder = root / path.strip("/").replace("/", "-")
        folder.mkdir(parents=True)
        os.chown(folder, 999, 999)
        args += ["-v", f"{folder}:{path}"]
    return args


def print_memory(cluster: Cluster) -> None:
    rows = []
    for pod, c, name in cluster.containers():
        resources = c.get("resources", {})
        request = quantity_bytes(resources.get("requests", {}).get("memory", "0"))
        limit = quantity_bytes(resources.get("limits", {}).get("memory", "0"))
        peak = cluster.peak_memory.get(name, 0)
        share = f"{100 * peak / limit:.0f}%" if limit else "-"
        mib = [f"{v / 2**20:7.0f}" for v in (peak, request, limit)]
        rows.append(f"{pod.name + '/' + c['name']:<55} {' '.join(mib)} {share:>5}")
    print("\ncontainer peak memory (MiB)                              peak request   limit  %lim")
    print("\n".join(sorted(rows)))


@pytest.fixture(scope="session", autouse=True)
def timing_report() -> Iterator[None]:
    yield
    if TIMINGS:
        print("\ne2e timings (s):")
        for scenario, phases in TIMINGS.items():
            for phase, seconds in phases.items():
                print(f"  {scenario:<45} {phase:<45} {seconds:7.1f}")
