"""lib/kube_airflow/scripts/celery_results.py, the Job that makes the Celery result backend's role,
and the workers' wait for it (checks.py celery-results). The grants, the trigger and a rotated
password were run against PostgreSQL 15 by hand; the cluster tier runs them in every deployment
(and a task there proves it can write nothing else)."""

from __future__ import annotations

from types import ModuleType

import pytest

from kube_airflow.pods import scripts as pod_scripts
from tests.scripts import load_script

# What PostgreSQL 15 stored for `CREATE ROLE ... PASSWORD 'pencil'` (its salt reused below).
POSTGRES_VERIFIER = (
    "SCRAM-SHA-256$4096:CYrtwm5CPMUnlp6HwvLwIQ==$Yo/7xKjEFhcxhG1TH+jH61ySctCR6iMY5BPM3jJjz6g="
    ":ZpsIqrdzry1WFJU+AG9enqrevuVM2LrLOK6SkDeSr7M="
)
NOWHERE = "postgresql+psycopg2://airflow:pw@127.0.0.1:9/airflow"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script(pod_scripts.CELERY_RESULTS_SCRIPT)


def test_the_verifier_is_postgresqls(script: ModuleType) -> None:
    import base64

    salt = base64.b64decode("CYrtwm5CPMUnlp6HwvLwIQ==")
    assert script.scram_verifier("pencil", salt) == POSTGRES_VERIFIER


def test_no_database_exits_1_with_the_reason(
    script: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(script, "WAIT_SECONDS", 0)
    monkeypatch.setenv(script.CONN, NOWHERE)
    assert script.main({"RESULTS_USER": "r", "CELERY_RESULTS_PASSWORD": "x"}) == 1
    assert "database not reachable" in capsys.readouterr().err


def test_the_workers_wait_says_why(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checks = load_script(pod_scripts.CHECKS)
    monkeypatch.setattr(checks, "WAIT_SECONDS", 0)
    monkeypatch.setenv(checks.RESULT_BACKEND, "db+" + NOWHERE)
    assert checks.main(["celery-results"]) == 1
    assert "Celery result backend not ready" in capsys.readouterr().err
