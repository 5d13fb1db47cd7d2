"""kube_airflow/core/access.py: each pod gets the secrets its processes read. The whole matrix is
checked against docs/security.md in tests/test_matrices.py; here, the result backend each
configuration picks and what the workers then hold, in every variant."""

from __future__ import annotations

from typing import Any

import pytest

from kube_airflow.core import access
from kube_airflow.core.components import ROLES, TASK
from tests.conformance.access import secret_matrix
from tests.conftest import synth, synth_props, with_task_pods
from tests.objects import env
from tests.scripts import printed_url
from tests.variants import VARIANTS

RESULTS = "AIRFLOW__CELERY__RESULT_BACKEND"
PASSWORD = "p@ss w'\"%"


def worker_env(docs: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> dict[str, Any]:
    worker = next(
        d for d in docs if d["kind"] == "StatefulSet" and d["metadata"]["name"].endswith("-worker")
    )
    (container,) = [
        c for c in worker["spec"]["template"]["spec"]["containers"] if c["name"] == "worker"
    ]
    return env(container)


def test_every_airflow_role_says_what_it_reads() -> None:
    assert set(ROLES) | {TASK} <= set(access.READS)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_workers_and_task_pods_hold_no_key_of_airflows(variant: str) -> None:
    """No Fernet key, JWT secret or database login on a worker or in a task pod, whatever else
    the deployment is, unless the results are kept in Airflow's own database."""
    given = secret_matrix(with_task_pods(synth(variant)))
    own = _results(VARIANTS[variant]) == "metadata_database"
    database = {"database password"} if own else set()
    keys = {"Fernet key", "JWT secret", "database password"}
    assert given.get("worker", set()) & keys <= database
    assert given.get("task", set()) == set()
    if "worker" in given:
        names = worker_env(synth(variant))
        assert "AIRFLOW__CORE__FERNET_KEY" not in names
        assert "AIRFLOW__API_AUTH__JWT_SECRET" not in names
        assert bool(database) == ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD" in names)


def _results(props: dict[str, Any]) -> str:
    from kube_airflow.props.values import load_props

    return str(load_props(props).results)


def test_the_default_results_role() -> None:
    names = worker_env(synth("default"))
    url = printed_url(names[f"{RESULTS}_CMD"]["value"], CELERY_RESULTS_PASSWORD=PASSWORD)
    assert url == (
        "db+postgresql+psycopg2://airflow_celery_results:p%40ss%20w%27%22%25"
        "@airflow-postgres.airflow.svc:5432/airflow"
    )
    assert names["CELERY_RESULTS_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "airflow-generated",
        "key": "celery-results-password",
    }


def test_an_external_databases_role_keeps_its_tls_options() -> None:
    names = worker_env(synth("external-db"))
    url = printed_url(names[f"{RESULTS}_CMD"]["value"], CELERY_RESULTS_PASSWORD="pw")
    assert url == (
        "db+postgresql+psycopg2://airflow_prod_celery_results:pw"
        "@db.example.internal:5432/airflow_prod?sslmode=require"
    )


def test_redis_keeps_the_results_itself() -> None:
    names = worker_env(synth("redis"))
    assert "CELERY_RESULTS_PASSWORD" not in names
    url = printed_url(names[f"{RESULTS}_CMD"]["value"], BROKER_PASSWORD="pw")
    assert url == "redis://:pw@airflow-redis.airflow.svc:6379/1"
    jobs = [d["metadata"]["name"] for d in synth("redis") if d["kind"] == "Job"]
    assert not any(name.startswith("airflow-celery-results") for name in jobs)


def test_a_url_in_a_secret_keeps_airflows_own_database() -> None:
    """`auto` cannot give a role a host it cannot see: Airflow's default, as before."""
    names = worker_env(synth("external-db-url"))
    assert "DATABASE_CONNECTION" in names and f"{RESULTS}_CMD" not in names


def test_an_external_result_backend_from_a_secret() -> None:
    props = {"result_backend": {"type": "external", "url": {"name": "rb", "key": "url"}}}
    names = worker_env(synth_props(props))
    assert names[RESULTS]["valueFrom"]["secretKeyRef"] == {"name": "rb", "key": "url"}
    assert "CELERY_RESULTS_PASSWORD" not in names


def test_flower_queries_no_result_backend() -> None:
    flower = next(d for d in synth("default") if d["metadata"]["name"] == "airflow-flower")
    names = env(flower["spec"]["template"]["spec"]["containers"][0])
    assert names[RESULTS]["value"] == "disabled://"
