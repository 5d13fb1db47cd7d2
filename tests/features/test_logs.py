"""lib/kube_airflow/features/logs.py: the logs volume's claim and its groomer CronJob, and the
credentials remote logging reads, in every pod that writes or serves logs."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from kube_airflow.features.logs import groomer_args
from tests.conformance.manifests import pod_specs
from tests.conftest import synth, with_task_pods
from tests.objects import env, main, objects, pod


def test_the_created_claim_is_shared_across_nodes() -> None:
    claim = objects(synth("logs"), "logs")["PersistentVolumeClaim"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert claim["spec"]["resources"]["requests"]["storage"] == "20Gi"
    assert claim["spec"]["storageClassName"] == "nfs"


def test_the_groomer_mounts_only_the_logs_and_needs_nothing_else() -> None:
    cron_job = objects(synth("logs"), "log-groomer")["CronJob"]
    assert cron_job["spec"]["schedule"] == "@daily"
    spec = pod(cron_job)
    assert "initContainers" not in spec and not spec["automountServiceAccountToken"]
    container = main(cron_job)
    # No secret, no connection: only the entrypoint's database wait turned off.
    assert container["env"] == [{"name": "CONNECTION_CHECK_MAX_COUNT", "value": "0"}]
    assert container["args"] == groomer_args(7)
    assert spec["nodeSelector"] == {"example.com/pool": "batch"}


def test_the_groomer_deletes_only_old_files_and_empty_old_folders(tmp_path: Path) -> None:
    """Its script, run by bash over a folder laid out like base_log_folder."""
    old, new = tmp_path / "dag_id=a/run_id=1", tmp_path / "dag_id=b/run_id=2"
    old.mkdir(parents=True)
    new.mkdir(parents=True)
    (old / "1.log").write_text("old")
    (new / "1.log").write_text("new")
    past = time.time() - 8 * 24 * 3600
    for path in (old / "1.log", old, old.parent):
        os_utime(path, past)
    script = groomer_args(7)[2].replace("/opt/airflow/logs", str(tmp_path))
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert "files deleted: 1" in done.stdout
    assert not (old / "1.log").exists() and (new / "1.log").exists()
    # Deleting its file made the folder new again: it goes at a later run, an hour on.
    assert old.exists()
    os_utime(old, past)
    subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    assert not old.exists() and new.exists()


def os_utime(path: Path, when: float) -> None:
    os.utime(path, (when, when))


def test_remote_logging_reaches_every_pod_that_writes_or_reads_logs() -> None:
    readers = {"api-server", "scheduler", "dag-processor", "triggerer", "worker", "task"}
    seen = set()
    for doc in with_task_pods(synth("logs")):
        for _, spec in pod_specs(doc) if doc["kind"] != "ConfigMap" else []:
            component = doc["metadata"]["labels"]["app.kubernetes.io/component"]
            variable = env(spec["containers"][0]).get("AIRFLOW_CONN_S3_LOGS")
            if component in readers:
                ref = variable["valueFrom"]["secretKeyRef"]
                assert ref == {"name": "airflow-logs-s3", "key": "connection"}, component
                seen.add(component)
            else:
                assert variable is None, component
    assert seen == readers
