"""What the role tests share."""

from __future__ import annotations

from types import ModuleType

import pytest

from kube_airflow.pods.scripts import CHECKS
from tests.scripts import load_script


@pytest.fixture(scope="module")
def checks() -> ModuleType:
    """scripts/checks.py: the probes and waits the Airflow pods run."""
    return load_script(CHECKS)
