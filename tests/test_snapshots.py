"""Tier 1: the synthesized YAML of every variant, locked by syrupy. A change here is reviewed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from syrupy.assertion import SnapshotAssertion

from tests.conftest import ROOT, synth, to_yaml


def test_snapshot(variant: str, snapshot: SnapshotAssertion) -> None:
    assert to_yaml(synth(variant)) == snapshot


def test_main_writes_the_default_app(tmp_path: Path) -> None:
    """`python main.py` (what users run) writes exactly the default variant, deterministically."""
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = subprocess.run(
            [sys.executable, "main.py", "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "Node" not in result.stderr, "jsii's Node banner must not reach users"
        files = sorted(out.iterdir())
        # The Namespace in a file of its own (deleting the rest keeps it), applied first.
        assert [f.name for f in files] == ["0-namespace.k8s.yaml", "airflow.k8s.yaml"]
        outputs.append(b"---\n".join(f.read_bytes() for f in files))
    assert outputs[0] == outputs[1], "same input must give byte-identical output"
    assert list(yaml.safe_load_all(outputs[0])) == list(synth("default"))
