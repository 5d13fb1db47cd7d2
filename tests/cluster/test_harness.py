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


class _Listing:
    """The REST API's listings, as the load benchmark pages through them."""

    def __init__(self, runs: list[dict[str, object]], instances: list[dict[str, object]]) -> None:
        self.listed = {
            "dagRuns": ("dag_runs", runs),
            "taskInstances": ("task_instances", instances),
        }

    def get(self, path: str) -> dict[str, object]:
        key, items = self.listed[path.split("?")[0].rsplit("/", 1)[-1]]
        offset = int(path.rsplit("offset=", 1)[1])
        return {key: items[offset : offset + 100], "total_entries": len(items)}


def test_the_load_benchmark_counts_from_the_first_queued_run_to_the_last_task(
    tmp_path: Path,
) -> None:
    """Throughput spans the load's own runs (an earlier run is left out), latency is queued to
    running, a retried or failed task is no first-try success; the rows render in the docs."""
    from tests.cluster.benchmark_load import Load, data_rows, medians, throughput
    from tests.figures import write
    from tests.test_docs import figures

    def instance(run: str, queued: int, start: int, end: int, tries: int = 1) -> dict[str, object]:
        at = "2026-12-07T10:00:{:02d}Z".format
        return {"dag_run_id": run, "queued_when": at(queued), "start_date": at(start),
                "end_date": at(end), "state": "success", "try_number": tries}  # fmt: skip

    runs = [
        {"dag_run_id": run, "queued_at": f"2026-12-07T10:00:{second:02d}Z", "state": "success"}
        for run, second in (("load-0", 0), ("load-1", 1), ("manual", 0))
    ]
    # An earlier run's task instances fill the first page: the load's are on the second.
    instances = [instance("manual", 0, 50, 59)] * 120
    instances += [instance("load-0", 1, 2, 5), instance("load-1", 2, 4, 30, tries=2)]
    instances += [instance("load-1", 3, 5, 6), instance("load-1", 4, 6, 7)]
    found = throughput(_Listing(runs, instances), {"load-0", "load-1"})  # type: ignore[arg-type]
    assert found["task instances"] == 4 and found["seconds"] == 30
    assert found["per minute"] == 8 and found["not first-try successes"] == 1
    assert found["p50"] == 2 and found["failed runs"] == 0
    three = medians([found, {**found, "per minute": 10}, {**found, "per minute": 9}])
    assert three["each"] == [8, 10, 9] and three["per minute"] == 9
    assert three["task instances"] == 12
    load = {**medians([found]), "restarts": 0, "oom kills": 0, "requests": 9, "5xx": 0,
            "refused": 0, "connections": 12, "waiting": None,
            "peaks": {"w-0/worker": (3 * 2**20, 4 * 2**20), "pg/pg": (5 * 2**20, 0)}}  # fmt: skip
    rows = data_rows(
        {"bare stack": load, "the default": {**load, "per minute": 7.2}}, Load(2, 3, 1)
    )
    assert rows[5]["ratio"] == 0.9 and rows[0]["floor"] is None
    assert rows[4] == {"what": "bare stack: peak memory, the most of a limit", "value": 75,
                       "unit": "%", "note": "w-0/worker: 3 MiB of 4 MiB"}  # fmt: skip
    written = write(tmp_path / "load.json", "Many short tasks", rows)
    assert "0.90x" in " ".join(node.astext() for node in figures().table(figures().load(written)))


def _keda_source(root: Path, switch: str) -> Path:
    """A module tree shaped as KEDA's where the trim edits it."""
    from tests.cluster.build_keda import (
        DROPPED_PACKAGES,
        KEPT_SCALERS,
        RESOLVERS_END,
        RESOLVERS_FIRST,
        SECRET_MANAGERS,
    )

    scalers = root / "pkg/scalers"
    for package in (*DROPPED_PACKAGES, "azure", "scalersconfig"):
        (scalers / package).mkdir(parents=True)
    for name in (*KEPT_SCALERS, "kafka", "aws_sqs_queue"):
        (scalers / f"{name}_scaler.go").write_text("package scalers\n")
    (scalers / "azure/azure_eventhub.go").write_text("package azure\n")
    (scalers / "azure/cloud_config.go").write_text("package azure\n")
    (scalers / "kafka_scaler_test.go").write_text("package scalers\n")
    builder = root / "pkg/scaling/scalers_builder.go"
    builder.parent.mkdir(parents=True)
    builder.write_text(f"func buildScaler() {{\n\tswitch triggerType {{\n{switch}\tdefault:\n}}\n")
    resolver = root / "pkg/scaling/resolver"
    resolver.mkdir()
    for name in SECRET_MANAGERS:
        (resolver / name).write_text("package resolver\n")
    (resolver / "scale_resolvers.go").write_text(
        f"a\n{RESOLVERS_FIRST}vault\n\t\t\tif triggerAuthSpec.AzureKeyVault\n{RESOLVERS_END}\nb\n"
    )
    return root


KEDA_CASES = "".join(
    f'\tcase "{trigger}":\n\t\treturn scalers.New{trigger.title()}(config)\n'
    for trigger in ("kafka", "cpu", "memory", "postgresql", "rabbitmq", "redis", "aws-sqs-queue")
)


def test_the_keda_trim_keeps_only_airflows_scalers(tmp_path: Path) -> None:
    """The trimmed build keeps the scalers and trigger cases Airflow uses, drops the rest, and
    turns the secret managers into an error; a module that moved what it edits fails clearly."""
    import pytest

    from tests.cluster.build import BuildError
    from tests.cluster.build_keda import trim

    source = _keda_source(tmp_path / "ok", KEDA_CASES)
    trim(source)
    scalers = source / "pkg/scalers"
    assert sorted(p.name for p in scalers.glob("*.go")) == [
        "cpu_memory_scaler.go", "postgresql_scaler.go", "rabbitmq_scaler.go",
        "redis_scaler.go", "trimmed_build.go",
    ]  # fmt: skip
    assert sorted(p.name for p in scalers.iterdir() if p.is_dir()) == ["azure", "scalersconfig"]
    assert [p.name for p in (scalers / "azure").iterdir()] == ["cloud_config.go"]
    switch = (source / "pkg/scaling/scalers_builder.go").read_text()
    assert '"kafka"' not in switch and '"aws-sqs-queue"' not in switch
    assert all(f'case "{t}"' in switch for t in ("cpu", "memory", "postgresql", "redis"))
    resolvers = (source / "pkg/scaling/resolver/scale_resolvers.go").read_text()
    assert "vault\n" not in resolvers and "not part of this KEDA build" in resolvers
    assert [p.name for p in (source / "pkg/scaling/resolver").iterdir()] == ["scale_resolvers.go"]
    moved = _keda_source(tmp_path / "moved", KEDA_CASES.replace('"redis"', '"redis-v2"'))
    with pytest.raises(BuildError, match=r"no case for \['redis'\]"):
        trim(moved)
