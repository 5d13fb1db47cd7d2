"""The release's metadata database, broker and PgBouncer, read as ours."""

from __future__ import annotations

from typing import Any

from kube_airflow.cli.helm_chart import Adopted, Conversion, Reader, resources
from kube_airflow.errors import UserError

URL = "the metadata database's URL"


def database(
    r: Reader, out: dict[str, Any], c: Conversion, release: str, namespace: str, secret: str
) -> None:
    """The release's metadata database, as an external one: its runs, connections and
    variables stay where they are. Its URL is adopted whole, unless KEDA scales the workers:
    KEDA's trigger needs the host and the password apart."""
    named = r.get("data.metadataSecretName")
    at = "data.metadataConnection"
    parts = {p: r.get(f"{at}.{p}") for p in ("host", "port", "db", "user", "sslmode", "pass")}
    r.get(f"{at}.protocol")
    bundled = r.get("postgresql.enabled", True) and parts["host"] is None and named is None
    host = f"{release}-postgresql.{namespace}" if bundled else parts["host"]
    pgbouncer = r.get("pgbouncer.enabled", False)
    if named:
        source = Adopted("connection", named, "connection", URL)
    elif not pgbouncer:
        # `<release>-metadata` in the chart's newer releases, `-airflow-metadata` before.
        source = Adopted("connection", f"{release}-metadata", "connection", URL,
                         alternatives=(f"{release}-airflow-metadata",))  # fmt: skip
    else:  # the release's own URL names its PgBouncer, which goes with the release
        source = Adopted("connection", None, "", f"{URL} (postgresql://...)")
    if out.get("workers", {}).get("autoscaling", {}).get("kind") == "keda":
        out["database"] = _keda_database(parts, host, secret)
        what = source.what if source.source else "the metadata database's password"
        source = Adopted("database-password", source.source, source.source_key, what,
                         url_password=True, alternatives=source.alternatives)  # fmt: skip
    else:
        out["database"] = {"type": "external", "connection": {"name": secret, "key": "connection"}}
    c.adopted.append(source)
    if pgbouncer:
        out["pgbouncer"] = _pgbouncer(r)
    if bundled:
        c.notes.append(
            f"The metadata database is the chart's bundled Postgres ({host}), read here as an "
            "external database: `helm uninstall` removes it. Move its data (pg_dump) to the "
            "database you keep first, and point the adopted Secret at that one."
        )


def _keda_database(parts: dict[str, Any], host: str | None, secret: str) -> dict[str, Any]:
    if host is None:
        raise UserError(
            "workers.keda.enabled with data.metadataSecretName: KEDA's trigger here needs the "
            "database's host and password apart, and the Secret holds only a whole URL; add "
            "data.metadataConnection (host, port, db, user) of that database to the chart's "
            "values you convert"
        )
    found = {
        "type": "external",
        "host": host,
        "port": int(parts["port"] or 5432),
        "database": parts["db"] or "postgres",
        "user": parts["user"] or "postgres",
        "password": {"name": secret, "key": "database-password"},
    }
    if parts["sslmode"]:
        found["query"] = {"sslmode": parts["sslmode"]}
    return found


def _pgbouncer(r: Reader) -> dict[str, Any]:
    found: dict[str, Any] = {"enabled": True}
    spelled = {"replicas": "replicas", "maxClientConn": "max_client_conn",
               "metadataPoolSize": "default_pool_size"}  # fmt: skip
    for chart_key, ours in spelled.items():
        if (value := r.get(f"pgbouncer.{chart_key}")) is not None:
            found[ours] = value
    if parts := resources(r.get("pgbouncer.resources", {})):
        found["resources"] = parts
    return found


def broker(r: Reader, out: dict[str, Any], c: Conversion, release: str, secret: str) -> None:
    """An external broker's URL adopted; the chart's Redis as a new one here (what it holds,
    the queued task messages, the scheduler sends again)."""
    celery = "Celery" in out.get("executor", "CeleryExecutor")
    redis_on = r.get("redis.enabled", True)  # read either way: off is understood, not unknown
    if r.given("data.brokerUrlSecretName") or r.given("data.brokerUrl"):
        name = r.get("data.brokerUrlSecretName") or f"{release}-broker-url"
        out["broker"] = {"type": "external", "url": {"name": secret, "key": "broker-url"}}
        c.adopted.append(Adopted("broker-url", name, "connection", "the broker's URL"))
    elif celery and redis_on:
        found: dict[str, Any] = {"type": "redis"}
        if size := r.get("redis.persistence.size"):
            found["storage"] = str(size)
        if storage_class := r.get("redis.persistence.storageClassName"):
            found["storage_class"] = storage_class
        if parts := resources(r.get("redis.resources", {})):
            found["resources"] = parts
        out["broker"] = found
    r.get("redis.password")  # a new Redis here, with a generated password
