"""The tutorial on the other backing services and executors: the Redis broker with PgBouncer in
front of Postgres and both executors (a task asking for the KubernetesExecutor runs in a pod of its
own), and the KubernetesExecutor alone on an external Postgres (a database the deployment does not
own, here in a namespace of its own, given as host + a password Secret the user creates first, as
the production example does), which then stands in for a release of the official chart that we
adopt (tests/cluster/adoption.py). One deployment at a time: two do not fit the CPU requests of
a 2-CPU node."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import adoption, deploy
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE, AIRFLOW_IMAGE_DRILLS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import Deployment, deploy_and_run_tutorial, finished, now

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-external-db"
DATABASE_NAMESPACE = "kat-database"
# Every character a URL or a shell could trip on.
PASSWORD = "ext'\"/ @:%$x?#&="


def database(password_secret: str) -> list[dict[str, Any]]:
    """A plain Postgres, restricted like ours, data on an emptyDir (it is not what is tested)."""
    labels = {"app": "database"}
    secure = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}
    pod = {
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 999,
            "runAsGroup": 999,
            "fsGroup": 999,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [
            {
                "name": "postgres",
                "image": "postgres:17.7",
                "imagePullPolicy": "IfNotPresent",
                "securityContext": {**secure, "readOnlyRootFilesystem": True},
                "env": [
                    {"name": "POSTGRES_USER", "value": "airflow"},
                    {"name": "POSTGRES_DB", "value": "airflow"},
                    {"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"},
                    {
                        "name": "POSTGRES_PASSWORD",
                        "valueFrom": {"secretKeyRef": {"name": password_secret, "key": "password"}},
                    },
                ],
                "ports": [{"containerPort": 5432}],
                "readinessProbe": {
                    "exec": {"command": ["pg_isready", "-h", "127.0.0.1", "-U", "airflow"]}
                },
                "volumeMounts": [
                    {"name": name, "mountPath": path}
                    for name, path in (
                        ("data", "/var/lib/postgresql/data"),
                        ("run", "/var/run/postgresql"),
                        ("tmp", "/tmp"),
                    )
                ],
            }
        ],
        "volumes": [{"name": n, "emptyDir": {}} for n in ("data", "run", "tmp")],
    }
    meta = {"name": "postgres", "namespace": DATABASE_NAMESPACE}
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta,
            "spec": {
                "selector": {"matchLabels": labels},
                "template": {"metadata": {"labels": labels}, "spec": pod},
            },
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta,
            "spec": {"selector": labels, "ports": [{"port": 5432}]},
        },
    ]


def create_restricted_namespace(kube: Kube, namespace: str) -> None:
    kube.run("create", "namespace", namespace)
    kube.run("label", "namespace", namespace, "pod-security.kubernetes.io/enforce=restricted")


def create_password_secret(kube: Kube, namespace: str, name: str) -> None:
    kube.run(
        "create", "secret", "generic", name, "-n", namespace, f"--from-literal=password={PASSWORD}"
    )


def test_external_postgres(kube: Kube, cluster_images: dict[str, str], tmp_path: Path) -> None:
    for namespace in (NAMESPACE, DATABASE_NAMESPACE):
        kube.delete_namespace(namespace)
    create_restricted_namespace(kube, DATABASE_NAMESPACE)
    # The user's steps before applying, as examples/production.yaml says: the namespace (saved
    # for a later `kubectl apply`, which then labels it `restricted`) and the password Secret.
    kube.run("create", "namespace", NAMESPACE, "--save-config")
    try:
        create_password_secret(kube, DATABASE_NAMESPACE, "postgres")
        kube.apply_list(database("postgres"))
        rollout = ("rollout", "status", "deployment/postgres", "-n", DATABASE_NAMESPACE)
        kube.run(*rollout, "--timeout=300s", timeout=330)
        create_password_secret(kube, NAMESPACE, "external-db")
        host = f"postgres.{DATABASE_NAMESPACE}.svc.cluster.local"
        # Its keys in Secrets named as the official chart names a release's: adopted below.
        keys = adoption.release_secrets(kube, NAMESPACE, adoption.database_url(host, PASSWORD))
        # The "external" database runs inside the cluster: declared, as a user declares one.
        reach_database = deploy.declared(("database", [5432], DATABASE_NAMESPACE))
        dist = deploy.synthesize(
            tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", NAMESPACE,
            "--set", "executor=KubernetesExecutor",
            "--set", "database.type=external",
            "--set", f"database.host={host}",
            "--set", "database.password.name=external-db",
            "--set", "database.password.key=password",
            # libpq's options, as a managed database needs them (this one has no TLS: `prefer`
            # falls back); asyncpg takes none of them as keywords.
            "--set", "database.query.sslmode=prefer",
            "--set", "database.query.application_name=airflow",
            *keys, *reach_database,
        )  # fmt: skip
        name = "KubernetesExecutor, external Postgres"
        deployed = deploy_and_run_tutorial(kube, dist, NAMESPACE, name, log_served=False)
        # The one public endpoint on Airflow's async engine: it fails (a TypeError inside the
        # stream) when the async URL carries a libpq option.
        run = f"/api/v2/dags/tutorial/dagRuns/{deployed.run_id}"
        waited = deployed.api.get(f"{run}/wait?interval=1")
        assert waited and waited["state"] == "success", f"{run}/wait answered {waited!r}"
        # No Celery at all: the workloads are Airflow's own and the database is elsewhere.
        workloads = deploy.names(kube, "deployments", NAMESPACE)
        workloads |= deploy.names(kube, "statefulsets", NAMESPACE)
        assert workloads == {
            f"airflow-{c}" for c in ("api-server", "scheduler", "dag-processor", "triggerer")
        }
        for task in task_instances(deployed, "tutorial", deployed.run_id):
            assert task["executor"] in (None, "KubernetesExecutor"), task
            assert_ran_in_a_pod_now_gone(kube, NAMESPACE, task)
        cleaned = run_cron_job_now(kube, NAMESPACE, "airflow-cleanup-pods")
        TIMINGS["cleanup-pods: Job created -> complete"] = cleaned
        adoption.adopt(
            kube, NAMESPACE, deployed.api, deployed.run_id, PASSWORD, tmp_path / "adopt",
            "--image", AIRFLOW_IMAGE, *reach_database,
        )  # fmt: skip
    finally:
        for namespace in (NAMESPACE, DATABASE_NAMESPACE):
            kube.delete_namespace(namespace)


# PgBouncer's admin console, asked from the scheduler's pod (the Airflow image has psycopg2) as
# the database user, who is PgBouncer's stats user.
PGBOUNCER_CONSOLE = """
import os, psycopg2
c = psycopg2.connect(host="airflow-pgbouncer", port=6543, dbname="pgbouncer", user="airflow",
                     password=os.environ["DATABASE_PASSWORD"])
