"""RabbitMQ in the cluster as the Celery broker (the original kube-airflow's choice)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.connections import RABBITMQ_PORT
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import Ref
from kube_airflow.kube.specs import exec_probe, tcp_probe
from kube_airflow.props import RabbitMQProps
from kube_airflow.stores.data_store import Scratch, data_store

COMPONENT = components.RABBITMQ
# Liveness: the server answers an AMQP 0-9-1 protocol header with a method frame (type 1,
# Connection.Start). A hung server still accepts the TCP connection (the kernel completes it) but
# never answers, so the read times out. Costs a bash start, where `rabbitmq-diagnostics ping` boots
# an Erlang VM (about 1 CPU-second a run).
AMQP_HANDSHAKE = (
    f"exec 3<>/dev/tcp/127.0.0.1/{RABBITMQ_PORT} && printf 'AMQP\\x00\\x00\\x09\\x01' >&3"
    " && IFS= read -r -N 1 -u 3 frame && [[ $frame == $'\\x01' ]]"
)


class RabbitMQ(Construct):
    """StatefulSet + headless Service `<prefix>-rabbitmq`; mnesia and the Erlang cookie on a PVC.
    The node name follows the pod's stable hostname, so a restart finds its own data."""

    def __init__(
        self, scope: Construct, id: str, *, props: RabbitMQProps, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            where="broker",
            image=props.image,
            # Read by the server on a blank node only: the user, password and vhost Airflow uses.
            env=[
                k8s.EnvVar(name="RABBITMQ_DEFAULT_USER", value=props.user),
                password.env("RABBITMQ_DEFAULT_PASS"),
                k8s.EnvVar(name="RABBITMQ_DEFAULT_VHOST", value=props.vhost),
                k8s.EnvVar(name="RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", value=_erl_args(props)),
            ],
            port=("amqp", RABBITMQ_PORT),
            data_path="/var/lib/rabbitmq",
            # The image logs to stdout (RABBITMQ_LOGS=-): nothing is written to its log folder.
            scratch=[Scratch("log", "/var/log/rabbitmq", "64Mi"), Scratch("tmp", "/tmp", "64Mi")],
            # Ready when AMQP listens (the default user exists by then).
            probes=(
                tcp_probe("amqp"),
                # Every minute, three failures: a hung broker is restarted within about 3 minutes.
                exec_probe(["bash", "-c", AMQP_HANDSHAKE], period=60, timeout=10, failures=3),
            ),
        )


def _erl_args(props: RabbitMQProps) -> str:
    """The consumer timeout as the rabbit application's setting on the Erlang command line
    (`-rabbit key value`): the image's conf.d stays as it is, and `undefined`, which turns the
    timeout off, is a value there (rabbitmq.conf takes only a number)."""
    seconds = props.consumer_timeout_seconds
    return f"-rabbit consumer_timeout {'undefined' if seconds is None else seconds * 1000}"
