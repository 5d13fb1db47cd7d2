"""The tutorial on the other backing services: the Redis broker, and an external Postgres (a
database the deployment does not own, here in a namespace of its own, given as host + a password
Secret the user creates first, as the production example does). One deployment at a time: two do
not fit the CPU requests of a 2-CPU node."""

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


def test_redis_broker(kube: Kube, cluster_images: dict[str, str], tmp_path: Path) -> None:
    namespace = "kat-redis"
    kube.delete_namespace(namespace)
    dist = deploy.synthesize(
        tmp_path, "--image", AIRFLOW_IMAGE, "--namespace", namespace, "--set", "broker.type=redis"
    )
    try:
        deploy_and_run_tutorial(kube, dist, namespace, "redis")
        # What `ps` would show (the image has no ps): every process's arguments in the pod.
        password = deploy.secret_value(kube, namespace, "airflow-generated", "broker-password")
        listing = kube.run(
            "exec", "-n", namespace, "airflow-redis-0", "-c", "redis", "--",
            "sh", "-c", 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done',
        )  # fmt: skip
        assert "redis-server" in listing.stdout, listing.stdout
        assert password not in listing.stdout, "the Redis password is on a command line"
    finally:
        kube.delete_namespace(namespace)
