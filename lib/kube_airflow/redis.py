"""Redis in the cluster as the Celery broker."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.connections import REDIS_PORT
from kube_airflow.naming import Names
from kube_airflow.pod import (
    container_resources,
    container_security,
    empty_dir,
    exec_probe,
    mount,
    port,
    tcp_probe,
)
from kube_airflow.props import Redis as RedisProps
from kube_airflow.secrets import Ref
from kube_airflow.workloads import data_store

COMPONENT = "redis"
# The official image has no password variable. Passing it as an argument (from the env, so
# any character works) keeps it out of dist/; it is visible in the pod's own process list.
SERVER = 'exec redis-server --requirepass "$REDIS_PASSWORD" --appendonly yes --dir /data'
PING = 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 ping | grep -q PONG'


class Redis(Construct):
    """StatefulSet + headless Service `<prefix>-redis`, append-only file on a PVC."""

    def __init__(
        self, scope: Construct, id: str, *, props: RedisProps, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        container = k8s.Container(
            name=COMPONENT,
            image=props.image,
            image_pull_policy="IfNotPresent",
            command=["sh", "-c", SERVER],
            env=[password.env("REDIS_PASSWORD")],
            ports=[port("redis", REDIS_PORT)],
            resources=container_resources(props.resources),
            security_context=container_security(),
            volume_mounts=[mount("data", "/data"), mount("tmp", "/tmp")],
            readiness_probe=tcp_probe("redis"),
            liveness_probe=exec_probe(["sh", "-c", PING], period=30, timeout=10, failures=5),
        )
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            container,
            ports={"redis": REDIS_PORT},
            volumes=[empty_dir("tmp")],
        )
