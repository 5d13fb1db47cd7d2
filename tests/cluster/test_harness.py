"""Static checks of the cluster harness itself (no cluster needed)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cluster.build import WRAPPER
from tests.cluster.versions import KUBERNETES_VERSION


def test_wrapper_module_pins_the_same_kubernetes() -> None:
    go_mod = (WRAPPER / "go.mod").read_text()
    assert f"require k8s.io/kubernetes {KUBERNETES_VERSION}\n" in go_mod
    # Every staging module is replaced by the published one of the same minor.
    staging = "v0." + KUBERNETES_VERSION.split(".", 1)[1]
    replaced = re.findall(r"^\t(k8s\.io/\S+) => (\S+) (\S+)$", go_mod, re.MULTILINE)
    assert len(replaced) > 25
    assert {(old == new, version) for old, new, version in replaced} == {(True, staging)}


def test_console_errors_fail_the_ui_check_unless_known_upstream() -> None:
    from tests.cluster.browser import console_errors

    entries = [
        {"level": "SEVERE", "source": "javascript", "message": "x.js 1:2 Uncaught TypeError: boom"},
        {"level": "SEVERE", "source": "console-api", "message": 'grid.js 3:4 "stream error"'},
        {"level": "SEVERE", "source": "network", "message": "/api/v2/x - status of 500 (Error)"},
        {"level": "SEVERE", "source": "network", "message": "/ui/config - status of 401 (No)"},
        {"level": "WARNING", "source": "console-api", "message": "deprecated"},
        {"level": "SEVERE", "source": "javascript", "message": "(reading 'tz')"},
    ]
    failing, known = console_errors(entries)
    assert failing == [e["message"] for e in entries[:3]]
    assert known == ["(reading 'tz')"]


def test_the_probe_benchmark_compares_each_check_with_airflows_command() -> None:
    """Our checks are swapped for the Airflow commands they answer for, probe by probe; the
    totals count every pod, and Airflow's commands replace only the liveness of their pod."""
    from tests.cluster.benchmark_probes import AIRFLOW_LABEL, airflow_command, totals

    checks = ["python", "/opt/kube-airflow/checks.py"]
    job_alive = ["job-alive", "TriggererJob", "triggerer.x", "--groom", "15:1"]
    airflow = airflow_command({"exec": {"command": [*checks, *job_alive]}})
    assert airflow and airflow["exec"]["command"] == [
        "airflow", "jobs", "check", "--job-type", "TriggererJob", "--local",
    ]  # fmt: skip
    ping = airflow_command({"exec": {"command": [*checks, "worker-ping"]}})
    assert ping and "inspect ping -d celery@$(hostname)" in ping["exec"]["command"][2]
    assert airflow_command({"tcpSocket": {"port": "amqp"}}) is None
    rows = [
        ("worker", "w-0", "worker", "liveness", 0.3, 300),
        ("worker", "w-0", "worker", AIRFLOW_LABEL, 3.0, 300),
        ("worker", "w-0", "worker", "readiness", 0.005, 5),
        ("worker", "w-1", "worker", "liveness", 0.3, 300),
        ("worker", "w-1", "worker", AIRFLOW_LABEL, 3.0, 300),
    ]
    ours, theirs = totals(rows)
    assert (round(ours, 6), round(theirs, 6)) == (3.0, 21.0)


def test_a_kept_benchmark_row_is_dated_once(tmp_path: Path) -> None:
    """`make benchmark --runs 0` keeps the last cold start; run again, it keeps its first date."""
    import json

    from tests.cluster.benchmark import kept_rows

    path = tmp_path / "benchmark.json"
    rows = [{"what": "cold start: x", "note": "median of 3"}, {"what": "idle CPU", "note": ""}]
    path.write_text(json.dumps({"date": "2026-12-01", "rows": rows}))
    kept = kept_rows(path, "cold start")
    assert [r["note"] for r in kept] == ["median of 3 (run of 2026-12-01)"]
    path.write_text(json.dumps({"date": "2026-12-06", "rows": kept}))
    assert [r["note"] for r in kept_rows(path, "cold start")] == ["median of 3 (run of 2026-12-01)"]
