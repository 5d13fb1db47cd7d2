"""Liveness for the roles without an HTTP health endpoint (dag-processor, triggerer)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s

from kube_airflow.pod import check, exec_probe

# Each role's heartbeat threshold option: the probe judges the job as Airflow's health does.
THRESHOLDS = {
    "DagProcessorJob": "dag_processor.health_check_threshold",
    "TriggererJob": "triggerer.triggerer_health_check_threshold",
}


def job_check_probe(job_type: str) -> k8s.Probe:
    """Fails while this pod's job has not heartbeat within its threshold (30 s): what
    `airflow jobs check --local` answers, read with psycopg2 instead of loading Airflow (about
    0.1 CPU-second a run instead of 3), so it can run every 30 s: a hung triggerer was restarted
    158 s after it stopped (threshold, then three failed probes; the drills measure it)."""
    return exec_probe(
        check("job-alive", job_type, THRESHOLDS[job_type]), period=30, timeout=15, failures=3
    )
