"""Static-analysis findings we accept on purpose, each with its reason, as checkov annotations on
the object concerned (so `checkov` reports zero failures and a reader sees why)."""

from __future__ import annotations

DIGEST = (
    "CKV_K8S_43",
    "images are pinned by tag; set image.digest to pin the Airflow image by digest too",
)
PULL_ALWAYS = (
    "CKV_K8S_15",
    "pinned tags with IfNotPresent start pods without a registry round-trip and work on "
    "air-gapped nodes; set image.pull_policy to Always if your tags are mutable",
)
SECRET_ENV = (
    "CKV_K8S_35",
    "Airflow reads its secrets from AIRFLOW__* variables; they are secretKeyRefs, never values",
)
AUTH_FILE_ENV = (
    "CKV_K8S_35",
    "PgBouncer's init container reads the database password from a secretKeyRef once, to write "
    "the auth file into a memory emptyDir",
)
IMAGE_UID = (
    "CKV_K8S_40",
    "the official image's own uid 999 owns its files; a different uid breaks the image",
)
API_TOKEN = (
    "CKV_K8S_38",
    "the secrets bootstrap Job creates the generated Secret through the Kubernetes API",
)
EXECUTOR_TOKEN = (
    "CKV_K8S_38",
    "the KubernetesExecutor in the scheduler starts, watches and deletes the task pods through "
    "the Kubernetes API",
)
CLEANUP_TOKEN = (
    "CKV_K8S_38",
    "airflow kubernetes cleanup-pods lists and deletes finished task pods through the "
    "Kubernetes API",
)
NO_READINESS = (
    "CKV_K8S_9",
    "no Service routes to it; a readiness exec would only double the cost of the liveness check",
)

# What every container running a pinned image from a registry is exempted from.
IMAGE = (DIGEST, PULL_ALWAYS)
AIRFLOW = (*IMAGE, SECRET_ENV)


def checkov_skips(*skips: tuple[str, str]) -> dict[str, str]:
    # checkov splits the annotation at '=': a reason containing one crashes it.
    assert all("=" not in reason for _, reason in skips)
    return {
        f"checkov.io/skip{i}": f"{check}={reason}" for i, (check, reason) in enumerate(skips, 1)
    }
