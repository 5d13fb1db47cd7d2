"""Traefik as the cluster's ingress controller: a host process beside the node, reading the
cluster's Ingresses with the admin kubeconfig and proxying to the pods' IPs, which the node
(this machine) reaches over the pod bridge."""

from __future__ import annotations

import os
import urllib.request

from tests.cluster.build import binary
from tests.cluster.layout import (
    ADMIN_KUBECONFIG,
    INGRESS_CLASS,
    INGRESS_CONTROLLER,
    INGRESS_HTTP_PORT,
    INGRESS_HTTPS_PORT,
    INGRESS_PING_PORT,
)
from tests.cluster.processes import start

NAME = "traefik"


def ingress_class() -> dict[str, object]:
    """The class an Ingress names (`ingressClassName: traefik`) for Traefik to serve it; Traefik
    serves the classes whose controller is its own."""
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "IngressClass",
        "metadata": {"name": INGRESS_CLASS},
        "spec": {"controller": INGRESS_CONTROLLER},
    }


def start_traefik() -> None:
    start(
        NAME,
        [
            str(binary("traefik")),
            f"--entryPoints.web.address=127.0.0.1:{INGRESS_HTTP_PORT}",
            f"--entryPoints.websecure.address=127.0.0.1:{INGRESS_HTTPS_PORT}",
            # Routers of Ingresses listen on every entry point; on this one with TLS, the
            # certificate from the Ingress' TLS Secret (Traefik's own default one without).
            "--entryPoints.websecure.http.tls=true",
            # Headers whose names alias one Traefik sets (X_Forwarded_For) are dropped, not
            # passed on for a WSGI server to read as the real one.
            *(f"--entryPoints.{e}.http.aliasHeadersStrategy=delete" for e in ("web", "websecure")),
            f"--entryPoints.traefik.address=127.0.0.1:{INGRESS_PING_PORT}",
            "--ping=true",
            "--providers.kubernetesingress=true",
            "--global.checkNewVersion=false",
            "--global.sendAnonymousUsage=false",
            "--log.level=INFO",
            "--log.noColor=true",
        ],
        # Traefik's Kubernetes client reads the cluster from KUBECONFIG outside a pod.
        env={**os.environ, "KUBECONFIG": str(ADMIN_KUBECONFIG)},
    )


def healthy() -> bool:
    try:
        url = f"http://127.0.0.1:{INGRESS_PING_PORT}/ping"
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False
