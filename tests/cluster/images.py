"""Images for the cluster: nothing can be pulled here, so images built with podman are saved and
imported into the node's containerd under the names the manifests use."""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path

from kube_airflow.versions import (
    GIT_SYNC_IMAGE,
    OTEL_COLLECTOR_IMAGE,
    PGBOUNCER_IMAGE,
    STATSD_EXPORTER_IMAGE,
)
from tests import podman
from tests.cluster import git_server, node
from tests.cluster.build import binary, build_dex, build_metrics_server, build_otel_collector
from tests.cluster.build_keda import build_keda
from tests.cluster.layout import PAUSE_IMAGE, STATE
from tests.cluster.versions import (
    DEX_MODULE,
    DEX_RELEASE,
    KEDA_IMAGES,
    KEDA_VERSION,
    METRICS_SERVER_IMAGE,
    METRICS_SERVER_VERSION,
    OTEL_COLLECTOR_VERSION,
)

AIRFLOW_IMAGE = "kube-airflow:3.3.2"
# The same image under a newer tag, for the upgrade: what `make build IMAGE=...:next` gives.
AIRFLOW_IMAGE_NEXT = "kube-airflow:3.3.2-next"
# The image under test plus the test DAGs (tests/cluster/dags/): the drills and the multi-executor.
AIRFLOW_IMAGE_DRILLS = "kube-airflow:3.3.2-drills"
DRILL_DAGS = Path(__file__).parent / "dags"
# The image under test built as a user adds a provider to its requirements (remote logging to
# S3), and a local S3 (moto) for it to write to: tests/cluster/logs/.
AIRFLOW_IMAGE_S3_LOGS = "kube-airflow:3.3.2-s3-logs"
MOTO_IMAGE = "kube-airflow-test-moto:5.2.5"
LOGS_DIR = Path(__file__).parent / "logs"
S3_LOGS_REQUIREMENTS = "image/requirements/s3-logs.txt"
AIRFLOW_IMAGE_EDGE = "kube-airflow:3.3.2-edge"
EDGE_REQUIREMENTS = "image/requirements/edge.txt"

# The image under test with python-ldap (as the official image has it), and a directory (slapd)
# for the LDAP sign-in: tests/cluster/ldap/.
AIRFLOW_IMAGE_LDAP = "kube-airflow:3.3.2-ldap"
SLAPD_IMAGE = "kube-airflow-test-slapd:2.5"
LDAP_DIR = Path(__file__).parent / "ldap"

# Dex, the OpenID Connect provider of the OIDC sign-in (tests/cluster/oidc/), its binary built
# from its Go module; it signs users in against the LDAP test's slapd.
DEX_IMAGE = f"kube-airflow-test-dex:{DEX_RELEASE}"
OIDC_DIR = Path(__file__).parent / "oidc"

# The OpenTelemetry Collector's stand-in: OCB's build of otel/builder-config.yaml (build.py) with
# the official image's default configuration, less what is not built in (otel/config.yaml).
OTEL_TAG = OTEL_COLLECTOR_IMAGE.rsplit(":", 1)[1]
OTEL_STANDIN = f"localhost/kube-airflow-standin/otel-collector:{OTEL_TAG}"
OTEL_DEFAULT_CONFIG = Path(__file__).parent / "otel/config.yaml"

RECORD = STATE / "images.json"


def _normalized(name: str) -> str:
    """The name containerd stores for a reference (docker.io/library/ for bare names)."""
    first = name.split("/", 1)[0]
    if "/" in name and ("." in first or ":" in first or first == "localhost"):
        return name
    return f"docker.io/{name}" if "/" in name else f"docker.io/library/{name}"


def load(images: dict[str, str]) -> None:
    """Import podman images into containerd: {name the manifests use: local podman image}.
    An image already imported with the same podman id is skipped (recorded in the state dir)."""
    record = _imported()
    present = node.images()
    ids = {ref: _image_id(local) for ref, local in images.items()}
    wanted = {
        _normalized(ref): local
        for ref, local in images.items()
        if record.get(_normalized(ref)) != ids[ref] or _normalized(ref) not in present
    }
    if not wanted:
        return
    for ref, local in wanted.items():
        podman.podman("tag", local, ref)
    with tempfile.TemporaryDirectory(prefix="kube-airflow-images-") as tmp:
        archive = Path(tmp) / "images.tar"
        podman.podman(
            "save", "--format", "docker-archive", "-m", "-o", str(archive), *wanted, timeout=1800
        )
        node.import_image(archive)
    record.update({_normalized(ref): ids[ref] for ref in images})
    RECORD.write_text(json.dumps(record, indent=2, sort_keys=True))


