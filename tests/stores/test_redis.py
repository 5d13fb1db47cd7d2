"""lib/kube_airflow/redis.py: Redis in the cluster as the Celery broker; its password reaches
redis-server through a config file written in the pod, never through a command line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from kube_airflow.stores import redis
from tests.conftest import synth
from tests.objects import env, main, objects, pod

REDIS = "redis"


def test_the_init_container_writes_any_password_into_an_owner_only_config(
    tmp_path: Path,
) -> None:
    (write,) = pod(objects(synth("redis"), REDIS)["StatefulSet"])["initContainers"]
    script = write["command"][-1].replace(redis.CONFIG, str(tmp_path / "redis.conf"))
    password = "p \"w\\d' $x\nü"
    environ = {"REDIS_PASSWORD": password, "PATH": "/usr/bin:/bin"}
    subprocess.run([*write["command"][:-1], script], env=environ, check=True)
    config = tmp_path / "redis.conf"
    assert config.stat().st_mode & 0o777 == 0o600
    first, *rest = config.read_text().splitlines()
    escaped = re.fullmatch(r'requirepass "((?:\\x[0-9a-f]{2})+)"', first)
    assert escaped is not None, first
    assert bytes.fromhex(escaped[1].replace("\\x", "")).decode() == password
    assert rest == ["appendonly yes", "dir /data"]


def test_probes_authenticate_from_the_env() -> None:
    container = main(objects(synth("redis"), REDIS)["StatefulSet"])
    assert "REDIS_PASSWORD" in env(container)
    liveness = container["livenessProbe"]
    assert 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli' in liveness["exec"]["command"][-1]
    assert (liveness["periodSeconds"], liveness["failureThreshold"]) == (30, 5)
    assert container["readinessProbe"]["tcpSocket"] == {"port": "redis"}
    assert objects(synth("default"), REDIS) == {}


def test_redis_password_is_never_on_a_command_line() -> None:
    """The init container's script names the variable; the shell expands it into a pipe, so no
    process's arguments carry the value (test_redis_broker checks `ps` on the cluster)."""
    spec = pod(objects(synth("redis"), REDIS)["StatefulSet"])
    (redis,) = spec["containers"]
    assert redis["command"] == ["redis-server", "/etc/kube-airflow-redis/redis.conf"]
    (write,) = spec["initContainers"]
    assert "> /etc/kube-airflow-redis/redis.conf" in write["command"][-1]
    config = next(v for v in spec["volumes"] if v["name"] == "config")
    assert config["emptyDir"]["medium"] == "Memory"
    mounts = {m["name"]: m for m in redis["volumeMounts"]}
    assert mounts["config"]["readOnly"] is True
