"""What the cluster is doing with a deployment: `make status` once, `make wait` until it is ready.

    kube-airflow status [--namespace airflow] [--prefix airflow] [--wait] [--timeout 600]

Ready means: every Job of the deployment complete, and every Deployment and StatefulSet with all
its replicas updated to the current spec and ready. It reads only what kubectl shows (the objects
labelled `app.kubernetes.io/instance=<prefix>`), so it works for any output of main.py. On a
timeout, or when not ready, it names the pods holding things up with their events and last log
lines. Exit 0: ready; 1: not ready (or timed out); 2: kubectl failed (no cluster, no namespace).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

INSTANCE = "app.kubernetes.io/instance"
COMPONENT = "app.kubernetes.io/component"
POLL_SECONDS = 3
LOG_LINES = 15
EVENTS = 8

Kubectl = Callable[[Sequence[str]], str]


@dataclass(frozen=True)
class Part:
    """One line of the status: a Job or a workload, and whether it is done."""

    kind: str
    name: str
    state: str
    ready: bool

    def line(self) -> str:
        mark = "ok" if self.ready else ".."
        return f"{mark}  {self.kind:<12} {self.name:<40} {self.state}"


def job_part(job: dict[str, Any]) -> Part:
    status, name = job.get("status", {}), job["metadata"]["name"]
    if status.get("succeeded"):
        return Part("job", name, "complete", True)
    for condition in status.get("conditions", []):
        if condition.get("type") == "Failed" and condition.get("status") == "True":
            why = condition.get("message") or condition.get("reason", "")
            return Part("job", name, f"failed: {why}", False)
    failed = status.get("failed", 0)
    state = f"running, {failed} failed attempt(s)" if failed else "running"
    return Part("job", name, state, False)


def workload_part(kind: str, obj: dict[str, Any]) -> Part:
    want, status = obj["spec"].get("replicas", 1), obj.get("status", {})
    ready, updated = status.get("readyReplicas", 0), status.get("updatedReplicas", 0)
    current = status.get("observedGeneration") == obj["metadata"].get("generation")
    done = current and ready == updated == status.get("replicas", 0) == want
    state = f"{ready}/{want} ready" + ("" if updated == want or not current else ", rolling")
    return Part(kind, obj["metadata"]["name"], state, done)


def parts(objects: list[dict[str, Any]]) -> list[Part]:
    found = []
    for obj in objects:
        kind = obj["kind"]
        if kind == "Job":
            found.append(job_part(obj))
        elif kind in ("Deployment", "StatefulSet"):
            found.append(workload_part(kind.lower(), obj))
    return sorted(found, key=lambda p: (p.kind != "job", p.name))


def stuck_pods(objects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(pod, why) for each pod that is not ready and not finished, most telling reason first."""
    stuck = []
    # A Job's failed attempts stay (its pods never restart in place, so their logs remain); once
    # the Job has succeeded they are history, not a problem.
    done = {o["metadata"]["name"] for o in objects if o["kind"] == "Job" and job_part(o).ready}
    for pod in objects:
        if pod["kind"] != "Pod" or pod.get("status", {}).get("phase") == "Succeeded":
            continue
        if pod["metadata"].get("labels", {}).get("job-name") in done:
            continue
        status = pod.get("status", {})
        statuses = status.get("initContainerStatuses", []) + status.get("containerStatuses", [])
        if statuses and all(c.get("ready") or _finished(c) for c in statuses):
            continue
        stuck.append((pod["metadata"]["name"], _why(status, statuses)))
    return stuck


def _finished(container: dict[str, Any]) -> bool:
    return bool(container.get("state", {}).get("terminated", {}).get("exitCode") == 0)


def _why(status: dict[str, Any], statuses: list[dict[str, Any]]) -> str:
    for c in statuses:
        state = c.get("state", {})
        waiting, terminated = state.get("waiting"), state.get("terminated")
        if waiting and waiting.get("reason") not in (None, "PodInitializing"):
            return f"{c['name']}: {waiting['reason']} {waiting.get('message', '')}".strip()
        if terminated and terminated.get("exitCode"):
            return f"{c['name']}: exited {terminated['exitCode']} ({terminated.get('reason')})"
    for condition in status.get("conditions", []):
        if condition.get("status") == "False" and condition.get("message"):
            return str(condition["message"])
    return f"{status.get('phase', 'Unknown')}, not ready"


