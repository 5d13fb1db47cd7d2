"""Who may read which secret, as the synthesized output states it: every Secret key a pod's
containers (init containers too) take through env, envFrom or a volume, by the component that
runs the pod. docs/security.md's secret matrix is checked against this (tests/test_matrices.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .manifests import CONTAINER_FIELDS, Doc, pod_templates

COMPONENT = "app.kubernetes.io/component"
# The keys of the generated Secret, by the name the docs give each secret (columns, in order).
SECRETS = {
    "fernet-key": "Fernet key",
    "api-secret-key": "`[api] secret_key`",
    "jwt-secret": "JWT secret",
    "postgres-password": "database password",
    "celery-results-password": "Celery results password",
    "broker-password": "broker password",
    "flower-basic-auth": "Flower login",
    "admin-password": "admin password",
}


def secret_keys_of(spec: Doc) -> set[str]:
    """The (generated Secret's) keys a pod spec reads; a whole Secret as `*`."""
    found: set[str] = set()
    for field in CONTAINER_FIELDS:
        for container in spec.get(field) or []:
            for env in container.get("env") or []:
                ref = (env.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    found.add(ref["key"])
            found.update("*" for e in container.get("envFrom") or [] if e.get("secretRef"))
    for volume in spec.get("volumes") or []:
        if volume.get("secret"):
            items = volume["secret"].get("items")
            found.update(i["key"] for i in items) if items else found.add("*")
        for source in (volume.get("projected") or {}).get("sources") or []:
            found.update(i["key"] for i in (source.get("secret") or {}).get("items") or [])
    return found


def secret_matrix(docs: Iterable[Doc]) -> dict[str, set[str]]:
    """Component -> the generated secrets its pods read (by the names in SECRETS)."""
    matrix: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for template in pod_templates(doc):
            component = template.labels.get(COMPONENT)
            if component is None:
                continue
            keys = secret_keys_of(template.spec)
            matrix[component] |= {SECRETS[k] for k in keys if k in SECRETS}
    return dict(matrix)


def render(matrix: dict[str, set[str]], rows: Iterable[str], columns: Iterable[str]) -> list[Any]:
    """The matrix as table rows: [row, 'yes' or '' per column]."""
    columns = list(columns)
    return [[row, *("yes" if c in matrix.get(row, set()) else "" for c in columns)] for row in rows]


def egress_matrix(docs: Iterable[Doc], components: Iterable[str]) -> dict[str, set[str]]:
    """Component -> the destinations (`<prefix>-egress-<destination>` NetworkPolicies) whose pod
    selector picks its pods; a policy with no component selector picks every one of them."""
    matrix: dict[str, set[str]] = {c: set() for c in components}
    for doc in docs:
        name = doc["metadata"]["name"]
        if doc["kind"] != "NetworkPolicy" or "-egress-" not in name:
            continue
        destination = name.split("-egress-", 1)[1]
        expressions = doc["spec"]["podSelector"].get("matchExpressions") or []
        chosen = {v for e in expressions if e["key"] == COMPONENT for v in e["values"]}
        for component in matrix:
            if not expressions or component in chosen:
                matrix[component].add(destination)
    return matrix
