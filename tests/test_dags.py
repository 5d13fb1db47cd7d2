"""DAG integrity: every file in dags/ imports into a DagBag with no import errors and no cycles,
with Airflow's own loader (in a subprocess with a throw-away AIRFLOW_HOME)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tests.conftest import ROOT

LOAD = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
for dag in bag.dags.values():
    dag.check_cycle()
print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dags": {d.dag_id: sorted(t.task_id for t in d.tasks) for d in bag.dags.values()},
    "edges": {
        d.dag_id: sorted((t.task_id, v.task_id) for t in d.tasks for v in t.downstream_list)
        for d in bag.dags.values()
    },
}))
"""


def load_dagbag(folder: Path, home: Path) -> dict[str, dict[str, object]]:
    env = {
        "PATH": os.environ["PATH"],
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    }
    result = subprocess.run(
        [sys.executable, "-c", LOAD, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_dags_import_without_errors_or_cycles(tmp_path: Path) -> None:
    bag = load_dagbag(ROOT / "dags", tmp_path)
    assert bag["errors"] == {}
    assert bag["dags"] == {
        "tutorial": ["print_date", "sleep", "templated"],
        "emoji_report": ["count_rows", "report"],
    }
    assert bag["edges"]["tutorial"] == [["print_date", "sleep"], ["print_date", "templated"]]


def test_a_broken_dag_is_reported(tmp_path: Path) -> None:
    """The check can fail: a DAG file with an error shows up as an import error."""
    folder = tmp_path / "dags"
    folder.mkdir()
    (folder / "broken.py").write_text(
        "from airflow.sdk import DAG\nwith DAG('x') as dag:\n    1/0\n"
    )
    assert "broken.py" in next(iter(load_dagbag(folder, tmp_path)["errors"]))


def test_dag_requirements_are_the_ones_tested_here() -> None:
    """The DAG requirements the image installs are installed here at the same versions, so the
    integrity test imports what the image will run."""
    for line in (ROOT / "image/requirements/dags.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, pinned = re.split(r"==", line)
            assert version(name) == pinned, (
                f"{name}: Pipfile and image/requirements/dags.txt differ"
            )
