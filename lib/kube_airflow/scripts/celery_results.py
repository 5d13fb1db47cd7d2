"""The Job `<prefix>-celery-results-<tag>`: Celery's result tables in Airflow's database and the
one PostgreSQL role that the workers (and the scheduler, which reads the states) log in as.

    python celery_results.py

Reads Airflow's database URL as Airflow does (AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, or the output
of its _CMD), RESULTS_USER and CELERY_RESULTS_PASSWORD. Connected as Airflow's own user:

- the tables `celery_taskmeta` and `celery_tasksetmeta`, created from Celery's own models if
  missing (Airflow's workers made them on first use before);
- the role RESULTS_USER: created (LOGIN, nothing else) if it cannot log in with the password yet,
  else left alone; its password is sent as a SCRAM verifier, so no statement log shows it;
- its rights: SELECT, INSERT and UPDATE on `celery_taskmeta` and its id sequence, nothing on any
  other table;
- a trigger that empties `celery_taskmeta.result` on every write. Celery stores that column as a
  pickle, and the scheduler loads every row it reads: a row written by a task's code could run
  code in the scheduler. Airflow's Celery task returns nothing; the state and the traceback,
  which the scheduler uses, stay.

Idempotent. Exits 1 when the database does not answer within WAIT_SECONDS, 2 with the reason
when Airflow's user may not create the role (it needs CREATEROLE). The Airflow image has
SQLAlchemy, psycopg2 and Celery; nothing of Airflow is imported.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shlex
import subprocess
import sys
import time
from typing import Any

WAIT_SECONDS = 60
CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
ITERATIONS = 4096  # PostgreSQL's own default for scram_iterations
GRANTS = """
REVOKE ALL ON celery_taskmeta, celery_tasksetmeta FROM {role};
GRANT SELECT, INSERT, UPDATE ON celery_taskmeta TO {role};
GRANT USAGE, SELECT ON SEQUENCE task_id_sequence TO {role};
CREATE OR REPLACE FUNCTION celery_results_no_pickle() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN NEW.result := NULL; RETURN NEW; END $$;
DROP TRIGGER IF EXISTS celery_results_no_pickle ON celery_taskmeta;
CREATE TRIGGER celery_results_no_pickle BEFORE INSERT OR UPDATE ON celery_taskmeta
    FOR EACH ROW EXECUTE FUNCTION celery_results_no_pickle();
"""


def database_url() -> str:
    if os.environ.get(CONN):
        return os.environ[CONN]
    command = shlex.split(os.environ[f"{CONN}_CMD"])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def scram_verifier(password: str, salt: bytes) -> str:
    """What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802, as psql's \\password
    computes it); PostgreSQL takes it in CREATE/ALTER ROLE ... PASSWORD as it is."""
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    salt64, stored, server = (
        base64.b64encode(x).decode()
        for x in (salt, hashlib.sha256(client_key).digest(), server_key)
    )
    return f"SCRAM-SHA-256${ITERATIONS}:{salt64}${stored}:{server}"


def can_log_in(url: Any, user: str, password: str) -> bool:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.set(username=user, password=password))
    try:
        with engine.connect():
            return True
    except sqlalchemy.exc.OperationalError:
        return False
    finally:
        engine.dispose()


def setup(url: Any, user: str, password: str) -> int:
    import sqlalchemy
    from celery.backends.database import models

    engine = sqlalchemy.create_engine(url)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with engine.begin() as connection:
                models.Task.metadata.create_all(connection)  # type: ignore[attr-defined]
            break
        except sqlalchemy.exc.OperationalError as error:
            if time.monotonic() >= deadline:
                print(f"database not reachable: {error.orig}", file=sys.stderr)
                return 1
            time.sleep(2)
    with engine.begin() as connection:
        role = connection.dialect.identifier_preparer.quote(user)
        if not can_log_in(url, user, password):
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)
            ).first()
            verb, done = ("ALTER", "altered") if exists else ("CREATE", "created")
            verifier = scram_verifier(password, os.urandom(16))
            try:
                statement = f"{verb} ROLE {role} WITH LOGIN PASSWORD %s"
                connection.exec_driver_sql(statement, (verifier,))
            except sqlalchemy.exc.ProgrammingError as error:
                print(
                    f"celery-results: {url.username} may not {verb.lower()} the role {user} "
                    f"({str(error.orig).strip()}): grant it CREATEROLE, or create the role with "
                    "the password of result_backend.password yourself, or set "
                    "result_backend.type: metadata_database",
                    file=sys.stderr,
                )
                return 2
            print(f"celery-results: role {user} {done}")
        connection.exec_driver_sql(GRANTS.format(role=role))
    print(f"celery-results: {user} may read and write celery_taskmeta only")
    return 0


def main(env: dict[str, str]) -> int:
    from sqlalchemy.engine import make_url

    url = make_url(database_url())
    return setup(url, env["RESULTS_USER"], env["CELERY_RESULTS_PASSWORD"])


if __name__ == "__main__":
    sys.exit(main(dict(os.environ)))
