"""A component's synthesized objects, as the role and store tests read them: by the component
label every object carries, one object of each kind."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from tests.conformance.manifests import pod_specs

Doc = dict[str, Any]
COMPONENT_LABEL = "app.kubernetes.io/component"


def objects(docs: Iterable[Doc], component: str) -> dict[str, Doc]:
    """Kind -> the component's object of that kind."""
    found: dict[str, Doc] = {}
    for doc in docs:
        if doc["metadata"].get("labels", {}).get(COMPONENT_LABEL) == component:
            assert doc["kind"] not in found, f"two {doc['kind']} objects of {component}"
            found[doc["kind"]] = doc
    return found


def pod(workload: Doc) -> Doc:
    """The pod spec of a Deployment, StatefulSet, Job or CronJob."""
    ((_, spec),) = pod_specs(workload)
    return spec


def main(workload: Doc) -> Doc:
    """The workload's main container: the first."""
    container: Doc = pod(workload)["containers"][0]
    return container


def env(container: Doc) -> dict[str, Doc]:
    return {e["name"]: e for e in container.get("env", [])}


def generated_keys(docs: Iterable[Doc]) -> dict[str, str]:
    """Key -> kind of value the secrets bootstrap Job generates ({} when there is no such Job)."""
    job = objects(docs, "bootstrap-secrets").get("Job")
    if job is None:
        return {}
    keys: dict[str, str] = json.loads(env(main(job))["GENERATE"]["value"])
    return keys


def probes(container: Doc) -> dict[str, tuple[Doc, int, int]]:
    """Kind -> (what it asks, period, failure threshold) of each probe the container has."""
    found = {}
    for kind in ("startup", "liveness", "readiness"):
        if probe := container.get(f"{kind}Probe"):
            asks = {k: v for k, v in probe.items() if k in ("exec", "httpGet", "tcpSocket")}
            found[kind] = (asks, probe["periodSeconds"], probe["failureThreshold"])
    return found


def headless_set(docs: Iterable[Doc], component: str) -> tuple[Doc, Doc]:
    """The component's StatefulSet and its headless Service, which is the set's serviceName."""
    found = objects(docs, component)
    stateful_set, service = found["StatefulSet"], found["Service"]
    assert stateful_set["spec"]["serviceName"] == service["metadata"]["name"]
    assert service["spec"]["clusterIP"] == "None"
    return stateful_set, service
