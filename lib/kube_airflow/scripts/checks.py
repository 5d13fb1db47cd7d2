"""Checks that run in Airflow's pods without importing Airflow (a few CPU-seconds and ~150 MB
each time): the standard library plus psycopg2 and celery, which every Airflow image with the
Postgres and Celery providers has. Options are read as Airflow resolves what we render: the
environment (or a _CMD), then airflow.cfg.

    python checks.py migrations
        What `airflow db check-migrations` answers, for every Airflow pod's init container: the
        head revision of this image's Airflow (a custom image is judged by its own) against the
        database's `alembic_version`. Exit 0 once equal; 1 after WAIT_SECONDS (the kubelet
        restarts the init container), or at once, with the reason, when the database is at a
        revision this image does not know (an image older than the database).
    python checks.py db-migrate
        The migration Job: waits for the database (WAIT_SECONDS), refuses with exit 3 and the
        reason when it is at a revision this image does not know (older Airflow code must not
        run against a newer schema), else runs `airflow db migrate`.
    python checks.py job-alive JOB_TYPE SECTION.KEY [--groom DAYS:BYTES]
        What `airflow jobs check --job-type JOB_TYPE --local` answers, for the dag-processor's
        and triggerer's liveness: this pod's job runs and has heartbeat within the threshold
        option SECTION.KEY (30 s by default). With a [core] hostname_callable other than
        Airflow's default (the pod's name first) this runs `airflow jobs check` itself.
    python checks.py celery-results
        The workers' init container with `result_backend.type: database_role`: waits
        (WAIT_SECONDS) until the result backend's role logs in and may write `celery_taskmeta`
        (the Job `<prefix>-celery-results-<tag>` grants it); exit 1 with the reason after that.
    python checks.py worker-ping [--groom DAYS:BYTES]
        What `celery inspect ping -d celery@<pod>` answers, for the workers' liveness, with
        Celery alone on Airflow's broker URL; for a TLS broker ([celery] ssl_active) or a
        transport other than amqp/redis it runs that command through Airflow's Celery app.
"""

from __future__ import annotations

import configparser
import contextlib
import importlib.util
import io
import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
WAIT_SECONDS = 60
# The exit code of a refused downgrade, told apart from a database that did not answer (1).
REFUSED = 3
UNDEFINED_TABLE = "42P01"
REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["'](\w+)["']""", re.M)
DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)
DEFAULT_HOSTNAME_CALLABLE = "airflow.utils.net.getfqdn"
BROKER = "AIRFLOW__CELERY__BROKER_URL"
RESULT_BACKEND = "AIRFLOW__CELERY__RESULT_BACKEND"
CELERY_APP = "airflow.providers.celery.executors.celery_executor.app"


def option(section: str, key: str, default: str | None = None) -> str | None:
    """An option as Airflow resolves it for what we render: the environment, then airflow.cfg."""
    env = f"AIRFLOW__{section.upper()}__{key.upper()}"
    if env in os.environ:
        return os.environ[env]
    home = os.environ.get("AIRFLOW_HOME", "/opt/airflow")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.environ.get("AIRFLOW_CONFIG", f"{home}/airflow.cfg"))
    return parser.get(section, key, fallback=default)


def secret_option(variable: str) -> str:
    """An option our pods set in the environment: the variable, or the output of its _CMD, run
    as Airflow runs it."""
    if os.environ.get(variable):
        return os.environ[variable]
    command = os.environ.get(f"{variable}_CMD")
    if not command:
        raise SystemExit(f"neither {variable} nor {variable}_CMD is set")
    argv = shlex.split(command)
    if len(argv) == 3 and Path(argv[0]).name.startswith("python") and argv[1] == "-c":
        # Our pods' URL one-liners run here: a second interpreter is a third of a probe's CPU.
        with contextlib.redirect_stdout(out := io.StringIO()):
            exec(compile(argv[2], "<_CMD>", "exec"), {"__name__": "__main__"})
        return out.getvalue()
    return subprocess.run(argv, capture_output=True, text=True, check=True).stdout


def database_url() -> str:
    """[database] sql_alchemy_conn."""
    return secret_option(CONN)


def connect(url: str) -> Any:
    """A psycopg2 connection for a SQLAlchemy Postgres URL (its query holds libpq options)."""
    import psycopg2

    parts = urlsplit(url)
    params: dict[str, Any] = {
        **dict(parse_qsl(parts.query)),  # sslmode, sslrootcert, ... as libpq names them
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "dbname": unquote(parts.path.lstrip("/")),
        "connect_timeout": 5,
    }
    return psycopg2.connect(**params)


def migration_graph() -> tuple[set[str], str]:
    """(every revision the image knows, the head) from airflow/migrations/versions/*.py."""
    spec = importlib.util.find_spec("airflow")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("no Airflow installed in this image")
    versions = Path(next(iter(spec.submodule_search_locations))) / "migrations" / "versions"
    known, parents = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text()
        revision, down = REVISION.search(text), DOWN.search(text)
        if revision:
            known.add(revision.group(1))
            parents.update(re.findall(r"\w+", down.group(1)) if down else [])
    heads = known - parents
    if len(heads) != 1:
        raise SystemExit(f"expected one head revision in {versions}, found {sorted(heads)}")
    return known, heads.pop()


def current_revision(url: str) -> str | None:
    """The database's alembic revision: "" for a database Airflow has not migrated yet, None while
    it cannot be read (no database)."""
    import psycopg2

    try:
        with connect(url) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT version_num FROM alembic_version")
            row = cursor.fetchone()
        connection.close()
    except psycopg2.Error as error:
        if getattr(error, "pgcode", None) == UNDEFINED_TABLE:
            return ""
        print(f"database not ready: {str(error).strip()}", flush=True)
        return None
    return str(row[0]) if row else ""