class Status:
    def __init__(self, kubectl: Kubectl, namespace: str, prefix: str) -> None:
        self.kubectl, self.namespace, self.prefix = kubectl, namespace, prefix

    def objects(self) -> list[dict[str, Any]]:
        out = self.kubectl(
            ["get", "jobs,deployments,statefulsets,pods", "-n", self.namespace,
             "-l", f"{INSTANCE}={self.prefix}", "-o", "json"]
        )  # fmt: skip
        return list(json.loads(out)["items"])

    def _quietly(self, args: list[str]) -> str:
        """What kubectl prints, or why it could not (a container that never started has no log)."""
        try:
            return self.kubectl(args)
        except KubectlError as error:
            return f"({error})"

    def explain(self, objects: list[dict[str, Any]]) -> str:
        """The stuck pods' reasons, their recent events and last log lines."""
        lines = []
        for pod, why in stuck_pods(objects):
            lines.append(f"\npod {pod}: {why}")
            events = self._quietly(
                ["get", "events", "-n", self.namespace, "--field-selector",
                 f"involvedObject.name={pod}", "--sort-by=.lastTimestamp", "-o",
                 "custom-columns=AGE:.lastTimestamp,REASON:.reason,MESSAGE:.message",
                 "--no-headers"]
            )  # fmt: skip
            lines += [f"  event: {e}" for e in events.splitlines()[-EVENTS:]]
            logs = self._quietly(
                ["logs", "-n", self.namespace, pod, "--all-containers", "--prefix",
                 f"--tail={LOG_LINES}"]
            )  # fmt: skip
            lines += [f"  log: {line}" for line in logs.splitlines()[-LOG_LINES:]]
        return "\n".join(lines)


def report(status: Status, out: Any) -> tuple[bool, list[dict[str, Any]]]:
    objects = status.objects()
    found = parts(objects)
    if not found:
        print(f"no deployment labelled {INSTANCE}={status.prefix} in {status.namespace}", file=out)
        return False, objects
    for part in found:
        print(part.line(), file=out)
    ready = all(p.ready for p in found)
    print(f"{sum(p.ready for p in found)}/{len(found)} ready", file=out)
    return ready, objects


def wait(status: Status, timeout: float, out: Any) -> bool:
    """Print what changes until everything is ready; on a timeout, what holds it up."""
    deadline, shown = time.monotonic() + timeout, ""
    while True:
        objects = status.objects()
        found = parts(objects)
        text = "\n".join(p.line() for p in found)
        if text != shown:
            print(f"--- {time.strftime('%H:%M:%S')}\n{text}", file=out, flush=True)
            shown = text
        if found and all(p.ready for p in found):
            print(f"ready: {len(found)} jobs and workloads", file=out)
            return True
        if time.monotonic() >= deadline:
            print(
                f"not ready after {timeout:.0f} s: "
                + ", ".join(f"{p.kind}/{p.name}" for p in found if not p.ready)
                + status.explain(objects),
                file=out,
            )
            return False
        time.sleep(POLL_SECONDS)


def run_kubectl(kubectl: str) -> Kubectl:
    def call(args: Sequence[str]) -> str:
        result = subprocess.run([*kubectl.split(), *args], capture_output=True, text=True)
        if result.returncode != 0:
            raise KubectlError(f"{kubectl} {' '.join(args[:2])}: {result.stderr.strip()}")
        return result.stdout

    return call


class KubectlError(Exception):
    pass


def main(argv: Sequence[str] | None = None, prog: str = "kube-airflow status") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("--namespace", default="airflow")
    parser.add_argument("--prefix", default="airflow")
    parser.add_argument("--kubectl", default="kubectl", help="the kubectl command to run")
    parser.add_argument("--wait", action="store_true", help="wait until ready")
    parser.add_argument("--timeout", type=float, default=600, help="seconds --wait waits")
    args = parser.parse_args(argv)
    status = Status(run_kubectl(args.kubectl), args.namespace, args.prefix)
    try:
        if args.wait:
            return 0 if wait(status, args.timeout, sys.stdout) else 1
        ready, objects = report(status, sys.stdout)
        if not ready:
            print(status.explain(objects).lstrip("\n"))
        return 0 if ready else 1
    except KubectlError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
