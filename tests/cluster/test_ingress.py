"""The UI through an Ingress on a sub-path, as a person reaches it: the `ingress` variant (the
api-server on https://airflow.example.com/airflow, Flower on .../flower, one TLS Secret) applied
with `ingressClassName: traefik`, served by Traefik built from its Go module and run beside the
node (ingress_controller.py). The browser resolves the Ingress host to Traefik's loopback port, so
every URL it shows is the one a user would type; the steps are those of the UI check through the
Services (test_tutorial.py)."""

from __future__ import annotations

import base64
import copy
import http.client
import json
import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.cluster import deploy
from tests.cluster.browser import (
    ARTIFACTS,
    assert_no_console_errors,
    browser,
    walk_the_tutorial_ui,
)
from tests.cluster.conftest import TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE
from tests.cluster.kube import Kube
from tests.cluster.layout import INGRESS_CLASS, INGRESS_HTTPS_PORT
from tests.cluster.pki import Certificate, self_signed
from tests.cluster.processes import log_tail
from tests.cluster.test_tutorial import Deployment, deploy_and_run_tutorial
from tests.variants import VARIANTS

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-ingress"
# The variant as the static tiers check it, served by the ingress controller running here.
VALUES: dict[str, Any] = copy.deepcopy(VARIANTS["ingress"])
VALUES["ingress"]["class_name"] = INGRESS_CLASS
API, FLOWER = VALUES["ingress"]["api_server"], VALUES["ingress"]["flower"]
HOST = API["host"]
assert FLOWER["host"] == HOST and API["path"] != "/" and FLOWER["path"] != "/"


@dataclass
class Published:
    deployment: Deployment
    certificate: Certificate


@pytest.fixture(scope="module")
def published(
    kube: Kube, cluster_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Published]:
    if not kube.local:
        pytest.skip("the ingress checks use the Traefik run beside the cluster built here")
    kube.delete_namespace(NAMESPACE)
    folder = tmp_path_factory.mktemp("ingress")
    dist = deploy.synthesize_values(
        folder, VALUES, "--image", AIRFLOW_IMAGE, "--namespace", NAMESPACE
    )
    certificate = self_signed(HOST)
    (folder / "tls.crt").write_text(certificate.pem)
    (folder / "tls.key").write_text(certificate.key_pem)
    try:
        deployment = deploy_and_run_tutorial(kube, dist, NAMESPACE, "ingress", API["path"])
        # The Secret the Ingress names, made as a user (or cert-manager) would, in the Namespace
        # the apply made; Traefik picks it up whenever it appears.
        kube.run(
            "create", "secret", "tls", API["tls_secret"], "-n", NAMESPACE,
            f"--cert={folder / 'tls.crt'}", f"--key={folder / 'tls.key'}",
        )  # fmt: skip
        yield Published(deployment, certificate)
    finally:
        kube.delete_namespace(NAMESPACE)


def through_ingress(path: str, certificate: Certificate, login: str = "") -> tuple[int, str]:
    """GET https://HOST`path` at Traefik's port, trusting only the Ingress' own certificate and
    naming HOST in the TLS handshake (with basic auth `user:password` if given): the status and
    the body."""
    auth = f"Authorization: Basic {base64.b64encode(login.encode()).decode()}\r\n" if login else ""
    context = ssl.create_default_context(cadata=certificate.pem)
    with (
        socket.create_connection(("127.0.0.1", INGRESS_HTTPS_PORT), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=HOST) as tls,
    ):
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{auth}Connection: close\r\n\r\n"
        tls.sendall(request.encode())
        response = http.client.HTTPResponse(tls)
        response.begin()
        return response.status, response.read().decode(errors="replace")


def test_traefik_serves_the_sub_paths_with_the_ingress_certificate(
    kube: Kube, published: Published
) -> None:
    """Traefik, reading the cluster's Ingresses, serves the api-server below its sub-path and
    Flower below its own, with the certificate of the Ingress' TLS Secret, and nothing else of
    the host."""
    cert = published.certificate
    begin = time.monotonic()

    last: list[object] = []

    def served() -> tuple[int, str] | None:
        try:
            got = through_ingress(API["path"] + "/api/v2/version", cert)
        except (OSError, ssl.SSLError) as error:
            last[:] = [error]  # Traefik has not seen the Ingress or its Secret yet
            return None
        last[:] = [got]
        return got if got[0] == 200 else None

    try:
        status, body = kube.wait_until("Traefik to route the Ingress", served, timeout=60)
    except AssertionError as error:
        raise AssertionError(f"{error}; last answer: {last}\n{log_tail('traefik')}") from None
    TIMINGS["ingress: routed by Traefik after converging"] = time.monotonic() - begin
    assert json.loads(body)["version"], body
    # Flower is behind its basic auth, through the Ingress too.
    assert through_ingress(FLOWER["path"] + "/", cert)[0] == 401
    namespace = published.deployment.namespace
    login = deploy.secret_value(kube, namespace, "airflow-generated", "flower-basic-auth")
    status, body = through_ingress(FLOWER["path"] + "/", cert, login)
    assert status == 200 and "Flower" in body, (status, body[:500])
    # Outside the two prefixes the host has nothing: no route, Traefik's 404.
    assert through_ingress("/api/v2/version", cert)[0] == 404


def test_ui_through_the_ingress_on_a_sub_path(kube: Kube, published: Published) -> None:
    """test_ui_in_a_real_browser's steps at https://airflow.example.com/airflow and /flower,
    through Traefik. The browser resolves the host to Traefik's port and accepts the Ingress'
    certificate (by its key) and no other. Screenshots in tests/artifacts/ui-ingress/; any JS
    error in the console fails it."""
    namespace = published.deployment.namespace
    password = deploy.secret_value(kube, namespace, "airflow-generated", "admin-password")
    flower_login = deploy.secret_value(kube, namespace, "airflow-generated", "flower-basic-auth")
    arguments = (
        f"--host-resolver-rules=MAP {HOST}:443 127.0.0.1:{INGRESS_HTTPS_PORT}",
        f"--ignore-certificate-errors-spki-list={published.certificate.spki_sha256}",
    )
    web, flower = f"https://{HOST}{API['path']}", f"https://{HOST}{FLOWER['path']}"
    try:
        with browser(ARTIFACTS / "ui-ingress", arguments) as b:
            login = deploy.with_credentials(flower, flower_login)
            walk_the_tutorial_ui(b, web, login, password, published.deployment.run_id)
            # Every page came through the Ingress: no link or redirect left the sub-path.
            current = b.driver.current_url
            assert current.startswith((flower, login)), current
        assert_no_console_errors(b)
    except AssertionError as error:  # a 502 is Traefik's word for a pod it could not reach
        raise AssertionError(f"{error}\n{deploy.report(kube, namespace)}") from error
