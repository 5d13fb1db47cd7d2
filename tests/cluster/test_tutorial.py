"""The tutorial DAG end to end on the real cluster: `python main.py`, `kubectl apply -f dist/`, no
manual step, the DAG triggered through the REST API via the api-server's Service, its task log
served by the worker.

The default deployment (in-cluster Postgres and RabbitMQ) then shows, in this order: the
original kube-airflow's backfill, NetworkPolicies enforced, the database surviving its pod,
`make delete` keeping the data for a re-apply, the upgrade recipe (a newer image tag and a
changed config, applied with the prune recipe, converge, leave none of the old version's Jobs
behind and keep runs, connections and Secrets), a downgrade below the database's schema refused,
and last `make delete PURGE=yes` removing it all. test_backends.py runs it on the other brokers
and databases.
"""

from __future__ import annotations

import datetime
import json
import math
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.cluster import cluster, deploy
from tests.cluster.airflow_api import TRANSIENT, AirflowApi
from tests.cluster.browser import (
    ARTIFACTS,
    assert_no_console_errors,
    browser,
    walk_the_tutorial_ui,
)
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE, AIRFLOW_IMAGE_NEXT
from tests.cluster.kube import Kube
from tests.conftest import synth_props

pytestmark = pytest.mark.cluster
BACKFILL = "airflow backfill create --dag-id tutorial --from-date 2026-01-01 --to-date 2026-01-02"
# The default deployment plus `airflow db clean`, whose Job the test creates by hand: the
# schedule fires only at midnight on a leap day, so no run of its own shows up mid-test.
RETENTION_DAYS = 30
OPTIONS = (
    "--set", "db_clean.enabled=true",
    "--set", "db_clean.schedule=0 0 29 2 *",
    "--set", f"db_clean.retention_days={RETENTION_DAYS}",
    # Airflow's metrics through the statsd exporter: test_metrics reads them after the run.
    "--set", "metrics.enabled=true",
)  # fmt: skip


@dataclass
class Deployment:
    namespace: str
    api: AirflowApi
    run_id: str


def deploy_and_run_tutorial(
    kube: Kube,
    dist: Path,
    namespace: str,
    name: str,
    api_path: str = "",
    log_served: bool = True,
) -> Deployment:
    """Apply, converge, then drive the deployment as a user would, through the REST API (below
    `api_path`, the sub-path of `[api] base_url`, when the deployment has one). `log_served`: a
    task's log is served once it ran (not by the KubernetesExecutor alone)."""
    if kube.local:
        cluster.recycle_volumes()  # the previous scenario's released volumes, wiped
    started = time.monotonic()
    deploy.apply(kube, dist)
    deploy.wait_converged(kube, namespace)
    converged = time.monotonic() - started
    try:
        api = AirflowApi(
            deploy.service_url(kube, namespace, "airflow-api-server", 8080) + api_path,
            "admin",
            deploy.secret_value(kube, namespace, "airflow-generated", "admin-password"),
        )
        health = api.wait_for("all components healthy", lambda: _healthy(api), timeout=180)
        assert health["metadatabase"]["status"] == "healthy"
        api.wait_for("the tutorial DAG", lambda: api.get("/api/v2/dags/tutorial"), timeout=300)
        api.patch("/api/v2/dags/tutorial", {"is_paused": False})
        trigger = time.monotonic()
        run_id = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": now()})["dag_run_id"]
        final = api.wait_for("the DAG run to finish", lambda: finished(api, run_id), timeout=600)
        assert final == "success", task_states(api, run_id)
        done = time.monotonic()
        log = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/templated/logs/1")
        if log_served:
            assert "seven days later" in str(log["content"]), f"task log not served: {log}"
        else:
            FIGURES[f"{name}: a finished task's log in the API"] = log_text(log)[-600:]
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, namespace)}") from error
    if kube.local:
        _memory_has_headroom(kube, api, namespace, name)
    TIMINGS[f"{name}: apply -> converged"] = converged
    TIMINGS[f"{name}: DAG run, trigger -> success"] = done - trigger
    TIMINGS[f"{name}: cold start, apply -> tutorial success"] = done - started
    return Deployment(namespace, api, run_id)


# Each Airflow container's memory limit against its peak: Airflow's processes grow with the
# providers they import, and a limit reached is an OOM kill mid-task.
HEADROOM = 1.5


