"""Annotations for GitOps controllers, so they apply the deployment in a sensible order and can
replace a Job whose (immutable) pod template changed.

Argo CD: sync waves (Namespace, then RBAC/config and the secrets bootstrap, then the data stores,
then the migration and the Celery results role, then Airflow); Jobs get
`Force=true,Replace=true`. Flux: Jobs get `kustomize.toolkit.fluxcd.io/force: enabled` (Flux
orders namespaces first by itself, and the init containers make the rest converge).
"""

from __future__ import annotations

from cdk8s import ApiObject
from constructs import Construct

from kube_airflow.core import components

WAVE = "argocd.argoproj.io/sync-wave"
# Lower waves are applied, and must be healthy (a Job: complete), before higher ones.
SETUP_KINDS = {"ServiceAccount", "Role", "RoleBinding", "ConfigMap", "NetworkPolicy"}


def wave(kind: str, component: str) -> int:
    if kind == "Namespace":
        return -3
    if kind in SETUP_KINDS or component in {components.BOOTSTRAP_SECRETS, components.DAGS}:
        return -2
    if component in components.DATA_STORES:
        return -1
    if component in {components.DB_MIGRATE, components.CELERY_RESULTS}:
        return 0
    return 1


def annotate(scope: Construct, controller: str) -> None:
    """Add the controller's annotations to every object under `scope`."""
    for node in scope.node.find_all():
        if not isinstance(node, ApiObject):
            continue
        component = node.metadata.get_label("app.kubernetes.io/component") or ""
        if controller == "argocd":
            node.metadata.add_annotation(WAVE, str(wave(node.kind, component)))
            if node.kind == "Job":
                node.metadata.add_annotation(
                    "argocd.argoproj.io/sync-options", "Force=true,Replace=true"
                )
        elif node.kind == "Job":
            node.metadata.add_annotation("kustomize.toolkit.fluxcd.io/force", "enabled")
