"""Tier 3: what we render means what we intend to the pinned Airflow itself.

Each check runs Airflow's own code (configuration parser, CLI parser) in a subprocess with a fresh
AIRFLOW_HOME, so nothing leaks between tests and no airflow.cfg is written anywhere else.
"""

from __future__ import annotations

import ast
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

import kube_airflow
from kube_airflow.pods import scripts as pod_scripts
from kube_airflow.props.housekeeping import CleanTable
from tests.airflow.config_description import DATA
from tests.conformance.manifests import pod_templates
from tests.conftest import ROOT, synth

# Every character class that broke the original kube-airflow: quotes, slashes, '@', ':', '%'...
NASTY = "p@ss:w/o?r#d%25 'q\"\\$HOME`x`&="
VARIANTS = ["default", "external-db", "redis", "ingress", "existing-secrets", "db-clean"]


def airflow(code: str, env: dict[str, str], home: Path) -> Any:
    """Run `code` with Airflow importable; it prints one JSON value, which is returned."""
    full_env = {
        "PATH": os.environ["PATH"],
        "AIRFLOW_HOME": str(home),
        "AIRFLOW_CONFIG": str(home / "airflow.cfg"),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def config_map(docs: tuple[dict[str, Any], ...]) -> dict[str, str]:
    return next(d["data"] for d in docs if d["kind"] == "ConfigMap" and "airflow.cfg" in d["data"])


def container(docs: tuple[dict[str, Any], ...], component: str) -> dict[str, Any]:
    for doc in docs:
        labels = doc["metadata"].get("labels", {})
        if (
            doc["kind"] in {"Deployment", "StatefulSet"}
            and labels.get("app.kubernetes.io/component") == component
        ):
            return dict(doc["spec"]["template"]["spec"]["containers"][0])
    raise AssertionError(f"no {component}")


def pod_env(c: dict[str, Any]) -> dict[str, str]:
    """The container's environment, with every Secret key holding the nasty password."""
    env = {}
    for var in c["env"]:
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var["valueFrom"]:
            env[var["name"]] = NASTY
    return env


READ_CONFIG = """
import ast
import json
from airflow.configuration import conf
from kombu.utils.url import url_to_parts
from sqlalchemy.engine import make_url
sql = conf.get("database", "sql_alchemy_conn")
broker = conf.get("celery", "broker_url")
print(json.dumps({
    "executor": conf.get("core", "executor"),
    "auth_manager": conf.get("core", "auth_manager"),
    "execution_api_server_url": conf.get("core", "execution_api_server_url"),
    "dags_folder": conf.get("core", "dags_folder"),
    "health": conf.getboolean("scheduler", "enable_health_check"),
    "concurrency": conf.getint("celery", "worker_concurrency"),
    "db_password": make_url(sql).password,
    "db_host": make_url(sql).host,
    "db_query": dict(make_url(sql).query),
    "broker_password": url_to_parts(broker).password,
    "broker_host": url_to_parts(broker).hostname,
    "fernet": conf.get("core", "fernet_key"),
    "jwt": conf.get("api_auth", "jwt_secret"),
    "sections": {s: sorted(conf.getsection(s) or {}) for s in conf.sections()},
}))
"""


@pytest.mark.parametrize("variant", VARIANTS)
def test_config_and_env_load_through_airflow(variant: str, tmp_path: Path) -> None:
    docs = synth(variant)
    data = config_map(docs)
    (tmp_path / "airflow.cfg").write_text(data["airflow.cfg"])
    env = pod_env(container(docs, "scheduler"))
    got = airflow(READ_CONFIG, env, tmp_path)
    assert got["executor"] == "CeleryExecutor"
    assert got["auth_manager"].endswith("FabAuthManager")
    assert got["execution_api_server_url"].startswith("http://airflow-api-server.airflow.svc:8080")
    assert got["execution_api_server_url"].endswith("/execution/")
    assert got["dags_folder"] == "/opt/airflow/dags"
    assert got["health"] is True
    assert got["fernet"] == NASTY and got["jwt"] == NASTY
    if variant != "external-broker":
        assert got["broker_password"] == NASTY, "any character in a password must work"
    assert got["db_password"] == NASTY
    if variant == "external-db":
        assert got["db_host"] == "db.example.internal"
        assert got["db_query"] == {"sslmode": "require"}


def test_ingress_sub_path_reaches_the_execution_api(tmp_path: Path) -> None:
    docs = synth("ingress")
    (tmp_path / "airflow.cfg").write_text(config_map(docs)["airflow.cfg"])
    code = (
        "import json; from airflow.configuration import conf; print(json.dumps("
        "[conf.get('api', 'base_url'), conf.get('core', 'execution_api_server_url'),"
        " conf.get('celery', 'flower_url_prefix')]))"
    )
    base, execution, flower = airflow(code, {}, tmp_path)
    assert base == "https://airflow.example.com/airflow"
    assert execution == "http://airflow-api-server.airflow.svc:8080/airflow/execution/"
    assert flower == "/flower"


def test_remote_logging_reaches_airflows_logging_options(tmp_path: Path) -> None:
    """Airflow's own logging setup picks the S3 handler from the rendered options (and so needs
    the amazon provider, which the test environment lacks), with the connection we give."""
    docs = synth("logs")
    (tmp_path / "airflow.cfg").write_text(config_map(docs)["airflow.cfg"])
    env = {"PATH": os.environ["PATH"], "AIRFLOW_HOME": str(tmp_path)}
    env["AIRFLOW_CONFIG"] = str(tmp_path / "airflow.cfg")
    setup = subprocess.run(
        [sys.executable, "-c", "import airflow.settings"], env=env, capture_output=True, text=True
    )
    assert "No module named 'airflow.providers.amazon'" in setup.stderr, setup.stderr[-2000:]
    # Past the logging setup (a stub config), the options as Airflow reads them.
    stub_config = {
        "version": 1,
        "handlers": {"task": {"class": "logging.NullHandler"}},
        "loggers": {"airflow.task": {"handlers": ["task"]}},
    }
    (tmp_path / "stub_logging.py").write_text(f"CONFIG = {stub_config!r}\n")
    stub = {
        "PYTHONPATH": str(tmp_path),
        "AIRFLOW__LOGGING__LOGGING_CONFIG_CLASS": "stub_logging.CONFIG",
    }
    code = (
        "import json; from airflow.configuration import conf; print(json.dumps(["
        "conf.getboolean('logging', 'remote_logging'),"
        " conf.get('logging', 'remote_base_log_folder'),"
        " conf.get('logging', 'remote_log_conn_id'),"
        " conf.getboolean('logging', 'delete_local_logs')]))"
    )
    expected = [True, "s3://example-airflow-logs/prod", "s3_logs", True]
    assert airflow(code, stub, tmp_path) == expected
    for component in ("api-server", "scheduler", "dag-processor", "triggerer", "worker"):
        names = {e["name"] for e in container(docs, component)["env"]}
        assert "AIRFLOW_CONN_S3_LOGS" in names, component


def test_every_rendered_option_exists_in_airflow() -> None:
    known = json.loads(DATA.read_text())["sections"]
    for variant in VARIANTS:
        text = config_map(synth(variant))["airflow.cfg"]
        section = ""
        for line in text.splitlines():
            if line.startswith("["):
                section = line.strip("[]")
            elif "=" in line and not line.startswith("#"):
                key = line.split("=")[0].strip()
                assert key in known[section], f"{variant}: [{section}] {key} unknown to Airflow"


def airflow_commands(docs: tuple[dict[str, Any], ...]) -> list[list[str]]:
    """Every `airflow ...` command line a pod runs, from args and probes alike."""
    found = []
    for template in (t for doc in docs for t in pod_templates(doc)):
        spec = template.spec
        for c in spec.get("initContainers", []) + spec["containers"]:
            if not c["image"].startswith("apache/airflow"):
                continue
            args = c.get("args", [])
            if args[:2] == ["bash", "-c"]:
                # The command the script ends in, with its shell variables given values; the
                # password as a generated one may be: starting with `-` (one time in 64) and
                # without a space (argparse takes a word with one for a value).
                password = shlex.quote("-6LfyF1O'\"$x")
                command = args[2].rpartition("exec ")[2].replace('"$ADMIN_PASSWORD"', password)
                args = shlex.split(command.replace('"$before"', "2026-01-01T00:00:00+00:00"))
            found.append(args)
            probe = c.get("livenessProbe", {}).get("exec", {}).get("command", [])
            if probe[:1] == ["airflow"]:
                found.append(probe)
    return [f for f in found if f[:1] == ["airflow"]]


def checks_commands() -> list[list[str]]:
    """The `airflow ...` command lines that scripts/checks.py hands over to (the migration Job
    runs `checks.py db-migrate`, which execs `airflow db migrate`): its literal lists."""
    tree = ast.parse(
        (Path(kube_airflow.__file__).parent / "scripts" / pod_scripts.CHECKS).read_text()
    )
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List) and node.elts:
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(words) == len(node.elts) and words[0] == "airflow":
                found.append([str(w) for w in words])
    return found


