"""`make status` / `make wait` (kube_airflow.cli.status) on objects as kubectl shows them. The
cluster tier runs both against the real API server (test_tutorial.py, test_apply.py)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from kube_airflow.cli import status
from tests.conftest import ROOT

META = {"generation": 2, "labels": {status.INSTANCE: "airflow"}}


def workload(kind: str, name: str, want: int, ready: int, updated: int | None = None) -> Any:
    updated = want if updated is None else updated
    return {
        "kind": kind,
        "metadata": {"name": name, **META},
        "spec": {"replicas": want},
        "status": {
            "observedGeneration": 2,
            "replicas": want,
            "readyReplicas": ready,
            "updatedReplicas": updated,
        },
    }


def job(name: str, succeeded: int = 0, failed: int = 0) -> Any:
    return {
        "kind": "Job",
        "metadata": {"name": name, **META},
        "status": {"succeeded": succeeded, "failed": failed},
    }


def pod(name: str, **state: Any) -> Any:
    return {
        "kind": "Pod",
        "metadata": {"name": name, **META},
        "status": {
            "phase": "Pending" if state else "Running",
            "containerStatuses": [{"name": "main", "ready": not state, "state": state}],
        },
    }


READY = [
    job("airflow-db-migrate-3-3-2", succeeded=1),
    workload("Deployment", "airflow-scheduler", 1, 1),
    workload("StatefulSet", "airflow-worker", 2, 2),
    pod("airflow-scheduler-abc"),
]
CRASHING = [
    job("airflow-db-migrate-3-3-2", failed=2),
    workload("Deployment", "airflow-scheduler", 1, 0),
    workload("StatefulSet", "airflow-worker", 2, 1, updated=1),
    pod("airflow-scheduler-abc", waiting={"reason": "CrashLoopBackOff", "message": "back-off"}),
]


class FakeKubectl:
    def __init__(self, *answers: list[Any]) -> None:
        self.answers, self.calls = list(answers), []

    def __call__(self, args: Sequence[str]) -> str:
        self.calls.append(list(args))
        if args[0] == "get" and args[1].startswith("jobs"):
            items = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
            return json.dumps({"items": items})
        if args[0] == "get":
            return "2026-11-26T01:00:00Z   BackOff   Back-off restarting failed container\n"
        if args[0] == "logs":
            raise status.KubectlError("container main is waiting to start")
        raise AssertionError(args)


def test_ready_deployment_lines() -> None:
    out = io.StringIO()
    ready, _ = status.report(status.Status(FakeKubectl(READY), "airflow", "airflow"), out)
    assert ready
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["ok", "job", "airflow-db-migrate-3-3-2", "complete"]
    assert lines[-1] == "3/3 ready"
    assert "ok  statefulset  airflow-worker" in out.getvalue()


def test_not_ready_names_what_and_why() -> None:
    out = io.StringIO()
    fake = FakeKubectl(CRASHING)
    state = status.Status(fake, "data", "etl")
    ready, objects = status.report(state, out)
    assert not ready
    text = out.getvalue()
    assert "running, 2 failed attempt(s)" in text and "1/2 ready, rolling" in text
    explained = state.explain(objects)
    assert "pod airflow-scheduler-abc: main: CrashLoopBackOff back-off" in explained
    assert "event: 2026-11-26T01:00:00Z   BackOff" in explained
    assert "container main is waiting to start" in explained  # a failing `logs` is reported
    assert fake.calls[0][-4:] == ["-l", f"{status.INSTANCE}=etl", "-o", "json"]


def failed_attempt(name: str, job_name: str) -> Any:
    """A Job's pod that failed (Jobs never restart in place, so it stays with its log)."""
    failed = pod(name, terminated={"exitCode": 3, "reason": "Error"})
    failed["metadata"] = {**failed["metadata"], "labels": {**META["labels"], "job-name": job_name}}
    failed["status"]["phase"] = "Failed"
    return failed


def test_a_refused_migration_says_why_and_its_pod_is_named() -> None:
    refused = job("airflow-db-migrate-3-3-2", failed=1)
    refused["status"]["conditions"] = [
        {"type": "Failed", "status": "True", "reason": "PodFailurePolicy",
         "message": "Container db-migrate for pod default/x failed with exit code 3"},
    ]  # fmt: skip
    objects = [refused, failed_attempt("airflow-db-migrate-3-3-2-x", "airflow-db-migrate-3-3-2")]
    parts = status.parts(objects)
    assert not parts[0].ready
    assert parts[0].state == "failed: " + refused["status"]["conditions"][0]["message"]
    assert status.stuck_pods(objects) == [("airflow-db-migrate-3-3-2-x", "main: exited 3 (Error)")]


def test_failed_attempts_of_a_job_that_then_succeeded_are_not_stuck() -> None:
    objects = [
        job("airflow-create-user-3-3-2", succeeded=1, failed=1),
        failed_attempt("airflow-create-user-3-3-2-x", "airflow-create-user-3-3-2"),
    ]
    assert status.stuck_pods(objects) == []


def test_wait_prints_changes_until_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status.time, "sleep", lambda seconds: None)
    out = io.StringIO()
    fake = FakeKubectl(CRASHING, CRASHING, READY)
    assert status.wait(status.Status(fake, "airflow", "airflow"), 600, out)
    text = out.getvalue()
    assert text.count("--- ") == 2  # the unchanged second poll is not printed again
    assert text.endswith("ready: 3 jobs and workloads\n")


def test_wait_times_out_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status.time, "sleep", lambda seconds: None)
    out = io.StringIO()
    assert not status.wait(status.Status(FakeKubectl(CRASHING), "airflow", "airflow"), 0, out)
    text = out.getvalue()
    assert "not ready after 0 s: job/airflow-db-migrate-3-3-2, deployment/airflow-scheduler" in text
    assert "CrashLoopBackOff" in text


def test_nothing_deployed_is_not_ready() -> None:
    out = io.StringIO()
    ready, _ = status.report(status.Status(FakeKubectl([]), "airflow", "airflow"), out)
    assert not ready and "no deployment labelled" in out.getvalue()


def _fake_kubectl(tmp_path: Path, items: list[Any]) -> Path:
    answer = tmp_path / "answer.json"
    answer.write_text(json.dumps({"items": items}))
    fake = tmp_path / "kubectl"
    fake.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path}/calls\ncat {answer}\n')
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize(("items", "code"), [(READY, 0), (CRASHING, 2)])
def test_make_status_and_wait(tmp_path: Path, items: list[Any], code: int) -> None:
    """Through make, namespace- and prefix-aware; a failing status fails make (exit 2)."""
    venv_path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    for target in ("status", "wait"):
        result = subprocess.run(
            ["make", "--no-print-directory", "-o", ".venv/.synced", f"RUN=env PATH={venv_path}",
             f"KUBECTL={_fake_kubectl(tmp_path, items)}", "NAMESPACE=data", "PREFIX=etl",
             "TIMEOUT=0", target],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == code, result.stdout + result.stderr
        assert "airflow-scheduler" in result.stdout
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[0].startswith("get jobs,deployments,statefulsets,pods -n data -l")
    assert f"{status.INSTANCE}=etl" in calls[0]


def test_kubectl_failure_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert status.main(["--kubectl", "false"]) == 2
    assert "error: false get jobs,deployments" in capsys.readouterr().err
