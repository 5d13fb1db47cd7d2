"""Cold start to a successful tutorial run, kube-airflow on the real cluster against its floor,
the same processes started bare; `make benchmark` (tests/cluster/benchmark.py) runs both.

The bare stack is the one DESIGN.md measured: Postgres, RabbitMQ and the seven Airflow processes
started directly (one podman container each, two workers as deployed, the same images and
stand-in versions, no init containers, probes or Jobs), `airflow db migrate` and `airflow users
create` run once in between.
kube-airflow is `python main.py` + `kubectl apply -f dist/` on the cluster of `make cluster`
(started if none runs), until the tutorial succeeds. Both run on the same machine, one after the
other; the idle cluster is running during both.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
import urllib.error
import uuid
from collections.abc import Iterator
from pathlib import Path

from kube_airflow.core.config import FAB_AUTH_MANAGER
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.deploy import synthesize
from tests.cluster.images import AIRFLOW_IMAGE
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import deploy_and_run_tutorial, finished, now, task_states
from tests.podman import podman

ROLES = {
    "api-server": ["api-server", "--port", "8080"],
    "scheduler": ["scheduler"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer"],
    # Two workers, as the default deployment runs.
    "worker-0": ["celery", "worker"],
    "worker-1": ["celery", "worker"],
    "flower": ["celery", "flower"],
}


def _environment(password: str) -> dict[str, str]:
    database = f"postgresql+psycopg2://airflow:{password}@postgres/airflow"
    return {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__AUTH_MANAGER": FAB_AUTH_MANAGER,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://api-server:8080/execution/",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database,
        "AIRFLOW__CELERY__BROKER_URL": f"amqp://airflow:{password}@rabbitmq:5672/airflow",
        "AIRFLOW__CORE__FERNET_KEY": "ZmVybmV0LWtleS1mb3ItYmVuY2htYXJrLW9ubHktMDA=",
        "AIRFLOW__API__SECRET_KEY": password,
        "AIRFLOW__API_AUTH__JWT_SECRET": password,
        "CONNECTION_CHECK_MAX_COUNT": "0",
    }


def _writable(root: Path, *paths: str) -> list[str]:
    """Host directories owned by uid 999 where the data store writes; its root stays read-only."""
    args = []
    for path in paths:
        folder = root / path.strip("/").replace("/", "-")
        folder.mkdir(parents=True)
        os.chown(folder, 999, 999)
        args += ["-v", f"{folder}:{path}"]
    return args


def _data_stores(
    common: list[str], net: str, password: str, images: dict[str, str], work: Path
) -> None:
    postgres_dirs = _writable(work, "/var/lib/postgresql/data", "/var/run/postgresql", "/tmp")
    podman(
        *common, "--name", f"{net}-pg", "--network-alias", "postgres", "--user", "999:999",
        "--read-only", "--read-only-tmpfs=false", *postgres_dirs,
        "-e", "POSTGRES_USER=airflow", "-e", f"POSTGRES_PASSWORD={password}",
        "-e", "POSTGRES_DB=airflow", "-e", "PGDATA=/var/lib/postgresql/data/pgdata",
        images["postgres:17.7"],
    )  # fmt: skip
    podman(
        *common, "--name", f"{net}-mq", "--network-alias", "rabbitmq", "--hostname", "rabbitmq",
        "--user", "999:999", "-e", "RABBITMQ_DEFAULT_USER=airflow",
        "-e", f"RABBITMQ_DEFAULT_PASS={password}", "-e", "RABBITMQ_DEFAULT_VHOST=airflow",
        images["rabbitmq:4.1.4"],
    )  # fmt: skip


@contextlib.contextmanager
def running_bare_stack(
    images: dict[str, str], image: str = AIRFLOW_IMAGE, config: dict[str, str] | None = None
) -> Iterator[tuple[float, list[str], AirflowApi]]:
    """The bare stack from nothing to a successful tutorial run, on `image` with `config` (more
    environment); yields (those seconds, its containers, its REST API as admin) while it keeps
    running, then removes it."""
    net = f"bare-{uuid.uuid4().hex[:6]}"
    label = f"kube-airflow-benchmark={net}"
    password = secrets.token_urlsafe(16)
    flags = [f"-e={k}={v}" for k, v in {**_environment(password), **(config or {})}.items()]
    work = Path(tempfile.mkdtemp(prefix="bare-stack-"))
    start = time.monotonic()
    podman("network", "create", "--label", label, net)
    try:
        common = ["run", "-d", "--network", net, "--label", label]
        _data_stores(common, net, password, images, work)
        setup = (
            "until airflow db check >/dev/null 2>&1; do sleep 1; done; airflow db migrate && "
            f"airflow users create -u admin -p {password} -r Admin -e a@b.c -f a -l b"
        )
        podman("run", "--rm", "--network", net, *flags, image, "bash", "-c", setup)
        for role, args in ROLES.items():
            name = ["--name", f"{net}-{role}", "--network-alias", role, "--hostname", role]
            podman(*common, *name, *flags, image, *args)
        template = "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
        ip = podman("inspect", "-f", template, f"{net}-api-server").stdout.strip()
        api = _wait_api(f"http://{ip}:8080", password)
        api.wait_for("the tutorial DAG", lambda: api.get("/api/v2/dags/tutorial"), timeout=300)
        api.patch("/api/v2/dags/tutorial", {"is_paused": False})
        run = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": now()})["dag_run_id"]
        state = api.wait_for("the DAG run", lambda: finished(api, run), timeout=600)
        if state != "success":
            raise AssertionError(task_states(api, run))
        seconds = time.monotonic() - start
        yield seconds, podman("ps", "-q", "--filter", f"label={label}").stdout.split(), api
    finally:
        for ctr in podman("ps", "-aq", "--filter", f"label={label}", check=False).stdout.split():
            podman("rm", "-f", "-t", "2", ctr, check=False)
        podman("network", "rm", "-f", net, check=False)
        shutil.rmtree(work, ignore_errors=True)


def _wait_api(base: str, password: str) -> AirflowApi:
    deadline = time.monotonic() + 300
    while True:
        try:
            return AirflowApi(base, "admin", password)
        except (AssertionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(2)


def kube_airflow(kube: Kube) -> float:
    namespace = "kat-benchmark"
    kube.delete_namespace(namespace)
    with tempfile.TemporaryDirectory() as tmp:
        dist = synthesize(Path(tmp), "--image", AIRFLOW_IMAGE, "--namespace", namespace)
        started = time.monotonic()
        try:
            deploy_and_run_tutorial(kube, dist, namespace, "benchmark")
            return time.monotonic() - started
        finally:
            kube.delete_namespace(namespace)
