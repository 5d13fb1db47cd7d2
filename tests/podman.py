"""Podman on a machine without a Kubernetes cluster, a Docker engine or an image registry.

Three settings make it work here: the runc runtime, a containers.conf without default ulimits
(the default nofile ulimit cannot be set in this sandbox), and `--network=host` for builds that
install packages. Base images cannot be pulled, so a Debian rootfs made by debootstrap is imported
as the root of every stand-in image (see tests/image/standin/): bookworm for Redis, trixie for
Airflow (Python 3.13), PostgreSQL 17 and RabbitMQ 4.0.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STANDIN = ROOT / "tests/image/standin"
# Debian suites debootstrap makes stand-in roots from, imported as `<DEBIAN_REPOSITORY>:<suite>`.
DEBIAN_REPOSITORY = "localhost/kube-airflow-standin/debian"
BOOKWORM = "bookworm"  # Debian 12: Redis 7.0
TRIXIE = "trixie"  # Debian 13: Python 3.13 (Airflow), PostgreSQL 17, RabbitMQ 4.0 on OTP 27
DEBIAN_IMAGE = f"{DEBIAN_REPOSITORY}:{BOOKWORM}"  # the default debian_base()
AIRFLOW_STANDIN = "localhost/kube-airflow-standin/airflow:3.3.2"
# Tagged with the official image each one stands in for; the software inside is Debian's
# (PostgreSQL 17 and RabbitMQ 4.0 from trixie, Redis 7.0 from bookworm): see each Containerfile.
POSTGRES_STANDIN = "localhost/kube-airflow-standin/postgres:17.7"
RABBITMQ_STANDIN = "localhost/kube-airflow-standin/rabbitmq:4.1.4"
REDIS_STANDIN = "localhost/kube-airflow-standin/redis:7.4.6"
# PgBouncer 1.24 from trixie, for the official chart's PgBouncer image.
PGBOUNCER_STANDIN = "localhost/kube-airflow-standin/pgbouncer:1.23.1"
# Prometheus' statsd exporter built from its Go module, on no base at all (see its Containerfile).
STATSD_EXPORTER_STANDIN = "localhost/kube-airflow-standin/statsd-exporter"
# git-sync from its Go module, or where the module proxy refuses it a look-alike (see its
# Containerfile), with the official image's user and paths, on bookworm.
GIT_SYNC_STANDIN = "localhost/kube-airflow-standin/git-sync"
PROGRAM_LABEL = "kube-airflow.standin.program"
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


STAMP_LABEL = "kube-airflow.standin.inputs"


def _stamp(suite: str, *files: Path) -> str:
    """A digest of what a stand-in is built from (its base suite and files), kept as a label so an
    image built from older inputs under the same tag (e.g. on bookworm) is rebuilt, not reused."""
    digest = hashlib.sha256(suite.encode())
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _is_current(tag: str, stamp: str) -> bool:
    if not image_exists(tag):
        return False
    label = '{{index .Labels "' + STAMP_LABEL + '"}}'
    found = podman("image", "inspect", "--format", label, tag, check=False).stdout.strip()
    return found == stamp


def build_mounts() -> list[str]:
    """For builds only: the host CA bundle and a pip.conf trusting it (Dockerfile stays clean)."""
    return [
        "-v",
        f"{HOST_CA}:/etc/ssl/certs/host-ca.crt:ro",
        "-v",
        f"{_conf_dir() / 'pip.conf'}:/etc/pip.conf:ro",
    ]


def build(
    tag: str, containerfile: Path, context: Path, *build_args: str, labels: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    args = [f"--build-arg={a}" for a in build_args] + [f"--label={lab}" for lab in labels]
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


def debian_base(suite: str = BOOKWORM) -> str:
    """A minimal Debian root of `suite` (bookworm, trixie) imported as an image, made by debootstrap
    once per machine (~1-3 min each)."""
    image = f"{DEBIAN_REPOSITORY}:{suite}"
    if image_exists(image):
        return image
    with tempfile.TemporaryDirectory(prefix="kube-airflow-rootfs-") as rootfs:
        subprocess.run(
            ["debootstrap", "--variant=minbase", suite, rootfs],
            check=True,
            capture_output=True,
            timeout=1200,
        )
        # debootstrap leaves its ~80 MB of .deb files behind; no image needs them.
        for deb in (Path(rootfs) / "var/cache/apt/archives").glob("*.deb"):
            deb.unlink()
        tar = subprocess.run(["tar", "-C", rootfs, "-c", "."], check=True, capture_output=True)
        podman("import", "-", image, input=tar.stdout)
    return image


def _debian_standin(tag: str, name: str, suite: str, *files: str) -> str:
    """Build tests/image/standin/<name>.Containerfile (which COPYs `files`) on debian_base(suite),
    as `tag`; reused while its inputs are unchanged."""
    inputs = [STANDIN / f"{name}.Containerfile", *(STANDIN / f for f in files)]
    stamp = _stamp(suite, *inputs)
    if _is_current(tag, stamp):
        return tag
    base = debian_base(suite)
    result = build(tag, inputs[0], STANDIN, f"BASE={base}", labels=(f"{STAMP_LABEL}={stamp}",))
    assert result.returncode == 0, _tail(result.stderr)
    return tag


def airflow_standin() -> str:
    """The stand-in for apache/airflow:3.3.2 on trixie, its Python minor (see its Containerfile
    for the contract it keeps): its first build installs ~35 extras (~10 min on 2 cores), then
    it is reused while its inputs are unchanged."""
    return _debian_standin(
        AIRFLOW_STANDIN, "airflow", TRIXIE, "entrypoint.sh", "airflow-constraints.txt"
    )


def postgres_standin() -> str:
    """The stand-in for postgres:17.7 (PostgreSQL 17 from trixie inside; see its Containerfile)."""
    return _debian_standin(POSTGRES_STANDIN, "postgres", TRIXIE, "postgres-entrypoint.sh")


def rabbitmq_standin() -> str:
    """The stand-in for rabbitmq:4.1.4 (RabbitMQ 4.0 from trixie inside; see its Containerfile)."""
    return _debian_standin(RABBITMQ_STANDIN, "rabbitmq", TRIXIE, "rabbitmq-entrypoint.sh")


def redis_standin() -> str:
    """The stand-in for redis:7.4.6 (Redis 7.0 from bookworm inside; see its Containerfile)."""
    return _debian_standin(REDIS_STANDIN, "redis", BOOKWORM)


def pgbouncer_standin() -> str:
    """The stand-in for the official chart's PgBouncer image (PgBouncer 1.24 from trixie inside;
    see its Containerfile)."""
    return _debian_standin(PGBOUNCER_STANDIN, "pgbouncer", TRIXIE)


def statsd_exporter_standin() -> str:
    """The stand-in for the pinned prom/statsd-exporter: the exporter built from its Go module at
    the image's tag (tests/cluster/build.py, cached), copied into an image with the official
    image's entrypoint, user and ports."""
    from kube_airflow.versions import STATSD_EXPORTER_IMAGE
    from tests.cluster.build import build_statsd_exporter

    version = STATSD_EXPORTER_IMAGE.rsplit(":", 1)[1]
    tag = f"{STATSD_EXPORTER_STANDIN}:{version}"
    containerfile = STANDIN / "statsd-exporter.Containerfile"
    return binary_image(tag, containerfile, version, build_statsd_exporter)


