"""lib/kube_airflow/rabbitmq.py: RabbitMQ in the cluster as the Celery broker; its liveness probe
is an AMQP handshake that a hung server fails."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from kube_airflow.core.connections import RABBITMQ_PORT
from tests.conftest import synth, synth_props
from tests.objects import env, main, objects

RABBITMQ = "rabbitmq"


def container() -> dict[str, Any]:
    return main(objects(synth("default"), RABBITMQ)["StatefulSet"])


def test_the_blank_nodes_user_password_and_vhost() -> None:
    variables = env(container())
    assert variables["RABBITMQ_DEFAULT_USER"]["value"] == "airflow"
    assert variables["RABBITMQ_DEFAULT_VHOST"]["value"] == "airflow"
    assert variables["RABBITMQ_DEFAULT_PASS"]["valueFrom"]["secretKeyRef"]["key"] == (
        "broker-password"
    )


@pytest.mark.parametrize(("seconds", "value"), [(None, "undefined"), (7200, "7200000")])
def test_consumer_timeout_on_the_erlang_command_line(seconds: int | None, value: str) -> None:
    """Off by default: Airflow acknowledges a task's message when the task ends, and RabbitMQ's
    own 30 minutes made it close a worker's channel (stopping the worker) under a longer task.
    The stand-in test boots the server with this variable and reads the setting back."""
    broker = {"type": "rabbitmq", "consumer_timeout_seconds": seconds}
    docs = synth_props({"broker": broker})
    variables = env(main(objects(docs, RABBITMQ)["StatefulSet"]))
    erl_args = variables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]["value"]
    assert erl_args == f"-rabbit consumer_timeout {value}"


def test_data_logs_and_tmp_are_the_writable_paths() -> None:
    mounts = {m["name"]: m["mountPath"] for m in container()["volumeMounts"]}
    assert mounts == {"data": "/var/lib/rabbitmq", "log": "/var/log/rabbitmq", "tmp": "/tmp"}


@pytest.fixture
def server() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP server on loopback that answers a connection's first 8 bytes with replies.pop(0),
    or with nothing (a hung server) when none is left."""
    listener = socket.create_server(("127.0.0.1", 0))
    replies: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(8)
            if replies:
                conn.sendall(replies.pop(0))
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], replies
    listener.close()


def liveness(port: int) -> int:
    command = container()["livenessProbe"]["exec"]["command"]
    assert f"/dev/tcp/127.0.0.1/{RABBITMQ_PORT}" in command[-1]
    local = [*command[:-1], command[-1].replace(str(RABBITMQ_PORT), str(port))]
    return subprocess.run(local, timeout=2).returncode


def test_liveness_passes_on_connection_start_and_fails_otherwise(
    server: tuple[int, list[bytes]],
) -> None:
    port, replies = server
    replies += [b"\x01\x00\x00", b"AMQP\x00\x00\x09\x01"]
    assert liveness(port) == 0
    assert liveness(port) != 0  # a protocol header back: not a server we can use
    with pytest.raises(subprocess.TimeoutExpired):  # hung: the kubelet's timeout fails it
        liveness(port)
    probe = container()["livenessProbe"]
    assert (probe["periodSeconds"], probe["timeoutSeconds"], probe["failureThreshold"]) == (
        60,
        10,
        3,
    )
    assert container()["readinessProbe"]["tcpSocket"] == {"port": "amqp"}


def test_none_without_a_rabbitmq_broker() -> None:
    for variant in ("redis", "external-broker", "kubernetes-executor"):
        assert objects(synth(variant), RABBITMQ) == {}, variant
