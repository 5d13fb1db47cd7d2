"""The tutorial DAG end to end on the real cluster: `python main.py`, `kubectl apply -f dist/`, no
manual step, the DAG triggered through the REST API via the api-server's Service, its task log
served by the worker. Then the upgrade recipe: a newer image tag applied with the prune recipe
converges and leaves none of the old version's Jobs behind.

Scenarios: the default (in-cluster Postgres and RabbitMQ), the Redis broker, and an external
Postgres (a Postgres outside the deployment's namespace, given as host + password Secret).
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import deploy
from tests.cluster.conftest import AIRFLOW_IMAGE, AIRFLOW_IMAGE_NEXT, TIMINGS
from tests.cluster.kube import Kube
from tests.e2e.airflow_api import AirflowApi

pytestmark = pytest.mark.cluster


def run_tutorial(kube: Kube, namespace: str, started: float, name: str) -> AirflowApi:
    """Converge, then drive the deployment as a user would, through the REST API."""
    deploy.wait_converged(kube, namespace)
    converged = time.monotonic() - started
    try:
        api = AirflowApi(
            deploy.service_url(kube, namespace, "airflow-api-server", 8080),
            "admin",
            deploy.secret_value(kube, namespace, "airflow-generated", "admin-password"),
        )
        health = api.wait_for("all components healthy", lambda: _healthy(api), timeout=180)
        assert health["metadatabase"]["status"] == "healthy"
        api.wait_for("the tutorial DAG", lambda: api.get("/api/v2/dags/tutorial"), timeout=300)
        api.patch("/api/v2/dags/tutorial", {"is_paused": False})
        trigger = time.monotonic()
        run_id = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": _now()})["dag_run_id"]
        final = api.wait_for("the DAG run to finish", lambda: _finished(api, run_id), timeout=600)
        assert final == "success", _task_states(api, run_id)
        done = time.monotonic()
        log = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/templated/logs/1")
        assert "seven days later" in str(log["content"]), f"task log not served: {log}"
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, namespace)}") from error
    TIMINGS[f"{name}: apply -> converged"] = converged
    TIMINGS[f"{name}: DAG run, trigger -> success"] = done - trigger
    TIMINGS[f"{name}: cold start, apply -> tutorial success"] = done - started
    return api


def _healthy(api: AirflowApi) -> Any:
    health = api.get("/api/v2/monitor/health")
    parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
    return health if all(health[p]["status"] == "healthy" for p in parts) else None


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def _finished(api: AirflowApi, run_id: str) -> str | None:
    state = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}")["state"]
    return str(state) if state in ("success", "failed") else None


def _task_states(api: AirflowApi, run_id: str) -> dict[str, str]:
    tis = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances")["task_instances"]
    return {ti["task_id"]: ti["state"] for ti in tis}


def _clean(kube: Kube, namespace: str) -> None:
    kube.delete_namespace(namespace, wait=True)


def test_default_then_upgrade(kube: Kube, cluster_images: dict[str, str], tmp_path: Path) -> None:
    namespace = "kat-tutorial"
    _clean(kube, namespace)
    dist = deploy.synthesize(tmp_path / "v1", "--image", AIRFLOW_IMAGE, "--namespace", namespace)
    started = time.monotonic()
    deploy.apply(kube, dist)
    try:
        api = run_tutorial(kube, namespace, started, "default")
        old_jobs = deploy.names(kube, "jobs", namespace)

        # The upgrade recipe as the README writes it: synthesize for the new tag, apply with prune.
        upgraded = deploy.synthesize(
            tmp_path / "v2", "--image", AIRFLOW_IMAGE_NEXT, "--namespace", namespace
        )
        begin = time.monotonic()
        output = deploy.apply(kube, upgraded)
        deploy.wait_converged(kube, namespace)
        TIMINGS["upgrade: apply -> converged"] = time.monotonic() - begin
        new_jobs = deploy.names(kube, "jobs", namespace)
        assert new_jobs and not (new_jobs & old_jobs), (old_jobs, new_jobs, output)
        assert all(j.endswith("3-3-2-next") for j in new_jobs), new_jobs
        assert {f"job.batch/{j} pruned" for j in old_jobs} <= set(output.splitlines()), output
        airflow_images = {i for i in deploy.images_of(kube, namespace) if "kube-airflow" in i}
        assert airflow_images == {AIRFLOW_IMAGE_NEXT}, airflow_images
        # The run made before the upgrade is still there (same database).
        runs = api.get("/api/v2/dags/tutorial/dagRuns")["dag_runs"]
        assert any(r["state"] == "success" for r in runs), runs
    finally:
        _clean(kube, namespace)


def test_redis_broker(kube: Kube, cluster_images: dict[str, str], tmp_path: Path) -> None:
    namespace = "kat-redis"
    _clean(kube, namespace)
    dist = deploy.synthesize(
        tmp_path / "dist", "--image", AIRFLOW_IMAGE, "--namespace", namespace,
        "--set", "broker.type=redis",
    )  # fmt: skip
    started = time.monotonic()
    deploy.apply(kube, dist)
    try:
        run_tutorial(kube, namespace, started, "redis")
    finally:
        _clean(kube, namespace)
