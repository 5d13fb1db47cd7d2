"""Bring the single-node cluster up and down: the order, the waits and the cluster-level objects
(storage, the API server's access to kubelets)."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.cluster import build, control_plane, images, ingress_controller, node
from tests.cluster.layout import (
    ADMIN_KUBECONFIG,
    KUBECTL,
    NODE_NAME,
    PV_COUNT,
    PV_SIZE,
    RUN,
    STATE,
    STORAGE_CLASS,
)
from tests.cluster.processes import kill_matching, log_tail, running, stop

# Started in this order, stopped in the reverse one.
COMPONENTS = (
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "containerd",
    "kubelet",
    "kube-proxy",
    "coredns",
    "kube-router",
    ingress_controller.NAME,
)


class ClusterError(RuntimeError):
    """The cluster did not come up; the message carries the failing component's log."""


def kubectl(
    *args: str, check: bool = True, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(KUBECTL), f"--kubeconfig={ADMIN_KUBECONFIG}", *args],
        capture_output=True,
        text=True,
        input=input,
    )
    if check and result.returncode != 0:
        raise ClusterError(f"kubectl {' '.join(args)}: {result.stderr.strip()}")
    return result


def _wait(what: str, ready: Callable[[], bool], timeout: float, component: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(component):
            raise ClusterError(
                f"{component} exited while waiting for {what}:\n{log_tail(component)}"
            )
        if ready():
            return
        time.sleep(0.5)
    raise ClusterError(
        f"timed out after {timeout:.0f} s waiting for {what}:\n{log_tail(component)}"
    )


def _api_ready() -> bool:
    return kubectl("get", "--raw=/readyz", check=False).returncode == 0


def _node_ready() -> bool:
    out = kubectl("get", "node", NODE_NAME, "-o", "json", check=False)
    if out.returncode != 0:
        return False
    conditions = json.loads(out.stdout)["status"].get("conditions", [])
    return any(c["type"] == "Ready" and c["status"] == "True" for c in conditions)


def _router_healthy() -> bool:
    try:
        with urllib.request.urlopen("http://127.0.0.1:20244/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def up() -> dict[str, float]:
    """Build what is missing and start every component; idempotent. Returns phase timings."""
    timings: dict[str, float] = {}
    start = time.monotonic()
    for what, seconds in build.build_all().items():
        if seconds is not None:
            timings[f"build {what}"] = seconds
    KUBECTL.parent.mkdir(parents=True, exist_ok=True)
    KUBECTL.unlink(missing_ok=True)
    KUBECTL.symlink_to(build.binary("kubectl"))
    phase = time.monotonic()
    control_plane.make_credentials()
    node.setup_network()
    control_plane.start_etcd()
    control_plane.start_apiserver()
    _wait("the API server", _api_ready, 90, "kube-apiserver")
    control_plane.start_controller_manager()
    control_plane.start_scheduler()
    _cluster_objects()
    node.start_containerd()
    _wait("containerd", lambda: node.containerd("version").returncode == 0, 30, "containerd")
    images.ensure_pause_image()
    node.start_kubelet()
    node.start_kube_proxy()
    node.start_coredns()
    _wait("the node to be Ready", _node_ready, 120, "kubelet")
    # kube-router enforces policies for the pods of *its* node: started before the Node object
    # exists, it finds no node and enforces nothing.
    node.start_kube_router()
    _wait("kube-router's firewall", _router_healthy, 60, "kube-router")
    ingress_controller.start_traefik()
    _wait("Traefik", ingress_controller.healthy, 60, ingress_controller.NAME)
    timings["start to Ready"] = time.monotonic() - phase
    timings["total"] = time.monotonic() - start
    return timings


def _cluster_objects() -> None:
    """The API server may use kubelets (logs, exec); PVCs bind to static local volumes."""
    rbac = "rbac.authorization.k8s.io"
    kubelet_access = {
        "apiVersion": f"{rbac}/v1",
        "kind": "ClusterRoleBinding",
        "metadata": {"name": "kube-apiserver-kubelet-client"},
        "roleRef": {"apiGroup": rbac, "kind": "ClusterRole", "name": "system:kubelet-api-admin"},
        "subjects": [{"apiGroup": rbac, "kind": "User", "name": "kube-apiserver-kubelet-client"}],
    }
    default_class = {"storageclass.kubernetes.io/is-default-class": "true"}
    storage_class = {
        "apiVersion": "storage.k8s.io/v1",
        "kind": "StorageClass",
        "metadata": {"name": STORAGE_CLASS, "annotations": default_class},
        "provisioner": "kubernetes.io/no-provisioner",
        "volumeBindingMode": "WaitForFirstConsumer",
        "reclaimPolicy": "Retain",
    }
    apply_list([kubelet_access, storage_class, ingress_controller.ingress_class()])
    recycle_volumes()


def apply_list(items: list[dict[str, Any]]) -> None:
    kubectl(
        "apply", "-f", "-", input=json.dumps({"apiVersion": "v1", "kind": "List", "items": items})
    )


def _volume(index: int) -> dict[str, object]:
    path = STATE / "volumes" / f"pv-{index:02d}"
    path.mkdir(parents=True, exist_ok=True)
    selector = {"key": "kubernetes.io/hostname", "operator": "In", "values": [NODE_NAME]}
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {"name": f"local-{index:02d}"},
        "spec": {
            "capacity": {"storage": PV_SIZE},
            "accessModes": ["ReadWriteOnce"],
            "persistentVolumeReclaimPolicy": "Retain",
            "storageClassName": STORAGE_CLASS,
            "local": {"path": str(path)},
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [selector]}]}},
        },
    }


