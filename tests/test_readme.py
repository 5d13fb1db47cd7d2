"""The README's library example is real: it synthesizes, in a process of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT


def _example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Using the constructs from another cdk8s app", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "the README lost its library example"
    return code[1]


def test_library_example_passes_mypy_strict(tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text(_example())
    # The generated CRD bindings are checked as an installed package's are: not at all.
    ini = "[mypy]\n[mypy-kube_airflow_imports.*]\nignore_missing_imports = True\n"
    (tmp_path / "mypy.ini").write_text(ini)
    env = {**os.environ, "MYPYPATH": str(ROOT / "lib")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "example.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_library_example_synthesizes(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JSII_SILENCE")}
    env["PYTHONPATH"] = str(ROOT / "lib")
    result = subprocess.run(
        [sys.executable, "-c", _example()], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "!!" not in result.stderr, "the jsii runtime's Node.js banner reached the user"
    assert "etl-api-server" in result.stdout
    docs = [
        d for f in (tmp_path / "dist").glob("*.yaml") for d in yaml.safe_load_all(f.read_text())
    ]
    workers = next(
        d for d in docs if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "etl-worker"
    )
    assert workers["spec"]["replicas"] == 4
    env = {e["name"]: e for e in workers["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["API_TOKEN"]["valueFrom"]["secretKeyRef"] == {"name": "etl-tokens", "key": "api"}
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"data"}


def test_no_banner_when_cdk8s_is_imported_first(tmp_path: Path) -> None:
    """The installed package silences jsii at interpreter start (its .pth file), so a user's app
    that imports cdk8s before kube_airflow prints no banner either."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JSII_SILENCE")}
    code = "import cdk8s, kube_airflow; cdk8s.App()"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "!!" not in result.stderr, "the jsii runtime's Node.js banner reached the user"
