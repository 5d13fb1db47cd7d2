"""lib/kube_airflow/connections.py: how every Airflow process reaches the metadata database. The
`_CMD` commands are run as Airflow runs them, and the async URL is taken apart by SQLAlchemy's
own asyncpg dialect, as the api-server does, so a keyword asyncpg refuses fails here first."""

from __future__ import annotations

import inspect
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine import make_url

from kube_airflow.core.connections import ASYNC_CONN, CONNECT_TIMEOUT
from tests.conftest import synth
from tests.objects import env
from tests.scripts import printed_url

SYNC_CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD"
PASSWORD = "p@ss w'\"%"


def airflow_containers(variant: str) -> dict[str, dict[str, Any]]:
    """Every container that connects to the metadata database, by `<workload>/<container>`."""
    found = {}
    for doc in synth(variant):
        spec = doc.get("spec", {})
        pod = spec.get("template", {}).get("spec") or spec.get("jobTemplate", {}).get(
            "spec", {}
        ).get("template", {}).get("spec")
        for container in (pod or {}).get("containers", []):
            names = env(container)
            if SYNC_CONN in names or "DATABASE_CONNECTION" in names:
                found[f"{doc['metadata']['name']}/{container['name']}"] = names
    return found


def refused_by_asyncpg(url: str) -> set[str]:
    """The keywords SQLAlchemy would pass to `asyncpg.connect` that it does not take."""
    _, kwargs = PGDialect_asyncpg().create_connect_args(make_url(url))
    return set(kwargs) - set(inspect.signature(asyncpg.connect).parameters)


def test_every_connect_gives_up_after_ten_seconds() -> None:
    for variant in ("default", "external-db", "external-db-url", "pgbouncer-external-url"):
        containers = airflow_containers(variant)
        assert len(containers) >= 7, (variant, sorted(containers))
        for name, names in containers.items():
            assert names[CONNECT_TIMEOUT.name] == {"name": "PGCONNECT_TIMEOUT", "value": "10"}, (
                variant,
                name,
            )


def test_async_url_of_a_database_with_options_keeps_only_the_tls_mode() -> None:
    containers = airflow_containers("external-db")
    for name, names in containers.items():
        sync = printed_url(names[SYNC_CONN]["value"], DATABASE_PASSWORD=PASSWORD)
        assert sync.endswith("@db.example.internal:5432/airflow_prod?sslmode=require"), name
        # What Airflow 3.3 would derive by itself: asyncpg refuses libpq's sslmode keyword.
        assert refused_by_asyncpg(sync.replace("+psycopg2", "+asyncpg")) == {"sslmode"}
        url = printed_url(names[ASYNC_CONN]["value"], DATABASE_PASSWORD=PASSWORD)
        assert url == (
            "postgresql+asyncpg://airflow:p%40ss%20w%27%22%25"
            "@db.example.internal:5432/airflow_prod?ssl=require"
        ), name
        assert refused_by_asyncpg(url) == set()


def test_async_twin_of_a_whole_url_from_a_secret() -> None:
    given = {
        "postgresql+psycopg2://air:p%40ss@db.example:5433/prod?sslmode=verify-full"
        "&application_name=airflow&keepalives_idle=30": "postgresql+asyncpg://air:p%40ss"
        "@db.example:5433/prod?ssl=verify-full",
        "postgresql://air:p%40ss@db.example/prod": "postgresql+asyncpg://air:p%40ss@db.example/prod",
    }
    for name, names in airflow_containers("external-db-url").items():
        for url, twin in given.items():
            assert printed_url(names[SYNC_CONN]["value"], DATABASE_CONNECTION=url) == url, name
            assert printed_url(names[ASYNC_CONN]["value"], DATABASE_CONNECTION=url) == twin
            assert refused_by_asyncpg(twin) == set()


def test_no_async_url_where_airflow_derives_it_right() -> None:
    """Without a query (the in-cluster database, PgBouncer's URL) Airflow's own derivation works."""
    for variant in ("default", "pgbouncer"):
        for name, names in airflow_containers(variant).items():
            assert ASYNC_CONN not in names, (variant, name)
