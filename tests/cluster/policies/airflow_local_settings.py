"""Cluster policies for the cluster tier (test_backends.py), given as the user's ConfigMap
(`local_settings`): each leaves a mark the REST API shows, so the test sees which Airflow
processes loaded this file. The dag-processor: every DAG gets the tag `local-settings`. The
process running a task (a Celery worker, a KubernetesExecutor task pod): the task pushes the XCom
`local_settings` with its host. The scheduler: a KubernetesExecutor task pod gets the env var the
XCom reports as `mutated_by`."""

from __future__ import annotations

import os
import socket
from typing import Any

TAG = "local-settings"
MUTATED = "KUBE_AIRFLOW_TEST_MUTATED_BY"


def dag_policy(dag: Any) -> None:
    dag.tags.add(TAG)


def task_policy(task: Any) -> None:
    callbacks = task.on_execute_callback
    if callbacks is None:
        callbacks = []
    elif not isinstance(callbacks, list):
        callbacks = [callbacks]
    task.on_execute_callback = [*callbacks, _mark]


def _mark(context: Any) -> None:
    mark = {"host": socket.gethostname(), "mutated_by": os.environ.get(MUTATED, "")}
    context["ti"].xcom_push(key="local_settings", value=mark)


def pod_mutation_hook(pod: Any) -> None:
    from kubernetes.client import models

    container = pod.spec.containers[0]
    container.env = [*(container.env or []), models.V1EnvVar(name=MUTATED, value="scheduler")]
