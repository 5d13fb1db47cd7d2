"""Static checks of the cluster harness itself (no cluster needed)."""

from __future__ import annotations

import re

from tests.cluster.build import WRAPPER
from tests.cluster.versions import KUBERNETES_VERSION


def test_wrapper_module_pins_the_same_kubernetes() -> None:
    go_mod = (WRAPPER / "go.mod").read_text()
    assert f"require k8s.io/kubernetes {KUBERNETES_VERSION}\n" in go_mod
    # Every staging module is replaced by the published one of the same minor.
    staging = "v0." + KUBERNETES_VERSION.split(".", 1)[1]
    replaced = re.findall(r"^\t(k8s\.io/\S+) => (\S+) (\S+)$", go_mod, re.MULTILINE)
    assert len(replaced) > 25
    assert {(old == new, version) for old, new, version in replaced} == {(True, staging)}