c.autocommit = True
cur = c.cursor()
"""
SHOW = (
    PGBOUNCER_CONSOLE
    + """
cur.execute("SHOW CLIENTS")
print(sum(1 for row in cur.fetchall() if row[2] == "airflow"))
"""
)
# Every connection to the airflow database, as PostgreSQL sees it (from its own socket).
CLIENTS = (
    "select count(*), string_agg(distinct host(client_addr), ',') from pg_stat_activity "
    "where datname = 'airflow' and client_addr is not null"
)


def through_pgbouncer(kube: Kube, namespace: str) -> None:
    """The Airflow pods are PgBouncer's clients, and PostgreSQL's only clients are PgBouncer's
    pods (the migration Job, which connects straight, is done by now)."""
    exec_in = ("exec", "-n", namespace)
    clients = kube.run(*exec_in, "deploy/airflow-scheduler", "-c", "scheduler", "--",
                       "python", "-c", SHOW).stdout  # fmt: skip
    assert int(clients) > 0, f"no client of PgBouncer's airflow database: {clients}"
    pods = kube.json("get", "pods", "-n", namespace, "-l", "app.kubernetes.io/component=pgbouncer")
    ips = {p["status"]["podIP"] for p in pods["items"]}
    row = kube.run(*exec_in, "statefulset/airflow-postgres", "--", "psql", "-U", "airflow",
                   "-d", "airflow", "-tA", "-c", CLIENTS).stdout.strip()  # fmt: skip
    count, addresses = row.split("|")
    assert int(count) > 0 and set(addresses.split(",")) == ips, (row, ips)
    print(f"\npgbouncer: {clients.strip()} clients; postgres sees {count} from {addresses}")


def task_instances(deployed: Deployment, dag: str, run_id: str) -> list[dict[str, Any]]:
    path = f"/api/v2/dags/{dag}/dagRuns/{run_id}/taskInstances"
    found: list[dict[str, Any]] = deployed.api.get(path)["task_instances"]
    return found


def assert_ran_in_a_pod_now_gone(kube: Kube, namespace: str, task: dict[str, Any]) -> None:
    """The task's host is a pod of the namespace, which the kubelet started (its events say
    so), and which the executor deleted once the task succeeded."""
    assert task["hostname"] and task["state"] == "success", task
    pod = task["hostname"].split(".")[0]
    events = kube.json(
        "get", "events", "-n", namespace, f"--field-selector=involvedObject.name={pod}"
    )
    assert "Started" in {e["reason"] for e in events["items"]}, (pod, events["items"])
    kube.wait_until(
        f"the task pod {pod} deleted",
        lambda: kube.run("get", "pod", pod, "-n", namespace, check=False).returncode != 0,
        timeout=120,
    )


def run_cron_job_now(kube: Kube, namespace: str, cron_job: str) -> float:
    """A Job from the CronJob, as `kubectl create job --from` makes it; seconds to completion."""
    name = f"{cron_job}-now"
    begin = time.monotonic()
    kube.run("create", "job", name, f"--from=cronjob/{cron_job}", "-n", namespace)
    done = kube.run(
        "wait", "--for=condition=complete", f"job/{name}", "-n", namespace, "--timeout=300s",
        check=False, timeout=330,
    )  # fmt: skip
    log = kube.run("logs", f"job/{name}", "-n", namespace, check=False)
    assert done.returncode == 0, f"{done.stderr}\n{log.stdout}{log.stderr}"
    return time.monotonic() - begin


# Sign-in with a generic OpenID Connect provider (the api-server loads the rendered
# webserver_config.py; no provider is reached until someone signs in) and the cluster policies of
# tests/cluster/policies/ from the user's ConfigMap.
POLICIES = Path(__file__).parent / "policies" / "airflow_local_settings.py"
SIGN_IN = {
    "auth": {
        "type": "oauth",
        "providers": [
            {
                "provider": "oidc",
                "name": "corp",
                "client_id": "airflow",
                "client_secret": {"name": "oidc", "key": "client-secret"},
                "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration",
            }
        ],
    },
    "local_settings": {"config_map": {"name": "policies", "key": POLICIES.name}},
}


def create_sign_in_and_policies(kube: Kube, dist: Path, namespace: str) -> None:
    """What the user creates first: the Namespace (from dist/), the client secret's Secret and
    the local settings' ConfigMap."""
    kube.run("apply", "-f", str(dist / "0-namespace.k8s.yaml"))
    kube.run("create", "secret", "generic", "oidc", "-n", namespace,
             "--from-literal=client-secret=not-used-before-sign-in")  # fmt: skip
    kube.run("create", "configmap", "policies", "-n", namespace, f"--from-file={POLICIES}")


