"""GitOps annotations: Argo CD applies the deployment in waves that match its dependencies, and
Argo CD or Flux may replace a Job whose immutable template changed."""

from __future__ import annotations

from typing import Any

from tests.conftest import synth, synth_props


def _wave(docs: Any, kind: str, component: str) -> int:
    doc = next(
        d
        for d in docs
        if d["kind"] == kind and d["metadata"]["labels"]["app.kubernetes.io/component"] == component
    )
    return int(doc["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"])


def test_argocd_waves_follow_the_dependencies() -> None:
    docs = synth("argocd")
    order = [
        _wave(docs, "Namespace", "namespace"),
        _wave(docs, "Job", "bootstrap-secrets"),
        _wave(docs, "StatefulSet", "postgres"),
        _wave(docs, "Job", "db-migrate"),
        _wave(docs, "Deployment", "api-server"),
    ]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert _wave(docs, "Role", "bootstrap-secrets") <= _wave(docs, "Job", "bootstrap-secrets")
    for doc in docs:
        assert "argocd.argoproj.io/sync-wave" in doc["metadata"]["annotations"], doc["kind"]
        if doc["kind"] == "Job":
            options = doc["metadata"]["annotations"]["argocd.argoproj.io/sync-options"]
            assert options == "Force=true,Replace=true"


def test_flux_may_replace_jobs_only() -> None:
    docs = synth_props({"gitops": "flux"})
    for doc in docs:
        annotations = doc["metadata"].get("annotations", {})
        forced = annotations.get("kustomize.toolkit.fluxcd.io/force") == "enabled"
        assert forced == (doc["kind"] == "Job"), doc["metadata"]["name"]
        assert "argocd.argoproj.io/sync-wave" not in annotations


def test_default_has_no_gitops_annotations() -> None:
    text = str(synth("default"))
    assert "argocd" not in text and "fluxcd" not in text
