"""The CRDs we import bindings from install on the real API server, and objects made with those
bindings pass its validation (against a user's cluster: the CRDs must already be there)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cluster.kube import Kube
from tests.conftest import synth_props
from tests.test_crd_imports import binding_objects
from tests.variants import VARIANTS

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-crds"
KEDA_KINDS = ("ScaledObject", "TriggerAuthentication")


def autoscaler_objects() -> list[dict[str, Any]]:
    """The KEDA objects of every variant that makes them (the database trigger, RabbitMQ and
    Redis queue triggers), each variant under a prefix of its own."""
    keda = [name for name, props in VARIANTS.items() if _keda(props)]
    assert keda, "no variant turns KEDA on"
    return [
        doc
        for number, name in enumerate(keda)
        for doc in synth_props({**VARIANTS[name], "namespace": NAMESPACE, "prefix": f"v{number}"})
        if doc["kind"] in KEDA_KINDS
    ]


def _keda(props: dict[str, Any]) -> bool:
    return bool(props.get("workers", {}).get("autoscaling", {}).get("kind") == "keda")


def test_binding_objects_pass_server_validation(kube: Kube, crds: None) -> None:
    kube.run("create", "namespace", NAMESPACE)
    try:
        # The bindings' objects, and the ServiceMonitor the metrics variant synthesizes.
        ours = [d for d in synth_props(VARIANTS["metrics"]) if d["kind"] == "ServiceMonitor"]
        docs = [
            {**d, "metadata": {**d["metadata"], "namespace": NAMESPACE}}
            for d in [*binding_objects(), *ours]
        ] + autoscaler_objects()
        out = kube.apply_list(docs)
        assert len(out.stdout.splitlines()) == len(docs), out.stdout
        # Validation is real: a field of the wrong type is refused by the CRD's schema.
        bad = {**docs[0], "spec": {**docs[0]["spec"], "minReplicaCount": "many"}}
        refused = kube.run("apply", "-f", "-", input=json.dumps(bad), check=False)
        assert refused.returncode != 0 and "minReplicaCount" in refused.stderr, refused.stderr
        (monitor,) = (d for d in docs if d["metadata"]["name"] == "airflow-statsd")
        endpoint = {**monitor["spec"]["endpoints"][0], "interval": "soon"}
        bad = {**monitor, "spec": {**monitor["spec"], "endpoints": [endpoint]}}
        refused = kube.run("apply", "-f", "-", input=json.dumps(bad), check=False)
        assert refused.returncode != 0 and "interval" in refused.stderr, refused.stderr
    finally:
        kube.delete_namespace(NAMESPACE, wait=False)
