"""Cluster add-ons some tests need, applied as a user's cluster would run them: metrics-server
(the resource metrics API behind `kubectl top` and the HPA) and KEDA (its operator, the external
metrics API and its admission webhooks)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.cluster.kube import Kube
from tests.cluster.versions import KEDA_IMAGES, KEDA_MODULE, METRICS_SERVER_IMAGE

METRICS_SERVER = Path(__file__).parent / "addons/metrics-server.yaml"
METRICS_API = "v1beta1.metrics.k8s.io"


def metrics_server_manifests() -> list[dict[str, object]]:
    docs = [d for d in yaml.safe_load_all(METRICS_SERVER.read_text()) if d]
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == METRICS_SERVER_IMAGE, f"{METRICS_SERVER} names {image}"
    return docs


def start_metrics_server(kube: Kube, timeout: float = 180) -> None:
    """Apply metrics-server and wait until its APIService is Available and every node reports
    its CPU and memory through it."""
    metrics_server_manifests()
    kube.run("apply", "-f", str(METRICS_SERVER))
    kube.run(
        "rollout",
        "status",
        "-n",
        "kube-system",
        "deploy/metrics-server",
        f"--timeout={timeout:.0f}s",
    )
    kube.run(
        "wait",
        "--for=condition=Available",
        f"apiservice/{METRICS_API}",
        f"--timeout={timeout:.0f}s",
    )
    nodes = {n["metadata"]["name"] for n in kube.json("get", "nodes")["items"]}
    kube.wait_until("every node in the resource metrics", lambda: nodes <= reporting(kube), timeout)


def reporting(kube: Kube) -> set[str]:
    """The nodes metrics.k8s.io has usage for (none while it is not served yet)."""
    result = kube.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes", check=False)
    if result.returncode != 0:
        return set()
    items = json.loads(result.stdout)["items"]
    return {item["metadata"]["name"] for item in items if item.get("usage", {}).get("cpu")}


KEDA_NAMESPACE = "keda"
EXTERNAL_METRICS_API = "v1beta1.external.metrics.k8s.io"
KEDA_DEPLOYMENTS = ("keda-operator", "keda-metrics-apiserver", "keda-admission")


def keda_manifests(kube: Kube) -> list[dict[str, Any]]:
    """KEDA's release manifests, as its release renders them (`kustomize build config/default` of
    its module at KEDA_MODULE: CRDs, RBAC, the three Deployments, the APIService, the admission
    webhook), naming the stand-ins' images (the official names, as loaded) and pulling nothing."""
    from tests.cluster.build import check_go, download_module

    source = download_module(check_go(), KEDA_MODULE, Path(__file__).parent)
    rendered = kube.run("kustomize", str(source / "config/default")).stdout
    docs = [d for d in yaml.safe_load_all(rendered) if d]
    repositories = {image.rsplit(":", 1)[0]: image for image in KEDA_IMAGES.values()}
    for doc in docs:
        if doc["kind"] != "Deployment":
            continue
        for container in doc["spec"]["template"]["spec"]["containers"]:
            container["image"] = repositories[container["image"].rsplit(":", 1)[0]]
            container["imagePullPolicy"] = "IfNotPresent"
    return docs


def start_keda(kube: Kube, timeout: float = 300) -> None:
    """Apply KEDA's release into its namespace and wait until its three Deployments are rolled
    out and the external metrics API it serves is Available."""
    docs = keda_manifests(kube)
    # Server-side: the CRDs are too large for the last-applied annotation of a client-side apply.
    kube.run("apply", "--server-side", "--force-conflicts", "-f", "-", input=_yaml(docs))
    for name in KEDA_DEPLOYMENTS:
        kube.run(
            "rollout", "status", "-n", KEDA_NAMESPACE, f"deploy/{name}", f"--timeout={timeout:.0f}s"
        )
    kube.run(
        "wait",
        "--for=condition=Available",
        f"apiservice/{EXTERNAL_METRICS_API}",
        f"--timeout={timeout:.0f}s",
    )


def _yaml(docs: list[dict[str, Any]]) -> str:
    return yaml.safe_dump_all(docs, sort_keys=False)


def stop_keda(kube: Kube) -> None:
    """KEDA's release removed but for its CRDs: no operator acts on another test's ScaledObjects,
    and no webhook of a removed Service is left in the API server's way."""
    kept = [d for d in keda_manifests(kube) if d["kind"] != "CustomResourceDefinition"]
    kube.run("delete", "--ignore-not-found", "--wait", "-f", "-", input=_yaml(kept), timeout=300)
