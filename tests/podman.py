"""Podman on a machine without a Kubernetes cluster, a Docker engine or an image registry.

Three settings make it work here: the runc runtime, a containers.conf without default ulimits
(the default nofile ulimit cannot be set in this sandbox), and `--network=host` for builds that
install packages. Base images cannot be pulled, so a Debian rootfs made by debootstrap is imported
as the root of every stand-in image (see tests/image/standin/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STANDIN = ROOT / "tests/image/standin"
DEBIAN_IMAGE = "localhost/kube-airflow-standin/debian:bookworm"
AIRFLOW_STANDIN = "localhost/kube-airflow-standin/airflow:3.3.2"
# Tagged with the official image each one stands in for; the software inside is Debian
# bookworm's (PostgreSQL 15, RabbitMQ 3.10, Redis 7.0): see each Containerfile's header.
POSTGRES_STANDIN = "localhost/kube-airflow-standin/postgres:17.7"
RABBITMQ_STANDIN = "localhost/kube-airflow-standin/rabbitmq:4.1.4"
REDIS_STANDIN = "localhost/kube-airflow-standin/redis:7.4.6"
HOST_CA = "/etc/ssl/certs/ca-certificates.crt"


def require_podman() -> None:
    """Skip without podman, except in CI, where a missing podman is a broken setup."""
    if shutil.which("podman") and shutil.which("runc"):
        return
    if os.environ.get("CI"):
        pytest.fail("podman and runc are required in CI (.ci/run installs them)")
    pytest.skip(
        "podman/runc not installed: the image tests need them (apt-get install podman runc)"
    )


@cache
def _conf_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kube-airflow-podman-"))
    (folder / "containers.conf").write_text("[containers]\ndefault_ulimits = []\n")
    # pip inside a build trusts the host's CA bundle (mounted for the build only).
    (folder / "pip.conf").write_text("[global]\ncert = /etc/ssl/certs/host-ca.crt\n")
    return folder


def env() -> dict[str, str]:
    return {**os.environ, "CONTAINERS_CONF": str(_conf_dir() / "containers.conf")}


def podman(
    *args: str, check: bool = True, timeout: int = 1800, input: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["podman", "--runtime", shutil.which("runc") or "runc", *args],
        env=env(),
        capture_output=True,
        text=input is None,
        input=input,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args[:3])} failed:\n{_tail(result.stderr)}")
    return result


def _tail(text: str | bytes) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else text
    return text[-4000:]


def image_exists(name: str) -> bool:
    return podman("image", "exists", name, check=False).returncode == 0


def build_mounts() -> list[str]:
    """For builds only: the host CA bundle and a pip.conf trusting it (Dockerfile stays clean)."""
    return [
        "-v",
        f"{HOST_CA}:/etc/ssl/certs/host-ca.crt:ro",
        "-v",
        f"{_conf_dir() / 'pip.conf'}:/etc/pip.conf:ro",
    ]


def build(
    tag: str, containerfile: Path, context: Path, *build_args: str
) -> subprocess.CompletedProcess[str]:
    args = [f"--build-arg={a}" for a in build_args]
    return podman(
        "build",
        "--network=host",
        *build_mounts(),
        *args,
        "-f",
        str(containerfile),
        "-t",
        tag,
        str(context),
        check=False,
    )


def debian_base() -> str:
    """A minimal Debian bookworm root imported as an image (~1 min, once per machine)."""
    if image_exists(DEBIAN_IMAGE):
        return DEBIAN_IMAGE
    with tempfile.TemporaryDirectory(prefix="kube-airflow-rootfs-") as rootfs:
        subprocess.run(
            ["debootstrap", "--variant=minbase", "bookworm", rootfs],
            check=True,
            capture_output=True,
            timeout=1200,
        )
        # debootstrap leaves its ~80 MB of .deb files behind; no image needs them.
        for deb in (Path(rootfs) / "var/cache/apt/archives").glob("*.deb"):
            deb.unlink()
        tar = subprocess.run(["tar", "-C", rootfs, "-c", "."], check=True, capture_output=True)
        podman("import", "-", DEBIAN_IMAGE, input=tar.stdout)
    return DEBIAN_IMAGE


def airflow_standin() -> str:
    """The stand-in for apache/airflow:3.3.2 (see its Containerfile for the contract it keeps)."""
    if image_exists(AIRFLOW_STANDIN):
        return AIRFLOW_STANDIN
    base = debian_base()
    result = build(AIRFLOW_STANDIN, STANDIN / "airflow.Containerfile", STANDIN, f"BASE={base}")
    assert result.returncode == 0, _tail(result.stderr)
    return AIRFLOW_STANDIN


def _debian_standin(tag: str, name: str) -> str:
    """Build tests/image/standin/<name>.Containerfile on debian_base() once, as `tag`."""
    if image_exists(tag):
        return tag
    base = debian_base()
    result = build(tag, STANDIN / f"{name}.Containerfile", STANDIN, f"BASE={base}")
    assert result.returncode == 0, _tail(result.stderr)
    return tag


def postgres_standin() -> str:
    """The stand-in for postgres:17.7 (PostgreSQL 15 inside; see its Containerfile)."""
    return _debian_standin(POSTGRES_STANDIN, "postgres")


def rabbitmq_standin() -> str:
    """The stand-in for rabbitmq:4.1.4 (RabbitMQ 3.10 inside; see its Containerfile)."""
    return _debian_standin(RABBITMQ_STANDIN, "rabbitmq")


def redis_standin() -> str:
    """The stand-in for redis:7.4.6 (Redis 7.0 inside; see its Containerfile)."""
    return _debian_standin(REDIS_STANDIN, "redis")
