"""What a deployment asks the Kubernetes scheduler for: the effective requests of every pod."""

from __future__ import annotations

import re
from typing import Any

_UNITS = {"": 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def quantity(value: str | int | float) -> float:
    match = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(value))
    assert match, f"not a quantity: {value!r}"
    return float(match[1]) * _UNITS[match[2]]


def pod_requests(spec: dict[str, Any]) -> tuple[float, float]:
    """(cpu cores, memory bytes) as the scheduler counts a pod: the larger of the sum of its
    containers and its largest init container."""

    def total(containers: list[dict[str, Any]], resource: str, combine: Any) -> float:
        values = [quantity(c["resources"]["requests"][resource]) for c in containers] or [0.0]
        return float(combine(values))

    containers, init = spec["containers"], spec.get("initContainers", [])
    return (
        max(total(containers, "cpu", sum), total(init, "cpu", max)),
        max(total(containers, "memory", sum), total(init, "memory", max)),
    )


def deployment_requests(docs: tuple[dict[str, Any], ...], jobs: bool) -> tuple[float, float]:
    """Sum over every replica of every workload (and the Jobs' pods if `jobs`)."""
    cpu = memory = 0.0
    for doc in docs:
        if doc["kind"] in {"Deployment", "StatefulSet"} or (jobs and doc["kind"] == "Job"):
            replicas = doc["spec"].get("replicas", 1)
            c, m = pod_requests(doc["spec"]["template"]["spec"])
            cpu, memory = cpu + replicas * c, memory + replicas * m
    return cpu, memory
