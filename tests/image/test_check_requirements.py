"""The build-time guard against a DAG requirements file that would pick the Airflow version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHECK = ROOT / "image/check_requirements.py"


def check(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    requirements = tmp_path / "dags.txt"
    requirements.write_text(text)
    return subprocess.run(
        [sys.executable, str(CHECK), str(requirements)], capture_output=True, text=True
    )


def test_the_shipped_requirements_pass(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK), str(ROOT / "image/requirements/dags.txt")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "line",
    ["apache-airflow==2.10.5", "Apache_Airflow>=3", "apache-airflow-core==3.2.0", "apache.airflow"],
)
def test_pinning_airflow_is_refused(tmp_path: Path, line: str) -> None:
    result = check(tmp_path, f"# ok\nemoji==2.16.0\n{line}  # why not\n")
    assert result.returncode == 1
    assert f":3: '{line}' pins Airflow itself" in result.stderr
    assert "AIRFLOW_IMAGE" in result.stderr


def test_providers_may_be_added(tmp_path: Path) -> None:
    assert check(tmp_path, "apache-airflow-providers-http\n").returncode == 0


def test_nested_files_are_refused(tmp_path: Path) -> None:
    result = check(tmp_path, "-r other.txt\n")
    assert result.returncode == 1 and "one requirement per line" in result.stderr


def test_a_package_of_the_base_is_taken_at_the_base_version(tmp_path: Path) -> None:
    """Checked against the packages installed where it runs (here: the test environment's)."""
    from importlib import metadata

    have = metadata.version("pyyaml")
    assert check(tmp_path, "PyYAML\n").returncode == 0
    assert check(tmp_path, f"pyyaml>={have}\n").returncode == 0
    result = check(tmp_path, "emoji==2.16.0\npyyaml==1.0\n")
    assert result.returncode == 1
    assert ":2: 'pyyaml==1.0' asks for a version the base image does not have" in result.stderr
    assert f"it ships pyyaml {have}, which the build keeps" in result.stderr


def test_the_s3_logs_example_fits_a_base_with_or_without_the_amazon_provider(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK), str(ROOT / "image/requirements/s3-logs.txt")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
