"""Each stand-in keeps the contract of the official image it replaces, as
tests/image/official_images.yaml writes it down: the user, home and paths, entrypoint and CMD,
and for Airflow the entrypoint's branches in their order, the Python minor, the bytecode removed
and every default extra installed. Run as a kubelet runs them under `restricted`: read-only
root, no capabilities, no privilege escalation."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kube_airflow import versions
from tests import podman
from tests.conftest import synth_props
from tests.objects import env, main, objects

CONTRACTS = Path(__file__).with_name("official_images.yaml")
AIRFLOW = f"{versions.AIRFLOW_IMAGE_REPOSITORY}:{versions.AIRFLOW_VERSION}"
RESTRICTED = ["--rm", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,mode=1777"]
RESTRICTED += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges"]
# No database anywhere: a wait for one fails at once, so what waits shows.
NO_DATABASE = ["-e", "CONNECTION_CHECK_MAX_COUNT=1", "-e", "CONNECTION_CHECK_SLEEP_TIME=0"]
NO_DATABASE += ["-e", "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql://a:secret@127.0.0.1:1/x"]

STANDINS = {
    AIRFLOW: podman.airflow_standin,
    versions.POSTGRES_IMAGE: podman.postgres_standin,
    versions.RABBITMQ_IMAGE: podman.rabbitmq_standin,
    versions.REDIS_IMAGE: podman.redis_standin,
    versions.PGBOUNCER_IMAGE: podman.pgbouncer_standin,
    versions.STATSD_EXPORTER_IMAGE: podman.statsd_exporter_standin,
}
# Where the manifests replace the image's entrypoint with a `command` of their own, the stand-in
# need not keep it (tests/image/test_output_contracts.py checks that the manifests do).
COMMAND_GIVEN = {versions.REDIS_IMAGE, versions.PGBOUNCER_IMAGE}


@cache
def contracts() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load(CONTRACTS.read_text())
    return found


@cache
def standin(reference: str) -> str:
    podman.require_podman()
    return STANDINS[reference]()


def inspected(image: str) -> dict[str, Any]:
    out = podman.podman("image", "inspect", image).stdout
    config: dict[str, Any] = json.loads(out)[0]["Config"]
    return config


def run(image: str, *args: str, options: tuple[str, ...] = ()) -> Any:
    return podman.podman("run", *RESTRICTED, *options, image, *args, check=False, timeout=300)


def test_every_image_we_name_has_a_contract() -> None:
    named = {
        AIRFLOW,
        versions.POSTGRES_IMAGE,
        versions.RABBITMQ_IMAGE,
        versions.REDIS_IMAGE,
        versions.PGBOUNCER_IMAGE,
        versions.STATSD_EXPORTER_IMAGE,
        versions.GIT_SYNC_IMAGE,
    }
    assert named == set(contracts())
    for reference, contract in contracts().items():
        for field in ("recipe", "user", "entrypoint", "stand_in_differs"):
            assert field in contract, f"{reference}: no {field}"


@pytest.mark.parametrize("reference", sorted(STANDINS))
def test_the_user(reference: str) -> None:
    user = contracts()[reference]["user"]
    config = inspected(standin(reference))
    assert config["User"].split(":")[0] in (str(user["uid"]), user.get("name")), config["User"]
    done = run(standin(reference), "id", options=("--entrypoint", "id", "--user", config["User"]))
    if done.returncode == 0:  # a FROM scratch image has no `id`: its User is what runs
        ids = dict(part.split("=", 1) for part in done.stdout.split()[:2])
        assert ids["uid"].split("(")[0] == str(user["uid"])
        if user.get("gid") is not None:
            assert ids["gid"].split("(")[0] == str(user["gid"])


@pytest.mark.parametrize("reference", sorted(set(STANDINS) - COMMAND_GIVEN))
def test_entrypoint_and_cmd(reference: str) -> None:
    contract, config = contracts()[reference], inspected(standin(reference))
    entrypoint = contract["entrypoint"]["value"]
    found = config.get("Entrypoint") or []
    # The path may differ (a script of ours): its name and arguments may not.
    assert [Path(found[0]).name, *found[1:]] == [Path(entrypoint[0]).name, *entrypoint[1:]]
    assert (config.get("Cmd") or []) == (contract["cmd"]["value"] or [])


def test_airflow_home_paths_and_environment() -> None:
    contract, config = contracts()[AIRFLOW], inspected(standin(AIRFLOW))
    env = dict(e.split("=", 1) for e in config["Env"])
    assert env["AIRFLOW_HOME"] == contract["airflow_home"]["value"]
    assert env["DUMB_INIT_SETSID"] == contract["dumb_init_setsid"]["value"]
    assert env["PATH"].startswith(f"{contract['virtualenv']['value']}/bin:")
    assert config["WorkingDir"] == contract["workdir"]["value"]
    folders = [p["path"] for p in contract["paths"]["data"]] + [contract["home"]["value"]]
    listing = run(standin(AIRFLOW), "bash", "-c", f"stat -c '%n %u %g %A' {' '.join(folders)}")
    for line in listing.stdout.splitlines():
        _, uid, gid, mode = line.split()
        assert (uid, gid) == ("50000", "0") and mode[4:6] == "rw", line


def test_airflow_python_minor_and_no_bytecode() -> None:
    contract = contracts()[AIRFLOW]
    venv = contract["virtualenv"]["value"]
    script = (
        "python -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])'; "
        f"find {venv} \\( -name '*.pyc' -o -name __pycache__ \\) -print | head -3"
    )
    done = run(standin(AIRFLOW), "bash", "-c", script)
    assert done.returncode == 0, done.stderr
    minor, *bytecode = done.stdout.split()
    assert minor == contract["python"]["minor"]
    assert bytecode == [] if contract["bytecode_removed"]["value"] else bytecode


def test_airflow_every_default_extra_is_installed_and_its_providers_import() -> None:
    """Each extra's requirements (apache-airflow's own metadata) are installed, and every
    installed provider package imports."""
    extras = contracts()[AIRFLOW]["extras"]["value"]
    script = f"""
