"""PostgreSQL in the cluster: the official image, pinned, running as its uid 999 under Pod
Security `restricted` with a read-only root."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.connections import POSTGRES_PORT
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
from kube_airflow.props import InClusterPostgres
from kube_airflow.secrets import Ref
from kube_airflow.workloads import data_store

COMPONENT = "postgres"
DATA_PATH = "/var/lib/postgresql/data"
# initdb refuses a mount root holding lost+found: keep PGDATA one level down.
PGDATA = f"{DATA_PATH}/pgdata"


class Postgres(Construct):
    """StatefulSet + headless Service `<prefix>-postgres`, data on a PVC."""

    def __init__(
        self, scope: Construct, id: str, *, props: InClusterPostgres, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        # Without -h pg_isready reports ready on the init-time socket, before the real server.
        ready = ["sh", "-c", 'exec pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"']
        container = k8s.Container(
            name=COMPONENT,
            image=props.image,
            image_pull_policy="IfNotPresent",
            env=[
                k8s.EnvVar(name="POSTGRES_USER", value=props.user),
                k8s.EnvVar(name="POSTGRES_DB", value=props.database),
                k8s.EnvVar(name="PGDATA", value=PGDATA),
                password.env("POSTGRES_PASSWORD"),
            ],
            ports=[port("postgres", POSTGRES_PORT)],
            resources=container_resources(props.resources),
            security_context=container_security(),
            volume_mounts=[
                mount("data", DATA_PATH),
                mount("run", "/var/run/postgresql"),
                mount("tmp", "/tmp"),
                mount("shm", "/dev/shm"),
            ],
            readiness_probe=exec_probe(ready, period=10, timeout=5, failures=3),
            liveness_probe=tcp_probe("postgres", period=30),
        )
        volumes = [empty_dir("run"), empty_dir("tmp"), empty_dir("shm", memory_limit="128Mi")]
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            container,
            ports={"postgres": POSTGRES_PORT},
            volumes=volumes,
        )