def _image_id(local: str) -> str:
    return podman.podman("image", "inspect", "--format", "{{.Id}}", local).stdout.strip()


def _imported() -> dict[str, str]:
    try:
        return dict(json.loads(RECORD.read_text()))
    except FileNotFoundError:
        return {}


def ensure_pause_image() -> None:
    """The sandbox image: catatonit in pause mode, as podman's own infra image is."""
    if node.pause_image_present():
        return
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add("/usr/bin/catatonit", arcname="catatonit")
    podman.podman(
        "import",
        "--change",
        'ENTRYPOINT ["/catatonit", "-P"]',
        "-",
        PAUSE_IMAGE,
        input=buffer.getvalue(),
    )
    load({PAUSE_IMAGE: PAUSE_IMAGE})


def build_and_load() -> dict[str, str]:
    """build()'s images, imported into the node under the names the manifests use."""
    table = build()
    load(table)
    return table


def build() -> dict[str, str]:
    """image/Dockerfile on the Airflow stand-in, under two tags (the upgrade's), the drills'
    image, and the data stores' stand-ins: {name the manifests use: local image}, not loaded."""
    base = podman.airflow_standin()
    result = podman.build(
        AIRFLOW_IMAGE, podman.ROOT / "image/Dockerfile", podman.ROOT, f"AIRFLOW_IMAGE={base}"
    )
    assert result.returncode == 0, result.stderr[-4000:]
    result = podman.build(
        AIRFLOW_IMAGE_DRILLS, DRILL_DAGS / "Containerfile", DRILL_DAGS, f"BASE={AIRFLOW_IMAGE}"
    )
    assert result.returncode == 0, result.stderr[-4000:]
    table = {
        AIRFLOW_IMAGE: AIRFLOW_IMAGE,
        AIRFLOW_IMAGE_NEXT: AIRFLOW_IMAGE,
        AIRFLOW_IMAGE_DRILLS: AIRFLOW_IMAGE_DRILLS,
        "postgres:17.7": podman.postgres_standin(),
        "rabbitmq:4.1.4": podman.rabbitmq_standin(),
        "redis:7.4.6": podman.redis_standin(),
        PGBOUNCER_IMAGE: podman.pgbouncer_standin(),
        STATSD_EXPORTER_IMAGE: podman.statsd_exporter_standin(),
    }
    return table


def build_and_load_remote_logging() -> dict[str, str]:
    return _loaded(build_remote_logging())


def build_remote_logging() -> dict[str, str]:
    """image/Dockerfile with image/requirements/s3-logs.txt (the amazon provider added) and
    moto's server; podman's layer cache keeps rebuilds to seconds."""
    return _built(
        (
            AIRFLOW_IMAGE_S3_LOGS,
            podman.ROOT / "image/Dockerfile",
            podman.ROOT,
            f"AIRFLOW_IMAGE={podman.airflow_standin()}",
            f"REQUIREMENTS={S3_LOGS_REQUIREMENTS}",
        ),
        (MOTO_IMAGE, LOGS_DIR / "moto.Containerfile", LOGS_DIR, f"BASE={podman.debian_base()}"),
    )


def build_edge() -> dict[str, str]:
    """image/Dockerfile with image/requirements/edge.txt (the edge3 provider added), as a user
    builds the image of a deployment with the EdgeExecutor, on the drills' image (built first,
    by build()) for the test DAGs."""
    return _built(
        (
            AIRFLOW_IMAGE_EDGE,
            podman.ROOT / "image/Dockerfile",
            podman.ROOT,
            f"AIRFLOW_IMAGE={AIRFLOW_IMAGE_DRILLS}",
            f"REQUIREMENTS={EDGE_REQUIREMENTS}",
        )
    )


def build_and_load_ldap() -> dict[str, str]:
    return _loaded(build_ldap())


def build_ldap() -> dict[str, str]:
    """The image under test with python-ldap, and slapd."""
    return _built(
        (
            AIRFLOW_IMAGE_LDAP,
            LDAP_DIR / "airflow-ldap.Containerfile",
            LDAP_DIR,
            f"BASE={AIRFLOW_IMAGE}",
        ),
        _slapd(),
    )