def binary_image(
    tag: str, containerfile: Path, version: str, binary: Callable[[], Path], *files: Path
) -> str:
    """`containerfile` built as `tag` with the file `binary()` (a Go build, cached) and `files`
    as its whole context; reused while the version, the Containerfile and the files are
    unchanged."""
    stamp = _stamp(version, containerfile, *files)
    if _is_current(tag, stamp):
        return tag
    with tempfile.TemporaryDirectory(prefix="kube-airflow-binary-") as context:
        built = binary()
        for path in (built, *files):
            shutil.copy(path, Path(context) / path.name)
        result = build(tag, containerfile, Path(context), labels=(f"{STAMP_LABEL}={stamp}",))
    assert result.returncode == 0, _tail(result.stderr)
    return tag


def git_sync_standin() -> str:
    """The stand-in for the pinned git-sync image: git-sync built from its Go module at the commit
    of the image's tag (tests/cluster/build.py, cached) or, where the module proxy does not serve
    that module, git-sync-lookalike.sh; on bookworm with git and ssh (see its Containerfile). The
    label PROGRAM_LABEL says which /git-sync it holds."""
    from kube_airflow.versions import GIT_SYNC_IMAGE
    from tests.cluster.build import BuildError, build_git_sync
    from tests.cluster.versions import GIT_SYNC_MODULE

    tag = f"{GIT_SYNC_STANDIN}:{GIT_SYNC_IMAGE.rsplit(':', 1)[1]}"
    containerfile = STANDIN / "git-sync.Containerfile"
    lookalike = STANDIN / "git-sync-lookalike.sh"
    stamp = _stamp(BOOKWORM, containerfile, lookalike)
    if _is_current(tag, stamp):
        return tag
    base = debian_base(BOOKWORM)
    with tempfile.TemporaryDirectory(prefix="kube-airflow-git-sync-") as context:
        try:
            program, source = build_git_sync(), GIT_SYNC_MODULE
        except BuildError as error:
            said = [line.strip() for line in str(error).splitlines() if line.strip()][-1]
            program, source = lookalike, f"look-alike: {GIT_SYNC_MODULE} not built ({said[:160]})"
        shutil.copy(program, Path(context) / "git-sync")
        labels = (f"{STAMP_LABEL}={stamp}", f"{PROGRAM_LABEL}={source}")
        result = build(tag, containerfile, Path(context), f"BASE={base}", labels=labels)
    assert result.returncode == 0, _tail(result.stderr)
    return tag


def program_of(image: str) -> str:
    """What a stand-in's main program is, from its PROGRAM_LABEL."""
    label = '{{index .Labels "' + PROGRAM_LABEL + '"}}'
    return podman("image", "inspect", "--format", label, image).stdout.strip()


STANDINS = {
    "airflow": airflow_standin,
    "postgres": postgres_standin,
    "rabbitmq": rabbitmq_standin,
    "redis": redis_standin,
    "pgbouncer": pgbouncer_standin,
    "statsd-exporter": statsd_exporter_standin,
    "git-sync": git_sync_standin,
}


def main() -> int:
    """`python -m tests.podman`: build every stand-in that is missing or out of date, printing
    each one's time (the Airflow stand-in's first build installs ~35 extras: ~12 min here)."""
    import time

    for name, build_standin in STANDINS.items():
        start = time.monotonic()
        tag = build_standin()
        print(f"stand-in {name}: {tag} ({time.monotonic() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
