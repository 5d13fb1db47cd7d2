"""The README's library example is real: it synthesizes, in a process of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT


def test_library_example_synthesizes(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Using the constructs from another cdk8s app", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "the README lost its library example"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lib")}
    result = subprocess.run(
        [sys.executable, "-c", code[1]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "etl-api-server" in result.stdout
    docs = [
        d for f in (tmp_path / "dist").glob("*.yaml") for d in yaml.safe_load_all(f.read_text())
    ]
    workers = next(
        d for d in docs if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "etl-worker"
    )
    assert workers["spec"]["replicas"] == 4
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"data"}
