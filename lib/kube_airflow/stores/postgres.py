"""PostgreSQL in the cluster: the official image, pinned, running as its uid 999 under Pod Security
`restricted` with a read-only root."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.connections import POSTGRES_PORT
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import Ref
from kube_airflow.kube.specs import tcp_probe
from kube_airflow.props import PostgresProps
from kube_airflow.stores.data_store import Scratch, data_store

COMPONENT = components.POSTGRES
DATA_PATH = "/var/lib/postgresql/data"
# initdb refuses a mount root holding lost+found: keep PGDATA one level down.
PGDATA = f"{DATA_PATH}/pgdata"
# Without -h pg_isready reports ready on the init-time socket, before the real server listens.


class Postgres(Construct):
    """StatefulSet + headless Service `<prefix>-postgres`, data on a PVC."""

    def __init__(
        self, scope: Construct, id: str, *, props: PostgresProps, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            where="database",
            image=props.image,
            # Read by the image's entrypoint on an empty data directory only.
            env=[
                k8s.EnvVar(name="POSTGRES_USER", value=props.user),
                k8s.EnvVar(name="POSTGRES_DB", value=props.database),
                k8s.EnvVar(name="PGDATA", value=PGDATA),
                password.env("POSTGRES_PASSWORD"),
            ],
            port=("postgres", POSTGRES_PORT),
            data_path=DATA_PATH,
            scratch=[
                # The socket and its lock file.
                Scratch("run", "/var/run/postgresql", "1Mi"),
                # Sorts and hashes that spill go to PGDATA's pgsql_tmp (the volume), not here.
                Scratch("tmp", "/tmp", "64Mi"),
                Scratch("shm", "/dev/shm", "128Mi", memory=True),
            ],
            # Both from the kubelet: an exec'd pg_isready every 10 s cost about 40 ms of the
            # container's CPU each (runc's exec alone about 30), the largest probe cost idle. Its
            # name resolves before it is ready anyway, and every client retries its connection.
            probes=(tcp_probe("postgres"), tcp_probe("postgres", period=30)),
        )
