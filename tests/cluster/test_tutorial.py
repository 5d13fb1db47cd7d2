"""The tutorial DAG end to end on the real cluster: `python main.py`, `kubectl apply -f dist/`, no
manual step, the DAG triggered through the REST API via the api-server's Service, its task log
served by the worker.

The default deployment (in-cluster Postgres and RabbitMQ) then shows, in this order: the
original kube-airflow's backfill, NetworkPolicies enforced, the database surviving its pod, the
upgrade recipe (a newer image tag and a changed config, applied with the prune recipe, converge,
leave none of the old version's Jobs behind and keep runs, connections and Secrets), and a
downgrade below the database's schema refused. test_backends.py runs it on the other brokers and
databases.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import cluster, deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.browser import ARTIFACTS, browser
from tests.cluster.conftest import TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE, AIRFLOW_IMAGE_NEXT
from tests.cluster.kube import Kube

pytestmark = pytest.mark.cluster
BACKFILL = "airflow backfill create --dag-id tutorial --from-date 2026-01-01 --to-date 2026-01-02"


@dataclass
class Deployment:
    namespace: str
    api: AirflowApi
    run_id: str


def deploy_and_run_tutorial(kube: Kube, dist: Path, namespace: str, name: str) -> Deployment:
    """Apply, converge, then drive the deployment as a user would, through the REST API."""
    if kube.local:
        cluster.recycle_volumes()  # the previous scenario's released volumes, wiped
    started = time.monotonic()
    deploy.apply(kube, dist)
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
    if kube.local:
        print(f"\n{name}:\n{deploy.memory_table(kube, namespace)}")
    TIMINGS[f"{name}: apply -> converged"] = converged
    TIMINGS[f"{name}: DAG run, trigger -> success"] = done - trigger
    TIMINGS[f"{name}: cold start, apply -> tutorial success"] = done - started
    return Deployment(namespace, api, run_id)


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


def _backfilled(api: AirflowApi) -> list[dict[str, Any]] | None:
    runs = api.get("/api/v2/dags/tutorial/dagRuns?run_type=backfill")["dag_runs"]
    return runs if len(runs) == 2 and all(r["state"] == "success" for r in runs) else None


@pytest.fixture(scope="module")
def default(
    kube: Kube, cluster_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    namespace = "kat-tutorial"
    kube.delete_namespace(namespace)
    dist = deploy.synthesize(
        tmp_path_factory.mktemp("default"), "--image", AIRFLOW_IMAGE, "--namespace", namespace
    )
    try:
        yield deploy_and_run_tutorial(kube, dist, namespace, "default")
    finally:
        kube.delete_namespace(namespace)


def exec_in(kube: Kube, namespace: str, target: str, *command: str) -> Any:
    """Run `command` in the main container (named after its component) of `target`."""
    container = target.split("/")[-1].removeprefix("airflow-")
    return kube.run(
        "exec", "-n", namespace, target, "-c", container, "--", *command, check=False, timeout=300
    )


def test_tutorial(default: Deployment) -> None:
    """The fixture ran it: the DAG run succeeded and the worker served its task log."""
    assert _finished(default.api, default.run_id) == "success"


def test_ui_in_a_real_browser(kube: Kube, default: Deployment) -> None:
    """What a person does after the tutorial ran, in headless chromium through the Services: log in
    as the admin, find the DAG, see the run succeed in its grid, read the task's log (served by
    the worker), see both workers in Flower. A screenshot per step in tests/artifacts/ui/; any
    JS error in the console fails it."""
    web = deploy.service_url(kube, default.namespace, "airflow-api-server", 8080)
    flower = deploy.service_url(kube, default.namespace, "airflow-flower", 5555)
    password = deploy.secret_value(kube, default.namespace, "airflow-generated", "admin-password")
    run = default.run_id
    with browser(ARTIFACTS / "ui") as b:
        b.open(web + "/")
        b.wait("the login form", lambda: b.elements("#username"))
        b.elements("#username")[0].send_keys("admin")
        b.elements("#password")[0].send_keys(password)
        b.elements("input[type=submit], button[type=submit]")[0].click()
        b.wait("the home page after login", lambda: "/auth/login" not in b.driver.current_url)
        b.step("1-logged-in")
        b.open(web + "/dags")
        b.wait("the DAG list with the tutorial", lambda: b.elements("a[href='/dags/tutorial']"))
        b.step("2-dag-list")
        b.open(f"{web}/dags/tutorial/runs/{run}")
        b.wait("the run's state badge", lambda: b.elements("[data-testid='state-badge']"))
        b.wait("the run in the success state", lambda: b.shows("Success"))
        cell = f"[data-testid='grid-{run}-templated']"
        b.wait("the run's tasks in the grid", lambda: b.elements(cell))
        b.step("3-grid")
        b.elements(cell)[0].click()
        # The task's output line, not the command echoing it (`echo "logical date ...`).
        output = re.compile(r"- logical date [\d-]+, seven days later [\d-]+")
        b.wait("the task's log from the worker", lambda: output.search(b.text()))
        b.step("4-task-log")
        assert deploy.http_status(flower + "/") == 401  # Flower's basic auth
        auth = deploy.secret_value(
            kube, default.namespace, "airflow-generated", "flower-basic-auth"
        )
        b.open(deploy.with_credentials(flower, auth) + "/")
        workers = ("celery@airflow-worker-0", "celery@airflow-worker-1")
        b.wait("both workers in Flower", lambda: all(w in b.driver.page_source for w in workers))
        b.wait("both workers online", lambda: "Online workers\n2" in b.text())
        b.step("5-flower-workers")
    for message in b.known:
        print(f"known console error, not ours: {message}")
    assert not b.failing, "JS errors in the browser console:\n" + "\n".join(b.failing)


def test_status_of_a_ready_deployment(kube: Kube, default: Deployment) -> None:
    """`make status` exits 0 with every Job complete and every workload ready; `make wait`
    returns at once."""
    once = kube.status("--namespace", default.namespace)
    assert once.returncode == 0, once.stdout + once.stderr
    assert "ok  statefulset  airflow-worker" in once.stdout and "2/2 ready" in once.stdout
    waited = kube.status("--namespace", default.namespace, "--wait", "--timeout", "60")
    assert waited.returncode == 0 and "ready: " in waited.stdout, waited.stdout + waited.stderr


def test_backfill(kube: Kube, default: Deployment) -> None:
    """The original kube-airflow's `airflow backfill tutorial`, in Airflow 3, in a pod."""
    result = exec_in(kube, default.namespace, "deploy/airflow-api-server", *BACKFILL.split())
    assert result.returncode == 0, result.stdout + result.stderr
    runs = default.api.wait_for("the backfill", lambda: _backfilled(default.api), timeout=600)
    assert len(runs) == 2


