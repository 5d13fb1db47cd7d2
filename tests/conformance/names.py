"""Names, labels and other identifiers that the API server (or a controller) will reject later.

Most of these are validated on create, but several limits only bite when a controller derives a
new name (ReplicaSet, pod, Job) or label value from ours, long after ``kubectl apply`` succeeded.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .manifests import Doc, PodTemplate, containers_with_paths, describe, name_of, pod_templates

DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
DNS1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
IANA_SVC_NAME = re.compile(r"[-a-z0-9]+")

# Longest metadata.name per kind, and why:
# - StatefulSet 52: each pod carries ``controller-revision-hash: <name>-<hash>``, a label value
#   (<= 63 chars) whose hash suffix takes up to 10 chars plus the dash; the API server itself
#   only rejects this on pod creation, so the StatefulSet is accepted and then never scales.
# - Deployment 47: the ReplicaSet is named ``<name>-<pod-template-hash>`` (dash + up to 10 chars,
#   so <= 58 = the generateName base limit) and its pods ``<replicaset>-<5 random chars>``, which
#   keeps pod names <= 63 so they remain valid hostnames instead of being truncated.
# - Job 63: the controller labels its pods ``job-name``/``batch.kubernetes.io/job-name: <name>``,
#   a label value (<= 63), so a longer Job is accepted but can never create a pod.
# - CronJob 52: each Job is named ``<name>-<scheduled minute>`` (dash + up to 11 digits), and the
#   API server enforces this limit on CronJobs.
MAX_NAME_LENGTH = {"StatefulSet": 52, "Deployment": 47, "Job": 63, "CronJob": 52}
# Kinds whose name must be a DNS label rather than a subdomain (it becomes a DNS label itself).
DNS_LABEL_KINDS = frozenset({"Namespace", "StatefulSet"})

NameCheck = Callable[[Doc], Iterator[str]]


def is_dns1123_label(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 63 and bool(DNS1123_LABEL.fullmatch(value))


def is_dns1123_subdomain(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 253 and bool(DNS1123_SUBDOMAIN.fullmatch(value))


def is_dns1035_label(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= 63 and bool(DNS1035_LABEL.fullmatch(value))


def is_iana_svc_name(value: Any) -> bool:
    """Named container ports: <= 15 chars, [-a-z0-9], a letter, no "--", no edge dashes."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= 15
        and bool(IANA_SVC_NAME.fullmatch(value))
        and any(c.isalpha() for c in value)
        and "--" not in value
        and not value.startswith("-")
        and not value.endswith("-")
    )


def is_qualified_name(key: Any) -> bool:
    """Label/annotation key: optional DNS-subdomain prefix + "/" + name (<= 63 chars)."""
    if not isinstance(key, str):
        return False
    prefix, _, name = key.rpartition("/")
    if "/" in key and not is_dns1123_subdomain(prefix):
        return False
    return 0 < len(name) <= 63 and bool(QUALIFIED_NAME.fullmatch(name))


def is_label_value(value: Any) -> bool:
    """Label values must be strings (YAML ints/bools are rejected) of <= 63 chars."""
    return isinstance(value, str) and len(value) <= 63 and bool(LABEL_VALUE.fullmatch(value))


def is_env_var_name(value: Any) -> bool:
    """Relaxed env var names (GA in 1.34): printable ASCII except "=", non-empty."""
    return (
        isinstance(value, str)
        and value != ""
        and "=" not in value
        and all(32 <= ord(c) < 127 for c in value)
    )


def _object_name_problems(kind: str, name: str) -> Iterator[str]:
    if kind == "Service":
        if not is_dns1035_label(name):
            yield "must be a DNS-1035 label (a-z first, [-a-z0-9], <= 63 chars)"
    elif kind in DNS_LABEL_KINDS:
        if not is_dns1123_label(name):
            yield "must be a DNS-1123 label ([-a-z0-9], <= 63 chars)"
    elif not is_dns1123_subdomain(name):
        yield "must be a DNS-1123 subdomain ([-.a-z0-9], <= 253 chars)"
    limit = MAX_NAME_LENGTH.get(kind)
    if limit is not None and len(name) > limit:
        yield f"{kind} names must be <= {limit} chars (got {len(name)})"


def check_object_name(doc: Doc) -> Iterator[str]:
    """metadata.name per kind; see MAX_NAME_LENGTH for the derived-name limits."""
    for problem in _object_name_problems(str(doc.get("kind")), name_of(doc)):
        yield f"{describe(doc)}: metadata.name: {problem}"


