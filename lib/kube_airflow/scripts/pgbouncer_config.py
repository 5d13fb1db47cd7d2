"""PgBouncer's init container: writes the parts of its configuration that hold or follow from the
database password, into an in-memory emptyDir, so that nothing secret is ever in dist/.

    python pgbouncer_config.py DIR

Reads either DATABASE_CONNECTION (a whole SQLAlchemy/libpq URL from the user's Secret; the
Secret's name and key in DATABASE_CONNECTION_FROM, for messages) or DATABASE_HOST, DATABASE_PORT,
DATABASE_NAME, DATABASE_USER, DATABASE_PASSWORD and optional DATABASE_SSLMODE; SERVER_CA is set
when pgbouncer.ini names a CA bundle (which verify-ca and verify-full need); RESULTS_USER and
CELERY_RESULTS_PASSWORD when the Celery result backend has a role of its own. Writes
DIR/userlist.txt (each user and its password, which PgBouncer uses both to check the clients'
logins and to log in to the database), DIR/settings.ini (the stats user, the TLS mode towards
the database) and DIR/databases.ini (the database entry), which pgbouncer.ini includes. Exits 2
with a message naming what to change when the URL cannot be used; the message never shows the
password. Standard library only: it runs on the Airflow image, before PgBouncer starts.
"""

from __future__ import annotations

import os
import re
import sys
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

NAME = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")
HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$")
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
SHAPE = "postgresql://<user>:<password>@<host>[:<port>]/<database>[?sslmode=require]"


class Server(NamedTuple):
    host: str
    port: int
    database: str
    user: str
    password: str
    sslmode: str | None


class Refused(Exception):
    pass


def from_url(url: str) -> Server:
    """The parts of a connection URL, or Refused saying what is wrong (never the password)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 5432
    except ValueError as error:
        raise Refused(f"it does not parse as a URL ({error})") from None
    if parts.scheme.split("+")[0] not in ("postgres", "postgresql"):
        raise Refused(f"its scheme is {parts.scheme!r}, not postgresql (or postgresql+DRIVER)")
    if not parts.hostname:
        raise Refused("it names no host (a Unix socket cannot be reached from PgBouncer's pod)")
    if parts.username is None or parts.password is None:
        raise Refused("it has no <user>:<password>@ part, which PgBouncer needs to log in")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if other := sorted(set(query) - {"sslmode"}):
        raise Refused(f"PgBouncer cannot carry its options {other}: only sslmode")
    return Server(
        parts.hostname,
        port,
        unquote(parts.path.lstrip("/")),
        unquote(parts.username),
        unquote(parts.password),
        query.get("sslmode"),
    )


def from_parts(env: dict[str, str]) -> Server:
    return Server(
        env["DATABASE_HOST"],
        int(env["DATABASE_PORT"]),
        env["DATABASE_NAME"],
        env["DATABASE_USER"],
        env["DATABASE_PASSWORD"],
        env.get("DATABASE_SSLMODE") or None,
    )


def check(server: Server, ca: bool) -> Server:
    if not HOST.match(server.host):
        raise Refused(f"its host {server.host!r} is not a DNS name or IPv4 address")
    for what, value in (("database", server.database), ("user", server.user)):
        if not NAME.match(value):
            raise Refused(f"its {what} {value!r} is not letters, digits, '_', '.' or '-'")
    if server.sslmode is not None and server.sslmode not in SSLMODES:
        raise Refused(f"its sslmode {server.sslmode!r} is not one of {', '.join(SSLMODES)}")
    if server.sslmode in ("verify-ca", "verify-full") and not ca:
        raise Refused(f"its sslmode {server.sslmode} needs pgbouncer.server_ca (a CA bundle)")
    return server


def settings_ini(server: Server) -> str:
    """Lines of pgbouncer.ini's [pgbouncer] section (an included file must not repeat a section
    header: PgBouncer resets a section's settings to their defaults at its header)."""
    lines = [f"stats_users = {server.user}"]
    if server.sslmode:
        lines.append(f"server_tls_sslmode = {server.sslmode}")
    return "\n".join([*lines, ""])


def databases_ini(server: Server) -> str:
    """The one line of pgbouncer.ini's [databases] section."""
    return f"{server.database} = host={server.host} port={server.port} dbname={server.database}\n"


def userlist(server: Server, env: dict[str, str]) -> str:
    def quoted(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    users = [(server.user, server.password)]
    if "RESULTS_USER" in env:
        users.append((env["RESULTS_USER"], env["CELERY_RESULTS_PASSWORD"]))
    return "".join(f"{quoted(user)} {quoted(password)}\n" for user, password in users)


def write(path: str, text: str) -> None:
    # Owner and group (the pod's fsGroup, which PgBouncer runs as) only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def main(argv: list[str], env: dict[str, str]) -> int:
    folder = argv[1]
    try:
        if "DATABASE_CONNECTION" in env:
            server = from_url(env["DATABASE_CONNECTION"])
        else:
            server = from_parts(env)
        check(server, bool(env.get("SERVER_CA")))
    except Refused as why:
        source = env.get("DATABASE_CONNECTION_FROM", "the database settings")
        print(
            f"pgbouncer: cannot use the database connection in {source}: {why}. Give a URL "
            f"of the form {SHAPE}, or set pgbouncer.enabled: false.",
            file=sys.stderr,
        )
        return 2
    write(os.path.join(folder, "settings.ini"), settings_ini(server))
    write(os.path.join(folder, "databases.ini"), databases_ini(server))
    write(os.path.join(folder, "userlist.txt"), userlist(server, env))
    print(f"pgbouncer: {server.user}@{server.host}:{server.port}/{server.database}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv, dict(os.environ)))
