"""Deploy as a user does (`python main.py`, `kubectl apply -f dist/`) and watch it converge."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kube_airflow.cli import status as deployment_status
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.kube import Kube, KubectlError
from tests.conftest import ROOT
from tests.resources import quantity

# The prune recipe of the README and `make apply`, read from the Makefile so they cannot differ.
_ALLOWLIST = re.search(
    r"^PRUNE_ALLOWLIST := (.*?)\n(?!\t)", (ROOT / "Makefile").read_text(), re.M | re.S
)
assert _ALLOWLIST, "the Makefile defines PRUNE_ALLOWLIST"
PRUNE_ALLOWLIST = tuple(_ALLOWLIST[1].replace("\\", " ").split())


def synthesize(out: Path, *args: str) -> Path:
    """The real `python main.py ... --out out`; returns the dist folder."""
    command = [sys.executable, "main.py", "--out", str(out), *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return out


def declared(*servers: tuple[str, list[int], str | None]) -> tuple[str, str]:
    """The `--set` declaring test servers inside the cluster, each (its pods' label `app`, its
    ports, its namespace or None for the deployment's), as egress destinations of every Airflow
    pod: what a user declares for an in-cluster endpoint (network_policies.egress.allow)."""
    rules = []
    for app, ports, namespace in servers:
        peer: dict[str, Any] = {"pod_labels": {"app": app}}
        if namespace is not None:
            peer["namespace_labels"] = {"kubernetes.io/metadata.name": namespace}
        rules.append({"to": [peer], "ports": ports})
    return "--set", f"network_policies.egress.allow={json.dumps(rules)}"


def synthesize_values(folder: Path, values: dict[str, Any], *args: str) -> Path:
    """synthesize() into `folder`/dist with `values` given as a values file (in `folder`)."""
    path = folder / "values.json"
    path.write_text(json.dumps(values))
    return synthesize(folder / "dist", "--values", str(path), *args)


def make(kube: Kube, target: str, *variables: str) -> str:
    """The Makefile's `target` as a user runs it (`make delete OUT=...`), with the cluster's
    kubectl; returns its output."""
    kubectl = f"{kube.kubectl_path} --kubeconfig={kube.kubeconfig}"
    command = ["make", "--no-print-directory", target, f"KUBECTL={kubectl}", *variables]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def apply(kube: Kube, dist: Path, prefix: str = "airflow") -> str:
    """`kubectl apply` with the documented prune recipe; returns kubectl's output."""
    allow = [f"--prune-allowlist={kind}" for kind in PRUNE_ALLOWLIST]
    result = kube.run(
        "apply", "--prune", "-l", f"app.kubernetes.io/instance={prefix}", *allow, "-f", f"{dist}/"
    )
    assert "Warning" not in result.stderr, result.stderr
    return result.stdout


def _not_ready(kube: Kube, namespace: str) -> list[str]:
    """What is still converging, as `make status` sees it: Jobs not complete, workloads not
    fully ready and updated."""
    state = deployment_status.Status(lambda args: kube.run(*args).stdout, namespace, "airflow")
    found = deployment_status.parts(state.objects())
    return [f"{p.kind}/{p.name}" for p in found if not p.ready] if found else ["nothing applied"]


def wait_converged(kube: Kube, namespace: str, timeout: float = 900) -> float:
    """Seconds until every Job and workload of the deployment (prefix `airflow`) is done and
    ready; on a timeout, the events and logs of what is stuck."""
    started = time.monotonic()
    deadline = started + timeout
    waiting: list[str] = []
    while time.monotonic() < deadline:
        try:
            waiting = _not_ready(kube, namespace)
        except (KubectlError, subprocess.TimeoutExpired) as error:  # a busy API server
            waiting = [f"kubectl failed: {str(error)[-300:]}"]
        if not waiting:
            return time.monotonic() - started
        time.sleep(3)
    raise AssertionError(
        f"not converged after {timeout:.0f} s: {waiting}\n{report(kube, namespace)}"
    )


def wait_pods_gone(kube: Kube, namespace: str, timeout: float = 300) -> float:
    """Seconds until the namespace has no pod; on a timeout, the pods left with their events and
    last log lines (which one held on, and what it was doing)."""
    started = time.monotonic()
    try:
        kube.wait_until(
            "every pod gone",
            lambda: not kube.json("get", "pods", "-n", namespace)["items"],
            timeout,
        )
    except AssertionError as error:
        raise AssertionError(f"{error}\n{report(kube, namespace, every_pod=True)}") from None
    return time.monotonic() - started


def report(kube: Kube, namespace: str, every_pod: bool = False) -> str:
    """The pods, the last events and the log tails of the pods not ready (or of every pod)."""
    pods = kube.run("get", "pods", "-n", namespace, "-o", "wide", check=False).stdout
    events = kube.run(
        "get", "events", "-n", namespace, "--sort-by=.lastTimestamp", check=False
    ).stdout.splitlines()[-40:]
    logs = []
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        ready = all(c.get("ready") for c in pod["status"].get("containerStatuses", []))
        if every_pod or not ready:
            name = pod["metadata"]["name"]
            tail = kube.run(
                "logs", "-n", namespace, name, "--all-containers", "--tail=25", check=False
            )
            logs.append(f"--- {name}\n{tail.stdout}{tail.stderr}")
    return "\n".join([pods, *events, *logs])


# A test's own containers (S3, a directory) are restricted like everything in its namespace.
RESTRICTED = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}


