"""PgBouncer in front of the database: the Airflow pods' connections share a few server
connections. Its settings are in a ConfigMap (reviewable in dist/); the database entry and the
auth file, which follow from the password or the user's whole connection URL, are written in the
pod by an init container into an in-memory emptyDir."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.config import checksum
from kube_airflow.core.connections import PGBOUNCER_PORT, pgbouncer_server_env
from kube_airflow.image_layout import AIRFLOW_UID
from kube_airflow.kube.placement import disruption_budget, spread
from kube_airflow.kube.pod_options import merged, pod_template
from kube_airflow.kube.skips import AUTH_FILE_ENV, IMAGE
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    empty_dir,
    mount,
    pod_security,
    port,
    tcp_probe,
)
from kube_airflow.kube.workloads import deployment, service
from kube_airflow.pods.scripts import SCRIPT_DIR, SCRIPT_RESOURCES, script_text

if TYPE_CHECKING:
    from kube_airflow.pods.airflow_pods import AirflowPods
    from kube_airflow.props import PgBouncerProps

COMPONENT = components.PGBOUNCER
SCRIPT = "pgbouncer_config.py"
CONFIG_DIR = "/etc/pgbouncer"
GENERATED = f"{CONFIG_DIR}/generated"
SERVER_CA = f"{CONFIG_DIR}/server-ca/ca.crt"
# The official image's user `nobody`.
PGBOUNCER_UID = 65534


def pgbouncer_ini(props: PgBouncerProps) -> str:
    settings: dict[str, str | int] = {
        "listen_addr": "0.0.0.0",
        "listen_port": PGBOUNCER_PORT,
        # No socket: the root is read-only, and every client comes over TCP.
        "unix_socket_dir": "",
        # The auth file holds the password itself, so PgBouncer can answer SCRAM and also log in
        # to a server that stores SCRAM verifiers (PostgreSQL's default since 14).
        "auth_type": "scram-sha-256",
        "auth_file": f"{GENERATED}/userlist.txt",
        "pool_mode": props.pool_mode,
        "default_pool_size": props.default_pool_size,
        "max_client_conn": props.max_client_conn,
        # Sent by some drivers at startup; refusing them would refuse the client.
        "ignore_startup_parameters": "extra_float_digits",
    }
    if props.server_ca is not None:
        settings["server_tls_ca_file"] = SERVER_CA
    # The stats user, TLS mode and database entry follow from the connection URL: the init
    # container writes them (without section headers, which would reset a section's settings).
    return "\n".join(
        [
            "[pgbouncer]",
            *(f"{k} = {v}" for k, v in settings.items()),
            f"%include {GENERATED}/settings.ini",
            "[databases]",
            f"%include {GENERATED}/databases.ini",
            "",
        ]
    )


class PgBouncer(Construct):
    """ConfigMap, Deployment and Service `<prefix>-pgbouncer` on 6543 (named `pgbouncer`)."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        airflow, names = pods.props, pods.names
        props, constraints = spread(
            merged(airflow.pod_defaults, airflow.pgbouncer),
            names.selector(COMPONENT),
            airflow.pgbouncer.spread,
        )
        ini = pgbouncer_ini(props)
        k8s.KubeConfigMap(
            self,
            "config",
            metadata=names.meta(COMPONENT),
            data={"pgbouncer.ini": ini, SCRIPT: script_text(SCRIPT)},
        )
        # The Airflow image has the Python the script needs; PgBouncer's has none.
        write_config = k8s.Container(
            name="write-config",
            image=pods.image,
            image_pull_policy=airflow.image.pull_policy,
            command=["python", f"{SCRIPT_DIR}/{SCRIPT}", GENERATED],
            env=[
                *pgbouncer_server_env(airflow, names, pods.secrets),
                *([k8s.EnvVar(name="SERVER_CA", value=SERVER_CA)] if props.server_ca else []),
            ],
            resources=container_resources(SCRIPT_RESOURCES),
            security_context=container_security(AIRFLOW_UID, 0),
            volume_mounts=[
                mount("config", f"{SCRIPT_DIR}/{SCRIPT}", SCRIPT, read_only=True),
                mount("generated", GENERATED),
            ],
        )
        container = k8s.Container(
            name=COMPONENT,
            image=props.image,
            image_pull_policy="IfNotPresent",
            command=["pgbouncer", f"{CONFIG_DIR}/pgbouncer.ini"],
            ports=[port(COMPONENT, PGBOUNCER_PORT)],
            resources=container_resources(props.resources),
            security_context=container_security(),
            volume_mounts=[
                mount("config", f"{CONFIG_DIR}/pgbouncer.ini", "pgbouncer.ini", read_only=True),
                mount("generated", GENERATED, read_only=True),
                *([mount("server-ca", SERVER_CA, "ca.crt", True)] if props.server_ca else []),
            ],
            readiness_probe=tcp_probe(COMPONENT),
            liveness_probe=tcp_probe(COMPONENT, period=10),
        )
        config = k8s.ConfigMapVolumeSource(name=names.of(COMPONENT))
        pod = pod_template(
            "pgbouncer",
            props,
            names.labels(COMPONENT),
            # Pods roll when the settings change.
            {"checksum/config": checksum(ini, script_text(SCRIPT))},
            containers=[container],
            init_containers=[write_config],
            volumes=[
                k8s.Volume(name="config", config_map=config),
                # The password lives here: memory only, never on the node's disk.
                empty_dir("generated", "1Mi", memory=True),
                *_server_ca(props),
            ],
            automount_service_account_token=False,
            security_context=pod_security(PGBOUNCER_UID, PGBOUNCER_UID),
            topology_spread_constraints=constraints or None,
        )
        self.deployment = deployment(
            self, names, COMPONENT, props.replicas, pod, (*IMAGE, AUTH_FILE_ENV)
        )
        self.service = service(self, names, COMPONENT, {COMPONENT: PGBOUNCER_PORT})
        self.pdb = disruption_budget(self, names, COMPONENT, props.pdb)


def _server_ca(props: PgBouncerProps) -> list[k8s.Volume]:
    if props.server_ca is None:
        return []
    items = [k8s.KeyToPath(key=props.server_ca.key, path="ca.crt")]
    source = k8s.SecretVolumeSource(secret_name=props.server_ca.name, items=items)
    return [k8s.Volume(name="server-ca", secret=source)]
