"""Strict OpenAPI schema validation of every doc against every supported Kubernetes version.

Strict mode rejects unknown fields, which catches typos that ``kubectl apply`` would silently
drop (or reject only with server-side field validation). Validating against each minor version
catches fields that are too new for the oldest cluster we support, or APIs removed in newer ones.
"""

import functools
import re
from collections.abc import Iterable

from jsonschema import Draft202012Validator
from kubernetes_validate import utils
from referencing import Registry, Resource

from .manifests import Doc, describe


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.partition("-")[0].split("."))


def supported_versions(min_minor: int = 27) -> list[str]:
    """Newest shipped patch of every 1.x minor from ``min_minor`` up, oldest first."""
    newest: dict[tuple[int, ...], str] = {}
    for shipped in sorted(set(utils.all_versions()), key=_version_key):
        major_minor = _version_key(shipped)[:2]
        if major_minor[0] == 1 and major_minor[1] >= min_minor:
            newest[major_minor] = shipped  # ascending order: the last one per minor wins
    return [newest[key] for key in sorted(newest)]


@functools.cache
def _validator(version: str, kind: str, api_version: str) -> Draft202012Validator | None:
    """A validator per (version, kind), built once: kubernetes_validate.validate() re-reads the
    1.8 MB definitions file and rebuilds the reference registry on every call (~25 ms each)."""
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    folder = f"kubernetes-json-schema/v{version}-local-strict"
    try:
        schema = utils.schema_contents(f"{folder}/{kind.lower()}-{group_version}.json", version)
    except FileNotFoundError:
        return None
    definitions = utils.schema_contents(f"{folder}/_definitions.json", version)
    registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
    return Draft202012Validator(schema, registry=registry)


def _validate_one(doc: Doc, version: str) -> list[str] | None:
    """Every schema error of ``doc`` at ``version`` ([] when valid); None when no schema exists.
    Uses the same schema files and strict mode as ``kubernetes_validate.validate``."""
    if not doc.get("apiVersion") or not doc.get("kind"):
        return [f"{describe(doc)}: apiVersion and kind are required"]
    validator = _validator(version, doc["kind"], doc["apiVersion"])
    if validator is None:
        return None
    return [
        f"{describe(doc)}: {'.'.join(str(p) for p in error.path) or '<root>'}: "
        f"{error.message} (k8s {version})"
        for error in validator.iter_errors(doc)
    ]


def _schemaless_message(doc: Doc, missing: list[str], versions: list[str]) -> str:
    kind = f"{doc.get('apiVersion')} {doc.get('kind')}"
    if len(missing) == len(versions):
        return f"{describe(doc)}: no schema for {kind} (a CRD?) in any version"
    return f"{describe(doc)}: {kind} is not served by k8s {', '.join(missing)}"


# The kinds of the CRD bindings in imports/: no schema here, the cluster tier's test_crds.py has
# the API server validate them against their CRDs.
IMPORTED_CRD_KINDS = frozenset({"ScaledObject", "TriggerAuthentication", "ServiceMonitor"})


def not_imported_crds(unknown_kinds: list[str]) -> list[str]:
    """The messages of `validate_all`'s unknown kinds that are not kinds of imports/."""
    return [u for u in unknown_kinds if IMPORTED_CRD_KINDS.isdisjoint(u.split())]


def validate_all(
    docs: Iterable[Doc], versions: Iterable[str], unknown_kinds: list[str] | None = None
) -> list[str]:
    """Schema violations of ``docs`` against each of ``versions`` in strict mode.

    Kinds without a schema in *any* version (CRDs such as keda.sh ScaledObject or
    monitoring.coreos.com ServiceMonitor) are appended to ``unknown_kinds`` when the caller
    passes a list, and reported as violations otherwise, so they are never skipped silently.
    A built-in kind missing in only *some* versions (removed or not yet served) is a violation.
    """
    versions = list(versions)
    errors: list[str] = []
    for doc in docs:
        missing = []
        for version in versions:
            result = _validate_one(doc, version)
            if result is None:
                missing.append(version)
            else:
                errors.extend(result)
        if not missing:
            continue
        message = _schemaless_message(doc, missing, versions)
        is_crd = len(missing) == len(versions)
        (unknown_kinds if is_crd and unknown_kinds is not None else errors).append(message)
    return errors
