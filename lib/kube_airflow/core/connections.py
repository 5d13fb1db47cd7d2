"""Database and broker connection settings, assembled at run time from the password.

The URL is built inside the pod by a `<option>_CMD` command that Airflow runs (and the official
image's entrypoint evaluates), URL-quoting the password from the environment, so any character in a
password works and no URL with a credential is ever written to dist/.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from cdk8s_plus_27 import k8s

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.core.secrets import AirflowSecrets
    from kube_airflow.props import AirflowProps

DATABASE_PASSWORD_VAR = "DATABASE_PASSWORD"
# The user's whole URL, read by PgBouncer's init container and rewritten for the Airflow pods.
DATABASE_CONNECTION_VAR = "DATABASE_CONNECTION"
BROKER_PASSWORD_VAR = "BROKER_PASSWORD"
RESULTS_PASSWORD_VAR = "CELERY_RESULTS_PASSWORD"
RESULT_BACKEND = "AIRFLOW__CELERY__RESULT_BACKEND"
# The in-cluster Redis keeps Celery's results in a database of their own, beside the broker's 0.
REDIS_RESULTS_DB = 1
# Flower reads task states from the broker's events; a backend it could query is not needed.
NO_RESULT_BACKEND = k8s.EnvVar(name=RESULT_BACKEND, value="disabled://")
POSTGRES_PORT = 5432
RABBITMQ_PORT = 5672
REDIS_PORT = 6379
# The official chart's PgBouncer port.
PGBOUNCER_PORT = 6543
# libpq's default for every new connection of psycopg2 (a URL's own connect_timeout wins): a
# connect that gets no answer, such as to the address of a just-deleted Postgres pod, gives up
# after this instead of after the kernel's two minutes of SYN retries. The api-server opens some
# connections on its event loop: unbounded, one connect froze every request and probe until the
# liveness probe killed it (seen in the drill that deletes the Postgres pod).
CONNECT_TIMEOUT = k8s.EnvVar(name="PGCONNECT_TIMEOUT", value="10")
# Airflow derives its async (asyncpg) URL from the sync one and passes the query on, but asyncpg
# takes none of libpq's options as keywords (`sslmode=require` fails with a TypeError): with a
# query, the async URL is given explicitly, carrying only the TLS mode, as asyncpg's `ssl`.
ASYNC_CONN = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC_CMD"
ASYNC_SCHEME = "postgresql+asyncpg"
# Characters that survive both shlex (Airflow's _CMD) and bash eval (the image entrypoint) inside
# a single-quoted Python literal: the synth-time parts of the URL must stay within them.
_SAFE_LITERAL = re.compile(r"^[A-Za-z0-9%._~:/@?=&+,-]*$")


def url_command(prefix: str, password_var: str, suffix: str) -> str:
    """A command printing `prefix + quote(password) + suffix`."""
    for part in (prefix, suffix):
        if not _SAFE_LITERAL.match(part):
            raise ValueError(f"connection URL part {part!r} has characters that need quoting")
    code = (
        "import os,sys,urllib.parse as u;"
        f"sys.stdout.write('{prefix}'+u.quote(os.environ['{password_var}'],safe='')+'{suffix}')"
    )
    return f'python -c "{code}"'


def database_env(
    props: AirflowProps, names: Names, secrets: AirflowSecrets, *, direct: bool = False
) -> list[k8s.EnvVar]:
    """Env giving every Airflow process `[database] sql_alchemy_conn` (and its async twin when
    Airflow's own derivation would fail): through PgBouncer when it is on, unless `direct` (the
    migration Job, whose advisory lock and long transactions need one server connection of its
    own)."""
    pgbouncer = props.pgbouncer.enabled and not direct
    if secrets.database_connection is not None:
        # One variable name in every pod, so the migration Job's replaces the shared one.
        own = [secrets.database_connection.env(DATABASE_CONNECTION_VAR)]
        if pgbouncer:  # PgBouncer's URL has no query: Airflow derives the async one right
            return [*own, _from_connection(names), CONNECT_TIMEOUT]
        return [*own, _from_connection(None), _async_from_connection(), CONNECT_TIMEOUT]
    host, port, query = _address(props, names, pgbouncer=pgbouncer)
    assert secrets.database_password is not None
    db = props.database
    user, path = quote(db.user, safe=""), f"@{host}:{port}/{quote(db.database, safe='')}"
    env = [
        secrets.database_password.env(DATABASE_PASSWORD_VAR),
        k8s.EnvVar(
            name="AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD",
            value=url_command(
                f"postgresql+psycopg2://{user}:", DATABASE_PASSWORD_VAR, path + _query(query)
            ),
        ),
    ]
    if query:
        ssl = {"ssl": query["sslmode"]} if "sslmode" in query else {}
        command = url_command(
            f"{ASYNC_SCHEME}://{user}:", DATABASE_PASSWORD_VAR, path + _query(ssl)
        )
        env.append(k8s.EnvVar(name=ASYNC_CONN, value=command))
    return [*env, CONNECT_TIMEOUT]


def _address(
    props: AirflowProps, names: Names, *, pgbouncer: bool
) -> tuple[str, int, dict[str, str]]:
    """Where the Airflow pods reach the database (host, port, URL query): PgBouncer's Service
    when it is on, else the in-cluster Postgres or the external host."""
    db = props.database
    if pgbouncer:
        return names.service_host(names.of("pgbouncer")), PGBOUNCER_PORT, {}
    if db.type == "postgres":
        return names.service_host(names.postgres_service), POSTGRES_PORT, {}
    assert db.host is not None
    return db.host, db.port, dict(db.query)


def result_backend_env(
    props: AirflowProps, names: Names, secrets: AirflowSecrets
) -> list[k8s.EnvVar]:
    """Env giving `[celery] result_backend`: the role that may write only the result tables
    (through PgBouncer when it is on), the in-cluster Redis broker, or the user's URL. With
    `metadata_database` Airflow derives it from `[database] sql_alchemy_conn`: none."""
    kind = props.results
    if kind == "external":
        assert secrets.result_backend_url is not None
        return [secrets.result_backend_url.env(RESULT_BACKEND)]
    if kind == "broker":
        suffix = f"@{names.service_host(names.of('redis'))}:{REDIS_PORT}/{REDIS_RESULTS_DB}"
        command = url_command("redis://:", BROKER_PASSWORD_VAR, suffix)
        return [k8s.EnvVar(name=f"{RESULT_BACKEND}_CMD", value=command)]
    if kind != "database_role":
        return []
    assert secrets.celery_results_password is not None
    host, port, query = _address(props, names, pgbouncer=props.pgbouncer.enabled)
    user = quote(props.results_role, safe="")
    path = f"@{host}:{port}/{quote(props.database.database, safe='')}{_query(query)}"
    command = url_command(f"db+postgresql+psycopg2://{user}:", RESULTS_PASSWORD_VAR, path)
    return [
        secrets.celery_results_password.env(RESULTS_PASSWORD_VAR),
        k8s.EnvVar(name=f"{RESULT_BACKEND}_CMD", value=command),
    ]


def _query(options: dict[str, str]) -> str:
    return f"?{urlencode(sorted(options.items()))}" if options else ""


def _async_from_connection() -> k8s.EnvVar:
    """The async twin of the user's whole URL: asyncpg's scheme, and of the query only the TLS
    mode (`sslmode` becomes asyncpg's `ssl`)."""
    code = (
        "import os,sys,urllib.parse as u;"
        f"p=u.urlsplit(os.environ['{DATABASE_CONNECTION_VAR}']);"
        "m=dict(u.parse_qsl(p.query)).get('sslmode');"
        f"sys.stdout.write(p._replace(scheme='{ASYNC_SCHEME}',"
        "query=u.urlencode({'ssl':m}) if m else '').geturl())"
    )
    return k8s.EnvVar(name=ASYNC_CONN, value=f'python -c "{code}"')


def _from_connection(pgbouncer: Names | None) -> k8s.EnvVar:
    """The user's whole URL, as it is or with PgBouncer's host and port and without its query
    (sslmode applies between PgBouncer and the database). PgBouncer's init container refuses a
    URL it cannot use, so this one need not check."""
    url = f"os.environ['{DATABASE_CONNECTION_VAR}']"
    if pgbouncer is not None:
        netloc = f"@{pgbouncer.service_host(pgbouncer.of('pgbouncer'))}:{PGBOUNCER_PORT}"
        url = (
            f"u.urlsplit({url})._replace(query='',"
            f"netloc=u.urlsplit({url}).netloc.rpartition('@')[0]+'{netloc}').geturl()"
        )
    code = f"import os,sys,urllib.parse as u;sys.stdout.write({url})"
    return k8s.EnvVar(name="AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD", value=f'python -c "{code}"')


def pgbouncer_server_env(
    props: AirflowProps, names: Names, secrets: AirflowSecrets
) -> list[k8s.EnvVar]:
    """What PgBouncer's init container (scripts/pgbouncer_config.py) needs to write its database
    entry and auth file: the whole URL from its Secret, or the parts and the password; and the
    result backend's role, which logs in through PgBouncer too."""
    results = []
    if secrets.celery_results_password is not None:
        results = [
            k8s.EnvVar(name="RESULTS_USER", value=props.results_role),
            secrets.celery_results_password.env(RESULTS_PASSWORD_VAR),
        ]
    if secrets.database_connection is not None:
        ref = secrets.database_connection
        return [
            ref.env(DATABASE_CONNECTION_VAR),
            k8s.EnvVar(name="DATABASE_CONNECTION_FROM", value=f"Secret {ref.name} key {ref.key}"),
            *results,
        ]
    db = props.database
    if db.type == "postgres":
        host, port, sslmode = names.service_host(names.postgres_service), POSTGRES_PORT, None
    else:
        assert db.host is not None
        host, port, sslmode = db.host, db.port, db.query.get("sslmode")
    assert secrets.database_password is not None
    parts = {
        "DATABASE_HOST": host,
        "DATABASE_PORT": str(port),
        "DATABASE_NAME": db.database,
        "DATABASE_USER": db.user,
    }
    if sslmode:
        parts["DATABASE_SSLMODE"] = sslmode
    return [
        *(k8s.EnvVar(name=k, value=v) for k, v in parts.items()),
        secrets.database_password.env(DATABASE_PASSWORD_VAR),
        *results,
    ]


def broker_env(props: AirflowProps, names: Names, secrets: AirflowSecrets) -> list[k8s.EnvVar]:
    """Env giving every Airflow process `[celery] broker_url`; none without Celery."""
    if not props.celery:
        return []
    if secrets.broker_url is not None:
        return [secrets.broker_url.env("AIRFLOW__CELERY__BROKER_URL")]
    broker = props.broker
    host = names.service_host(names.of(broker.type))
    if broker.type == "rabbitmq":
        prefix = f"amqp://{quote(broker.user, safe='')}:"
        suffix = f"@{host}:{RABBITMQ_PORT}/{quote(broker.vhost, safe='')}"
    else:
        prefix, suffix = "redis://:", f"@{host}:{REDIS_PORT}/0"
    assert secrets.broker_password is not None
    return [
        secrets.broker_password.env(BROKER_PASSWORD_VAR),
        k8s.EnvVar(
            name="AIRFLOW__CELERY__BROKER_URL_CMD",
            value=url_command(prefix, BROKER_PASSWORD_VAR, suffix),
        ),
    ]
