"""Cluster add-ons some tests need, applied as a user's cluster would run them: metrics-server
(the resource metrics API behind `kubectl top` and the HPA)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.cluster.kube import Kube
from tests.cluster.versions import METRICS_SERVER_IMAGE

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
