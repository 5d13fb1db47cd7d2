"""Tier 2: static conformance of every variant, as a cluster and its auditors would judge it."""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conformance import accepted, linters
from tests.conformance.kube_validate import supported_versions, validate_all
from tests.conformance.names import name_violations
from tests.conformance.pod_security import restricted_violations
from tests.conformance.references import reference_violations, secret_references
from tests.conformance.secrets_scan import secret_material_violations
from tests.conftest import ROOT, synth, to_yaml
from tests.variants import VARIANTS

CHECKOV = ROOT / ".venv-checkov/bin/checkov"
CHECKOV_RUN = pytest.StashKey[subprocess.Popen[str]]()


def test_kubernetes_schemas_strict_every_minor(docs: tuple[dict[str, Any], ...]) -> None:
    versions = supported_versions(min_minor=27)
    assert versions[0].startswith("1.27") and len(versions) >= 11
    unknown: list[str] = []
    assert validate_all(docs, versions, unknown) == []
    assert unknown == [], "no CRD kinds in these variants"


def test_pod_security_restricted(docs: tuple[dict[str, Any], ...]) -> None:
    assert restricted_violations(docs) == []


def test_cross_references(variant: str, docs: tuple[dict[str, Any], ...]) -> None:
    """Every reference resolves, except to the ConfigMaps the props say the user makes."""
    assert reference_violations(docs, VARIANTS[variant]) == []


def test_names_and_labels(docs: tuple[dict[str, Any], ...]) -> None:
    assert name_violations(docs) == []


def test_no_secret_material(variant: str, docs: tuple[dict[str, Any], ...]) -> None:
    assert secret_material_violations(docs, {f"{variant}.yaml": to_yaml(docs)}) == []


def test_every_secret_reference_is_generated_or_given(
    variant: str, docs: tuple[dict[str, Any], ...]
) -> None:
    """Each secretKeyRef names either a key the bootstrap Job generates or a Secret key the user
    gave in the props: no pod can wait forever on a Secret nobody makes."""
    generated = _generated_keys(docs)
    given = set(_secret_key_refs(VARIANTS[variant]))
    for _namespace, name, key in secret_references(docs):
        if name.endswith("-generated"):
            assert key in generated, f"{name}/{key} is referenced but never generated"
        else:
            assert (name, key) in given, f"{name}/{key} comes from nowhere"


def _generated_keys(docs: tuple[dict[str, Any], ...]) -> set[str]:
    for doc in docs:
        if (
            doc["metadata"].get("labels", {}).get("app.kubernetes.io/component")
            == ("bootstrap-secrets")
            and doc["kind"] == "Job"
        ):
            env = doc["spec"]["template"]["spec"]["containers"][0]["env"]
            return set(json.loads(next(e["value"] for e in env if e["name"] == "GENERATE")))
    return set()


def _secret_key_refs(props: Any) -> list[tuple[str, str | None]]:
    """Every Secret reference anywhere in a props mapping: {name, key}, TLS Secret names, whole
    Secrets of volumes and env_from, and image pull Secrets."""
    if isinstance(props, list):
        return [ref for value in props for ref in _secret_key_refs(value)]
    if isinstance(props, dict):
        if set(props) == {"name", "key"}:
            return [(props["name"], props["key"])]
        whole = [
            (props[k], None) for k in ("tls_secret", "secret") if isinstance(props.get(k), str)
        ]
        pulls = [(name, None) for name in props.get("image_pull_secrets", [])]
        return whole + pulls + [r for value in props.values() for r in _secret_key_refs(value)]
    return []


def test_prefixes_share_no_name_or_selector() -> None:
    """Two deployments in one namespace: no object name and no selector in common."""
    a = synth("default")
    b = [d for d in synth("prefix")]

    def keyed(docs: Any) -> set[tuple[str, str]]:
        return {(d["kind"], d["metadata"]["name"]) for d in docs if d["kind"] != "Namespace"}

    assert not keyed(a) & keyed(b)
    for doc in a:
        selector = doc.get("spec", {}).get("selector", {})
        labels = selector.get("matchLabels", selector) if isinstance(selector, dict) else {}
        if labels:
            assert labels.get("app.kubernetes.io/instance") == "airflow", doc["metadata"]["name"]