def build_git_sync(git_sync: str | None = None) -> dict[str, str]:
    """git-sync (its stand-in unless another image is given), the same trusting the test git
    server's certificate, and that server: built with podman, not loaded."""
    git_sync = git_sync or podman.git_sync_standin()
    with tempfile.TemporaryDirectory(prefix="kube-airflow-test-ca-") as context:
        (Path(context) / "test-ca.crt").write_text(git_server.certificate().pem)
        result = podman.build(
            git_server.GIT_SYNC_TEST_CA_IMAGE,
            git_server.HERE / "git-sync-test-ca.Containerfile",
            Path(context),
            f"BASE={git_sync}",
        )
    assert result.returncode == 0, result.stderr[-4000:]
    result = podman.build(
        git_server.SERVER_IMAGE,
        git_server.HERE / "git-server.Containerfile",
        git_server.HERE,
        f"BASE={podman.debian_base()}",
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return {
        GIT_SYNC_IMAGE: git_sync,
        git_server.GIT_SYNC_TEST_CA_IMAGE: git_server.GIT_SYNC_TEST_CA_IMAGE,
        git_server.SERVER_IMAGE: git_server.SERVER_IMAGE,
    }


def build_and_load_git_sync() -> dict[str, str]:
    """build_git_sync()'s images, imported into the node under their names."""
    return _loaded(build_git_sync())


def _slapd() -> tuple[str, Path, Path, str]:
    return SLAPD_IMAGE, LDAP_DIR / "slapd.Containerfile", LDAP_DIR, f"BASE={podman.debian_base()}"


def dex_image() -> str:
    """Dex's image: its binary (build.py, cached) on no base (oidc/dex.Containerfile)."""
    containerfile = OIDC_DIR / "dex.Containerfile"
    return podman.binary_image(DEX_IMAGE, containerfile, DEX_MODULE, build_dex)


def build_and_load_oidc() -> dict[str, str]:
    return _loaded(build_oidc())


def build_oidc() -> dict[str, str]:
    """Dex and slapd (the image under test is the drills image, which carries authlib)."""
    return _built(_slapd(), built={DEX_IMAGE: dex_image()})


def _built(
    *builds: tuple[str, Path, Path, *tuple[str, ...]], built: dict[str, str] | None = None
) -> dict[str, str]:
    """Each (tag, Containerfile, context, build args...) built with podman: {tag: tag}, with
    the images already `built` ({name: local image})."""
    for tag, containerfile, context, *args in builds:
        result = podman.build(tag, containerfile, context, *args)
        assert result.returncode == 0, result.stderr[-4000:]
    return {build[0]: build[0] for build in builds} | (built or {})


def _loaded(table: dict[str, str]) -> dict[str, str]:
    load(table)
    return table


def metrics_server_image() -> str:
    """metrics-server's stand-in: its binary (build.py, cached) on no base, as its official image
    (tests/image/standin/metrics-server.Containerfile)."""
    tag = f"localhost/kube-airflow-standin/metrics-server:{METRICS_SERVER_VERSION}"
    containerfile = podman.STANDIN / "metrics-server.Containerfile"
    return podman.binary_image(tag, containerfile, METRICS_SERVER_VERSION, build_metrics_server)


def keda_images() -> dict[str, str]:
    """KEDA's three stand-ins (its programs, build_keda.py, cached, each on no base as its
    official image: tests/image/standin/<program>.Containerfile), by the official names."""
    found = {}
    for program, official in KEDA_IMAGES.items():
        tag = f"localhost/kube-airflow-standin/{program}:{KEDA_VERSION}"
        containerfile = podman.STANDIN / f"{program}.Containerfile"
        built = podman.binary_image(
            tag, containerfile, KEDA_VERSION, lambda name=program: _keda_binary(name)
        )
        found[official] = built
    return found


def _keda_binary(program: str) -> Path:
    build_keda()
    return binary(program)


def build_scale() -> dict[str, str]:
    """What the scaling tests add: metrics-server, under the official image's name."""
    return {METRICS_SERVER_IMAGE: metrics_server_image()}


def otel_collector_image() -> str:
    """The contrib collector's stand-in: its binary (build.py, cached) and the default
    configuration on no base, as its official image (tests/image/standin/otel-collector
    .Containerfile)."""
    containerfile = podman.STANDIN / "otel-collector.Containerfile"
    return podman.binary_image(
        OTEL_STANDIN, containerfile, OTEL_COLLECTOR_VERSION, build_otel_collector,
        OTEL_DEFAULT_CONFIG,
    )  # fmt: skip


def build_otel() -> dict[str, str]:
    """The OpenTelemetry Collector, under the official image's name; not loaded."""
    return {OTEL_COLLECTOR_IMAGE: otel_collector_image()}
