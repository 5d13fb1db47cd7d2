"""The cluster tier's fixtures: the cluster (started here when none runs, and then stopped at the
end) and the images the manifests name, loaded into its node."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import figures
from tests.cluster import cluster, images
from tests.cluster.build import BuildError
from tests.cluster.kube import Kube, from_environment
from tests.cluster.layout import ADMIN_KUBECONFIG, KUBECTL, NODE_NAME
from tests.conftest import ROOT
from tests.podman import require_podman

TIMINGS: dict[str, float] = {}  # printed at the end as "what: 1.2 s"
# The suites whose figures are recorded, by pytest marker: the title of their data file.
SUITES = {
    "cluster": "The cluster tier",
    "drills": "The fault drills",
    "scale": "The scaling tests",
    "soak": "The soak",
}
FIGURES: dict[str, str] = {}  # other measurements, printed as "what: value"


@pytest.fixture(scope="session")
def kube() -> Iterator[Kube]:
    user = from_environment()
    if user is not None:
        yield user
        return
    started_here = not cluster.is_up()
    if started_here:
        begin = time.monotonic()
        try:
            TIMINGS.update({f"cluster {k}": v for k, v in cluster.up().items()})
        except (BuildError, cluster.ClusterError) as error:
            pytest.fail(f"the test cluster could not start: {error}", pytrace=False)
        TIMINGS["cluster up"] = time.monotonic() - begin
    try:
        yield Kube(ADMIN_KUBECONFIG, KUBECTL, local=True)
    finally:
        if started_here and not os.environ.get("KUBE_AIRFLOW_KEEP_CLUSTER"):
            cluster.down()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The measurements, after the results, whether the tests passed or not; with
    KUBE_AIRFLOW_FIGURES=DIR also as DIR/<marker>.json (cluster, drills, soak), the data file
    the docs render (docs/data/), when every test of the run passed."""
    if TIMINGS or FIGURES:
        terminalreporter.section("measured on the cluster")
    for what, seconds in TIMINGS.items():
        terminalreporter.write_line(f"{what}: {seconds:.1f} s")
    for what, value in FIGURES.items():
        terminalreporter.write_line(f"{what}: {value}")
    folder = os.environ.get("KUBE_AIRFLOW_FIGURES")
    failed = terminalreporter.stats.get("failed") or terminalreporter.stats.get("error")
    suite = terminalreporter.config.option.markexpr
    if folder and TIMINGS and not failed and suite in SUITES:
        path = figures.record(Path(folder), suite, SUITES[suite], TIMINGS, FIGURES)
        terminalreporter.write_line(f"figures written to {path}")


CRDS = ROOT.parent / "shared" / "crds"
CRD_NAMES = (
    "scaledobjects.keda.sh",
    "triggerauthentications.keda.sh",
    "servicemonitors.monitoring.coreos.com",
)


@pytest.fixture(scope="session")
def crds(kube: Kube) -> None:
    """The CRDs we import bindings from, installed (here) or required (a user's cluster): the
    deployments that emit a ScaledObject need them, as a user's cluster with KEDA has them."""
    if kube.local:
        assert CRDS.is_dir(), f"the CRD files are expected in {CRDS} (shared/crds beside the clone)"
        # Server-side: these CRDs are too large for the last-applied annotation.
        kube.run("apply", "--server-side", "-f", f"{CRDS}/")
    present = {c["metadata"]["name"] for c in kube.json("get", "crd")["items"]}
    missing = set(CRD_NAMES) - present
    assert not missing, f"install these CRDs in the cluster under test first: {sorted(missing)}"
    for name in CRD_NAMES:
        kube.run("wait", "--for=condition=Established", f"crd/{name}", "--timeout=60s")


# The images only some modules use, by module: built with the rest when one of those modules is
# selected, so that one import into the node reads the Airflow stand-in's layers, which they
# share, once (an archive of their own re-read them: about a minute each). Their modules then
# find them loaded.
MODULE_IMAGES: dict[str, Callable[[], dict[str, str]]] = {
    "test_git_sync": images.build_git_sync,
    "test_backends": images.build_otel,
    "test_edge": images.build_edge,
    "test_logs": images.build_remote_logging,
    "test_scale": images.build_scale,
    "test_keda": images.keda_images,
    "test_oidc": images.build_oidc,
    "test_sign_in": images.build_ldap,
}


@pytest.fixture(scope="session")
def cluster_images(request: pytest.FixtureRequest, kube: Kube) -> dict[str, str]:
    """Build (once per machine) and load the images: {name in the manifests: what it is}."""
    if not kube.local:
        # A user's cluster: the images are theirs to load (kind load, a registry).
        return {}
    require_podman()
    selected = {item.path.stem for item in request.session.items}

    def build() -> dict[str, str]:
        table = images.build()
        for module in sorted(selected & set(MODULE_IMAGES)):
            table |= MODULE_IMAGES[module]()
        images.load(table)
        return table

    return built_for(kube, "images built and loaded", build)


def built_for(kube: Kube, figure: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """`build()` (images built and loaded into the node) timed as `figure`, on the cluster built
    here; on a user's cluster the images are theirs to load (kind load, a registry)."""
    if not kube.local:
        return {}
    begin = time.monotonic()
    table = build()
    TIMINGS[figure] = time.monotonic() - begin
    return table


@pytest.fixture(scope="module")
def quiet_node(kube: Kube) -> Iterator[None]:
    """Tests of what the API server accepts keep the node cordoned, so the pods of the
    deployments they apply stay Pending instead of starting on two cores."""
    if kube.local:
        kube.run("cordon", NODE_NAME)
    try:
        yield
    finally:
        if kube.local:
            # Pods of namespaces still being deleted must not start once the node takes pods.
            kube.wait_until("test namespaces deleted", lambda: not _terminating(kube), 300)
            kube.run("uncordon", NODE_NAME)


def _terminating(kube: Kube) -> list[str]:
    namespaces = kube.json("get", "namespaces")["items"]
    return [n["metadata"]["name"] for n in namespaces if n["status"]["phase"] == "Terminating"]
