"""The secrets bootstrap script, run for real against a small in-memory Kubernetes API."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.fernet import Fernet

from kube_airflow import bootstrap

SCRIPT = bootstrap.script_text()
PATH = "/api/v1/namespaces/ns/secrets"


class FakeApi(ThreadingHTTPServer):
    """Secrets in one namespace: GET, POST (409 if it exists) and merge PATCH with
    resourceVersion preconditions, as the API server does them."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.secrets: dict[str, dict[str, Any]] = {}
        self.version = 0
        self.conflicts_to_inject = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def store(self, secret: dict[str, Any]) -> None:
        self.version += 1
        secret["metadata"]["resourceVersion"] = str(self.version)
        self.secrets[secret["metadata"]["name"]] = secret


class Handler(BaseHTTPRequestHandler):
    server: FakeApi

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self) -> dict[str, Any]:
        return dict(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))

    def do_GET(self) -> None:
        name = self.path.removeprefix(PATH + "/")
        found = self.server.secrets.get(name)
        self.reply(200, found) if found else self.reply(404, {"message": "not found"})

    def do_POST(self) -> None:
        secret = self.body()
        if secret["metadata"]["name"] in self.server.secrets:
            return self.reply(409, {"message": "already exists"})
        self.server.store(secret)
        self.reply(201, secret)

    def do_PATCH(self) -> None:
        assert self.headers["Content-Type"] == "application/merge-patch+json"
        name, patch = self.path.removeprefix(PATH + "/"), self.body()
        current = self.server.secrets[name]
        stale = patch["metadata"]["resourceVersion"] != current["metadata"]["resourceVersion"]
        if self.server.conflicts_to_inject or stale:
            self.server.conflicts_to_inject = max(0, self.server.conflicts_to_inject - 1)
            return self.reply(409, {"message": "conflict"})
        current["data"].update(patch["data"])
        self.server.store(current)
        self.reply(200, current)


@pytest.fixture
def api() -> Iterator[FakeApi]:
    server = FakeApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def run(api: FakeApi, keys: dict[str, str]) -> str:
    env = {
        "KUBERNETES_API_URL": api.url,
        "NAMESPACE": "ns",
        "SECRET_NAME": "airflow-generated",
        "GENERATE": json.dumps(keys),
        "LABELS": json.dumps({"app.kubernetes.io/name": "airflow"}),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def values(api: FakeApi) -> dict[str, str]:
    data = api.secrets["airflow-generated"]["data"]
    return {k: base64.b64decode(v).decode() for k, v in data.items()}


def test_creates_every_key_once(api: FakeApi) -> None:
    out = run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    assert "created Secret airflow-generated" in out
    made = values(api)
    Fernet(made["fernet-key"].encode())  # a key cryptography accepts
    assert len(made["jwt-secret"]) >= 43
    for value in made.values():
        assert value not in out, "values are never printed"
    assert api.secrets["airflow-generated"]["metadata"]["labels"] == {
        "app.kubernetes.io/name": "airflow"
    }


def test_rerun_changes_nothing(api: FakeApi) -> None:
    run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    before = dict(api.secrets["airflow-generated"]["data"])
    version = api.version
    assert "nothing changed" in run(api, {"fernet-key": "fernet", "jwt-secret": "token"})
    assert api.secrets["airflow-generated"]["data"] == before
    assert api.version == version


def test_adds_missing_keys_without_touching_others(api: FakeApi) -> None:
    run(api, {"fernet-key": "fernet"})
    fernet = values(api)["fernet-key"]
    out = run(api, {"fernet-key": "fernet", "broker-password": "token"})
    assert "added keys broker-password" in out
    assert values(api)["fernet-key"] == fernet
    assert "broker-password" in values(api)


def test_retries_on_conflict(api: FakeApi) -> None:
    run(api, {"a": "token"})
    api.conflicts_to_inject = 2
    assert "added keys b" in run(api, {"a": "token", "b": "token"})


def test_every_value_is_fresh(api: FakeApi) -> None:
    run(api, {"a": "token", "b": "token", "c": "fernet"})
    made = values(api)
    assert len(set(made.values())) == 3
