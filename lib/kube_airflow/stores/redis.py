"""Redis in the cluster, as the Celery broker."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.connections import REDIS_PORT
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import Ref
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    exec_probe,
    mount,
    tcp_probe,
)
from kube_airflow.pods.scripts import SCRIPT_RESOURCES
from kube_airflow.props import RedisProps
from kube_airflow.stores.data_store import Scratch, data_store

COMPONENT = components.REDIS
CONFIG_DIR = "/etc/kube-airflow-redis"
CONFIG = f"{CONFIG_DIR}/redis.conf"
# The official image has no password variable, and `--requirepass` would show the password in
# every `ps`. An init container writes it into a redis.conf on an in-memory volume only the
# pod's user may read; every byte as a \xHH escape in a quoted string, so any character works.
WRITE_CONFIG = (
    "umask 077; "
    """hex=$(printf '%s' "$REDIS_PASSWORD" | od -An -v -tx1 | tr -d ' \\n' """
    """| sed 's/../\\\\x&/g'); """
    f"""printf 'requirepass "%s"\\nappendonly yes\\ndir /data\\n' "$hex" > {CONFIG}"""
)
PING = 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 ping | grep -q PONG'


class Redis(Construct):
    """StatefulSet + headless Service `<prefix>-redis`, append-only file on a PVC."""

    def __init__(
        self, scope: Construct, id: str, *, props: RedisProps, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        secret_env = password.env("REDIS_PASSWORD")
        write_config = k8s.Container(
            name="write-config",
            image=props.image,
            image_pull_policy="IfNotPresent",
            command=["sh", "-c", WRITE_CONFIG],
            env=[secret_env],
            resources=container_resources(SCRIPT_RESOURCES),
            security_context=container_security(),
            volume_mounts=[mount("config", CONFIG_DIR)],
        )
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            where="broker",
            image=props.image,
            command=["redis-server", CONFIG],
            # Only for the probe's redis-cli (REDISCLI_AUTH), never on a command line.
            env=[secret_env],
            port=("redis", REDIS_PORT),
            data_path="/data",
            scratch=[
                Scratch("tmp", "/tmp", "64Mi"),
                Scratch("config", CONFIG_DIR, "1Mi", memory=True, read_only=True),
            ],
            init_containers=[write_config],
            probes=(
                tcp_probe("redis"),
                exec_probe(["sh", "-c", PING], period=30, timeout=10, failures=5),
            ),
        )
