"""What every pod is held to (kube/pod_options.py, kube/specs.py), in every variant: bounded
local disk (every container states an ephemeral-storage request and limit and every emptyDir a
sizeLimit, a pod's main container's limit covering its scratch volumes, so the volumes' own
limits bind first), no Service links, and a starting deadline for every CronJob."""

from __future__ import annotations

from typing import Any

from kube_airflow.props.kube import amount
from tests.conformance.manifests import CONTAINER_FIELDS, pod_templates
from tests.conftest import synth, synth_props, with_task_pods

MI = 2**20


def pods(docs: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(t.where, t.spec) for d in with_task_pods(docs) for t in pod_templates(d)]


def test_every_container_and_emptydir_is_bounded(variant: str) -> None:
    for where, spec in pods(synth(variant)):
        for field in CONTAINER_FIELDS:
            for c in spec.get(field) or []:
                resources = c.get("resources", {})
                assert "ephemeral-storage" in resources.get("requests", {}), (where, c["name"])
                assert "ephemeral-storage" in resources.get("limits", {}), (where, c["name"])
        scratch = 0
        for volume in spec.get("volumes") or []:
            if "emptyDir" in volume:
                assert "sizeLimit" in volume["emptyDir"], (where, volume["name"])
                if volume["emptyDir"].get("medium") != "Memory":
                    scratch += int(amount(volume["emptyDir"]["sizeLimit"]))
        main = spec["containers"][0]["resources"]["limits"]["ephemeral-storage"]
        assert int(amount(main)) == scratch + 64 * MI, (where, main, scratch)


def test_a_roles_disk_and_an_explicit_limit() -> None:
    props = {
        "workers": {
            "disk": {"logs": "10Gi"},
            "resources": {"ephemeral_storage_request": "2Gi"},
        },
        "scheduler": {"resources": {"ephemeral_storage_limit": "3Gi"}},
    }
    found = {where.split(":")[0]: spec for where, spec in pods(synth_props(props))}
    found = {k.replace(" airflow/", "/"): v for k, v in found.items()}
    worker = found["StatefulSet/airflow-worker"]
    sizes = {v["name"]: v["emptyDir"]["sizeLimit"] for v in worker["volumes"] if "emptyDir" in v}
    assert sizes == {"tmp": "1Gi", "logs": "10Gi"}, "one size given, the other kept"
    resources = worker["containers"][0]["resources"]
    assert resources["requests"]["ephemeral-storage"] == "2Gi"
    assert resources["limits"]["ephemeral-storage"] == "11328Mi"  # 64Mi + 1Gi + 10Gi
    scheduler = found["Deployment/airflow-scheduler"]["containers"][0]["resources"]
    assert scheduler["limits"]["ephemeral-storage"] == "3Gi"


def test_no_pod_gets_service_links_and_every_cron_job_a_deadline(variant: str) -> None:
    for where, spec in pods(synth(variant)):
        assert spec["enableServiceLinks"] is False, where
    for doc in synth(variant):
        if doc["kind"] == "CronJob":
            assert doc["spec"]["startingDeadlineSeconds"] == 600, doc["metadata"]["name"]
