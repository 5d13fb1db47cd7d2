"""Wait until the metadata database's schema is the one this image's Airflow expects.

What `airflow db check-migrations` answers, without importing Airflow (a few CPU-seconds and
~150 MB per pod, seven pods at once while the migration itself runs): the head revision is read
from the migration scripts of the Airflow installed in this image, so a custom image is judged by
its own Airflow, and the database's revision from its `alembic_version` table.

Exit 0 once they are equal. Exit 1 after WAIT_SECONDS (the kubelet restarts the init container,
as it did `check-migrations`), or at once, with the reason, when the database is at a revision
this image does not know (an image older than the database) or the scripts have no single head.
Runs on the standard library plus psycopg2, which every Airflow image has for Postgres.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

WAIT_SECONDS = 60
CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["'](\w+)["']""", re.M)
DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.M)


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


def database_url() -> str:
    """[database] sql_alchemy_conn as Airflow resolves it: the variable, or its _CMD."""
    if os.environ.get(CONN):
        return os.environ[CONN]
    command = os.environ.get(f"{CONN}_CMD")
    if not command:
        raise SystemExit(f"neither {CONN} nor {CONN}_CMD is set")
    return subprocess.run(shlex.split(command), capture_output=True, text=True, check=True).stdout


def current_revision(url: str) -> str | None:
    """The database's alembic revision; None while it cannot be read (no database, no table)."""
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
    try:
        with psycopg2.connect(**params) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT version_num FROM alembic_version")
            row = cursor.fetchone()
        connection.close()
    except psycopg2.Error as error:
        print(f"database not ready: {str(error).strip()}", flush=True)
        return None
    return str(row[0]) if row else None


def main() -> int:
    known, head = migration_graph()
    url = database_url()
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        revision = current_revision(url)
        if revision is not None and revision not in known:
            print(
                f"the database is at migration {revision}, which this image's Airflow does not "
                f"know (its newest is {head}): the image is older than the database. Deploy the "
                "image the database was migrated with, or a newer one.",
                file=sys.stderr,
            )
            return 1
        if revision == head:
            print(f"database schema at {revision}")
            return 0
        if time.monotonic() >= deadline:
            print(f"database at {revision}, waiting for {head}: not yet", file=sys.stderr)
            return 1
        time.sleep(2)


if __name__ == "__main__":
    sys.exit(main())