def _memory_has_headroom(kube: Kube, api: AirflowApi, namespace: str, name: str) -> None:
    """Every provider loaded first: the connection form's hook list imports each installed
    provider's hooks into the api-server, the largest import any Airflow process makes."""
    hooks = "every provider's hooks imported"  # a minute or more on two busy cores
    api.wait_for(hooks, lambda: api.get("/ui/connections/hook_meta"), timeout=300)
    rows = deploy.memory(kube, namespace)
    highest: dict[str, deploy.Memory] = {}
    for m in rows:  # a container name per role: the highest of its pods
        role = m.container.split("/")[-1]
        if role not in highest or m.peak > highest[role].peak:
            highest[role] = m
    for role, m in sorted(highest.items()):
        limit = f"of a {m.limit / 2**20:.0f} MiB limit" if m.limit else "(no limit)"
        FIGURES[f"{name}: peak memory, {role}"] = f"{m.peak / 2**20:.0f} MiB {limit}"
    tight = [
        f"{m.container}: limit {m.limit / 2**20:.0f} MiB, peak {m.peak / 2**20:.0f} MiB"
        for m in rows
        if _repository(m.image) == _repository(AIRFLOW_IMAGE) and m.limit < HEADROOM * m.peak
    ]
    assert not tight, f"memory limits under {HEADROOM}x the peak: {tight}"


def _repository(image: str) -> str:
    return image.rsplit("/", 1)[-1].split(":")[0]


def _healthy(api: AirflowApi) -> Any:
    health = api.get("/api/v2/monitor/health")
    parts = ("metadatabase", "scheduler", "triggerer", "dag_processor")
    return health if all(health[p]["status"] == "healthy" for p in parts) else None


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat()


def finished(api: AirflowApi, run_id: str, dag: str = "tutorial") -> str | None:
    state = api.get(f"/api/v2/dags/{dag}/dagRuns/{run_id}")["state"]
    return str(state) if state in ("success", "failed") else None


def log_text(log: dict[str, Any]) -> str:
    """What the UI shows of a task log: its lines' events (structured) or text."""
    content = log.get("content", [])
    if isinstance(content, str):
        return content
    return "\n".join(_line(c) for c in content)


def _line(entry: Any) -> str:
    """A structured line's event, and the exception it carries (`error_detail`: each
    exception's type, value and innermost frames)."""
    if not isinstance(entry, dict):
        return str(entry)
    line = str(entry.get("event", entry))
    for error in entry.get("error_detail") or []:
        frames = [f"{f.get('filename')}:{f.get('lineno')}" for f in error.get("frames", [])[-3:]]
        line += f"\n  {error.get('exc_type')}: {error.get('exc_value')} at {frames}"
    return line


def task_states(api: AirflowApi, run_id: str) -> dict[str, str]:
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
        tmp_path_factory.mktemp("default"), "--image", AIRFLOW_IMAGE, "--namespace", namespace,
        *OPTIONS,
    )  # fmt: skip
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
    assert finished(default.api, default.run_id) == "success"


