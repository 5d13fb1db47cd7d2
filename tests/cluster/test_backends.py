"""The tutorial on the other backing services: the Redis broker with PgBouncer in front of
Postgres, and an external Postgres (a database the deployment does not own, here in a namespace of
its own, given as host + a password Secret the user creates first, as the production example
does). One deployment at a time: two do not fit the CPU requests of a 2-CPU node."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import deploy
from tests.cluster.images import AIRFLOW_IMAGE
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import deploy_and_run_tutorial

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
        items = database("postgres")
        kube.run(
            "apply",
            "-f",
            "-",
            input=json.dumps({"kind": "List", "apiVersion": "v1", "items": items}),
        )
        rollout = ("rollout", "status", "deployment/postgres", "-n", DATABASE_NAMESPACE)
        kube.run(*rollout, "--timeout=300s", timeout=330)
        create_password_secret(kube, NAMESPACE, "external-db")
        dist = deploy.synthesize(
            tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", NAMESPACE,
            "--set", "database.type=external",
            "--set", f"database.host=postgres.{DATABASE_NAMESPACE}.svc.cluster.local",
            "--set", "database.password.name=external-db",
            "--set", "database.password.key=password",
        )  # fmt: skip
        deploy_and_run_tutorial(kube, dist, NAMESPACE, "external Postgres")
    finally:
        for namespace in (NAMESPACE, DATABASE_NAMESPACE):
            kube.delete_namespace(namespace)


# PgBouncer's admin console, asked from the scheduler's pod (the Airflow image has psycopg2) as
# the database user, who is PgBouncer's stats user.
SHOW = """
import os, psycopg2
c = psycopg2.connect(host="airflow-pgbouncer", port=6543, dbname="pgbouncer", user="airflow",
                     password=os.environ["DATABASE_PASSWORD"])
c.autocommit = True
cur = c.cursor()
cur.execute("SHOW CLIENTS")
print(sum(1 for row in cur.fetchall() if row[2] == "airflow"))
"""
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


def test_redis_broker_and_pgbouncer(
    kube: Kube, cluster_images: dict[str, str], tmp_path: Path
) -> None:
    """The tutorial on the Redis broker with PgBouncer in front of Postgres: two backing services
    changed from the default, independent of each other, in one deployment (a second would add
    about two minutes)."""
    namespace = "kat-redis-pgbouncer"
    kube.delete_namespace(namespace)
    dist = deploy.synthesize(
        tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace,
        "--set", "broker.type=redis", "--set", "pgbouncer.enabled=true",
    )  # fmt: skip
    try:
        deploy_and_run_tutorial(kube, dist, namespace, "redis, pgbouncer")
        through_pgbouncer(kube, namespace)
    finally:
        kube.delete_namespace(namespace)
