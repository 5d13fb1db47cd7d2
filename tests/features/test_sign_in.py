"""The api-server's sign-in and the cluster policies: the rendered webserver_config.py runs and
sets only names FAB reads, its secrets reach the api-server alone, and the user's files are
mounted where the pinned Airflow and FAB look for them, in every Airflow process."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from kube_airflow.features import sign_in
from kube_airflow.pods import volumes as shared
from tests.airflow.test_airflow_semantics import airflow, config_map, container
from tests.conformance.manifests import pod_templates
from tests.conftest import ROOT, synth, synth_props, with_task_pods

SECRET = "s3cr3t-from-the-environment"


def example(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(synth_props(yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())))


def run_config(text: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What Flask's `config.from_pyfile` keeps of the file: its upper-case names."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    scope: dict[str, Any] = {}
    exec(compile(text, shared.WEBSERVER_CONFIG_PATH, "exec"), scope)
    return {k: v for k, v in scope.items() if k.isupper()}


def fab_sources() -> str:
    """The sources of FAB and of Airflow's FAB provider, where every setting read is named."""
    text = ""
    for package in ("flask_appbuilder", "flask_wtf", "airflow.providers.fab"):
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        for folder in spec.submodule_search_locations:
            text += "".join(p.read_text() for p in Path(folder).rglob("*.py"))
    return text


def api_server_env(docs: tuple[dict[str, Any], ...]) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in container(docs, "api-server")["env"]}


@pytest.mark.parametrize(("case", "kind"), [("sign-in-ldap", "ldap"), ("sign-in", "oauth")])
def test_rendered_config_runs_and_sets_what_fab_reads(
    case: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = synth(case) if case.startswith("sign-in-") else example(case)
    env = api_server_env(docs)
    secrets = {
        n: SECRET for n, e in env.items() if n.startswith("KUBE_AIRFLOW_") and "valueFrom" in e
    }
    assert secrets, env
    text = config_map(docs)[shared.WEBSERVER_CONFIG_FILE]
    assert SECRET not in text
    settings = run_config(text, secrets, monkeypatch)
    assert settings["AUTH_TYPE"] == {"ldap": 2, "oauth": 4}[kind]  # flask_appbuilder.const
    sources = fab_sources()
    imported = vars(importlib.import_module("flask_appbuilder.const"))
    unknown = [n for n in settings if n not in imported and f'"{n}"' not in sources]
    assert unknown == [], f"settings FAB never reads: {unknown}"
    if kind == "ldap":
        assert settings["AUTH_LDAP_BIND_PASSWORD"] == SECRET
        assert (
            settings["AUTH_LDAP_TLS_CACERTFILE"] == f"{sign_in.LDAP_CA_DIR}/{sign_in.LDAP_CA_FILE}"
        )
        api = container(docs, "api-server")
        assert {
            "name": sign_in.LDAP_CA_VOLUME,
            "mountPath": sign_in.LDAP_CA_DIR,
            "readOnly": True,
        } in (api["volumeMounts"])
    else:
        apps = [p["remote_app"] for p in settings["OAUTH_PROVIDERS"]]
        assert all(app["client_secret"] == SECRET for app in apps), apps
        assert all(app["client_id"] and app["client_kwargs"]["scope"] for app in apps), apps


def test_only_the_api_server_gets_the_sign_in_secrets() -> None:
    docs = synth("sign-in-ldap")
    holders = {
        template.owner["metadata"]["name"]
        for doc in docs
        for template in pod_templates(doc)
        for c in template.spec["containers"]
        if any(e["name"] == sign_in.LDAP_BIND_PASSWORD_ENV for e in c.get("env", []))
    }
    assert holders == {"airflow-api-server"}


def test_user_files_are_mounted_in_every_airflow_process() -> None:
    """The local settings in every container that runs Airflow (mounts airflow.cfg: the roles,
    Jobs, CronJobs and the task pods); webserver_config.py from the user's ConfigMap, ours not
    rendered."""
    docs = with_task_pods(synth("sign-in-config-map"))
    assert shared.WEBSERVER_CONFIG_FILE not in config_map(docs)
    image = container(docs, "api-server")["image"]
    found = 0
    for doc in docs:
        for template in pod_templates(doc):
            volumes = {v["name"]: v for v in template.spec.get("volumes", [])}
            for c in [*template.spec["containers"], *template.spec.get("initContainers", [])]:
                mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
                if c["image"] != image or "/opt/airflow/airflow.cfg" not in mounts:
                    continue
                found += 1
                settings = volumes[mounts[shared.LOCAL_SETTINGS_DIR]]["configMap"]
                assert settings["name"] == "airflow-policies", doc["metadata"]
                webserver = volumes[mounts[shared.WEBSERVER_CONFIG_PATH]]["configMap"]
                assert webserver["name"] == "airflow-webserver", doc["metadata"]
    assert found >= 10


def test_the_paths_are_where_the_pinned_airflow_looks(tmp_path: Path) -> None:
    """`[fab] config_file` defaults to $AIRFLOW_HOME/webserver_config.py, and Airflow puts
    $AIRFLOW_HOME/config on sys.path before importing airflow_local_settings."""
    code = (
        "import json, sys\n"
        "from airflow import settings\n"
        "from airflow.configuration import conf\n"
        "settings.prepare_syspath_for_config_and_plugins()\n"
        "print(json.dumps([conf.get('fab', 'config_file'), sys.path]))\n"
    )
    home = tmp_path / "home"
    home.mkdir()
    config_file, path = airflow(code, {}, home)
    home_in_pods = shared.WEBSERVER_CONFIG_PATH.rsplit("/", 1)[0]
    assert config_file.replace(str(home), home_in_pods) == shared.WEBSERVER_CONFIG_PATH
    assert str(home / "config") in path
    assert f"{home_in_pods}/config" == shared.LOCAL_SETTINGS_DIR


def test_the_default_sign_in_is_unchanged() -> None:
    assert config_map(synth("default"))[shared.WEBSERVER_CONFIG_FILE] == sign_in.DB_CONFIG


@pytest.mark.parametrize("method", [None, "client_secret_post", "client_secret_basic"])
def test_the_token_endpoint_auth_method_reaches_authlib(
    method: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """authlib's OAuth2 session is made with client_kwargs: unset, authlib's default
    (client_secret_basic) stays; set, the method is there beside the scopes."""
    provider = {
        "provider": "oidc",
        "name": "corp",
        "client_id": "airflow",
        "client_secret": {"name": "oidc", "key": "client-secret"},
        "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration",
    }
    if method is not None:
        provider["token_endpoint_auth_method"] = method
    docs = tuple(synth_props({"auth": {"type": "oauth", "providers": [provider]}}))
    text = config_map(docs)[shared.WEBSERVER_CONFIG_FILE]
    (app,) = [p["remote_app"] for p in run_config(text, {}, monkeypatch)["OAUTH_PROVIDERS"]]
    expected = {"scope": "openid email profile"}
    if method is not None:
        expected["token_endpoint_auth_method"] = method
    assert app["client_kwargs"] == expected
