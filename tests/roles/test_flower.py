"""lib/kube_airflow/flower.py: Celery Flower behind HTTP basic auth, on its Service on 5555."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from kube_airflow.roles import bootstrap
from tests.conftest import synth, synth_props
from tests.objects import env, generated_keys, main, objects, pod, probes

FLOWER = "flower"


def test_a_service_on_5555_named_flower_and_tcp_probes() -> None:
    found = objects(synth("default"), FLOWER)
    assert found["Service"]["spec"]["ports"] == [
        {"name": "flower", "port": 5555, "targetPort": "flower", "protocol": "TCP"}
    ]
    container = main(found["Deployment"])
    assert container["ports"] == [{"name": "flower", "containerPort": 5555, "protocol": "TCP"}]
    # Neither needs credentials: TCP, and Flower's open /healthcheck.
    tcp = {"tcpSocket": {"port": "flower"}}
    healthcheck = {"httpGet": {"path": "/healthcheck", "port": "flower"}}
    assert probes(container) == {
        "startup": (tcp, 2, 150),
        "liveness": (tcp, 10, 3),
        "readiness": (healthcheck, 5, 3),
    }
    # Below an Ingress sub-path, Flower serves every route under it.
    under = main(objects(synth("ingress"), FLOWER)["Deployment"])
    assert under["readinessProbe"]["httpGet"]["path"] == "/flower/healthcheck"


def test_credentials_come_from_the_env_never_the_command_line() -> None:
    container = main(objects(synth("default"), FLOWER)["Deployment"])
    assert container["args"] == ["airflow", "celery", "flower"]
    assert "value" not in env(container)["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]


def test_no_wait_for_migrations() -> None:
    """Flower only talks to the broker: it starts without the schema."""
    assert "initContainers" not in pod(objects(synth("default"), FLOWER)["Deployment"])


def test_only_with_celery_and_when_enabled() -> None:
    assert objects(synth("kubernetes-executor"), FLOWER) == {}
    assert objects(synth_props({"flower": {"enabled": False}}), FLOWER) == {}


def flower_auth(docs: Any) -> dict[str, Any]:
    variable = env(main(objects(docs, FLOWER)["Deployment"]))["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]
    ref: dict[str, Any] = variable["valueFrom"]["secretKeyRef"]
    return ref


def test_flower_is_behind_basic_auth_generated_or_given() -> None:
    assert flower_auth(synth("default")) == {
        "name": "airflow-generated",
        "key": "flower-basic-auth",
    }
    assert generated_keys(synth("default"))["flower-basic-auth"] == "basic-auth"
    assert flower_auth(synth("placement")) == {"name": "flower-users", "key": "users"}
    assert "flower-basic-auth" not in generated_keys(synth("placement"))
    # Every secret given: nothing to generate, so no bootstrap Job at all.
    assert generated_keys(synth("existing-secrets")) == {}
    assert "flower-basic-auth" not in generated_keys(synth_props({"flower": {"enabled": False}}))


def test_generated_flower_credentials_are_a_user_password_pair() -> None:
    script = bootstrap.script_text(bootstrap.SCRIPT)
    code = f"{script}\nprint(generate('basic-auth'))".replace(
        'if __name__ == "__main__":', "if False:"
    )
    value = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    user, password = value.split(":")
    assert user == "flower" and len(password) >= 40 and "," not in password
