"""lib/kube_airflow/jobs.py and bootstrap.py: the one-shot Jobs (secrets bootstrap, schema
migration, first user), plain Jobs named by the image tag; and the migration's script
(`checks.py db-migrate`)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import synth, synth_props
from tests.objects import env, generated_keys, main, objects, pod

JOBS = ("bootstrap-secrets", "db-migrate", "create-user")


def jobs(docs: Any) -> dict[str, Any]:
    return {job: objects(docs, job)["Job"] for job in JOBS}


def test_plain_jobs_named_by_the_image_tag_without_config_checksum() -> None:
    """A Job's template is immutable: a new image makes new Jobs, a config edit none."""
    for job, found in jobs(synth("default")).items():
        assert found["metadata"]["name"] == f"airflow-{job}-3-3-2"
        assert "annotations" not in found["spec"]["template"]["metadata"], job
        assert (found["spec"]["backoffLimit"], pod(found)["restartPolicy"]) == (6, "Never")
    retagged = jobs(synth_props({"image": {"tag": "3.3.2-r1"}}))
    assert retagged["db-migrate"]["metadata"]["name"] == "airflow-db-migrate-3-3-2-r1"


def test_every_job_takes_the_jobs_pod_options() -> None:
    for job, found in jobs(synth("pod-options")).items():
        assert pod(found)["nodeSelector"] == {"example.com/pool": "batch"}, job


def test_the_migration_waits_for_nothing_but_the_first_user_for_it() -> None:
    found = jobs(synth("default"))
    migrate = found["db-migrate"]
    assert main(migrate)["args"] == ["python", "/opt/kube-airflow/checks.py", "db-migrate"]
    assert "initContainers" not in pod(migrate)
    init = pod(found["create-user"])["initContainers"]
    assert [c["name"] for c in init] == ["wait-for-airflow-migrations"]


def test_create_user_passes_any_name_and_the_password_through_the_env(tmp_path: Path) -> None:
    """The Job's command, run with an `airflow` that prints its arguments."""
    names = {"first_name": "Zoë", "last_name": 'O\'Brien "$HOME" `id`'}
    job = objects(synth_props({"admin_user": names}), "create-user")["Job"]
    container = main(job)
    password = env(container)["ADMIN_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert password == {"name": "airflow-generated", "key": "admin-password"}
    fake = tmp_path / "airflow"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    # Generated passwords start with `-` one time in 64.
    environ = {"PATH": f"{tmp_path}:{os.environ['PATH']}", "ADMIN_PASSWORD": "-p w'\"$x"}
    out = subprocess.run(container["args"], env=environ, capture_output=True, text=True)
    assert out.stdout.splitlines() == [
        "users", "create", "--username", "admin", "--email", "admin@example.com",
        "--firstname", "Zoë", "--lastname", names["last_name"], "--role", "Admin",
        "--password=-p w'\"$x",
    ]  # fmt: skip
    assert objects(synth_props({"admin_user": {"enabled": False}}), "create-user") == {}


def test_bootstrap_is_the_only_pod_with_a_token_and_may_touch_only_its_secret() -> None:
    found = objects(synth("default"), "bootstrap-secrets")
    assert found["ServiceAccount"]["automountServiceAccountToken"] is False
    spec = pod(found["Job"])
    assert spec["serviceAccountName"] == "airflow-bootstrap-secrets"
    assert spec["automountServiceAccountToken"] is True
    # RBAC cannot restrict create by name: create is namespace-wide, and nothing else is.
    assert found["Role"]["rules"] == [
        {
            "apiGroups": [""],
            "resources": ["secrets"],
            "resourceNames": ["airflow-generated"],
            "verbs": ["get", "patch"],
        },
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["create"]},
    ]
    assert main(found["Job"])["args"] == ["python", "/opt/kube-airflow/bootstrap_secrets.py"]
    assert "bootstrap_secrets.py" in found["ConfigMap"]["data"]


def test_bootstrap_generates_only_what_is_not_given() -> None:
    assert generated_keys(synth("default")) == {
        "admin-password": "token",
        "api-secret-key": "token",
        "broker-password": "token",
        "celery-results-password": "token",
        "fernet-key": "fernet",
        "flower-basic-auth": "basic-auth",
        "jwt-secret": "token",
        "postgres-password": "token",
    }
    assert "postgres-password" not in generated_keys(synth("external-db"))


def _migrate(
    checks: ModuleType, monkeypatch: pytest.MonkeyPatch, revisions: list[str | None]
) -> tuple[int | None, list[list[str]]]:
    """checks.py db-migrate with the database answering `revisions`: its exit code, and the
    command it hands over to (None when it did not)."""
    monkeypatch.setenv(checks.CONN, "postgresql://u:p@h/db")
    monkeypatch.setattr(checks, "current_revision", lambda url: revisions.pop(0))
    monkeypatch.setattr(checks.time, "sleep", lambda seconds: None)
    executed: list[list[str]] = []

    def execvp(file: str, args: list[str]) -> None:
        executed.append(args)
        raise SystemExit(0)

    monkeypatch.setattr(checks.os, "execvp", execvp)
    try:
        return int(checks.main(["db-migrate"])), executed
    except SystemExit:
        return None, executed


@pytest.mark.parametrize("revisions", [[None, ""], [None, None, "older"], ["head"]])
def test_db_migrate_waits_for_the_database_then_migrates(
    checks: ModuleType, monkeypatch: pytest.MonkeyPatch, revisions: list[str | None]
) -> None:
    known, head = checks.migration_graph()
    older = next(r for r in sorted(known) if r != head)
    answers = [{"older": older, "head": head}.get(r, r) if r else r for r in revisions]
    assert _migrate(checks, monkeypatch, answers) == (None, [["airflow", "db", "migrate"]])


def test_db_migrate_refuses_a_downgrade_with_its_own_exit_code(
    checks: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _migrate(checks, monkeypatch, ["ffffffffffff"]) == (3, [])
    error = capsys.readouterr().err
    assert error.startswith("refusing to migrate: the database is at migration ffffffffffff")
    assert "airflow db downgrade" in error


def test_db_migrate_gives_up_when_the_database_never_answers(
    checks: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(checks, "WAIT_SECONDS", 0)
    assert _migrate(checks, monkeypatch, [None]) == (1, [])
    assert "database not reachable" in capsys.readouterr().err
