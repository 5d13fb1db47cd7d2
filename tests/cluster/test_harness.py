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


def test_console_errors_fail_the_ui_check_unless_known_upstream() -> None:
    from tests.cluster.browser import console_errors

    entries = [
        {"level": "SEVERE", "source": "javascript", "message": "x.js 1:2 Uncaught TypeError: boom"},
        {"level": "SEVERE", "source": "console-api", "message": 'grid.js 3:4 "stream error"'},
        {"level": "SEVERE", "source": "network", "message": "/api/v2/x - status of 500 (Error)"},
        {"level": "SEVERE", "source": "network", "message": "/ui/config - status of 401 (No)"},
        {"level": "WARNING", "source": "console-api", "message": "deprecated"},
        {"level": "SEVERE", "source": "javascript", "message": "(reading 'tz')"},
    ]
    failing, known = console_errors(entries)
    assert failing == [e["message"] for e in entries[:3]]
    assert known == ["(reading 'tz')"]
