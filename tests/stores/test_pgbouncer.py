"""PgBouncer: who connects through it, who goes straight to PostgreSQL, what its init container
makes of the database settings (or refuses), and that the pool settings reach pgbouncer.ini."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kube_airflow.stores import pgbouncer
from tests.conftest import synth, synth_props
from tests.scripts import load_script, printed_url

PASSWORD = "p@ss w'\"%"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script(pgbouncer.SCRIPT)


def workloads(docs: tuple[dict[str, Any], ...]) -> dict[str, dict[str, Any]]:
    kinds = ("Deployment", "StatefulSet", "Job")
    return {
        d["metadata"]["labels"]["app.kubernetes.io/component"]: d
        for d in docs
        if d["kind"] in kinds
    }


def env(workload: dict[str, Any], container: int = 0) -> dict[str, Any]:
    spec = workload["spec"]["template"]["spec"]
    return {e["name"]: e for e in spec["containers"][container].get("env", [])}


def test_airflow_pods_through_pgbouncer_migration_straight() -> None:
    found = workloads(synth("pgbouncer"))
    conn = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD"
    for role in ("scheduler", "api-server", "create-user"):
        url = printed_url(env(found[role])[conn]["value"], DATABASE_PASSWORD=PASSWORD)
        assert url.endswith("@airflow-pgbouncer.airflow.svc:6543/airflow"), (role, url)
    # The workers hold no database login: Celery's results go through PgBouncer as their role.
    assert conn not in env(found["worker"])
    results = "AIRFLOW__CELERY__RESULT_BACKEND_CMD"
    for role in ("scheduler", "worker"):
        url = printed_url(env(found[role])[results]["value"], CELERY_RESULTS_PASSWORD=PASSWORD)
        assert url.startswith("db+postgresql+psycopg2://airflow_celery_results:"), url
        assert url.endswith("@airflow-pgbouncer.airflow.svc:6543/airflow"), (role, url)
    for job in ("db-migrate", "celery-results"):
        url = printed_url(env(found[job])[conn]["value"], DATABASE_PASSWORD=PASSWORD)
        assert url.endswith("@airflow-postgres.airflow.svc:5432/airflow"), url


def test_whole_url_rewritten_to_pgbouncer() -> None:
    found = workloads(synth("pgbouncer-external-url"))
    conn = "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD"
    given = "postgresql+psycopg2://air:p%40ss@db.example:5433/prod?sslmode=require"
    rewritten = printed_url(env(found["scheduler"])[conn]["value"], DATABASE_CONNECTION=given)
    assert rewritten == "postgresql+psycopg2://air:p%40ss@airflow-pgbouncer.airflow.svc:6543/prod"
    assert printed_url(env(found["db-migrate"])[conn]["value"], DATABASE_CONNECTION=given) == given
    init = found["pgbouncer"]["spec"]["template"]["spec"]["initContainers"][0]
    assert {e["name"] for e in init["env"]} == {"DATABASE_CONNECTION", "DATABASE_CONNECTION_FROM"}


def test_pool_settings_in_pgbouncer_ini() -> None:
    docs = synth("pgbouncer-external-url")
    ini = next(d for d in docs if d["kind"] == "ConfigMap" and "pgbouncer.ini" in d.get("data", {}))
    text = ini["data"]["pgbouncer.ini"]
    for line in ("pool_mode = session", "default_pool_size = 20", "max_client_conn = 100"):
        assert line in text.splitlines()


def test_only_pgbouncer_and_migration_reach_postgres() -> None:
    policies = {
        d["metadata"]["name"]: d for d in synth("pgbouncer") if d["kind"] == "NetworkPolicy"
    }
    peers = policies["airflow-postgres"]["spec"]["ingress"][0]["from"]
    components = {p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in peers}
    assert components == {"pgbouncer", "db-migrate", "celery-results"}
    assert policies["airflow-pgbouncer"]["spec"]["ingress"][0]["ports"][0]["port"] == 6543


def test_parts_written(script: ModuleType, tmp_path: Path) -> None:
    parts = {
        "DATABASE_HOST": "db.example",
        "DATABASE_PORT": "5433",
        "DATABASE_NAME": "airflow",
        "DATABASE_USER": "air",
        "DATABASE_PASSWORD": PASSWORD,
        "DATABASE_SSLMODE": "require",
    }
    assert script.main(["x", str(tmp_path)], parts) == 0
    assert (tmp_path / "userlist.txt").read_text() == '"air" "p@ss w\'""%"\n'
    settings = (tmp_path / "settings.ini").read_text()
    assert settings == "stats_users = air\nserver_tls_sslmode = require\n"
    entry = "airflow = host=db.example port=5433 dbname=airflow\n"
    assert (tmp_path / "databases.ini").read_text() == entry
    assert (tmp_path / "userlist.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("mysql://u:secret@h/d", "its scheme is 'mysql'"),
        ("postgresql:///d?host=/run/postgresql", "names no host"),
        ("postgresql://h/d", "no <user>:<password>@ part"),
        ("postgresql://u:secret@h:99999/d", "does not parse as a URL"),
        ("postgresql://u:secret@h/d?connect_timeout=5", "only sslmode"),
        ("postgresql://u:secret@h/d?sslmode=verify-full", "verify-full needs pgbouncer.server_ca"),
        ("postgresql://u:secret@h/d?sslmode=on", "sslmode 'on' is not one of"),
        ("postgresql://u:secret@h/my%20db", "database 'my db'"),
    ],
)
def test_url_refused(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, why: str
) -> None:
    given = {"DATABASE_CONNECTION": url, "DATABASE_CONNECTION_FROM": "Secret db key url"}
    assert script.main(["x", str(tmp_path)], given) == 2
    message = capsys.readouterr().err
    assert "cannot use the database connection in Secret db key url" in message
    assert why in message and "set pgbouncer.enabled: false" in message
    assert "secret" not in message.replace("Secret", "")
    assert not list(tmp_path.iterdir())


def test_verified_tls_to_the_database_with_a_ca_bundle() -> None:
    docs = synth_props(
        {
            "database": {
                "type": "external",
                "host": "db.example",
                "password": {"name": "db", "key": "password"},
                "query": {"sslmode": "verify-full"},
            },
            "pgbouncer": {"enabled": True, "server_ca": {"name": "db-ca", "key": "root.pem"}},
        }
    )
    found = workloads(tuple(docs))
    spec = found["pgbouncer"]["spec"]["template"]["spec"]
    ca = next(v for v in spec["volumes"] if v["name"] == "server-ca")
    assert ca["secret"] == {"secretName": "db-ca", "items": [{"key": "root.pem", "path": "ca.crt"}]}
    assert {"name": "DATABASE_SSLMODE", "value": "verify-full"} in spec["initContainers"][0]["env"]
    ini = next(d for d in docs if d["kind"] == "ConfigMap" and "pgbouncer.ini" in d.get("data", {}))
    assert f"server_tls_ca_file = {pgbouncer.SERVER_CA}" in ini["data"]["pgbouncer.ini"]


def test_replicated_pgbouncer_has_a_budget_and_spreads() -> None:
    """Every Airflow pod's database connection goes through PgBouncer: a drain must not take
    all its replicas at once, and they spread over the nodes like the replicated roles."""
    docs = synth_props({"pgbouncer": {"enabled": True, "replicas": 3, "pdb": {"min_available": 2}}})
    budget = next(d for d in docs if d["kind"] == "PodDisruptionBudget" and "pgbouncer" in str(d))
    assert budget["spec"]["minAvailable"] == 2
    assert budget["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] == "pgbouncer"
    pod = workloads(tuple(docs))["pgbouncer"]["spec"]["template"]["spec"]
    assert pod["topologySpreadConstraints"][0]["whenUnsatisfiable"] == "ScheduleAnyway"
    with pytest.raises(ValueError, match=r"pgbouncer\.pdb\.min_available.*more than replicas"):
        synth_props({"pgbouncer": {"enabled": True, "pdb": {"min_available": 2}}})


def test_runs_as_nobody_on_6543_with_the_auth_file_in_memory() -> None:
    found = workloads(synth("pgbouncer"))["pgbouncer"]
    spec = found["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsUser"] == pgbouncer.PGBOUNCER_UID == 65534
    (write,) = spec["initContainers"]
    # Its Python is the Airflow image's: it runs as that image's user.
    assert write["securityContext"]["runAsUser"] == 50000
    generated = next(v for v in spec["volumes"] if v["name"] == "generated")
    assert generated["emptyDir"]["medium"] == "Memory"
    (container,) = spec["containers"]
    assert container["ports"] == [{"name": "pgbouncer", "containerPort": 6543, "protocol": "TCP"}]
    assert all(m.get("readOnly") for m in container["volumeMounts"])
    service = next(
        d for d in synth("pgbouncer") if d["kind"] == "Service" and "pgbouncer" in str(d)
    )
    assert service["spec"]["ports"][0]["port"] == 6543


def test_pods_roll_when_the_settings_change() -> None:
    def checksum(docs: tuple[dict[str, Any], ...]) -> str:
        template = workloads(docs)["pgbouncer"]["spec"]["template"]
        return str(template["metadata"]["annotations"]["checksum/config"])

    changed = synth_props({"pgbouncer": {"enabled": True, "default_pool_size": 7}})
    assert checksum(synth("pgbouncer")) != checksum(tuple(changed))
