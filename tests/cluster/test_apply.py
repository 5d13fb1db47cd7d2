"""Every variant and example, applied to the real API server as a user applies it.

Each goes into a namespace of its own that enforces Pod Security `restricted`; on the cluster
built here the node is cordoned meanwhile, so the pods of fifteen deployments stay Pending
instead of starting on two cores (admission, validation and the apply semantics are what is
tested here; the tutorial tests run the pods).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cluster.kube import Kube
from tests.conftest import ROOT, synth_props, to_yaml
from tests.variants import VARIANTS

pytestmark = pytest.mark.cluster
EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))
CASES = [f"variant:{v}" for v in sorted(VARIANTS)] + [f"example:{e}" for e in EXAMPLES]


def props_of(case: str) -> dict[str, Any]:
    kind, name = case.split(":")
    if kind == "variant":
        return dict(VARIANTS[name])
    return dict(yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text()) or {})


def write_case(
    case: str, folder: Path, namespace: str | None = None
) -> tuple[Path, str, list[dict[str, Any]]]:
    """Synthesize `case` into its own namespace; returns (dist folder, namespace, docs). A
    variant and an example may share a name: `kat-v-logs` and `kat-e-logs` (the first may still
    be terminating when the second is applied)."""
    kind, name = case.split(":")
    namespace = namespace or f"kat-{kind[0]}-{name}"
    props = {**props_of(case), "namespace": namespace}
    docs = synth_props(props)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "airflow.k8s.yaml").write_text(to_yaml(docs))
    return folder, namespace, docs


def ensure_namespace(kube: Kube, namespace: str, docs: list[dict[str, Any]]) -> None:
    """Props with create_namespace: false expect the namespace to exist: make it as a user
    would, enforcing `restricted` too."""
    if any(d["kind"] == "Namespace" for d in docs):
        return
    kube.run("create", "namespace", namespace)
    kube.run("label", "namespace", namespace, "pod-security.kubernetes.io/enforce=restricted")


# kubectl says a PodDisruptionBudget is "configured" on every client-side apply: the patch
# strategy of its selector is `replace`, so the patch it sends is never empty, though the server
# changes nothing (its generation and metadata stay: the test checks that, and kubectl diff agrees).
ALWAYS_PATCHED = "poddisruptionbudget.policy/"


def changed_lines(output: str) -> list[str]:
    return [
        line
        for line in output.splitlines()
        if line
        and not line.endswith(" unchanged")
        and not (line.startswith(ALWAYS_PATCHED) and line.endswith(" configured"))
    ]


def budget_versions(kube: Kube, namespace: str) -> dict[str, Any]:
    """What a write by kubectl would move: the generation (bumped by any change of spec) and
    the labels and annotations. Not resourceVersion: the disruption controller writes each
    budget's status while the pods come up, which moves it without anyone changing the budget."""
    items = kube.json("get", "poddisruptionbudgets", "-n", namespace)["items"]
    return {
        o["metadata"]["name"]: (
            o["metadata"]["generation"],
            o["metadata"].get("labels"),
            o["metadata"].get("annotations"),
        )
        for o in items
    }


# Annotations the tools write, not the manifests: kubectl's record of the last client-side apply
# (server-side apply drops it), and the revision the deployment controller sets when it gets to it.
NOT_OURS = ("kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision")


WORKLOAD_KINDS = {
    "Deployment",
    "StatefulSet",
    "Job",
    "Service",
    "ConfigMap",
    "NetworkPolicy",
    "Role",
    "RoleBinding",
    "PodDisruptionBudget",
}


