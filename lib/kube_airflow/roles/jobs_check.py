"""Liveness for the roles without an HTTP health endpoint (dag-processor, triggerer)."""

from __future__ import annotations

from cdk8s_plus_27 import k8s

from kube_airflow.kube.specs import exec_probe
from kube_airflow.pods.scripts import check

# Each role's heartbeat threshold option: the probe judges the job as Airflow's health does.
THRESHOLDS = {
    "DagProcessorJob": "dag_processor.health_check_threshold",
    "TriggererJob": "triggerer.triggerer_health_check_threshold",
}


def job_check_probe(job_type: str, groom: list[str]) -> k8s.Probe:
    """Fails while this pod's job has not heartbeat within its threshold (30 s): what
    `airflow jobs check --local` answers, read with psycopg2 instead of loading Airflow (about
    0.1 CPU-second a run instead of 3). Every 2 minutes, two failures: a hung triggerer is
    restarted within about 4.5 minutes (the drills measure it), and the probes of both roles
    cost about 0.0015 of a core (every 60 s it was twice that, for a restart 2 minutes sooner).
    `groom`: AirflowPods.groom's arguments, so the probe grooms the pod's logs first."""
    return exec_probe(
        check("job-alive", job_type, THRESHOLDS[job_type], *groom),
        period=120,
        timeout=15,
        failures=2,
    )