def assert_login_page_offers(deployed: Deployment, provider: str) -> None:
    """FAB's login page, unauthenticated, offers the OAuth provider: the api-server runs the
    rendered webserver_config.py."""
    with urllib.request.urlopen(f"{deployed.api.base}/auth/login/", timeout=60) as response:
        page = response.read().decode()
    assert f"Sign In with {provider}" in page, page[-3000:]


def assert_policies_loaded(
    deployed: Deployment, dag: str, run_id: str, host: str, mutated_by: str
) -> None:
    """The dag-processor tagged the DAG; every task's process pushed its mark (its host starts
    with `host`); `mutated_by` is what the scheduler's pod_mutation_hook put in the task's env."""
    api = deployed.api
    assert "local-settings" in {t["name"] for t in api.get(f"/api/v2/dags/{dag}")["tags"]}
    for task in task_instances(deployed, dag, run_id):
        path = (
            f"/api/v2/dags/{dag}/dagRuns/{run_id}/taskInstances/{task['task_id']}"
            "/xcomEntries/local_settings"
        )
        mark = api.get(path)["value"]
        mark = json.loads(mark) if isinstance(mark, str) else mark
        assert mark["host"].startswith(host.split(".")[0]), (task, mark)
        assert mark["mutated_by"] == mutated_by, (task, mark)


