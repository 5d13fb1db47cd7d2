"""A DAG for the multi-executor deployment (tests/cluster/test_backends.py): its one task asks
for the KubernetesExecutor, so it runs in a pod of its own while the deployment's default
executor is Celery. Only the test image carries it, and it is defined only where that executor
is configured: elsewhere (the drills) Airflow would report it as an import error."""

from __future__ import annotations

import socket
from datetime import datetime

from airflow.configuration import conf
from airflow.sdk import dag, task


@dag(schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["kubernetes"])
def kubernetes_task() -> None:
    @task(executor="KubernetesExecutor")
    def in_its_own_pod() -> str:
        name = socket.gethostname()
        print(f"running in pod {name}", flush=True)
        return name

    in_its_own_pod()


if "KubernetesExecutor" in conf.get("core", "executor"):
    kubernetes_task()
