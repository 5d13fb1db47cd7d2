"""lib/kube_airflow/postgres.py: PostgreSQL in the cluster, the official image as its uid 999."""

from __future__ import annotations

from tests.conftest import synth, synth_props
from tests.objects import env, main, objects, pod

POSTGRES = "postgres"


def test_the_images_first_start_settings_with_pgdata_below_the_mount() -> None:
    container = main(objects(synth("default"), POSTGRES)["StatefulSet"])
    variables = env(container)
    assert variables["POSTGRES_USER"]["value"] == variables["POSTGRES_DB"]["value"] == "airflow"
    assert variables["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": "airflow-generated",
        "key": "postgres-password",
    }
    # initdb refuses a mount root holding lost+found.
    data = next(m for m in container["volumeMounts"] if m["name"] == "data")
    assert data["mountPath"] == "/var/lib/postgresql/data"
    assert variables["PGDATA"]["value"] == "/var/lib/postgresql/data/pgdata"
    docs = synth_props({"database": {"user": "meta", "database": "airflow_meta"}})
    variables = env(main(objects(docs, POSTGRES)["StatefulSet"]))
    assert (variables["POSTGRES_USER"]["value"], variables["POSTGRES_DB"]["value"]) == (
        "meta",
        "airflow_meta",
    )


def test_scratch_for_the_socket_tmp_and_shared_memory() -> None:
    spec = pod(objects(synth("default"), POSTGRES)["StatefulSet"])
    mounts = {m["name"]: m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
    assert mounts == {
        "data": "/var/lib/postgresql/data",
        "run": "/var/run/postgresql",
        "tmp": "/tmp",
        "shm": "/dev/shm",
    }
    shm = next(v for v in spec["volumes"] if v["name"] == "shm")
    assert shm["emptyDir"] == {"medium": "Memory", "sizeLimit": "128Mi"}


def test_ready_when_the_real_server_listens_on_tcp() -> None:
    """The image's first-start server listens on the unix socket only, so a TCP connect from
    the kubelet succeeds only once the real server runs; no process starts in the container."""
    container = main(objects(synth("default"), POSTGRES)["StatefulSet"])
    assert container["readinessProbe"]["tcpSocket"] == {"port": "postgres"}
    assert container["readinessProbe"]["periodSeconds"] == 5
    assert container["livenessProbe"]["tcpSocket"] == {"port": "postgres"}
    assert container["livenessProbe"]["periodSeconds"] == 30


def test_none_with_an_external_database() -> None:
    assert objects(synth("external-db"), POSTGRES) == {}