def older_image(revision: str, head: str) -> str:
    return (
        f"the database is at migration {revision}, which this image's Airflow does not know (its "
        f"newest is {head}): the image is older than the database, which a newer Airflow migrated. "
        "Deploy the image the database was migrated with, or a newer one. To go back to an older "
        "Airflow, run `airflow db downgrade` with the newer image first, or restore a backup "
        "taken before the upgrade."
    )


def wait_for_migrations() -> int:
    known, head = migration_graph()
    url = database_url()
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        revision = current_revision(url)
        if revision and revision not in known:
            print(older_image(revision, head), file=sys.stderr)
            return 1
        if revision == head:
            print(f"database schema at {revision}")
            return 0
        if time.monotonic() >= deadline:
            print(f"database at {revision}, waiting for {head}: not yet", file=sys.stderr)
            return 1
        time.sleep(2)


def db_migrate() -> int:
    known, head = migration_graph()
    url = database_url()
    deadline = time.monotonic() + WAIT_SECONDS
    while (revision := current_revision(url)) is None:
        if time.monotonic() >= deadline:
            print(f"database not reachable after {WAIT_SECONDS} s", file=sys.stderr)
            return 1
        time.sleep(2)
    if revision and revision not in known:
        print(f"refusing to migrate: {older_image(revision, head)}", file=sys.stderr)
        return REFUSED
    print(f"database at {revision or 'no schema yet'}: migrating to {head}", flush=True)
    os.execvp("airflow", ["airflow", "db", "migrate"])


def job_alive(job_type: str, threshold_option: str) -> int:
    section, key = threshold_option.split(".")
    threshold = float(option(section, key, "30") or 30)
    if option("core", "hostname_callable", DEFAULT_HOSTNAME_CALLABLE) != DEFAULT_HOSTNAME_CALLABLE:
        airflow = ["airflow", "jobs", "check", "--job-type", job_type, "--local"]
        os.execvp(airflow[0], airflow)
    # getfqdn() in a pod is the pod's name, or its name under a headless Service (StatefulSets).
    query = (
        "SELECT count(*) FROM job WHERE state = 'running' AND job_type = %s"
        " AND split_part(hostname, '.', 1) = %s"
        " AND latest_heartbeat > now() - make_interval(secs => %s)"
    )
    import psycopg2

    try:
        with connect(database_url()) as connection, connection.cursor() as cursor:
            cursor.execute(query, (job_type, socket.gethostname(), threshold))
            (alive,) = cursor.fetchone()
        connection.close()
    except psycopg2.Error as error:
        print(f"cannot read the job table: {str(error).strip()}", file=sys.stderr)
        return 1
    if alive != 1:
        print(f"{alive} alive {job_type} on {socket.gethostname()}, expected 1", file=sys.stderr)
        return 1
    return 0


def wait_for_results() -> int:
    """The result backend's role may write celery_taskmeta (so the Job has run)."""
    import psycopg2

    url = secret_option(RESULT_BACKEND).removeprefix("db+")
    query = "SELECT has_table_privilege('celery_taskmeta', 'INSERT')"
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with connect(url) as connection, connection.cursor() as cursor:
                cursor.execute(query)
                (allowed,) = cursor.fetchone()
            connection.close()
            why = "" if allowed else "may not write celery_taskmeta yet"
        except psycopg2.Error as error:
            why = str(error).strip()
        if not why:
            print("celery_taskmeta writable")
            return 0
        if time.monotonic() >= deadline:
            print(f"Celery result backend not ready: {why}", file=sys.stderr)
            return 1
        time.sleep(2)


def worker_ping() -> int:
    """This pod's Celery worker answers a ping over the broker, as `celery inspect ping` asks."""
    worker = f"celery@{socket.gethostname()}"
    url = secret_option(BROKER)
    plain = url.startswith(("amqp://", "redis://"))
    if not plain or (option("celery", "ssl_active", "False") or "").lower() == "true":
        # TLS and other transports take Airflow's Celery settings: ask through Airflow.
        os.execvp("celery", ["celery", "--app", CELERY_APP, "inspect", "ping", "-d", worker])
    from celery import Celery

    replies = Celery(broker=url).control.ping(destination=[worker], timeout=10.0)
    if any(worker in reply for reply in replies or []):
        return 0
    print(f"no answer from {worker}: {replies}", file=sys.stderr)
    return 1


def groomed_first(argv: list[str]) -> list[str]:
    """`CHECK ... --groom DAYS:BYTES`: groom.py's pass over the logs folder (the pod's emptyDir)
    before the check, never failing it; the check's own arguments are returned."""
    if "--groom" not in argv:
        return argv
    at = argv.index("--groom")
    try:
        days, limit = argv[at + 1].split(":")
        spec = importlib.util.spec_from_file_location("groom", Path(__file__).with_name("groom.py"))
        assert spec is not None and spec.loader is not None
        groom = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(groom)
        folder = Path(option("logging", "base_log_folder") or "/opt/airflow/logs")
        print(groom.groom(folder, float(days), int(limit)) or "grooming not due")
    except Exception as error:  # the check's verdict must not depend on it
        print(f"grooming failed: {error!r}", file=sys.stderr)
    return argv[:at] + argv[at + 2 :]


def main(argv: list[str]) -> int:
    argv = groomed_first(argv)
    if argv[:1] == ["migrations"]:
        return wait_for_migrations()
    if argv == ["db-migrate"]:
        return db_migrate()
    if argv[:1] == ["job-alive"] and len(argv) == 3:
        return job_alive(argv[1], argv[2])
    if argv == ["celery-results"]:
        return wait_for_results()
    if argv == ["worker-ping"]:
        return worker_ping()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
