"""lib/kube_airflow/scripts/groom.py, which a role's liveness probe runs over its own logs
emptyDir (checks.py --groom): by age, then by size, never a log still written, never more often
than every EVERY_SECONDS, and never failing the probe."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import ModuleType

import pytest

from kube_airflow.pods import scripts as pod_scripts
from tests.scripts import load_script

NOW = time.time()
DAY = 86400


@pytest.fixture(scope="module")
def groom() -> ModuleType:
    return load_script(pod_scripts.GROOM)


def log(folder: Path, name: str, age: float, size: int = 100) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (NOW - age, NOW - age))
    return path


def test_old_files_and_then_the_oldest_beyond_the_size_go(
    groom: ModuleType, tmp_path: Path
) -> None:
    expired = log(tmp_path, "dag_id=a/run_id=1/task_id=t/attempt=1.log", 20 * DAY)
    older = log(tmp_path, "dag_processor/2026-01-01/dags.py.log", 3 * DAY, 600)
    newer = log(tmp_path, "dag_id=b/run_id=2/task_id=t/attempt=1.log", 2 * DAY, 600)
    writing = log(tmp_path, "dag_id=c/run_id=3/task_id=t/attempt=1.log", 60, 600)
    (tmp_path / "latest").symlink_to(older.parent)
    done = groom.groom(tmp_path, 15, 1300, now=NOW)
    assert not expired.exists() and not older.exists(), "expired, then the oldest over the size"
    assert newer.exists() and writing.exists() and (tmp_path / "latest").is_symlink()
    assert done.endswith("2 files deleted (700 bytes), 1200 bytes left"), done
    assert groom.groom(tmp_path, 15, 0, now=NOW + 60) == "", "not due again yet"
    later = NOW + groom.EVERY_SECONDS + 1
    os.utime(writing, (later - 60, later - 60))  # still being written
    again = groom.groom(tmp_path, 15, 0, now=later)
    assert not newer.exists() and writing.exists(), "a log written in the last minutes stays"
    assert "1 files deleted" in again


def test_empty_old_folders_go(groom: ModuleType, tmp_path: Path) -> None:
    old = tmp_path / "dag_id=a/run_id=1"
    old.mkdir(parents=True)
    os.utime(old, (NOW - 2 * 3600, NOW - 2 * 3600))
    fresh = tmp_path / "dag_id=b"
    fresh.mkdir()
    groom.groom(tmp_path, 15, 10**9, now=NOW)
    assert not old.exists() and fresh.exists()


def test_the_probe_grooms_first_and_its_verdict_stays_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checks = load_script(pod_scripts.CHECKS)
    monkeypatch.setenv("AIRFLOW__LOGGING__BASE_LOG_FOLDER", str(tmp_path))
    expired = log(tmp_path, "old.log", 30 * DAY)
    assert checks.groomed_first(["worker-ping", "--groom", "15:1000"]) == ["worker-ping"]
    assert not expired.exists() and "1 files deleted" in capsys.readouterr().out
    assert checks.groomed_first(["job-alive", "--groom", "nonsense"]) == ["job-alive"]
    assert "grooming failed" in capsys.readouterr().err
