"""lib/kube_airflow/housekeeping.py: the scheduled CronJobs, `airflow db clean` and with the
KubernetesExecutor `airflow kubernetes cleanup-pods`."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cdk8s import Testing as Cdk8sTesting
from cdk8s_plus_27 import k8s

from kube_airflow import Airflow
from tests.conformance.pod_security import restricted_violations
from tests.conformance.references import reference_violations
from tests.conftest import synth
from tests.objects import main, objects, pod


def test_one_run_at_a_time_one_retry_the_last_runs_kept() -> None:
    cron = objects(synth("db-clean"), "db-clean")["CronJob"]["spec"]
    assert (cron["schedule"], cron["timeZone"]) == ("30 2 * * SUN", "Europe/Berlin")
    assert cron["concurrencyPolicy"] == "Forbid"
    assert (cron["successfulJobsHistoryLimit"], cron["failedJobsHistoryLimit"]) == (1, 1)
    assert cron["jobTemplate"]["spec"]["backoffLimit"] == 1
    assert objects(synth("default"), "db-clean") == {}  # off unless enabled


def test_db_clean_cuts_off_at_the_retention_in_utc_when_it_runs(tmp_path: Path) -> None:
    """The Job's script, run with an `airflow` that prints its arguments."""
    args = main(objects(synth("db-clean"), "db-clean")["CronJob"])["args"]
    fake = tmp_path / "airflow"
    fake.write_text('#!/bin/sh\necho "$@"\n')
    fake.chmod(0o755)
    environ = {"PATH": f"{tmp_path}:{os.environ['PATH']}", "TZ": "America/Los_Angeles"}
    out = subprocess.run(args, env=environ, capture_output=True, text=True, check=True).stdout
    told, ran = out.splitlines()
    before = told.removeprefix("deleting metadata older than ")
    options = "--yes --error-on-cleanup-failure --skip-archive --tables dag_run,log,xcom"
    assert ran == f"db clean --clean-before-timestamp {before} {options}"
    cut_off = datetime.fromisoformat(before)
    assert cut_off.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - timedelta(days=30) - cut_off) < timedelta(minutes=1)


def test_cleanup_pods_may_only_list_and_delete_pods_and_waits_for_nothing() -> None:
    found = objects(synth("kubernetes-executor"), "cleanup-pods")
    cron = found["CronJob"]
    assert cron["spec"]["schedule"] == "@hourly"
    assert main(cron)["args"] == [
        "airflow", "kubernetes", "cleanup-pods", "--namespace", "airflow"
    ]  # fmt: skip
    spec = pod(cron)
    assert "initContainers" not in spec and spec["restartPolicy"] == "Never"
    assert spec["serviceAccountName"] == found["ServiceAccount"]["metadata"]["name"]
    assert spec["automountServiceAccountToken"] is True
    assert found["Role"]["rules"] == [
        {"apiGroups": [""], "resources": ["pods"], "verbs": ["delete", "list"]}
    ]
    assert objects(synth("default"), "cleanup-pods") == {}


def test_db_clean_is_a_cron_job_role_with_intent_methods() -> None:
    chart = Cdk8sTesting.chart()
    airflow = Airflow(chart, "airflow", {"db_clean": {"enabled": True, "retention_days": 7}})
    assert airflow.db_clean is not None
    assert [w.kind for w in airflow.db_clean.workloads] == ["CronJob"]
    airflow.db_clean.add_env("REGION", "eu-west-1")
    airflow.db_clean.add_volume(
        k8s.Volume(name="ca", secret=k8s.SecretVolumeSource(secret_name="ca")), "/etc/ssl/extra"
    )
    docs = list(Cdk8sTesting.synth(chart))
    (cron,) = [d for d in docs if d["kind"] == "CronJob"]
    spec = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Never"
    container = spec["containers"][0]
    assert '-d "-7 days"' in container["args"][2]
    assert {"name": "REGION", "value": "eu-west-1"} in container["env"]
    assert {"name": "ca", "mountPath": "/etc/ssl/extra", "readOnly": True} in container[
        "volumeMounts"
    ]
    assert restricted_violations(docs) == []
    assert reference_violations(docs) == []
