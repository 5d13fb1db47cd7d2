"""Benchmark (not a test): cold start to a successful tutorial run, kube-airflow vs a bare stack.

The bare stack is the one DESIGN.md measured: Postgres, RabbitMQ and the six Airflow processes
started directly (here: one container each, same images, same machine, no init containers, probes
or Jobs), `airflow db migrate` and `airflow users create` run once in between. kube-airflow is the
e2e run of the synthesized default deployment. Prints each run and the medians.

    python -m tests.e2e.benchmark_cold_start [--runs 3]
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import tempfile
import time
import urllib.error
import uuid
from pathlib import Path

from kube_airflow.config import FAB_AUTH_MANAGER
from tests.e2e.airflow_api import AirflowApi
from tests.e2e.kubelet import podman
from tests.e2e.test_e2e import (
    AIRFLOW_IMAGE,
    _finished,
    _now,
    _task_states,
    build_images,
    run_scenario,
    start_postgres,
    synthesize,
)

ROLES = {
    "api-server": ["api-server", "--port", "8080"],
    "scheduler": ["scheduler"],
    "dag-processor": ["dag-processor"],
    "triggerer": ["triggerer"],
    "worker": ["celery", "worker"],
    "flower": ["celery", "flower"],
}


def bare_stack(images: dict[str, str]) -> float:
    """Seconds from nothing to a successful tutorial run on the bare stack."""
    run = uuid.uuid4().hex[:6]
    net, label = f"bare-{run}", f"kube-airflow-e2e=bare-{run}"
    password = secrets.token_urlsafe(16)
    env = {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__AUTH_MANAGER": FAB_AUTH_MANAGER,
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": "http://api-server:8080/execution/",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://airflow:{password}@postgres/airflow",
        "AIRFLOW__CELERY__BROKER_URL": f"amqp://airflow:{password}@rabbitmq:5672/airflow",
        "AIRFLOW__CORE__FERNET_KEY": "ZmVybmV0LWtleS1mb3ItYmVuY2htYXJrLW9ubHktMDA=",
        "AIRFLOW__API__SECRET_KEY": password,
        "AIRFLOW__API_AUTH__JWT_SECRET": password,
        "CONNECTION_CHECK_MAX_COUNT": "0",
    }
    flags = [f"-e={k}={v}" for k, v in env.items()]
    work = Path(tempfile.mkdtemp(prefix="bare-stack-"))
    start = time.monotonic()
    podman("network", "create", "--label", label, net)
    try:
        common = ["run", "-d", "--network", net, "--label", label]
        start_postgres(
            images["postgres:17.7"],
            f"{net}-pg",
            ["--network", net, "--network-alias", "postgres"],
            label,
            password,
            work,
        )
        podman(
            *common,
            "--name",
            f"{net}-mq",
            "--network-alias",
            "rabbitmq",
            "--hostname",
            "rabbitmq",
            "--user",
            "999:999",
            "-e",
            "RABBITMQ_DEFAULT_USER=airflow",
            "-e",
            f"RABBITMQ_DEFAULT_PASS={password}",
            "-e",
            "RABBITMQ_DEFAULT_VHOST=airflow",
            images["rabbitmq:4.1.4"],
        )
        setup = (
            "until airflow db check >/dev/null 2>&1; do sleep 1; done; airflow db migrate && "
            f"airflow users create -u admin -p {password} -r Admin -e a@b.c -f a -l b"
        )
        podman(
            "run",
            "--rm",
            "--network",
            net,
            "--label",
            label,
            *flags,
            AIRFLOW_IMAGE,
            "bash",
            "-c",
            setup,
        )
        for role, args in ROLES.items():
            podman(
                *common,
                "--name",
                f"{net}-{role}",
                "--network-alias",
                role,
                *flags,
                AIRFLOW_IMAGE,
                *args,
            )
        ip = podman(
            "inspect",
            "-f",
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            f"{net}-api-server",
        ).stdout.strip()
        api = _wait_api(f"http://{ip}:8080", password)
        api.wait_for("the tutorial DAG", lambda: api.get("/api/v2/dags/tutorial"), timeout=300)
        api.patch("/api/v2/dags/tutorial", {"is_paused": False})
        dag_run = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": _now()})["dag_run_id"]
        state = api.wait_for("the DAG run", lambda: _finished(api, dag_run), timeout=600)
        if state != "success":
            worker = podman("logs", "--tail", "60", f"{net}-worker", check=False)
            raise AssertionError(f"{_task_states(api, dag_run)}\n{worker.stdout}{worker.stderr}")
        return time.monotonic() - start
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


def kube_airflow(images: dict[str, str]) -> float:
    from tests.e2e.kubelet import Cluster
    from tests.e2e.test_e2e import TIMINGS

    with tempfile.TemporaryDirectory() as tmp:
        docs = synthesize(Path(tmp))
        cluster = Cluster(Path(tmp) / "cluster", images)
        try:
            run_scenario("benchmark", cluster, docs)
        finally:
            cluster.close()
    return TIMINGS["benchmark"]["cold start to tutorial success"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    images = build_images()
    bare, ours = [], []
    for i in range(args.runs):
        bare.append(bare_stack(images))
        ours.append(kube_airflow(images))
        print(f"run {i + 1}: bare stack {bare[-1]:.1f}s, kube-airflow {ours[-1]:.1f}s", flush=True)
    b, k = statistics.median(bare), statistics.median(ours)
    print(
        f"median cold start to tutorial success: bare {b:.1f}s, kube-airflow {k:.1f}s, "
        f"ratio {k / b:.2f}x"
    )


if __name__ == "__main__":
    main()
