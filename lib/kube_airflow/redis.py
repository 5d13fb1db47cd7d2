"""Redis in the cluster, as the Celery broker."""

from __future__ import annotations

from constructs import Construct

from kube_airflow.connections import REDIS_PORT
from kube_airflow.kube import exec_probe, tcp_probe
from kube_airflow.naming import Names
from kube_airflow.props import RedisProps
from kube_airflow.secrets import Ref
from kube_airflow.workloads import Scratch, data_store

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
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            where="broker",
            image=props.image,
            command=["sh", "-c", SERVER],
            env=[password.env("REDIS_PASSWORD")],
            port=("redis", REDIS_PORT),
            data_path="/data",
            scratch=[Scratch("tmp", "/tmp")],
            probes=(
                tcp_probe("redis"),
                exec_probe(["sh", "-c", PING], period=30, timeout=10, failures=5),
            ),
        )
