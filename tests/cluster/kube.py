"""kubectl against the cluster under test, as a user runs it: the one built here, or any cluster
named by KUBE_AIRFLOW_TEST_KUBECONFIG (kind, minikube, a real one) with the images loaded there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USER_KUBECONFIG = "KUBE_AIRFLOW_TEST_KUBECONFIG"


class KubectlError(AssertionError):
    """kubectl exited non-zero: a failed assertion, unless a poll retries it (a busy API
    server answers a request with a timeout now and then on a loaded two-core node)."""


@dataclass(frozen=True)
class Kube:
    kubeconfig: Path
    kubectl_path: Path
    local: bool  # the cluster built here (we may cordon it, load images, reach pod IPs)

    def run(
        self, *args: str, input: str | None = None, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(self.kubectl_path), f"--kubeconfig={self.kubeconfig}", *args],
            capture_output=True,
            text=True,
            input=input,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise KubectlError(
                f"kubectl {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def apply_list(self, items: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
        """`kubectl apply` of these objects, as one List."""
        items_list = {"apiVersion": "v1", "kind": "List", "items": items}
        return self.run("apply", "-f", "-", input=json.dumps(items_list))

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "-o", "json").stdout)

    def restarts(self, namespace: str) -> dict[str, int]:
        """{pod/container: restarts} of every container in `namespace` that restarted (a failed
        comparison names them)."""
        return {
            f"{pod['metadata']['name']}/{c['name']}": c["restartCount"]
            for pod in self.json("get", "pods", "-n", namespace)["items"]
            for c in pod["status"].get("containerStatuses", [])
            if c["restartCount"]
        }

    def wait_until(self, what: str, check: Any, timeout: float, every: float = 2) -> Any:
        """Poll `check()` until it returns something truthy. A kubectl call in it that fails or
        times out is tried again; the last such error explains a timeout."""
        deadline, last = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            try:
                if result := check():
                    return result
            except (KubectlError, subprocess.TimeoutExpired) as error:
                last = f" (last error: {str(error)[-600:]})"
            time.sleep(every)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{last}")

    def delete_namespace(self, namespace: str, wait: bool = True) -> None:
        """Throw a test's deployment away. Its pods get a few seconds, not their grace periods: a
        worker whose task fails because the namespace is going can sit out its whole warm-shutdown
        grace (600 s by default; see the README's "Deleting"). A shorter grace given after the
        kubelet began a stop does not cut that stop short, so the controllers go first (their pods
        orphaned, not recreated) and the pods are deleted with the short grace before the rest."""
        if self.run("get", "namespace", namespace, check=False).returncode != 0:
            return
        scoped = ("-n", namespace, "--wait=false")
        self.run(
            "delete",
            "deployments,replicasets,statefulsets,jobs",
            "--all",
            "--cascade=orphan",
            *scoped,
        )
        self.run("delete", "pods", "--all", "--grace-period=5", *scoped)
        self.run("delete", "namespace", namespace, "--ignore-not-found", "--wait=false")
        if wait:
            self.wait_until(
                f"namespace {namespace} deleted",
                lambda: self.run("get", "namespace", namespace, check=False).returncode != 0,
                timeout=300,
            )

    def evict(
        self, namespace: str, pod: str, dry_run: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """POST an Eviction, as `kubectl drain` does: exit 0 when granted; refused by a
        PodDisruptionBudget, the server answers 429 (kubectl: TooManyRequests)."""
        eviction: dict[str, Any] = {
            "apiVersion": "policy/v1",
            "kind": "Eviction",
            "metadata": {"name": pod, "namespace": namespace},
        }
        if dry_run:
            eviction["deleteOptions"] = {"dryRun": ["All"]}
        path = f"/api/v1/namespaces/{namespace}/pods/{pod}/eviction"
        return self.run("create", "--raw", path, "-f", "-", input=json.dumps(eviction), check=False)

    def bash(self, script: str, folder: Path, timeout: float = 120) -> None:
        """`script` run by bash as a user runs a documented command: `kubectl` on PATH (a link
        in `folder`) and KUBECONFIG pointed at the cluster; its output in the error."""
        tools = folder / "bin"
        tools.mkdir(parents=True, exist_ok=True)
        if not (tools / "kubectl").exists():
            (tools / "kubectl").symlink_to(self.kubectl_path)
        env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}",
               "KUBECONFIG": str(self.kubeconfig)}  # fmt: skip
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env,
                                capture_output=True, text=True, timeout=timeout)  # fmt: skip
        assert result.returncode == 0, f"{script}\n{result.stdout}{result.stderr}"

    def status(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`make status` / `make wait` as a user runs them (python -m kube_airflow.cli.status)."""
        kubectl = f"{self.kubectl_path} --kubeconfig={self.kubeconfig}"
        command = [sys.executable, "-m", "kube_airflow", "status", "--kubectl", kubectl, *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=900)


def from_environment() -> Kube | None:
    """A user's cluster when KUBE_AIRFLOW_TEST_KUBECONFIG names one; None means build ours."""
    given = os.environ.get(USER_KUBECONFIG)
    if not given:
        return None
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise AssertionError(f"{USER_KUBECONFIG} is set but no kubectl is on PATH")
    return Kube(Path(given), Path(kubectl), local=False)
