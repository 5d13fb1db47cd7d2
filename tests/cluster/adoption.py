"""Adopting a release of the official chart (docs/from-helm.md), as a user does it: a running
deployment whose keys and database URL sit in Secrets named as the chart names them (release
`legacy`), then `kube-airflow from-helm` on the chart's values, the adoption script with the real
kubectl, the release stopped, and ours applied beside it under another prefix. It keeps the
release's runs and admin, and decrypts the connections the release stored."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from tests.cluster import deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import TIMINGS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import finished, now

ROOT = Path(__file__).resolve().parents[2]
RELEASE = "legacy"
PREFIX = "next"  # ours, beside the release's `airflow` objects
CONNECTION = "adopted_db"
# The chart's values of such a release: KubernetesExecutor, its database elsewhere.
CHART_VALUES = {
    "executor": "KubernetesExecutor",
    "postgresql": {"enabled": False},
    "redis": {"enabled": False},
    "statsd": {"enabled": False},
}
# The chart's Secrets for the keys of a release: name, key (its defaults for the release).
KEYS = {
    "fernet_key": (f"{RELEASE}-fernet-key", "fernet-key"),
    "api_secret_key": (f"{RELEASE}-api-secret-key", "api-secret-key"),
    "jwt_secret": (f"{RELEASE}-jwt-secret", "jwt-secret"),
}


def release_secrets(kube: Kube, namespace: str, database_url: str) -> list[str]:
    """Creates the release's Secrets (random keys, the metadata URL); returns the `--set`
    arguments with which the release's deployment reads its keys from them."""
    values = {
        "fernet_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "api_secret_key": secrets.token_urlsafe(32),
        "jwt_secret": secrets.token_urlsafe(32),
    }
    settings = []
    for prop, (name, key) in KEYS.items():
        _secret(kube, namespace, name, key, values[prop])
        settings += ["--set", f"secrets.{prop}.name={name}", "--set", f"secrets.{prop}.key={key}"]
    _secret(kube, namespace, f"{RELEASE}-metadata", "connection", database_url)
    return settings


def _secret(kube: Kube, namespace: str, name: str, key: str, value: str) -> None:
    kube.run("create", "secret", "generic", name, "-n", namespace, f"--from-literal={key}={value}")


def database_url(host: str, password: str) -> str:
    """The chart's `data.metadataConnection` as a URL: every character of the password quoted."""
    return f"postgresql://airflow:{quote(password, safe='')}@{host}:5432/airflow?sslmode=prefer"


def adopt(
    kube: Kube, namespace: str, release: AirflowApi, run_id: str, password: str,
    folder: Path, *synth_args: str,
) -> None:  # fmt: skip
    """The release (prefix `airflow`, its tutorial run `run_id` done) stores a connection with
    `password`; then the documented adoption, and ours must show the run and the connection."""
    body = {"connection_id": CONNECTION, "conn_type": "postgres", "host": "db.example",
            "login": "reader", "password": password}  # fmt: skip
    release.post("/api/v2/connections", body)
    admin = deploy.secret_value(kube, namespace, "airflow-generated", "admin-password")
    started = time.monotonic()
    values = _convert(namespace, folder)
    kube.bash(f"bash {folder / 'adopt-secrets.sh'}", folder)  # as documented
    _stop_release(kube, namespace)
    dist = deploy.synthesize(folder / "dist", "--values", str(values), *synth_args)
    deploy.apply(kube, dist, prefix=PREFIX)
    deploy.wait_converged(kube, namespace)
    TIMINGS["adoption: from-helm -> ours converged"] = time.monotonic() - started
    # The release's admin, left alone by our user Job, signs in to ours.
    ours = AirflowApi(deploy.service_url(kube, namespace, f"{PREFIX}-api-server", 8080),
                      "admin", admin)  # fmt: skip
    kept = ours.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}")
    assert kept["state"] == "success", kept
    connection = _connection(kube, namespace)
    assert connection["is_encrypted"] in (True, "True"), connection
    assert connection["password"] == password, "the release's connection does not decrypt"
    ran = time.monotonic()
    new_run = ours.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": now()})["dag_run_id"]
    state = ours.wait_for("ours to run the tutorial", lambda: finished(ours, new_run), 600)
    assert state == "success", new_run
    TIMINGS["adoption: a DAG run on ours, trigger -> success"] = time.monotonic() - ran


def _convert(namespace: str, folder: Path) -> Path:
    """`kube-airflow from-helm` on the release's values; returns our values file."""
    folder.mkdir()
    chart = folder / "chart-values.yaml"
    chart.write_text(yaml.safe_dump(CHART_VALUES))
    values, script = folder / "kube-airflow-values.yaml", folder / "adopt-secrets.sh"
    command = [sys.executable, "-m", "kube_airflow", "from-helm", str(chart),
               "--release", RELEASE, "--release-namespace", namespace,
               "--namespace", namespace, "--prefix", PREFIX,
               "--out", str(values), "--script", str(script)]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not carried" not in result.stdout, result.stdout
    return values


def _stop_release(kube: Kube, namespace: str) -> None:
    """Step 4: the release's Deployments and StatefulSets scaled to zero, its pods gone."""
    instance = "app.kubernetes.io/instance=airflow"
    kube.run("scale", "deployment,statefulset", "-n", namespace, "-l", instance, "--replicas=0")

    def running() -> bool:
        pods = kube.json("get", "pods", "-n", namespace, "-l", instance)["items"]
        return not [p for p in pods if p["status"].get("phase") in ("Pending", "Running")]

    kube.wait_until("the release's pods gone", running, timeout=300)


def _connection(kube: Kube, namespace: str) -> dict[str, Any]:
    """The connection as ours reads it from the database: `airflow connections get` in ours."""
    get = ("airflow", "connections", "get", CONNECTION, "-o", "json")
    scheduler = f"deploy/{PREFIX}-scheduler"
    result = kube.run("exec", "-n", namespace, scheduler, "--", *get, timeout=180)
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found[0]
