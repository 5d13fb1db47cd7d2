"""The default deployment fits a 2-CPU / 4-GiB node, Jobs included, with every container bounded."""

from __future__ import annotations

from tests.conftest import synth
from tests.resources import deployment_requests


def test_default_fits_a_small_node() -> None:
    cpu, memory = deployment_requests(synth("default"), jobs=True)
    print(f"default requests: {cpu:.2f} CPU, {memory / 2**30:.2f} GiB (Jobs included)")
    assert cpu <= 2.0
    assert memory <= 4 * 2**30


def test_every_container_has_requests_and_limits() -> None:
    for doc in synth("default"):
        spec = doc.get("spec", {}).get("template", {}).get("spec")
        for c in (spec or {}).get("containers", []) + (spec or {}).get("initContainers", []):
            res = c["resources"]
            assert {"cpu", "memory"} <= set(res["requests"]), c["name"]
            assert {"cpu", "memory"} <= set(res["limits"]), c["name"]
