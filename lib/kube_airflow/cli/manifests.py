"""The manifests main.py wrote, read back (for `make diagram`): the workloads by component, the
Secrets, ConfigMaps and claims their pods reference, and the airflow.cfg they mount."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

Obj = dict[str, Any]
COMPONENT = "app.kubernetes.io/component"
WORKLOADS = ("CronJob", "Deployment", "Job", "StatefulSet")
# Where a volume (or projected source), an env value or envFrom names a Secret or ConfigMap.
REFS = {**dict.fromkeys(("secret", "secretKeyRef", "secretRef"), "Secret"),
        **dict.fromkeys(("configMap", "configMapKeyRef", "configMapRef"), "ConfigMap")}  # fmt: skip


class DiagramError(Exception):
    """Input that cannot be drawn: the message says which and why."""


def read_manifests(folder: Path) -> list[Obj]:
    docs: list[Obj] = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            docs += [d for d in yaml.safe_load_all(path.read_text()) if isinstance(d, dict)]
        except yaml.YAMLError as error:
            raise DiagramError(f"{path}: not YAML ({error})") from None
    docs = [d for d in docs if d.get("kind") and d.get("metadata", {}).get("name")]
    if not any(d["kind"] in WORKLOADS for d in docs):
        hint = f"python main.py --out {folder} writes them"
        raise DiagramError(f"{folder}: no Kubernetes workloads in YAML files there ({hint})")
    return docs


def name(obj: Obj) -> str:
    return str(obj["metadata"]["name"])


def pod_template(obj: Obj) -> Obj:
    spec = obj["spec"]["jobTemplate"]["spec"] if obj["kind"] == "CronJob" else obj["spec"]
    return dict(spec["template"])


def containers(obj: Obj) -> list[Obj]:
    spec = pod_template(obj)["spec"]
    return [*spec.get("initContainers", []), *spec["containers"]]


def selects(selector: dict[str, str] | None, obj: Obj) -> bool:
    pod = pod_template(obj)["metadata"].get("labels", {})
    return bool(selector) and all(pod.get(k) == v for k, v in (selector or {}).items())


def references(obj: Obj) -> Iterator[tuple[str, str, str]]:
    """(kind, name, key) of each Secret, ConfigMap and claim the pods use; key "" for all."""
    volumes = pod_template(obj)["spec"].get("volumes", [])
    sources = [s for v in volumes for s in [v, *v.get("projected", {}).get("sources", [])]]
    for c in containers(obj):
        sources += [e.get("valueFrom", {}) for e in c.get("env", [])] + c.get("envFrom", [])
    for source in sources:
        if "persistentVolumeClaim" in source:
            yield "PersistentVolumeClaim", source["persistentVolumeClaim"]["claimName"], ""
        for field in (f for f in REFS if f in source):
            ref = source[field]
            for item in ref.get("items") or [{"key": ref.get("key", "")}]:
                yield REFS[field], ref.get("secretName") or ref["name"], item["key"]


class Objects:
    """The manifests, with the workloads by component: the unit the picture draws."""

    def __init__(self, docs: list[Obj]) -> None:
        self.docs = sorted(docs, key=lambda d: (d["kind"], name(d)))
        self.work = {(d["metadata"].get("labels") or {}).get(COMPONENT) or name(d): d
                     for d in self.of(*WORKLOADS)}  # fmt: skip

    def of(self, *kinds: str) -> list[Obj]:
        return [d for d in self.docs if d["kind"] in kinds]

    def find(self, kind: str, ref: str) -> Obj | None:
        return next((d for d in self.of(kind) if name(d) == ref), None)

    def selected(self, selector: dict[str, str] | None) -> str | None:
        """The one component a selector picks; None for a selector of several (the instance)."""
        hits = [c for c, obj in self.work.items() if selects(selector, obj)]
        return hits[0] if len(hits) == 1 else None

    def behind(self, service: str) -> str | None:
        found = self.find("Service", service)
        return self.selected(found["spec"].get("selector")) if found else None

    def services(self, obj: Obj) -> list[Obj]:
        return [s for s in self.of("Service") if selects(s["spec"].get("selector"), obj)]

    def airflow_cfg(self, obj: Obj) -> configparser.ConfigParser:
        """The airflow.cfg of the ConfigMaps the pods mount."""
        parser = configparser.ConfigParser(interpolation=None)
        for kind, ref, _ in sorted(set(references(obj))):
            config = self.find(kind, ref) if kind == "ConfigMap" else None
            parser.read_string((config or {}).get("data", {}).get("airflow.cfg", ""))
        return parser