CONNECT = (
    "import socket, sys\n"
    "try:\n"
    "    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5).close()\n"
    "    print('connected')\n"
    "except OSError as error:\n"
    "    print('refused', error)\n"
)


def connects(kube: Kube, namespace: str, source: str, host: str, port: int) -> bool:
    result = exec_in(kube, namespace, source, "python", "-c", CONNECT, host, str(port))
    assert result.returncode == 0, result.stderr
    return result.stdout.startswith("connected")


def test_network_policies_are_enforced(kube: Kube, default: Deployment) -> None:
    """Only the api-server may fetch task logs from a worker (port 8793): the scheduler, in the
    same namespace and the same pod network, is refused the connection the api-server makes."""
    worker = f"airflow-worker-0.airflow-worker.{default.namespace}.svc.cluster.local"
    assert connects(kube, default.namespace, "deploy/airflow-api-server", worker, 8793)
    assert not connects(kube, default.namespace, "deploy/airflow-scheduler", worker, 8793)
    # Postgres admits the deployment's own pods only.
    postgres = f"airflow-postgres.{default.namespace}.svc.cluster.local"
    assert connects(kube, default.namespace, "deploy/airflow-scheduler", postgres, 5432)


def test_disruption_budget_refuses_the_second_eviction(kube: Kube, default: Deployment) -> None:
    """The workers' default budget (2 replicas, maxUnavailable 1) through the eviction API that
    `kubectl drain` uses: one worker may go, the other is refused (429) until the first is back."""
    namespace = default.namespace
    granted = kube.evict(namespace, "airflow-worker-1")
    assert granted.returncode == 0, granted.stderr
    refused = kube.evict(namespace, "airflow-worker-0")
    assert refused.returncode != 0 and "TooManyRequests" in refused.stderr, refused
    assert "disruption budget" in refused.stderr, refused.stderr
    begin = time.monotonic()
    budget = ("get", "pdb", "airflow-worker", "-n", namespace)
    kube.wait_until(
        "the evicted worker replaced and ready",
        lambda: kube.json(*budget)["status"].get("disruptionsAllowed") == 1,
        timeout=300,
    )
    TIMINGS["evicted worker: eviction -> budget allows again"] = time.monotonic() - begin
    again = kube.evict(namespace, "airflow-worker-0", dry_run=True)
    assert again.returncode == 0, again.stderr


def test_database_survives_its_pod(kube: Kube, default: Deployment) -> None:
    pod = ("pod", "-n", default.namespace, "airflow-postgres-0")
    uid = ("get", *pod, "-o", "jsonpath={.metadata.uid}")
    before = kube.run(*uid).stdout
    kube.run("delete", *pod)
    kube.wait_until(
        "a new Postgres pod", lambda: kube.run(*uid, check=False).stdout not in ("", before), 120
    )
    deploy.wait_converged(kube, default.namespace, timeout=300)
    runs = default.api.wait_for(
        "the runs after the restart",
        lambda: default.api.get("/api/v2/dags/tutorial/dagRuns")["dag_runs"],
        timeout=300,
    )
    assert any(r["dag_run_id"] == default.run_id and r["state"] == "success" for r in runs)


