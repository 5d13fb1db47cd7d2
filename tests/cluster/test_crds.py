"""The CRDs we import bindings from install on the real API server, and objects made with those
bindings pass its validation (against a user's cluster: the CRDs must already be there)."""

from __future__ import annotations

import json

import pytest

from tests.cluster.kube import Kube
from tests.conftest import ROOT, synth_props
from tests.test_crd_imports import binding_objects
from tests.variants import VARIANTS

pytestmark = pytest.mark.cluster
CRDS = ROOT.parent / "shared" / "crds"
NAMES = (
    "scaledobjects.keda.sh",
    "triggerauthentications.keda.sh",
    "servicemonitors.monitoring.coreos.com",
)
NAMESPACE = "kat-crds"


@pytest.fixture(scope="module")
def installed(kube: Kube) -> None:
    if kube.local:
        assert CRDS.is_dir(), f"the CRD files are expected in {CRDS} (shared/crds beside the clone)"
        # Server-side: these CRDs are too large for the last-applied annotation.
        kube.run("apply", "--server-side", "-f", f"{CRDS}/")
    present = {c["metadata"]["name"] for c in kube.json("get", "crd")["items"]}
    missing = set(NAMES) - present
    assert not missing, f"install these CRDs in the cluster under test first: {sorted(missing)}"
    for name in NAMES:
        kube.run("wait", "--for=condition=Established", f"crd/{name}", "--timeout=60s")


def test_binding_objects_pass_server_validation(kube: Kube, installed: None) -> None:
    kube.run("create", "namespace", NAMESPACE)
    try:
        # The bindings' objects, and the ServiceMonitor the metrics variant synthesizes.
        ours = [d for d in synth_props(VARIANTS["metrics"]) if d["kind"] == "ServiceMonitor"]
        docs = [
            {**d, "metadata": {**d["metadata"], "namespace": NAMESPACE}}
            for d in [*binding_objects(), *ours]
        ]
        out = kube.run(
            "apply",
            "-f",
            "-",
            input=json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}),
        )
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