def recycle_volumes() -> None:
    """Make every volume Available: released ones (their claim deleted) are wiped and made anew."""
    out = kubectl("get", "pv", "-o", "json").stdout
    released = [
        pv["metadata"]["name"]
        for pv in json.loads(out)["items"]
        if pv["status"].get("phase") in ("Released", "Failed")
    ]
    for name in released:
        kubectl("delete", "pv", name, "--wait=true")
        shutil.rmtree(STATE / "volumes" / f"pv-{name.split('-')[1]}", ignore_errors=True)
    apply_list([_volume(i) for i in range(PV_COUNT)])


def down() -> None:
    """Stop every process we started and remove all state and network changes."""
    for name in reversed(COMPONENTS):
        stop(name)
    # containerd's shims and the containers under them have sessions of their own.
    kill_matching(f"-address {RUN}/containerd.sock")
    _kill_pod_processes()
    for name in ("kube-proxy", "kube-router"):
        _cleanup(name)
    node.teardown_network()
    _unmount_under(STATE)
    _unmount_under(RUN)
    shutil.rmtree(STATE, ignore_errors=True)
    shutil.rmtree(RUN, ignore_errors=True)


def _kill_pod_processes() -> None:
    """Kill what still runs in the pods' cgroups, then remove those cgroups (cgroupfs driver: one
    `kubepods` tree per controller)."""
    for procs in Path("/sys/fs/cgroup/pids/kubepods").rglob("cgroup.procs"):
        for pid in procs.read_text().split():
            subprocess.run(["kill", "-9", pid], capture_output=True)
    time.sleep(1)
    for tree in Path("/sys/fs/cgroup").glob("*/kubepods"):
        folders = [tree, *(p for p in tree.rglob("*") if p.is_dir())]
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):  # a cgroup the kernel still tears down
                folder.rmdir()


def _cleanup(name: str) -> None:
    """kube-proxy and kube-router remove their own iptables/ipset rules when asked."""
    binary = build.binary(name)
    if not binary.exists():
        return
    flag = "--cleanup" if name == "kube-proxy" else "--cleanup-config"
    subprocess.run([str(binary), flag], capture_output=True, timeout=60)


def _unmount_under(root: Path) -> None:
    mounts = Path("/proc/mounts").read_text().splitlines()
    targets = [line.split()[1] for line in mounts if line.split()[1].startswith(str(root))]
    for target in sorted(targets, key=len, reverse=True):
        subprocess.run(["umount", "-l", target], capture_output=True)


def status() -> dict[str, int | None]:
    return {name: running(name) for name in COMPONENTS}


def is_up() -> bool:
    return all(status().values()) and ADMIN_KUBECONFIG.exists() and _node_ready()
