"""The scripts the pods run (lib/kube_airflow/scripts/), loaded as modules for their tests."""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import kube_airflow

FOLDER = Path(kube_airflow.__file__).parent / "scripts"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(Path(name).stem, FOLDER / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def printed_url(command: str, **environ: str) -> str:
    """What Airflow reads from a `_CMD` (run as Airflow runs it: split, no shell)."""
    argv = shlex.split(command)
    assert argv[0] == "python"
    run = [sys.executable, *argv[1:]]
    return subprocess.run(run, env=environ, capture_output=True, text=True, check=True).stdout