def workload_specs(kube: Kube, namespace: str, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """What a no-op apply must not change: each object's spec, labels and annotations. Only
    the manifests' own objects: the cluster adds others in their own time (the root CA
    ConfigMap a controller publishes into each new namespace may come seconds late)."""
    kinds = ",".join(sorted(WORKLOAD_KINDS)).lower()  # kubectl takes the singular names too
    ours = {
        f"{d['kind']}/{d['metadata']['name']}"
        for d in docs
        if d["kind"] in WORKLOAD_KINDS and d["metadata"].get("namespace") == namespace
    }
    items = kube.json("get", kinds, "-n", namespace)["items"]
    found = {f"{o['kind']}/{o['metadata']['name']}" for o in items}
    assert ours <= found, f"applied but not found: {sorted(ours - found)}"
    return {
        f"{o['kind']}/{o['metadata']['name']}": (
            o.get("spec", o.get("data", o.get("rules"))),
            o["metadata"].get("labels"),
            {
                k: v
                for k, v in (o["metadata"].get("annotations") or {}).items()
                if k not in NOT_OURS
            },
        )
        for o in items
        if f"{o['kind']}/{o['metadata']['name']}" in ours
    }


def moved_entries(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs, a line per leaf (`Kind/name path: before -> after`), gone and new objects
    by name: what an assertion should print, since a log's tail shows only the end of a
    whole-object diff."""
    lines = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after or key not in before:
            lines.append(f"{key}: {'gone' if key not in after else 'new'}")
        else:
            lines.extend(f"{key} {line}" for line in _leaves(before[key], after[key], ""))
    return lines


def _leaves(a: Any, b: Any, path: str) -> list[str]:
    if isinstance(a, (dict, list, tuple)) and type(a) is type(b):
        keys = (a.keys() | b.keys()) if isinstance(a, dict) else range(max(len(a), len(b)))
        return [
            line
            for k in sorted(keys, key=str)
            for line in _leaves(_at(a, k), _at(b, k), f"{path}/{k}")
        ]
    return [] if a == b else [f"{path or '/'}: {str(a)[:200]} -> {str(b)[:200]}"]


ABSENT = "(absent)"


def _at(container: Any, key: Any) -> Any:
    if isinstance(container, dict):
        return container.get(key, ABSENT)
    return container[key] if key < len(container) else ABSENT


def autoscaled(docs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each workload an autoscaler owns the replicas of (then left unset: the workers, a worker
    set, the api-server), with a count that autoscaler might have chosen: within its bounds,
    which an HPA enforces within seconds even with no metrics (the production example's
    minimum is 4; an HPA that raised a Deployment from 1 to its minimum between the two reads
    of the server-side step read as a change of that apply), and none the workload starts
    with. Above the minimum, an idle workload stays for the scale-down window (300 s)."""
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    found = []
    for scaler in docs:
        if scaler["kind"] not in ("ScaledObject", "HorizontalPodAutoscaler"):
            continue
        spec = scaler["spec"]
        target = by_name[(spec["scaleTargetRef"]["kind"], spec["scaleTargetRef"]["name"])]
        assert "replicas" not in target["spec"], f"an autoscaled {target['kind']} sets replicas"
        low = spec.get("minReplicas", spec.get("minReplicaCount", 0))
        high = spec.get("maxReplicas", spec.get("maxReplicaCount", 100))
        name = f"{target['kind'].lower()}/{target['metadata']['name']}"
        found.append((name, str(min(max(low, 2) + 1, high))))
    return found


# Cases applied at once: each is kubectl processes and API server work on its own namespace, so
# they overlap on two cores where one at a time left a core idle while kubectl started.
APPLY_WORKERS = 3


def exercise(kube: Kube, dist: Path, namespace: str, docs: list[dict[str, Any]]) -> None:
    """Apply, re-apply, diff, move to server-side and diff again: each step's promise asserted."""
    ensure_namespace(kube, namespace, docs)
    try:
        first = kube.run("apply", "-f", f"{dist}/")
        assert "Warning" not in first.stderr, first.stderr
        assert len(first.stdout.splitlines()) == len(docs), first.stdout
        # The scale an autoscaler sets (through the same subresource) survives every re-apply.
        scaled = autoscaled(docs)
        for workload, scaled_to in scaled:
            kube.run("scale", workload, "-n", namespace, f"--replicas={scaled_to}")

        # A second plain apply of the same output changes nothing, and kubectl diff agrees.
        budgets = budget_versions(kube, namespace)
        second = kube.run("apply", "-f", f"{dist}/")
        assert changed_lines(second.stdout) == [], second.stdout
        assert budget_versions(kube, namespace) == budgets
        assert second.stderr == "", second.stderr
        diff = kube.run("diff", "-f", f"{dist}/", check=False)
        assert diff.returncode == 0, diff.stdout[-4000:] + diff.stderr

        # Moving to server-side apply takes over the fields without --force-conflicts...
        before = workload_specs(kube, namespace, docs)
        moved = kube.run("apply", "--server-side", "-f", f"{dist}/", check=False)
        assert moved.returncode == 0, moved.stderr
        assert "Warning" not in moved.stderr, moved.stderr
        # ...and neither it nor a second server-side apply changes anything.
        kube.run("apply", "--server-side", "-f", f"{dist}/")
        changed = moved_entries(before, workload_specs(kube, namespace, docs))
        assert not changed, "\n".join(["a server-side apply changed:", *changed])
        server_diff = kube.run("diff", "--server-side", "-f", f"{dist}/", check=False)
        assert server_diff.returncode == 0, server_diff.stdout[-4000:] + server_diff.stderr
        for workload, scaled_to in scaled:
            kept = kube.run("get", workload, "-n", namespace, "-o", "jsonpath={.spec.replicas}")
            assert kept.stdout == scaled_to, f"an apply reset {workload}'s {scaled_to}"
    finally:
        kube.delete_namespace(namespace, wait=False)


def _outcome(kube: Kube, written: tuple[Path, str, list[dict[str, Any]]]) -> BaseException | None:
    try:
        exercise(kube, *written)
    except BaseException as error:  # reported by the case's own test
        return error
    return None


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest,
    kube: Kube,
    quiet_node: None,
    crds: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, BaseException | None]:
    """The selected cases exercised, APPLY_WORKERS at a time; synthesized first, one by one,
    since the jsii runtime serves one thread."""
    selected = [
        str(item.callspec.params["case"])
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname == "test_apply_is_accepted_and_idempotent"
    ]
    written = {
        case: write_case(case, tmp_path_factory.mktemp(case.replace(":", "-")) / "dist")
        for case in selected
    }
    with ThreadPoolExecutor(max_workers=APPLY_WORKERS) as pool:
        futures = {case: pool.submit(_outcome, kube, written[case]) for case in selected}
    return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("case", CASES)
def test_apply_is_accepted_and_idempotent(
    outcomes: dict[str, BaseException | None], case: str
) -> None:
    if (error := outcomes[case]) is not None:
        raise error


def test_status_names_the_pods_that_cannot_start(
    kube: Kube, quiet_node: None, tmp_path: Path
) -> None:
    """`make status` / `make wait` on a deployment whose pods cannot be scheduled (the node is
    cordoned): exit 1, naming the pods and the scheduler's reason."""
    dist, namespace, docs = write_case("variant:default", tmp_path / "dist", "kat-status")
    ensure_namespace(kube, namespace, docs)
    try:
        kube.run("apply", "-f", f"{dist}/")
        once = kube.status("--namespace", namespace)
        assert once.returncode == 1, once.stdout + once.stderr
        assert "..  deployment   airflow-scheduler" in once.stdout, once.stdout
        waited = kube.status("--namespace", namespace, "--wait", "--timeout", "5")
        assert waited.returncode == 1, waited.stdout + waited.stderr
        assert "not ready after 5 s: job/airflow-bootstrap-secrets" in waited.stdout
        assert "unschedulable" in waited.stdout, waited.stdout
    finally:
        kube.delete_namespace(namespace, wait=False)
