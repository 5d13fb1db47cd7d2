"""RabbitMQ in the cluster as the Celery broker (the original kube-airflow's choice)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.connections import RABBITMQ_PORT
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
from kube_airflow.props import RabbitMQ as RabbitMQProps
from kube_airflow.secrets import Ref
from kube_airflow.workloads import data_store

COMPONENT = "rabbitmq"


class RabbitMQ(Construct):
    """StatefulSet + headless Service `<prefix>-rabbitmq`; mnesia and the Erlang cookie on a PVC.
    The node name follows the pod's stable hostname, so a restart finds its own data."""

    def __init__(
        self, scope: Construct, id: str, *, props: RabbitMQProps, names: Names, password: Ref
    ) -> None:
        super().__init__(scope, id)
        container = k8s.Container(
            name=COMPONENT,
            image=props.image,
            image_pull_policy="IfNotPresent",
            # Read by the server on a blank node only: the user, password and vhost Airflow uses.
            env=[
                k8s.EnvVar(name="RABBITMQ_DEFAULT_USER", value=props.user),
                password.env("RABBITMQ_DEFAULT_PASS"),
                k8s.EnvVar(name="RABBITMQ_DEFAULT_VHOST", value=props.vhost),
            ],
            ports=[port("amqp", RABBITMQ_PORT)],
            resources=container_resources(props.resources),
            security_context=container_security(),
            volume_mounts=[
                mount("data", "/var/lib/rabbitmq"),
                mount("log", "/var/log/rabbitmq"),
                mount("tmp", "/tmp"),
            ],
            readiness_probe=tcp_probe("amqp"),
            liveness_probe=exec_probe(
                ["rabbitmq-diagnostics", "-q", "ping"], period=30, timeout=20, failures=5
            ),
        )
        self.stateful_set = data_store(
            self,
            names,
            COMPONENT,
            props,
            container,
            ports={"amqp": RABBITMQ_PORT},
            volumes=[empty_dir("log"), empty_dir("tmp")],
        )