def test_redis_broker_pgbouncer_and_both_executors(
    kube: Kube, cluster_images: dict[str, str], tmp_path: Path
) -> None:
    """Four choices changed from the default, independent of each other, in one deployment (each
    more would add about two minutes): the tutorial on the Redis broker with PgBouncer in front of
    Postgres, on the CeleryExecutor; then a task that asks for the KubernetesExecutor runs in a pod
    of its own, which is deleted once it succeeded; and OpenTelemetry on, whose collector shows
    the spans of both runs and the scheduler's metrics."""
    namespace = "kat-redis"
    kube.delete_namespace(namespace)
    dist = deploy.synthesize_values(
        tmp_path, {**SIGN_IN, "otel": OTEL}, "--image", AIRFLOW_IMAGE_DRILLS,
        "--namespace", namespace, "--set", "broker.type=redis", "--set", "pgbouncer.enabled=true",
        "--set", "executor=CeleryExecutor,KubernetesExecutor",
    )  # fmt: skip
    try:
        create_sign_in_and_policies(kube, dist, namespace)
        kube.run("create", "configmap", "otel-exporters", "-n", namespace,
                 f"--from-literal=exporters.yaml={OTEL_EXPORTERS}")  # fmt: skip
        deployed = deploy_and_run_tutorial(
            kube, dist, namespace, "both executors, redis, pgbouncer"
        )
        through_pgbouncer(kube, namespace)
        assert_login_page_offers(deployed, "corp")
        assert_policies_loaded(deployed, "tutorial", deployed.run_id, "airflow-worker-", "")
        api, dag = deployed.api, "kubernetes_task"
        api.patch(f"/api/v2/dags/{dag}", {"is_paused": False})
        begin = time.monotonic()
        run_id = api.post(f"/api/v2/dags/{dag}/dagRuns", {"logical_date": now()})["dag_run_id"]
        final = api.wait_for(f"{dag} to finish", lambda: finished(api, run_id, dag), timeout=300)
        (task,) = task_instances(deployed, dag, run_id)
        assert final == "success", (task, deploy.report(kube, namespace))
        TIMINGS["both executors: KubernetesExecutor task, trigger -> success"] = (
            time.monotonic() - begin
        )
        assert task["executor"] == "KubernetesExecutor", task
        assert_policies_loaded(deployed, dag, run_id, task["hostname"], "scheduler")
        assert_ran_in_a_pod_now_gone(kube, namespace, task)
        password = deploy.secret_value(kube, namespace, "airflow-generated", "broker-password")
        listing = deploy.command_lines(kube, namespace, "airflow-redis-0", "redis")
        assert "redis-server" in listing, listing
        assert password not in listing, "the Redis password is on a command line"
        assert_collector_received(kube, namespace, ["tutorial", dag], task["task_id"])
    finally:
        kube.delete_namespace(namespace)


# OpenTelemetry to the collector (its stand-in: OCB's build of the pinned release), metrics often
# enough for a test; the user's ConfigMap turns the debug exporter's output to a line per span
# and per data point (the spans' and metrics' names), merged over our configuration.
OTEL = {"metrics": True, "traces": True, "interval_milliseconds": 10000,
        "config_map": {"name": "otel-exporters", "key": "exporters.yaml"}}  # fmt: skip
OTEL_EXPORTERS = "exporters: {debug: {verbosity: normal}}"
TUTORIAL_TASKS = ("print_date", "sleep", "templated")


def assert_collector_received(
    kube: Kube, namespace: str, dags: list[str], kubernetes_task: str
) -> None:
    """The collector logged a span for each DAG run (the scheduler's `dag_run.<dag>`), for each
    task as the api-server saw it (`task_run.<task>`) and as its worker ran it (`worker.<task>`),
    on Celery and on the KubernetesExecutor alike, and the scheduler's heartbeat metric."""
    spans = [f"dag_run.{dag}" for dag in dags]
    for task in (*TUTORIAL_TASKS, kubernetes_task):
        spans += [f"task_run.{task}", f"worker.{task}"]
    wanted = [*spans, "airflow.scheduler_heartbeat"]

    def received() -> list[str]:
        log = kube.run("logs", "-n", namespace, "deploy/airflow-otel-collector").stdout
        return [] if any(w not in log for w in wanted) else [log]

    try:  # a batch is flushed within seconds; a metric within its interval
        (log,) = kube.wait_until("the collector to log every span", received, timeout=60)
    except AssertionError as error:
        log = kube.run("logs", "-n", namespace, "deploy/airflow-otel-collector").stdout
        missing = [w for w in wanted if w not in log]
        raise AssertionError(f"{error}: missing {missing}; the log ends:\n{log[-3000:]}") from error
    FIGURES["OpenTelemetry: the collector's log"] = f"{len(log)} characters, every span found"