def _label_map_problems(where: str, labels: Any, values: bool = True) -> Iterator[str]:
    """Keys of a labels/annotations map; label values must be valid, annotation values strings."""
    if not isinstance(labels, dict):
        return
    for key, value in labels.items():
        if not is_qualified_name(key):
            yield f"{where}[{key}]: invalid key (optional DNS prefix + '/' + name <= 63 chars)"
        if values and not is_label_value(value):
            yield f"{where}[{key}]: invalid label value {value!r} (string, <= 63 chars)"
        elif not values and not isinstance(value, str):
            yield f"{where}[{key}]: annotation value {value!r} must be a string"


def _selector_maps(doc: Doc) -> Iterator[tuple[str, Any]]:
    spec = doc.get("spec") or {}
    selector = spec.get("selector")
    if doc.get("kind") == "Service":
        yield "spec.selector", selector
    elif isinstance(selector, dict):
        yield "spec.selector.matchLabels", selector.get("matchLabels")


def check_labels(doc: Doc) -> Iterator[str]:
    """Labels, selectors and annotation keys of the object and of its pod templates."""
    prefix = describe(doc)
    meta = doc.get("metadata") or {}
    yield from _label_map_problems(f"{prefix}: metadata.labels", meta.get("labels"))
    annotations = meta.get("annotations")
    yield from _label_map_problems(f"{prefix}: metadata.annotations", annotations, values=False)
    for path, labels in _selector_maps(doc):
        yield from _label_map_problems(f"{prefix}: {path}", labels)
    for template in pod_templates(doc):
        if template.owner is doc and template.meta_path == "metadata":
            continue  # a Pod's own metadata was checked above
        where = f"{prefix}: {template.meta_path}"
        yield from _label_map_problems(f"{where}.labels", template.metadata.get("labels"))
        annotations = template.metadata.get("annotations")
        yield from _label_map_problems(f"{where}.annotations", annotations, values=False)


def _container_problems(where: str, container: Doc) -> Iterator[str]:
    if not is_dns1123_label(container.get("name")):
        yield f"{where}.name: {container.get('name')!r} is not a DNS-1123 label"
    for i, port in enumerate(container.get("ports") or []):
        if "name" in port and not is_iana_svc_name(port["name"]):
            yield f"{where}.ports[{i}].name: {port['name']!r} is not an IANA_SVC_NAME"
    for i, env in enumerate(container.get("env") or []):
        if not is_env_var_name(env.get("name")):
            yield f"{where}.env[{i}].name: {env.get('name')!r} is not a valid env var name"


def _pod_problems(template: PodTemplate) -> Iterator[str]:
    seen: set[Any] = set()
    for cpath, container in containers_with_paths(template.spec):
        where = f"{template.where}.{cpath}"
        yield from _container_problems(where, container)
        if container.get("name") in seen:
            yield f"{where}.name: duplicate container name {container.get('name')!r}"
        seen.add(container.get("name"))
    volume_names: set[Any] = set()
    for i, volume in enumerate(template.spec.get("volumes") or []):
        name = volume.get("name")
        if not is_dns1123_label(name):
            yield f"{template.where}.volumes[{i}].name: {name!r} is not a DNS-1123 label"
        if name in volume_names:
            yield f"{template.where}.volumes[{i}].name: duplicate volume name {name!r}"
        volume_names.add(name)


def check_pod_names(doc: Doc) -> Iterator[str]:
    """Container, port, volume and env var names inside every pod template."""
    for template in pod_templates(doc):
        yield from _pod_problems(template)


def check_service_ports(doc: Doc) -> Iterator[str]:
    """Service port names are DNS labels (required with >1 port); named targetPorts IANA names."""
    if doc.get("kind") != "Service":
        return
    ports = (doc.get("spec") or {}).get("ports") or []
    for i, port in enumerate(ports):
        where = f"{describe(doc)}: spec.ports[{i}]"
        name = port.get("name")
        if (name is not None or len(ports) > 1) and not is_dns1123_label(name):
            yield f"{where}.name: {name!r} must be a DNS-1123 label (required with >1 port)"
        target = port.get("targetPort")
        if isinstance(target, str) and not is_iana_svc_name(target):
            yield f"{where}.targetPort: {target!r} is not an IANA_SVC_NAME"


NAME_CHECKS: tuple[NameCheck, ...] = (
    check_object_name,
    check_labels,
    check_pod_names,
    check_service_ports,
)


def name_violations(docs: Iterable[Doc]) -> list[str]:
    """Every invalid or too-long name, label, port name, volume name or env var name."""
    return [problem for doc in docs for check in NAME_CHECKS for problem in check(doc)]