CONNECTION = {
    "connection_id": "upgrade_check",
    "conn_type": "postgres",
    "host": "warehouse.example.com",
    "login": "etl",
    "password": "p@ss:w/rd ü'\"$x",  # any character survives, encrypted with the Fernet key
}


def stored_connection(kube: Kube, namespace: str) -> Any:
    """The connection as Airflow decrypts it (the API masks the password), from the scheduler."""
    got = exec_in(
        kube, namespace, "deploy/airflow-scheduler",
        "airflow", "connections", "get", CONNECTION["connection_id"], "-o", "json",
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    return json.loads(got.stdout)[0]


def test_upgrade_recipe_converges_and_keeps_the_data(
    kube: Kube, default: Deployment, tmp_path: Path
) -> None:
    """The README's upgrade, with a changed config too: synthesize for the new tag, apply with the
    prune recipe. It converges with no manual step, prunes the old Jobs, and keeps the data: past
    runs, a stored connection (so the Fernet key), the generated Secret byte for byte."""
    namespace = default.namespace
    default.api.post("/api/v2/connections", CONNECTION)
    generated = ("get", "secret", "airflow-generated", "-n", namespace)
    secrets_before = kube.json(*generated)["data"]
    old_jobs = deploy.names(kube, "jobs", namespace)
    upgraded = deploy.synthesize(
        tmp_path, "--image", AIRFLOW_IMAGE_NEXT, "--namespace", namespace,
        "--set", "config.core.parallelism=48",
    )  # fmt: skip
    begin = time.monotonic()
    output = deploy.apply(kube, upgraded)
    deploy.wait_converged(kube, namespace)
    TIMINGS["upgrade: apply -> converged"] = time.monotonic() - begin
    new_jobs = deploy.names(kube, "jobs", namespace)
    assert new_jobs and not (new_jobs & old_jobs), (old_jobs, new_jobs, output)
    assert all(job.endswith("-3-3-2-next") for job in new_jobs), new_jobs
    assert {f"job.batch/{job} pruned" for job in old_jobs} <= set(output.splitlines()), output
    airflow = {i for i in deploy.images_of(kube, namespace) if "kube-airflow" in i}
    assert airflow == {AIRFLOW_IMAGE_NEXT}, airflow
    default.api.wait_for("health after the upgrade", lambda: _healthy(default.api), timeout=180)
    assert _finished(default.api, default.run_id) == "success"
    assert kube.json(*generated)["data"] == secrets_before
    connection = stored_connection(kube, namespace)
    assert {k: connection[k] for k in CONNECTION if k != "connection_id"} == {
        k: v for k, v in CONNECTION.items() if k != "connection_id"
    }
    parallelism = exec_in(
        kube, namespace, "deploy/airflow-scheduler",
        "airflow", "config", "get-value", "core", "parallelism",
    )  # fmt: skip
    assert parallelism.stdout.strip() == "48", parallelism


def test_downgrade_below_the_database_is_refused(
    kube: Kube, default: Deployment, tmp_path: Path
) -> None:
    """An image older than the database's schema: the migration Job refuses and says why (each
    attempt, until its retries run out); the database is left as it was. The database is made
    "newer" than this image by stamping a revision no Airflow here knows, as a newer Airflow's
    migration would."""
    namespace = default.namespace
    newer = "ffffffffffff"
    psql = ("sh", "-c", 'exec psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc "$0"')
    stamp = exec_in(
        kube, namespace, "statefulset/airflow-postgres", *psql,
        f"UPDATE alembic_version SET version_num = '{newer}' RETURNING version_num",
    )  # fmt: skip
    assert stamp.returncode == 0 and newer in stamp.stdout, stamp
    older = deploy.synthesize(tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace)
    deploy.apply(kube, older)
    job = f"airflow-db-migrate-{AIRFLOW_IMAGE.split(':')[1].replace('.', '-')}"
    begin = time.monotonic()
    attempts = ("get", "pods", "-n", namespace, "-l", f"job-name={job}")

    def refused() -> list[dict[str, Any]]:
        pods = kube.json(*attempts)["items"]
        return [p for p in pods if p["status"].get("phase") == "Failed"]

    kube.wait_until("the migration's first refusal", refused, timeout=300)
    TIMINGS["downgrade: apply -> migration refused"] = time.monotonic() - begin
    pod = refused()[0]
    (state,) = [c["state"] for c in pod["status"]["containerStatuses"]]
    assert state["terminated"]["exitCode"] == 3, state  # a refusal, not an unreachable database
    log = kube.run("logs", "-n", namespace, pod["metadata"]["name"], check=False)
    assert f"refusing to migrate: the database is at migration {newer}" in log.stdout, log
    assert "airflow db downgrade" in log.stdout, log
    assert not kube.json("get", "job", job, "-n", namespace)["status"].get("succeeded")
    shown = kube.status("--namespace", namespace)
    assert shown.returncode == 1 and "failed attempt" in shown.stdout, shown
    kept = exec_in(
        kube,
        namespace,
        "statefulset/airflow-postgres",
        *psql,
        "SELECT version_num FROM alembic_version",
    )
    assert kept.stdout.strip() == newer, kept
