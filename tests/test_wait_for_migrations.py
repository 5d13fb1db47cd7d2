"""The init containers' migration wait (lib/kube_airflow/scripts/wait_for_migrations.py), against
the Airflow installed here: it must reach the verdict `airflow db check-migrations` reaches. The
cluster tier runs it for real in every Airflow pod, against the real database."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kube_airflow import pod
from kube_airflow.connections import url_command

SCRIPT = Path(pod.__file__).parent / "scripts" / pod.WAIT_FOR_MIGRATIONS


@pytest.fixture(scope="module")
def wait() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wait_for_migrations", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_head_and_revisions_are_alembics(wait: ModuleType) -> None:
    """The graph read from the scripts is Alembic's own, for the pinned Airflow."""
    from airflow.utils.db import _get_alembic_config
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config: Config = _get_alembic_config()
    scripts = ScriptDirectory.from_config(config)
    known, head = wait.migration_graph()
    assert [head] == list(scripts.get_heads())
    assert known == {s.revision for s in scripts.walk_revisions()}


def test_the_script_does_not_import_airflow(wait: ModuleType) -> None:
    imports = re.findall(r"^\s*(?:import|from) (\w+)", SCRIPT.read_text(), re.M)
    assert "airflow" not in imports and "psycopg2" in imports


@pytest.mark.parametrize("password", ["plain", "p@ss:w/rd?#%&=", "quo'te\"s $HOME `x` \\ ü"])
def test_url_from_the_cmd_our_pods_get(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    """The _CMD the manifests set, run as Airflow runs it, parsed back to the same credentials."""
    monkeypatch.delenv(wait.CONN, raising=False)
    monkeypatch.setenv("DATABASE_PASSWORD", password)
    command = url_command(
        "postgresql+psycopg2://air%40flow:",
        "DATABASE_PASSWORD",
        "@db.example.com:6543/meta?sslmode=require",
    )
    monkeypatch.setenv(f"{wait.CONN}_CMD", command.replace("python", sys.executable, 1))
    seen: dict[str, Any] = {}

    class Refused(Exception):
        pass

    def connect(**kwargs: Any) -> None:
        seen.update(kwargs)
        raise Refused

    monkeypatch.setitem(sys.modules, "psycopg2", type(sys)("psycopg2"))
    sys.modules["psycopg2"].connect = connect  # type: ignore[attr-defined]
    sys.modules["psycopg2"].Error = Refused  # type: ignore[attr-defined]
    assert wait.current_revision(wait.database_url()) is None
    assert seen == {
        "host": "db.example.com",
        "port": 6543,
        "user": "air@flow",
        "password": password,
        "dbname": "meta",
        "connect_timeout": 5,
        "sslmode": "require",
    }


def _run(wait: ModuleType, monkeypatch: pytest.MonkeyPatch, revisions: list[str | None]) -> int:
    monkeypatch.setenv(wait.CONN, "postgresql://u:p@h/db")
    monkeypatch.setattr(wait, "current_revision", lambda url: revisions.pop(0))
    monkeypatch.setattr(wait.time, "sleep", lambda seconds: None)
    return int(wait.main())


def test_waits_until_the_database_is_at_the_head(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    known, head = wait.migration_graph()
    older = next(r for r in sorted(known) if r != head)
    assert _run(wait, monkeypatch, [None, older, head]) == 0
    assert f"database schema at {head}" in capsys.readouterr().out


def test_an_image_older_than_the_database_is_refused_with_the_reason(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(wait, monkeypatch, ["ffffffffffff"]) == 1
    error = capsys.readouterr().err
    assert "ffffffffffff" in error and "the image is older than the database" in error


def test_gives_up_after_the_wait_so_the_kubelet_retries(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wait, "WAIT_SECONDS", 0)
    assert _run(wait, monkeypatch, [None]) == 1