import importlib
from importlib import metadata
from packaging.requirements import Requirement
missing = []
for text in metadata.requires("apache-airflow") or []:
    req = Requirement(text)
    for extra in {extras!r}:
        if req.marker is not None and req.marker.evaluate({{"extra": extra}}):
            try:
                metadata.version(req.name)
            except metadata.PackageNotFoundError:
                missing.append((extra, req.name))
prefix = "apache-airflow-providers-"
providers = [d.metadata["Name"] for d in metadata.distributions()
             if d.metadata["Name"].startswith(prefix)]
for name in providers:
    importlib.import_module("airflow.providers." + name[len(prefix):].replace("-", "."))
print(len(providers), missing)
"""
    done = run(standin(AIRFLOW), "python", "-c", script)
    assert done.returncode == 0, done.stderr[-3000:]
    count, missing = done.stdout.split(" ", 1)
    assert missing.strip() == "[]"
    # Every extra that names a provider, and the providers those depend on (common-sql, ...).
    assert int(count) >= len(extras) - 8, "the extras that are not providers: pandas, uv, ..."


def hands_over(*args: str, env: tuple[str, ...] = ()) -> Any:
    return run(standin(AIRFLOW), *args, options=(*NO_DATABASE, *env))


def test_airflow_entrypoint_hands_bash_and_python_over_without_a_database() -> None:
    assert hands_over("bash", "-c", "echo handed").stdout.strip() == "handed"
    assert hands_over("python", "-c", "print('handed')").stdout.strip() == "handed"
    for args in (["version"], ["airflow", "version"]):
        done = hands_over(*args)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split()[-1] == versions.AIRFLOW_VERSION


@pytest.mark.parametrize(
    "args", [["scheduler"], ["airflow", "dag-processor"], ["bash", "-c", "exec airflow triggerer"]]
)
def test_airflow_entrypoint_waits_for_the_database_where_the_recipe_does(args: list[str]) -> None:
    assert args[-1].split()[-1] in contracts()[AIRFLOW]["db_wait_commands"]["value"]
    done = hands_over(*args)
    assert done.returncode == 1
    assert "database not reachable after 1 tries" in done.stderr


def test_airflow_entrypoint_installs_extra_requirements_before_the_hand_over() -> None:
    env = ("-e", "_PIP_ADDITIONAL_REQUIREMENTS=/nonexistent/requirement.whl")
    done = hands_over("bash", "-c", "echo handed", env=env)
    assert done.returncode != 0 and "handed" not in done.stdout
    assert "development only" in done.stderr


def test_airflow_entrypoint_refuses_a_uid_outside_group_0() -> None:
    done = run(standin(AIRFLOW), "bash", "-c", "echo handed", options=("--user", "1234:1234"))
    assert done.returncode == 1 and "group 0" in done.stderr
    done = run(standin(AIRFLOW), "bash", "-c", "echo $HOME", options=("--user", "1234:0"))
    assert (done.returncode, done.stdout.strip()) == (0, "/home/airflow")


def test_the_recorded_constraints_keep_the_official_provider_versions() -> None:
    """airflow-constraints.txt, what the stand-in installs, holds each version read from the
    official constraints at the pin (where they could be read)."""
    text = (podman.STANDIN / "airflow-constraints.txt").read_text()
    pinned = dict(line.split("==", 1) for line in text.splitlines() if "==" in line)
    official = contracts()[AIRFLOW]["providers"]["packages"]
    installed = {name: pinned[name] for name in official if name in pinned}
    assert installed == {name: official[name]["version"] for name in installed}
    # Those not installed belong to no default extra (gunicorn, the sqlite provider).
    assert len(installed) >= len(official) - 3


# Asks the running node for the rabbit application's consumer_timeout.
CONSUMER_TIMEOUT = "application:get_env(rabbit, consumer_timeout)."


@pytest.mark.parametrize(("seconds", "setting"), [(None, "{ok,undefined}"), (120, "{ok,120000}")])
def test_rabbitmq_takes_the_consumer_timeout_of_our_manifest(
    seconds: int | None, setting: str
) -> None:
    """The server reads RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS as our StatefulSet writes it (the
    official image's entrypoint leaves the variable to upstream's rabbitmq-server script, as the
    stand-in's does): the timeout is off by default, and a given one is what the node keeps."""
    docs = synth_props({"broker": {"type": "rabbitmq", "consumer_timeout_seconds": seconds}})
    variables = env(main(objects(docs, "rabbitmq")["StatefulSet"]))
    erl_args = variables["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"]["value"]
    writable = ["--tmpfs", "/var/lib/rabbitmq:rw,mode=1777", "--tmpfs", "/var/log/rabbitmq:rw"]
    started = podman.podman(
        *("run", "-d", *RESTRICTED, *writable),
        *("-e", f"RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS={erl_args}"),
        standin(versions.RABBITMQ_IMAGE),
    )
    name = started.stdout.strip()
    try:
        deadline, answer = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            asked = podman.podman(
                "exec", name, "rabbitmqctl", "-q", "eval", CONSUMER_TIMEOUT, check=False
            )
            if asked.returncode == 0:
                answer = asked.stdout.strip()
                break
            time.sleep(2)
        assert answer == setting, podman.podman("logs", name, check=False).stdout[-2000:]
    finally:
        podman.podman("rm", "-f", "-t", "0", name, check=False)