def scraped(kube: Kube, namespace: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """The statsd exporter's /metrics through its Service, as Prometheus scrapes it:
    {(series name, labels): value}."""
    url = deploy.service_url(kube, namespace, "airflow-statsd", 9102) + "/metrics"
    with urllib.request.urlopen(url, timeout=30) as response:
        text = response.read().decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_the_broker_keeps_a_long_tasks_message(kube: Kube, default: Deployment) -> None:
    """Airflow acknowledges a task's message when the task ends: the running broker has no
    consumer timeout (RabbitMQ's own 30 minutes stopped a worker under a longer task)."""
    asked = exec_in(
        kube, default.namespace, "statefulset/airflow-rabbitmq",
        "rabbitmqctl", "-q", "eval", "application:get_env(rabbit, consumer_timeout).",
    )  # fmt: skip
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert asked.stdout.strip() == "{ok,undefined}"


def test_metrics_of_the_tutorial_run(kube: Kube, default: Deployment) -> None:
    """After the tutorial run, the exporter serves Airflow's statsd metrics as labelled series
    (the mapping config): the run's duration, each of its tasks' success, and the scheduler's
    heartbeat. The run's own numbers bound them: its duration from the REST API, its tasks."""
    run = default.api.get(f"/api/v2/dags/tutorial/dagRuns/{default.run_id}")
    tasks = task_states(default.api, default.run_id)
    assert set(tasks.values()) == {"success"}, tasks
    duration = "airflow_dagrun_duration_seconds"
    tutorial = frozenset({("dag_id", "tutorial"), ("state", "success")})

    def run_reported() -> Any:
        try:
            series = scraped(kube, default.namespace)
        except TRANSIENT:  # an exporter busy or restarting: scrape again, as Prometheus would
            return None
        return series if series.get((f"{duration}_count", tutorial), 0) >= 1 else None

    begin = time.monotonic()
    try:
        series = kube.wait_until("the run's duration in /metrics", run_reported, timeout=60)
    except AssertionError as error:
        names = sorted({name for name, _ in scraped(kube, default.namespace)})
        raise AssertionError(f"{error}; the exporter serves: {names}") from error
    TIMINGS["metrics: DAG run's duration in /metrics after the API said success"] = (
        time.monotonic() - begin
    )
    # The scheduler may report a finished run more than once: each update of its state emits
    # the start-to-end it sees then, and a scheduler loop whose transaction is retried reports an
    # end that the committed row no longer has. Each report is in seconds, between the run's queue
    # and the scrape; one of them is the committed row's; with one report, that is all of it.
    count = series[(f"{duration}_count", tutorial)]
    total = series[(f"{duration}_sum", tutorial)]
    mean = total / count
    started = datetime.datetime.fromisoformat(run["start_date"])
    ended = datetime.datetime.fromisoformat(run["end_date"])
    queued = datetime.datetime.fromisoformat(run["queued_at"])
    since_queued = (datetime.datetime.now(datetime.UTC) - queued).total_seconds()
    seconds = (ended - started).total_seconds()
    if count == 1:
        assert abs(mean - seconds) < 1, (mean, count, run)
    assert total >= seconds - 1 and 0 < mean <= since_queued, (total, count, run)
    FIGURES["metrics: tutorial run duration (REST API / exporter mean, observations)"] = (
        f"{(ended - started).total_seconds():.2f} s / {mean:.2f} s, {count:.0f}"
    )
    for task in tasks:
        labels = {("dag_id", "tutorial"), ("task_id", task), ("state", "success")}
        assert series.get(("airflow_ti_finish_total", frozenset(labels)), 0) >= 1, task
    assert series[("airflow_ti_successes_total", frozenset())] >= len(tasks)
    assert series.get(("airflow_ti_failures_total", frozenset()), 0) == 0
    assert series[("airflow_scheduler_heartbeat_total", frozenset())] > 0
    # The new names without their variables are dropped: no series mixes every DAG.
    assert not [name for name, _ in series if name.startswith("airflow_dagrun_duration_success")]
    FIGURES["metrics: series after the tutorial run"] = str(
        len([name for name, _ in series if name.startswith("airflow_")])
    )


def test_ui_in_a_real_browser(kube: Kube, default: Deployment) -> None:
    """What a person does after the tutorial ran, in headless chromium through the Services: log in
    as the admin, find the DAG, see the run succeed in its grid, read the task's log (served by
    the worker), see both workers in Flower. A screenshot per step in tests/artifacts/ui/; any
    JS error in the console fails it."""
    web = deploy.service_url(kube, default.namespace, "airflow-api-server", 8080)
    flower = deploy.service_url(kube, default.namespace, "airflow-flower", 5555)
    password = deploy.secret_value(kube, default.namespace, "airflow-generated", "admin-password")
    with browser(ARTIFACTS / "ui") as b:
        assert deploy.http_status(flower + "/") == 401  # Flower's basic auth
        auth = deploy.secret_value(
            kube, default.namespace, "airflow-generated", "flower-basic-auth"
        )
        login = deploy.with_credentials(flower, auth)
        walk_the_tutorial_ui(b, web, login, password, default.run_id)
    assert_no_console_errors(b)


def test_status_of_a_ready_deployment(kube: Kube, default: Deployment) -> None:
    """`make wait` returns once every Job is complete and every workload ready (within 60 s: a
    readiness probe may have missed while the browser test loaded the node), and `make status`
    then exits 0 and says so."""
    waited = kube.status("--namespace", default.namespace, "--wait", "--timeout", "60")
    assert waited.returncode == 0 and "ready: " in waited.stdout, waited.stdout + waited.stderr
    once = kube.status("--namespace", default.namespace)
    assert once.returncode == 0, once.stdout + once.stderr
    assert "ok  statefulset  airflow-worker" in once.stdout and "2/2 ready" in once.stdout


def test_backfill(kube: Kube, default: Deployment) -> None:
    """The original kube-airflow's `airflow backfill tutorial`, in Airflow 3, in a pod."""
    result = exec_in(kube, default.namespace, "deploy/airflow-api-server", *BACKFILL.split())
    assert result.returncode == 0, result.stdout + result.stderr
    runs = default.api.wait_for("the backfill", lambda: _backfilled(default.api), timeout=600)
    assert len(runs) == 2


PSQL = ("sh", "-c", 'exec psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v ON_ERROR_STOP=1 -tAc "$0"')
OLD_RUN = "kat_older_than_the_retention"
WORKER_PODS = "app.kubernetes.io/component=worker"


def sql(kube: Kube, namespace: str, statements: str) -> str:
    result = exec_in(kube, namespace, "statefulset/airflow-postgres", *PSQL, statements)
    assert result.returncode == 0, result.stdout + result.stderr
    return str(result.stdout)


def copy_run_into_the_past(kube: Kube, namespace: str, run_id: str, days: int) -> None:
    """A copy of the run and its task instances, every timestamp `days` earlier: what the
    database holds after weeks of runs. `SELECT *` keeps it independent of the schema's columns."""
    ago = f"- interval '{days} days'"
    run = f"dag_id = 'tutorial' AND run_id = '{run_id}'"
    sql(kube, namespace, f"""
        CREATE TEMP TABLE r AS SELECT * FROM dag_run WHERE {run};
        UPDATE r SET id = nextval(pg_get_serial_sequence('dag_run', 'id')), run_id = '{OLD_RUN}',
          logical_date = logical_date {ago}, run_after = run_after {ago},
          queued_at = queued_at {ago}, start_date = start_date {ago}, end_date = end_date {ago};
        INSERT INTO dag_run SELECT * FROM r;
        CREATE TEMP TABLE t AS SELECT * FROM task_instance WHERE {run};
        UPDATE t SET id = gen_random_uuid(), run_id = '{OLD_RUN}', start_date = start_date {ago},
          end_date = end_date {ago}, queued_dttm = queued_dttm {ago};
        INSERT INTO task_instance SELECT * FROM t;
    """)  # fmt: skip


def task_instances(kube: Kube, namespace: str, run_id: str) -> int:
    query = f"SELECT count(*) FROM task_instance WHERE dag_id = 'tutorial' AND run_id = '{run_id}'"
    return int(sql(kube, namespace, query))


def test_db_clean_deletes_what_is_older_than_the_retention(kube: Kube, default: Deployment) -> None:
    """The CronJob's Job, created by hand as an operator would to run it now, deletes a run (and
    its task instances) older than the retention and keeps the newer one, archiving what it
    deletes (`skip_archive` is off)."""
    namespace = default.namespace
    copy_run_into_the_past(kube, namespace, default.run_id, RETENTION_DAYS + 10)
    assert (
        task_instances(kube, namespace, OLD_RUN)
        == task_instances(kube, namespace, default.run_id)
        > 0
    )
    name = "kat-db-clean-now"
    job = (f"job/{name}", "-n", namespace)
    begin = time.monotonic()
    kube.run("create", "job", name, "--from=cronjob/airflow-db-clean", "-n", namespace)
    try:
        done = kube.run("wait", "--for=condition=complete", *job, "--timeout=300s", check=False)
        log = kube.run("logs", *job, check=False).stdout
        assert done.returncode == 0, f"{done.stderr}\n{log}\n{deploy.report(kube, namespace)}"
        TIMINGS["db clean: Job created -> complete"] = time.monotonic() - begin
        assert "deleting metadata older than" in log, log
        runs = sql(kube, namespace, "SELECT run_id FROM dag_run WHERE dag_id = 'tutorial'")
        assert OLD_RUN not in runs.split() and default.run_id in runs.split(), runs
        assert task_instances(kube, namespace, OLD_RUN) == 0
        assert task_instances(kube, namespace, default.run_id) > 0
        archive = r"'\_airflow\_deleted\_\_dag\_run\_\_%'"  # Airflow's archive of dag_run
        archived = f"SELECT count(*) FROM pg_tables WHERE tablename LIKE {archive}"
        assert int(sql(kube, namespace, archived)) >= 1
        assert finished(default.api, default.run_id) == "success"
    finally:
        # The upgrade test checks that only the current version's Jobs remain.
        kube.run("delete", *job, "--wait=true", check=False)


def keda_query(namespace: str) -> str:
    """The query of the ScaledObject that the fixture's props synthesize with KEDA turned on."""
    props = {"namespace": namespace, "workers": {"autoscaling": {"kind": "keda"}}}
    scaled = next(d for d in synth_props(props) if d["kind"] == "ScaledObject")
    return str(scaled["spec"]["triggers"][0]["metadata"]["query"])


def celery_work(api: AirflowApi) -> list[dict[str, Any]]:
    """Queued and running task instances of any DAG run that the Celery workers would take."""
    tis = api.get("/api/v2/dags/~/dagRuns/~/taskInstances?state=queued&state=running")
    return [
        ti
        for ti in tis["task_instances"]
        if ti["queue"] == "default" and ti.get("executor") in (None, "CeleryExecutor")
    ]


def test_keda_query_counts_the_waiting_celery_work(kube: Kube, default: Deployment) -> None:
    """With the workers stopped (as KEDA leaves them at zero), Airflow queues the first task of
    each triggered run; the ScaledObject's query, run as written against the real Postgres,
    returns ceil(queued + running Celery task instances / worker concurrency), those counted
    through the REST API."""
    namespace, api, runs = default.namespace, default.api, 5
    workers = ("statefulset/airflow-worker", "-n", namespace)
    begin = time.monotonic()
    kube.run("scale", *workers, "--replicas=0")
    try:
        kube.wait_until(
            "no worker pod",
            lambda: not kube.json("get", "pods", "-n", namespace, "-l", WORKER_PODS)["items"],
            120,
        )
        run_ids = [
            api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": now()})["dag_run_id"]
            for _ in range(runs)
        ]
        queued = api.wait_for(
            "Airflow to queue the first task of every run",
            lambda: work if len(work := celery_work(api)) == runs else None,
            timeout=120,
        )
        assert {ti["dag_run_id"] for ti in queued} == set(run_ids)
        wanted = math.ceil(len(queued) / 4)  # the default worker_concurrency
        assert int(sql(kube, namespace, keda_query(namespace))) == wanted == 2
        TIMINGS["keda query: workers stopped -> runs queued -> query checked"] = (
            time.monotonic() - begin
        )
    finally:
        kube.run("scale", *workers, "--replicas=2")
    kube.run("rollout", "status", *workers, "--timeout=300s")
    api.wait_for(
        "the queued runs to finish",
        lambda: all(finished(api, run_id) for run_id in run_ids),
        timeout=300,
    )
    assert int(sql(kube, namespace, keda_query(namespace))) == 0


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


# Long enough that the sleep task still runs when `make delete` stops its worker.
SLEEP_ACROSS_DELETE = 30
KEPT = {
    "connection_id": "kept_check",
    "conn_type": "postgres",
    "host": "warehouse.example.com",
    "login": "etl",
    "password": "k3pt:/@ü",  # encrypted with the Fernet key of the generated Secret
}


def _task_running(api: AirflowApi, run_id: str, task: str) -> bool:
    path = f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/{task}"
    return bool(api.get(path)["state"] == "running")


def test_make_delete_keeps_the_data(kube: Kube, default: Deployment, tmp_path: Path) -> None:
    """`make delete` (the real target) removes the deployment but keeps the Namespace, the
    generated Secret and the volume claims: re-applied, a connection stored before still decrypts
    (the same Fernet key) and the DAG run is still there (the same database). A task running when
    it starts finishes, in its first try: the workers go first, while what the task needs stays."""
    namespace = default.namespace
    default.api.post("/api/v2/connections", KEPT)
    running = default.api.post(
        "/api/v2/dags/tutorial/dagRuns",
        {"logical_date": now(), "conf": {"sleep_seconds": SLEEP_ACROSS_DELETE}},
    )["dag_run_id"]
    default.api.wait_for(
        "the sleep task to run",
        lambda: _task_running(default.api, running, "sleep"),
        timeout=120,
    )
    generated = ("get", "secret", "airflow-generated", "-n", namespace)
    secrets_before = kube.json(*generated)["data"]
    claims = deploy.names(kube, "persistentvolumeclaims", namespace)
    assert claims == {"data-airflow-postgres-0", "data-airflow-rabbitmq-0"}, claims
    # Labelled as their StatefulSet's pods: what `make delete PURGE=yes` deletes them by when the
    # Namespace is not ours.
    labelled = ("persistentvolumeclaims", "-l", "app.kubernetes.io/instance=airflow")
    assert {
        c["metadata"]["name"] for c in kube.json("get", *labelled, "-n", namespace)["items"]
    } == claims
    # What the fixture applied (synthesis is deterministic).
    dist = deploy.synthesize(tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace, *OPTIONS)
    begin = time.monotonic()
    deploy.make(kube, "delete", f"OUT={dist}", f"NAMESPACE={namespace}")
    deploy.wait_pods_gone(kube, namespace)
    TIMINGS["make delete -> every pod gone"] = time.monotonic() - begin
    assert kube.run("get", "namespace", namespace).returncode == 0
    assert not deploy.names(kube, "statefulsets,deployments,jobs", namespace)
    assert kube.json(*generated)["data"] == secrets_before
    assert deploy.names(kube, "persistentvolumeclaims", namespace) == claims

    begin = time.monotonic()
    deploy.apply(kube, dist)
    deploy.wait_converged(kube, namespace)
    TIMINGS["re-apply after make delete -> converged"] = time.monotonic() - begin
    # The api-server's Service is new, with another address; the admin password is the kept one.
    default.api = AirflowApi(
        deploy.service_url(kube, namespace, "airflow-api-server", 8080),
        "admin",
        deploy.secret_value(kube, namespace, "airflow-generated", "admin-password"),
    )
    default.api.wait_for("health after re-applying", lambda: _healthy(default.api), timeout=180)
    assert finished(default.api, default.run_id) == "success"
    final = default.api.wait_for(
        "the run across make delete", lambda: finished(default.api, running), timeout=300
    )
    assert final == "success", task_states(default.api, running)
    slept = default.api.get(f"/api/v2/dags/tutorial/dagRuns/{running}/taskInstances/sleep")
    assert slept["try_number"] == 1, slept
    connection = stored_connection(kube, namespace, KEPT)
    assert {k: connection[k] for k in KEPT if k != "connection_id"} == {
        k: v for k, v in KEPT.items() if k != "connection_id"
    }


CONNECTION = {
    "connection_id": "upgrade_check",
    "conn_type": "postgres",
    "host": "warehouse.example.com",
    "login": "etl",
    "password": "p@ss:w/rd ü'\"$x",  # any character survives, encrypted with the Fernet key
}


def stored_connection(kube: Kube, namespace: str, connection: dict[str, str] = CONNECTION) -> Any:
    """The connection as Airflow decrypts it (the API masks the password), from the scheduler."""
    got = exec_in(
        kube, namespace, "deploy/airflow-scheduler",
        "airflow", "connections", "get", connection["connection_id"], "-o", "json",
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
        "--set", "config.core.parallelism=48", *OPTIONS,
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
    assert finished(default.api, default.run_id) == "success"
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


def job_failures(kube: Kube, namespace: str, job: str) -> int:
    return int(kube.json("get", "job", job, "-n", namespace)["status"].get("failed", 0))


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
    older = deploy.synthesize(
        tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace, *OPTIONS
    )
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
    # The Job controller counts the failed pod a moment after the pod's phase says so.
    kube.wait_until(
        "the Job to count the failure", lambda: job_failures(kube, namespace, job), timeout=120
    )
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


def test_make_delete_purge_removes_the_namespace(
    kube: Kube, default: Deployment, tmp_path: Path
) -> None:
    """The last test of the module: `make delete PURGE=yes` deletes the Namespace, and with it the
    generated Secret and the volume claims."""
    namespace = default.namespace
    dist = deploy.synthesize(tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace)
    begin = time.monotonic()
    deploy.make(kube, "delete", "PURGE=yes", f"OUT={dist}", f"NAMESPACE={namespace}")
    TIMINGS["make delete PURGE=yes"] = time.monotonic() - begin
    assert kube.run("get", "namespace", namespace, check=False).returncode != 0