def service_with_pod(
    namespace: str, name: str, container: dict[str, Any], port: int | list[int], **pod: Any
) -> list[dict[str, Any]]:
    """A Deployment of one pod running `container` (its `pod` fields added) and the Service
    `name` in front of it on `port` (or ports): a service a test's Airflow talks to."""
    labels = {"app": name}
    meta = {"name": name, "namespace": namespace}
    secure = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    template = {"metadata": {"labels": labels}, "spec": {"securityContext": secure, **pod}}
    template["spec"]["containers"] = [container]
    spec = {"selector": {"matchLabels": labels}, "template": template}
    ports = (
        [{"port": port}] if isinstance(port, int) else [{"name": f"p{p}", "port": p} for p in port]
    )
    service = {"selector": labels, "ports": ports}
    return [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta, "spec": spec},
        {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": service},
    ]


def command_lines(kube: Kube, namespace: str, pod: str, container: str) -> str:
    """Every process's arguments in a container, one line each: what `ps` would show (the images
    have no ps)."""
    every = 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done'
    return kube.run("exec", "-n", namespace, pod, "-c", container, "--", "sh", "-c", every).stdout


def secret_value(kube: Kube, namespace: str, name: str, key: str) -> str:
    data = kube.json("get", "secret", name, "-n", namespace)["data"]
    return base64.b64decode(data[key]).decode()


def service_url(kube: Kube, namespace: str, name: str, port: int) -> str:
    """The Service's virtual IP, which kube-proxy serves to the node itself too."""
    ip = kube.json("get", "service", name, "-n", namespace)["spec"]["clusterIP"]
    return f"http://{ip}:{port}"


def http_status(url: str) -> int:
    """The status of a plain GET, without credentials."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def with_credentials(url: str, user_password: str) -> str:
    """`http://user:password@host...`: the browser sends them as basic auth."""
    return url.replace("://", f"://{user_password}@", 1)


def images_of(kube: Kube, namespace: str) -> set[str]:
    """The images of the pods that stay: a Deployment counts itself converged while its old pods
    still shut down, so those (being deleted) are left out."""
    images: set[str] = set()
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        if not pod["metadata"].get("deletionTimestamp"):
            images.update(c["image"] for c in pod["spec"]["containers"])
    return images


def names(kube: Kube, kind: str, namespace: str) -> set[str]:
    items: list[dict[str, Any]] = kube.json("get", kind, "-n", namespace)["items"]
    return {i["metadata"]["name"] for i in items}


@dataclass(frozen=True)
class Memory:
    """A running container's peak memory (its cgroup's high-water mark, page cache included, so
    on the high side) and what it asked for, in bytes."""

    container: str  # pod/container
    image: str
    peak: int
    request: int
    limit: int


def memory(kube: Kube, namespace: str) -> list[Memory]:
    """Each running container's peak memory against its request and limit: what the resource
    defaults are sized from. Only on the cluster built here."""
    found = []
    for pod in kube.json("get", "pods", "-n", namespace)["items"]:
        specs = {c["name"]: c for c in pod["spec"]["containers"]}
        for status in pod["status"].get("containerStatuses", []):
            if "running" not in status.get("state", {}):
                continue  # a finished Job's cgroup, and its high-water mark, are gone
            spec = specs[status["name"]]
            resources = spec.get("resources", {})
            found.append(
                Memory(
                    f"{pod['metadata']['name']}/{status['name']}",
                    spec["image"],
                    _peak_bytes(status.get("containerID", "")),
                    int(quantity(resources.get("requests", {}).get("memory", "0"))),
                    int(quantity(resources.get("limits", {}).get("memory", "0"))),
                )
            )
    return sorted(found, key=lambda m: m.container)


def memory_table(rows: list[Memory]) -> str:
    lines = [f"{'container peak memory (MiB)':<55}    peak request   limit  %lim"]
    for m in rows:
        share = f"{100 * m.peak / m.limit:.0f}%" if m.limit and m.peak else "-"
        mib = " ".join(f"{v / 2**20:7.0f}" for v in (m.peak, m.request, m.limit))
        lines.append(f"{m.container:<55} {mib} {share:>5}")
    return "\n".join(lines)


def _peak_bytes(container_id: str) -> int:
    """0 when the container's cgroup is gone: pods end while the table is read (the
    KubernetesExecutor's task pods), and a cgroup removed mid-walk raises FileNotFoundError."""
    try:
        found = list(Path("/sys/fs/cgroup/memory/kubepods").rglob(container_id.split("//")[-1]))
        if not container_id or not found:
            return 0
        return int((found[0] / "memory.max_usage_in_bytes").read_text())
    except OSError:
        return 0


def admin_api(kube: Kube, namespace: str, *dags: str) -> AirflowApi:
    """The REST API of the deployment in `namespace` as its generated admin, once each of `dags`
    is parsed, and those unpaused."""
    api = AirflowApi(
        service_url(kube, namespace, "airflow-api-server", 8080),
        "admin",
        secret_value(kube, namespace, "airflow-generated", "admin-password"),
    )
    for dag in dags:
        path = f"/api/v2/dags/{dag}"
        api.wait_for(f"the {dag} DAG", lambda p=path: api.get(p), timeout=300)
        api.patch(path, {"is_paused": False})
    return api