def test_every_airflow_command_parses_with_airflow_cli(tmp_path: Path) -> None:
    run = [c for v in VARIANTS for c in airflow_commands(synth(v))] + checks_commands()
    assert ["airflow", "db", "migrate"] in run
    assert any(c[:3] == ["airflow", "db", "clean"] for c in run)
    commands = sorted({tuple(c) for c in run})
    assert len(commands) >= 8
    code = (
        "import json, sys; from airflow.cli.cli_parser import get_parser\n"
        f"commands = {[list(c) for c in commands]!r}\n"
        "for c in commands:\n"
        "    get_parser().parse_args(c[1:])\n"
        "print(json.dumps(len(commands)))"
    )
    assert airflow(code, {}, tmp_path) == len(commands)


def test_config_description_matches_the_pinned_airflow(tmp_path: Path) -> None:
    """The data synth validates against must be what the pinned Airflow really has. After a
    version bump: python -m tests.airflow.config_description --write"""
    code = (
        "import json; from tests.airflow.config_description import render;"
        "print(json.dumps(render()))"
    )
    env = {"PYTHONPATH": str(ROOT)}
    assert DATA.read_text() == airflow(code, env, tmp_path)


def test_db_clean_tables_are_the_pinned_airflows(tmp_path: Path) -> None:
    """`db_clean.tables` accepts exactly what `airflow db clean --tables` does."""
    code = (
        "import json; from airflow.utils.db_cleanup import config_dict;"
        "print(json.dumps(sorted(config_dict)))"
    )
    assert list(get_args(CleanTable)) == airflow(code, {}, tmp_path)
