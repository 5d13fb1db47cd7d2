"""The library as users install it: the wheel and sdist `python -m build` makes, the wheel
installed into a fresh virtual environment outside the checkout, and there `kube-airflow synth`,
the README's library example and `cdk8s synth` of a minimal cdk8s app that depends on it.

Needs PyPI (pip's cache makes later runs quick) and npm for the cdk8s CLI, cached under
~/.cache/kube-airflow like the cluster binaries."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_readme import _example

# The CLI cdk8s.yaml's regeneration recipe names: the version imports/ was generated with.
CDK8S_CLI = "cdk8s-cli@2.207.60"
CACHE = Path.home() / ".cache" / "kube-airflow"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    sdist: Path
    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
        """`command` with the virtual environment's bin/ first on PATH and nothing of the
        checkout's: no PYTHONPATH, no pipenv, a working directory outside the checkout."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIPENV"))}
        env = {k: v for k, v in env.items() if not k.startswith(("VIRTUAL_ENV", "JSII_SILENCE"))}
        env["PATH"] = f"{self.venv / 'bin'}:{env['PATH']}"
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def timed(what: str, command: list[str], cwd: Path = ROOT) -> None:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, f"{what}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    print(f"{what}: {time.perf_counter() - start:.1f} s")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    out = tmp_path_factory.mktemp("package")
    timed("python -m build", [sys.executable, "-m", "build", "--outdir", str(out / "dist")])
    (wheel,) = (out / "dist").glob("*.whl")
    (sdist,) = (out / "dist").glob("*.tar.gz")
    venv = out / "venv"
    timed("venv", [sys.executable, "-m", "venv", str(venv)])
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    timed("pip install the wheel", [*pip, str(wheel)], cwd=out)
    yield Installed(wheel, sdist, venv)


def test_one_version_everywhere(installed: Installed) -> None:
    assert installed.wheel.name.startswith(f"kube_airflow-{VERSION}-")
    assert installed.sdist.name == f"kube_airflow-{VERSION}.tar.gz"
    shown = installed.run(["kube-airflow", "--version"], installed.venv)
    assert shown.stdout.strip() == f"kube-airflow {VERSION}", shown.stderr
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {VERSION}" in changelog, "every released version has its CHANGELOG section"


def test_the_wheel_carries_data_scripts_and_bindings(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for needed in (
        "kube_airflow/py.typed",
        "kube_airflow/data/airflow_config.json",
        "kube_airflow/scripts/checks.py",
        "kube_airflow/roles/workers.py",
        "kube_airflow_quiet.pth",
        "kube_airflow_boot.py",
        "kube_airflow_imports/scaledobjects/sh/keda/__init__.py",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "dags/"))]


def test_the_sdist_builds_the_same_package(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "setup.py", "README.md", "lib/kube_airflow/airflow.py"} <= members
    assert "imports/scaledobjects/sh/keda/__init__.py" in members


def test_kube_airflow_synth_writes_what_the_checkout_writes(
    installed: Installed, tmp_path: Path
) -> None:
    done = installed.run(["kube-airflow", "synth", "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "!!" not in done.stderr, "the jsii runtime's Node.js banner reached the user"
    ours = tmp_path / "ours"
    subprocess.run(
        [sys.executable, "main.py", "--out", str(ours)], cwd=ROOT, check=True, capture_output=True
    )
    for written in sorted(ours.iterdir()):
        assert (tmp_path / "dist" / written.name).read_bytes() == written.read_bytes()
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == sorted(
        p.name for p in ours.iterdir()
    )


def test_the_readme_example_runs_against_the_wheel(installed: Installed, tmp_path: Path) -> None:
    (tmp_path / "example.py").write_text(_example())
    done = installed.run([str(installed.python), "example.py"], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "etl-api-server" in done.stdout


def cdk8s_cli() -> Path:
    """The cdk8s CLI, installed once from npm into the cache."""
    folder = CACHE / CDK8S_CLI.replace("@", "-")
    binary = folder / "node_modules" / ".bin" / "cdk8s"
    if not binary.exists():
        npm = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), CDK8S_CLI]
        timed(f"npm install {CDK8S_CLI}", npm)
    return binary


APP = '''"""A platform team's cdk8s app with Airflow in its own chart."""
from cdk8s import App, Chart

from kube_airflow import Airflow, WorkersProps

app = App()
chart = Chart(app, "platform", namespace="data")
Airflow(chart, "airflow", {"prefix": "etl", "workers": WorkersProps(replicas=2)})
app.synth()
'''


def test_cdk8s_synth_of_an_app_that_depends_on_the_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    (tmp_path / "main.py").write_text(APP)
    (tmp_path / "cdk8s.yaml").write_text(
        yaml.safe_dump({"language": "python", "app": f"{installed.python} main.py"})
    )
    done = installed.run([str(cdk8s_cli()), "synth"], tmp_path)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    docs = list(yaml.safe_load_all((tmp_path / "dist" / "platform.k8s.yaml").read_text()))
    sets = {d["metadata"]["name"]: d for d in docs if d["kind"] == "StatefulSet"}
    assert sets["etl-worker"]["spec"]["replicas"] == 2
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == {"data"}
