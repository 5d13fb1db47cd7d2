"""The secrets bootstrap script, run for real against a small in-memory Kubernetes API."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet

from kube_airflow.roles import bootstrap
from tests.fake_kube_api import KubeApi

SCRIPT = bootstrap.script_text(bootstrap.SCRIPT)
PATH = "/api/v1/namespaces/ns/secrets"


@pytest.fixture
def api() -> Iterator[KubeApi]:
    server = KubeApi()
    server.start()
    yield server
    server.shutdown()


def run(api: KubeApi, keys: dict[str, str]) -> str:
    env = {
        "KUBERNETES_API_URL": f"http://127.0.0.1:{api.port}",
        "NAMESPACE": "ns",
        "SECRET_NAME": "airflow-generated",
        "GENERATE": json.dumps(keys),
        "LABELS": json.dumps({"app.kubernetes.io/name": "airflow"}),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def values(api: KubeApi) -> dict[str, str]:
    data = api.secrets[("ns", "airflow-generated")]["data"]
    return {k: base64.b64decode(v).decode() for k, v in data.items()}


def test_creates_every_key_once(api: KubeApi) -> None:
    out = run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    assert "created Secret airflow-generated" in out
    made = values(api)
    Fernet(made["fernet-key"].encode())  # a key cryptography accepts
    assert len(made["jwt-secret"]) >= 43
    for value in made.values():
        assert value not in out, "values are never printed"
    assert api.secrets[("ns", "airflow-generated")]["metadata"]["labels"] == {
        "app.kubernetes.io/name": "airflow"
    }


def test_rerun_changes_nothing(api: KubeApi) -> None:
    run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    before = dict(api.secrets[("ns", "airflow-generated")]["data"])
    version = api.version
    assert "nothing changed" in run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    assert api.secrets[("ns", "airflow-generated")]["data"] == before
    assert api.version == version


def test_adds_missing_keys_without_touching_others(api: KubeApi) -> None:
    run(api, {"fernet-key": "fernet"})
    fernet = values(api)["fernet-key"]
    out = run(api, {"fernet-key": "fernet", "broker-password": "token"})
    assert "added keys broker-password" in out
    assert values(api)["fernet-key"] == fernet
    assert "broker-password" in values(api)


def test_retries_on_conflict(api: KubeApi) -> None:
    run(api, {"a": "token"})
    api.conflicts_to_inject = 2
    assert "added keys b" in run(api, {"a": "token", "b": "token"})


def test_every_value_is_fresh(api: KubeApi) -> None:
    run(api, {"a": "token", "b": "token", "c": "fernet"})
    made = values(api)
    assert len(set(made.values())) == 3