def start_checkov(root: Path) -> subprocess.Popen[str]:
    """checkov over every variant, in the background: it is the slowest check (~15 s), so
    conftest.py starts it as soon as this module is collected and other tests run meanwhile."""
    for name in VARIANTS:
        (root / f"{name}.yaml").write_text(to_yaml(synth(name)))
    command = [
        str(CHECKOV),
        "-d",
        str(root),
        "--framework",
        "kubernetes",
        "--compact",
        "-o",
        "json",
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="session")
def checkov_report(request: pytest.FixtureRequest) -> dict[str, Any]:
    assert CHECKOV.exists(), "checkov missing: `make test` installs it into .venv-checkov"
    process: subprocess.Popen[str] = request.config.stash[CHECKOV_RUN]
    stdout, stderr = process.communicate(timeout=600)
    shutil.rmtree(str(process.args[2]), ignore_errors=True)  # type: ignore[index]
    assert process.returncode in (0, 1), stderr[-2000:]
    report = json.loads(stdout)
    return dict(report[0] if isinstance(report, list) else report)


# The one finding about the user's own choices: a sidecar from the values file has no probes (the
# values API offers none; a library user's add_sidecar takes a k8s.Container with probes).
USER_SIDECAR_WITHOUT_PROBES = {
    ("CKV_K8S_8", "StatefulSet.airflow.airflow-worker", "/pod-options.yaml"),
    ("CKV_K8S_9", "StatefulSet.airflow.airflow-worker", "/pod-options.yaml"),
}


def test_checkov_finds_nothing(checkov_report: dict[str, Any]) -> None:
    failed = {
        (c["check_id"], c["resource"], c["file_path"])
        for c in checkov_report["results"]["failed_checks"]
    }
    assert failed - USER_SIDECAR_WITHOUT_PROBES == set()
    assert checkov_report["summary"]["parsing_errors"] == 0
    assert checkov_report["summary"]["passed"] > 500


def test_every_checkov_skip_says_why(checkov_report: dict[str, Any]) -> None:
    skipped = checkov_report["results"]["skipped_checks"]
    assert skipped, "the accepted findings are recorded as annotations"
    for check in skipped:
        assert len(check["check_result"].get("suppress_comment", "")) > 20, check["check_id"]


def _every_deployment() -> dict[str, tuple[tuple[dict[str, Any], ...], str]]:
    """Every variant and example: its manifests and its prefix."""
    from kube_airflow.props.values import load_props, merge
    from tests.cli.test_values import EXAMPLES
    from tests.conftest import synth_props

    found = {
        name: (synth(name), str(props.get("prefix", "airflow"))) for name, props in VARIANTS.items()
    }
    for example in EXAMPLES:
        props = load_props(merge([str(example)]))
        found[f"examples/{example.stem}"] = (tuple(synth_props(props.model_dump())), props.prefix)
    return found


def test_kube_score_and_polaris_find_only_what_is_accepted(tmp_path: Path) -> None:
    """kube-score and Polaris, built from their modules (tests/conformance/linters.py), over
    every variant and example, one deployment at a time: each finding is one
    tests/conformance/accepted.py accepts with its reason, and each accepted one still occurs."""
    try:
        tools = {accepted.KUBE_SCORE: linters.kube_score_findings,
                 accepted.POLARIS: linters.polaris_findings}  # fmt: skip
        linters.kube_score(), linters.polaris()
    except linters.LinterUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    jobs = []
    for name, (docs, prefix) in _every_deployment().items():
        folder = tmp_path / name.replace("/", "-")
        folder.mkdir()
        (folder / "manifests.yaml").write_text(to_yaml(docs))
        jobs += [(name, prefix, tool, run, folder) for tool, run in tools.items()]
    # Subprocesses, one per deployment and tool: a few at a time.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: job[3](job[4]), jobs))
    new, seen = [], set()
    for (name, prefix, tool, _, _), findings in zip(jobs, results, strict=True):
        new += [
            {"in": name, "tool": tool, **f} for f in accepted.unaccepted(tool, findings, prefix)
        ]
        seen |= accepted.used(tool, findings, prefix)
    assert new == [], "fix these, or accept them with a reason in tests/conformance/accepted.py"
    stale = [f"{a.checks} {a.kind}/{a.names}" for a in accepted.ACCEPTED if a not in seen]
    assert stale == [], "accepted but no longer found: remove them"
