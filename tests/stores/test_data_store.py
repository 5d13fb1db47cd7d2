"""lib/kube_airflow/data_store.py: the one-replica StatefulSet every in-cluster data store runs as
(Postgres, RabbitMQ, Redis), with its data on a claim of its own and a read-only root."""

from __future__ import annotations

import pytest

from tests.conftest import synth, synth_props
from tests.objects import headless_set, main, objects, pod

STORES = [("default", "postgres"), ("default", "rabbitmq"), ("redis", "redis")]


@pytest.mark.parametrize(("variant", "store"), STORES)
def test_one_pod_named_by_its_headless_service_ready_or_not(variant: str, store: str) -> None:
    stateful_set, service = headless_set(synth(variant), store)
    assert stateful_set["spec"]["replicas"] == 1
    assert service["metadata"]["name"] == f"airflow-{store}"
    # The name resolves once the pod has an address: clients retry, a cold start is quicker.
    assert service["spec"]["publishNotReadyAddresses"] is True
    ((port,), (container_port,)) = service["spec"]["ports"], main(stateful_set)["ports"]
    assert port["targetPort"] == port["name"] == container_port["name"]
    assert port["port"] == container_port["containerPort"]


@pytest.mark.parametrize(("variant", "store"), STORES)
def test_the_images_own_uid_and_a_read_only_root_with_scratch_volumes(
    variant: str, store: str
) -> None:
    spec = pod(objects(synth(variant), store)["StatefulSet"])
    security = spec["securityContext"]
    assert security["runAsUser"] == security["runAsGroup"] == security["fsGroup"] == 999
    # Re-owned only when the root does not match: RabbitMQ's cookie must stay owner-only.
    assert security["fsGroupChangePolicy"] == "OnRootMismatch"
    assert spec["automountServiceAccountToken"] is False and spec["enableServiceLinks"] is False
    (container,) = spec["containers"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    scratch = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
    assert scratch == {v["name"] for v in spec["volumes"]}
    assert {m["name"] for m in container["volumeMounts"]} == {"data", *scratch}


@pytest.mark.parametrize(("variant", "store"), STORES)
def test_data_on_a_claim_the_stateful_set_never_deletes(variant: str, store: str) -> None:
    spec = objects(synth(variant), store)["StatefulSet"]["spec"]
    assert spec["persistentVolumeClaimRetentionPolicy"] == {
        "whenDeleted": "Retain",
        "whenScaled": "Retain",
    }
    (claim,) = spec["volumeClaimTemplates"]
    assert claim["metadata"]["name"] == "data"
    assert claim["spec"]["accessModes"] == ["ReadWriteOnce"]


def test_claim_size_and_class_from_props() -> None:
    docs = synth_props({"database": {"storage": "50Gi", "storage_class": "fast-ssd"}})
    (claim,) = objects(docs, "postgres")["StatefulSet"]["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["storageClassName"] == "fast-ssd"
    assert claim["spec"]["resources"]["requests"]["storage"] == "50Gi"
