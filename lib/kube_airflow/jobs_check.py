"""`airflow jobs check`: the liveness test for roles without an HTTP health endpoint."""

from __future__ import annotations

from cdk8s_plus_27 import k8s

from kube_airflow.pod import exec_probe


def job_check_probe(job_type: str) -> k8s.Probe:
    """Fails once this pod's job stopped heartbeating. Each run starts a Python interpreter
    (~3 s of CPU), so the period is long and the timeout generous, as in the official chart."""
    return exec_probe(
        ["airflow", "jobs", "check", "--job-type", job_type, "--local"],
        period=60,
        timeout=30,
        failures=5,
    )
