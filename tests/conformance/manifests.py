"""Loading synthesized manifests and walking the pod templates inside them.

Every checker in this package works on plain dicts as produced by ``yaml.safe_load_all`` so the
checks judge exactly what ``kubectl apply`` would send, not what the cdk8s constructs intended.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Doc = dict[str, Any]

# Kinds whose objects are not namespaced: their metadata.namespace is ignored by the API server.
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "APIService",
        "CSIDriver",
        "CSINode",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PriorityClass",
        "RuntimeClass",
        "StorageClass",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
    }
)

# Kinds that own a pod template at spec.template (CronJob and PodTemplate are special-cased).
TEMPLATE_KINDS = frozenset(
    {"DaemonSet", "Deployment", "Job", "ReplicaSet", "ReplicationController", "StatefulSet"}
)

CONTAINER_FIELDS = ("initContainers", "containers", "ephemeralContainers")


@dataclass(frozen=True)
class PodTemplate:
    """A pod's metadata and spec plus where they live, so messages can name the exact field."""

    owner: Doc
    meta_path: str
    spec_path: str
    metadata: Doc
    spec: Doc

    @property
    def where(self) -> str:
        return f"{describe(self.owner)}: {self.spec_path}"

    @property
    def labels(self) -> dict[str, Any]:
        return self.metadata.get("labels") or {}


def _manifest_files(path: str | Path) -> list[Path]:
    """All YAML files below ``path`` in a stable order, so reports are deterministic."""
    root = Path(path)
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def _flatten(doc: Any) -> Iterator[Doc]:
    """Skip empty documents and unpack ``kind: List`` wrappers into their items."""
    if not isinstance(doc, dict):
        return
    if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
        for item in doc["items"]:
            yield from _flatten(item)
    else:
        yield doc


def load_dir(path: str | Path) -> list[Doc]:
    """Every Kubernetes object in every ``*.yaml``/``*.yml`` file below ``path`` (multi-doc)."""
    docs: list[Doc] = []
    for file in _manifest_files(path):
        for doc in yaml.safe_load_all(file.read_text(encoding="utf-8")):
            docs.extend(_flatten(doc))
    return docs


def load_texts(path: str | Path) -> dict[str, str]:
    """Raw text of every YAML file below ``path`` keyed by file path, for line-based scans."""
    return {str(f): f.read_text(encoding="utf-8") for f in _manifest_files(path)}


def name_of(doc: Doc) -> str:
    return str((doc.get("metadata") or {}).get("name", ""))


def namespace_of(doc: Doc) -> str:
    """The explicit namespace, or "" when unset (such objects land in one namespace together)."""
    if doc.get("kind") in CLUSTER_SCOPED_KINDS:
        return ""
    return str((doc.get("metadata") or {}).get("namespace") or "")


def api_group(doc: Doc) -> str:
    """The API group of ``apiVersion`` ("" for the core group), used for identity checks."""
    api_version = str(doc.get("apiVersion", ""))
    return api_version.rsplit("/", 1)[0] if "/" in api_version else ""


def describe(doc: Doc) -> str:
    """``Kind namespace/name`` (or ``Kind name``), the prefix of every violation message."""
    ns = namespace_of(doc)
    name = name_of(doc) or "<unnamed>"
    return f"{doc.get('kind', '<no kind>')} {ns + '/' if ns else ''}{name}"


def _template(doc: Doc, path: str, template: Any) -> Iterator[PodTemplate]:
    if not isinstance(template, dict):
        return
    yield PodTemplate(
        owner=doc,
        meta_path=f"{path}.metadata" if path else "metadata",
        spec_path=f"{path}.spec" if path else "spec",
        metadata=template.get("metadata") or {},
        spec=template.get("spec") or {},
    )


def pod_templates(doc: Doc) -> Iterator[PodTemplate]:
    """The pod template(s) of a doc, mirroring the pod-security admission's spec extractor."""
    kind = doc.get("kind")
    spec = doc.get("spec") or {}
    if kind == "Pod":
        yield from _template(doc, "", doc)
    elif kind == "PodTemplate":
        yield from _template(doc, "template", doc.get("template"))
    elif kind in TEMPLATE_KINDS:
        yield from _template(doc, "spec.template", spec.get("template"))
    elif kind == "CronJob":
        job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
        yield from _template(doc, "spec.jobTemplate.spec.template", job_spec.get("template"))


def pod_specs(doc: Doc) -> Iterator[tuple[str, Doc]]:
    """``(where, podspec)`` for every pod spec in ``doc``; ``where`` prefixes field paths."""
    for template in pod_templates(doc):
        yield template.where, template.spec


def containers_with_paths(podspec: Doc) -> Iterator[tuple[str, Doc]]:
    """``(field path, container)`` for init, regular and ephemeral containers, in that order."""
    for field in CONTAINER_FIELDS:
        for index, container in enumerate(podspec.get(field) or []):
            if isinstance(container, dict):
                yield f"{field}[{index}]", container


def all_containers(podspec: Doc) -> list[Doc]:
    """initContainers + containers + ephemeralContainers, the set PSA and the kubelet see."""
    return [container for _, container in containers_with_paths(podspec)]


def container_label(container: Doc) -> str:
    return f"container {container.get('name', '<unnamed>')!r}"
