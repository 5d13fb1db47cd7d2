"""lib/kube_airflow/scripts/checks.py, against the Airflow installed here: the init containers'
migration wait must reach the verdict of `airflow db check-migrations`, the liveness probe that of
`airflow jobs check --local`. The cluster tier runs both in every Airflow pod, against the real
database (and the drills show the probe restarting a hung triggerer). What only one role runs
(the workers' ping, the migration Job's db-migrate) is tested beside that role, in tests/roles/."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kube_airflow.core.connections import url_command
from kube_airflow.pods import scripts as pod_scripts
from tests.scripts import FOLDER, load_script

SCRIPT = FOLDER / pod_scripts.CHECKS


@pytest.fixture(scope="module")
def wait() -> ModuleType:
    return load_script(pod_scripts.CHECKS)


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


@pytest.mark.parametrize("password", ["plain", "-starts-with-a-dash", "quo'te\"s $HOME ü"])
def test_our_cmd_runs_in_the_probes_own_process(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    """The probes run every minute or two: the URL one-liner our pods get is evaluated without a
    second interpreter, and gives what that interpreter prints."""
    monkeypatch.delenv(wait.CONN, raising=False)
    monkeypatch.setenv("DATABASE_PASSWORD", password)
    command = url_command("postgresql+psycopg2://airflow:", "DATABASE_PASSWORD", "@db:5432/x")
    separate = wait.subprocess.run(
        [sys.executable, "-c", wait.shlex.split(command)[2]], capture_output=True, text=True
    ).stdout
    monkeypatch.setenv(f"{wait.CONN}_CMD", command)

    def no_process(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(wait.subprocess, "run", no_process)
    assert wait.database_url() == separate
    assert separate.startswith("postgresql+psycopg2://airflow:") and separate.endswith("@db:5432/x")


def test_another_cmd_runs_as_airflow_runs_it(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A _CMD of the user's own (a secrets file, a vault client) is a process, as in Airflow."""
    (tmp_path / "url").write_text("postgresql://u:p@h/db")
    monkeypatch.delenv(wait.CONN, raising=False)
    monkeypatch.setenv(f"{wait.CONN}_CMD", f"cat {tmp_path / 'url'}")
    assert wait.database_url() == "postgresql://u:p@h/db"


def _run(wait: ModuleType, monkeypatch: pytest.MonkeyPatch, revisions: list[str | None]) -> int:
    monkeypatch.setenv(wait.CONN, "postgresql://u:p@h/db")
    monkeypatch.setattr(wait, "current_revision", lambda url: revisions.pop(0))
    monkeypatch.setattr(wait.time, "sleep", lambda seconds: None)
    return int(wait.wait_for_migrations())


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


class FakePsycopg:
    """psycopg2 as the probe uses it: connect, a cursor, one row."""

    class Error(Exception):
        pass

    def __init__(self, row: tuple[int]) -> None:
        self.row, self.executed = row, []

    def connect(self, **params: Any) -> Any:
        fake = self

        class Cursor:
            def __enter__(self) -> Cursor:
                return self

            def __exit__(self, *exc: object) -> None:
                pass

            def execute(self, query: str, args: tuple[Any, ...]) -> None:
                fake.executed.append((query, args))

            def fetchone(self) -> tuple[int]:
                return fake.row

        class Connection(Cursor):
            def cursor(self) -> Cursor:
                return Cursor()

            def close(self) -> None:
                pass

        return Connection()


@pytest.mark.parametrize(("alive", "code"), [(1, 0), (0, 1), (2, 1)])
def test_job_alive_asks_what_airflow_jobs_check_asks(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, alive: int, code: int
) -> None:
    """One running job of the type on this pod (by the hostname's first label) whose heartbeat is
    newer than the threshold read from airflow.cfg."""
    (tmp_path / "airflow.cfg").write_text("[triggerer]\ntriggerer_health_check_threshold = 45\n")
    monkeypatch.setenv("AIRFLOW_CONFIG", str(tmp_path / "airflow.cfg"))
    monkeypatch.delenv("AIRFLOW__TRIGGERER__TRIGGERER_HEALTH_CHECK_THRESHOLD", raising=False)
    monkeypatch.delenv("AIRFLOW__CORE__HOSTNAME_CALLABLE", raising=False)
    monkeypatch.setenv(wait.CONN, "postgresql://u:p@h/db")
    monkeypatch.setattr(wait.socket, "gethostname", lambda: "airflow-triggerer-0")
    fake = FakePsycopg((alive,))
    monkeypatch.setitem(sys.modules, "psycopg2", fake)
    argv = ["job-alive", "TriggererJob", "triggerer.triggerer_health_check_threshold"]
    assert wait.main(argv) == code
    ((query, args),) = fake.executed
    assert args == ("TriggererJob", "airflow-triggerer-0", 45.0)
    assert "state = 'running'" in query and "split_part(hostname, '.', 1)" in query


def test_job_alive_defers_to_airflow_with_another_hostname_callable(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRFLOW__CORE__HOSTNAME_CALLABLE", "socket.gethostname")
    ran: list[list[str]] = []
    monkeypatch.setattr(wait.os, "execvp", lambda file, args: ran.append(args))
    monkeypatch.setitem(sys.modules, "psycopg2", FakePsycopg((1,)))
    monkeypatch.setenv(wait.CONN, "postgresql://u:p@h/db")
    wait.main(["job-alive", "DagProcessorJob", "dag_processor.health_check_threshold"])
    assert ran == [["airflow", "jobs", "check", "--job-type", "DagProcessorJob", "--local"]]


def test_the_probed_options_exist_in_airflow() -> None:
    """The threshold options the probes name are Airflow's own, with the default we assume."""
    from airflow.configuration import conf

    from kube_airflow.roles.jobs_check import THRESHOLDS

    for option in THRESHOLDS.values():
        section, key = option.split(".")
        assert conf.get_default_value(section, key) == "30", option
    assert conf.get_default_value("core", "hostname_callable") == "airflow.utils.net.getfqdn"


@pytest.mark.parametrize(("pgcode", "expected"), [("42P01", ""), (None, None)])
def test_an_unmigrated_database_is_told_from_an_unreachable_one(
    wait: ModuleType, monkeypatch: pytest.MonkeyPatch, pgcode: str | None, expected: str | None
) -> None:
    """No alembic_version table (42P01) is a database to migrate; no answer is one to wait for."""

    class Error(Exception):
        pass

    def connect(**kwargs: Any) -> None:
        error = Error("relation does not exist" if pgcode else "connection refused")
        error.pgcode = pgcode  # type: ignore[attr-defined]
        raise error

    monkeypatch.setitem(sys.modules, "psycopg2", type(sys)("psycopg2"))
    sys.modules["psycopg2"].connect = connect  # type: ignore[attr-defined]
    sys.modules["psycopg2"].Error = Error  # type: ignore[attr-defined]
    assert wait.current_revision("postgresql://u:p@h/db") == expected
