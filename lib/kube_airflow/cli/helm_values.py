"""The official Apache Airflow Helm chart's values turned into ours (`kube-airflow from-helm`).

What a running release must keep, its keys and its metadata database, is not copied into the
values: they reference one Secret, `<prefix>-adopted`, which `Conversion.adopted` says how to
fill from the release's own Secrets (from_helm.adoption_script), so no key's value is ever
written to a file. Where the chart's default differs from ours and shapes the running
deployment (the broker, the worker count and concurrency, statsd, Flower), the chart's is
written, so the converted deployment behaves as the release did."""

from __future__ import annotations

from typing import Any

from kube_airflow.cli.helm_chart import (
    ROLES,
    Adopted,
    Conversion,
    Reader,
    env,
    pod_options,
    resources,
)
from kube_airflow.cli.helm_config import config, git_sync, logs_volume
from kube_airflow.cli.helm_stores import broker, database
from kube_airflow.props.deployment import EXECUTOR_CHOICES

NO_CELERY = "with the KubernetesExecutor alone these shape the task pods: give them as task_pods"
AIRFLOW_2 = {"CeleryKubernetesExecutor": "CeleryExecutor,KubernetesExecutor"}
# How the chart's values name the EdgeExecutor (a provider's: by its path).
EDGE_PATHS = (
    "airflow.providers.edge3.executors.EdgeExecutor",
    "airflow.providers.edge3.executors.edge_executor.EdgeExecutor",
)


def convert(chart: dict[str, Any], release: str, namespace: str, prefix: str) -> Conversion:
    r = Reader(chart)
    adopted_secret = f"{prefix}-adopted"
    out: dict[str, Any] = {}
    conversion = Conversion(out, [])
    _executor(r, out, conversion)
    _image(r, out)
    _keys(r, out, conversion, release, adopted_secret)
    _workers(r, out, conversion)
    database(r, out, conversion, release, namespace, adopted_secret)
    broker(r, out, conversion, release, adopted_secret)
    for chart_role, role in ROLES.items():
        _role(r, out, chart_role, role)
    if dags := git_sync(r, conversion, release, adopted_secret):
        out["dags"] = dags
    if logs := logs_volume(r, conversion):
        out["logs"] = logs
    _keep_a_worker(out, conversion)
    _ingress(r, out)
    _options(r, out, conversion)
    if found := config(r, conversion, bool(out.get("metrics", {}).get("enabled"))):
        out["config"] = found
    conversion.dropped += r.left()
    return conversion


def _executor(r: Reader, out: dict[str, Any], conversion: Conversion) -> None:
    executor = str(r.get("executor", "CeleryExecutor")).replace(" ", "")
    # Airflow 2's hybrid: Airflow 3 runs both executors side by side instead.
    executor = AIRFLOW_2.get(executor, executor)
    names = ["EdgeExecutor" if e in EDGE_PATHS else e for e in executor.split(",")]
    executor = ",".join(names)
    if executor in EXECUTOR_CHOICES:
        out["executor"] = executor
    else:
        why = f"{executor!r}: ours runs CeleryExecutor, KubernetesExecutor or EdgeExecutor, "
        why += "each once; these values use CeleryExecutor"
        conversion.dropped.append(("executor", why))
    if "EdgeExecutor" in names and executor in EXECUTOR_CHOICES:
        # The chart runs no edge workers: the release's own stay where they are.
        out["edge"] = {"replicas": 0}
        conversion.notes.append(
            "the chart runs no edge workers, so neither does this (edge.replicas 0): point "
            "your edge workers' [edge] api_url at our api-server, or run them with edge"
        )


def _image(r: Reader, out: dict[str, Any]) -> None:
    image = {
        "repository": r.first("images.airflow.repository", "defaultAirflowRepository"),
        "tag": r.first("images.airflow.tag", "defaultAirflowTag", "airflowVersion"),
        "digest": r.first("images.airflow.digest", "defaultAirflowDigest"),
        "pull_policy": r.get("images.airflow.pullPolicy"),
    }
    if found := {k: str(v) for k, v in image.items() if v is not None}:
        out["image"] = found


def _keys(r: Reader, out: dict[str, Any], c: Conversion, release: str, secret: str) -> None:
    """Fernet, API and JWT keys: the release's, whichever Secret the chart kept them in."""
    sources = {
        "fernet-key": (r.get("fernetKeySecretName") or f"{release}-fernet-key", "fernet-key"),
        "api-secret-key": _api_secret_key(r, release),
        "jwt-secret": (r.get("jwtSecretName") or f"{release}-jwt-secret", "jwt-secret"),
    }
    for plain in ("fernetKey", "apiSecretKey", "webserverSecretKey", "jwtSecret"):
        r.get(plain)  # the chart wrote these into the Secrets above: adopted from there
    ours = {
        "fernet-key": "fernet_key",
        "api-secret-key": "api_secret_key",
        "jwt-secret": "jwt_secret",
    }
    out["secrets"] = {ours[key]: {"name": secret, "key": key} for key in sources}
    c.adopted += [
        Adopted(key, name, k, f"the release's {key}") for key, (name, k) in sources.items()
    ]


def _api_secret_key(r: Reader, release: str) -> tuple[str, str]:
    if name := r.get("apiSecretKeySecretName"):
        return name, "api-secret-key"
    if name := r.get("webserverSecretKeySecretName"):  # Airflow 2's, kept by older releases
        return name, "webserver-secret-key"
    return f"{release}-api-secret-key", "api-secret-key"


def _workers(r: Reader, out: dict[str, Any], c: Conversion) -> None:
    if "Celery" not in out.get("executor", "CeleryExecutor"):
        c.dropped += [(key, NO_CELERY) for key, _ in r.left() if key.startswith("workers.")]
        r.get("workers")
        return

    def worker(key: str, default: Any = None) -> Any:
        return r.first(f"workers.celery.{key}", f"workers.{key}", default=default)

    workers: dict[str, Any] = {"replicas": worker("replicas", 1)}
    workers["concurrency"] = r.get("config.celery.worker_concurrency", 16)
    if grace := worker("terminationGracePeriodSeconds"):
        workers["termination_grace_period_seconds"] = grace
    if found := resources(worker("resources", {})):
        workers["resources"] = found
    workers |= pod_options(r, "workers.celery", "workers")
    if autoscaling := _worker_autoscaling(worker):
        workers["autoscaling"] = autoscaling
        workers.pop("replicas")
    if sets := worker("sets"):
        workers["sets"] = [_worker_set(s, c) for s in sets]
    out["workers"] = workers


def _worker_autoscaling(worker: Any) -> dict[str, Any] | None:
    """KEDA wins over the HPA, as in the chart."""
    if worker("keda.enabled"):
        found = {
            "kind": "keda",
            "min_replicas": worker("keda.minReplicaCount", 0),
            "max_replicas": worker("keda.maxReplicaCount", 10),
            "polling_interval_seconds": worker("keda.pollingInterval", 5),
            "cooldown_seconds": worker("keda.cooldownPeriod", 30),
        }
        window = worker("keda.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown")
        return found | _window(window)
    if worker("hpa.enabled"):
        found = {
            "kind": "hpa",
            "min_replicas": max(1, worker("hpa.minReplicaCount", 0)),
            "max_replicas": worker("hpa.maxReplicaCount", 5),
        }
        return found | _window(worker("hpa.behavior.scaleDown"))
    return None


def _keep_a_worker(out: dict[str, Any], c: Conversion) -> None:
    """KEDA's minimum of 0 (the chart's default) stops every worker and the task logs they
    serve; without a logs volume here, ours refuses it: one worker stays."""
    scaling = out.get("workers", {}).get("autoscaling", {})
    if scaling.get("min_replicas") == 0 and "logs" not in out:
        scaling["min_replicas"] = 1
        c.notes.append(
            "workers.keda.minReplicaCount 0 became min_replicas 1: with no worker left, the "
            "task logs they serve are gone; give logs.volume or logs.remote to scale to zero"
        )


def _window(scale_down: dict[str, Any] | None) -> dict[str, Any]:
    seconds = (scale_down or {}).get("stabilizationWindowSeconds")
    return {} if seconds is None else {"scale_down_stabilization_seconds": seconds}


def _worker_set(chart: dict[str, Any], c: Conversion) -> dict[str, Any]:
    """A set of `workers.celery.sets`: its name, its queues (a comma-separated `queue`)."""
    found: dict[str, Any] = {"name": chart["name"]}
    found["queues"] = [q.strip() for q in str(chart.get("queue", "")).split(",") if q.strip()]
    if "replicas" in chart:
        found["replicas"] = chart["replicas"]
    if chart.get("resources"):
        found["resources"] = resources(chart["resources"])
    if chart.get("nodeSelector"):
        found["node_selector"] = dict(chart["nodeSelector"])
    c.dropped += [
        (f"workers.celery.sets.{chart['name']}.{key}", "not carried for a set: add it to the set")
        for key in chart
        if key not in ("name", "queue", "replicas", "resources", "nodeSelector")
    ]
    return found


def _role(r: Reader, out: dict[str, Any], chart_role: str, role: str) -> None:
    found: dict[str, Any] = {}
    if (replicas := r.get(f"{chart_role}.replicas")) is not None:
        found["replicas"] = replicas
    if parts := resources(r.get(f"{chart_role}.resources", {})):
        found["resources"] = parts
    found |= pod_options(r, chart_role)
    r.get(f"{chart_role}.enabled")  # Airflow 3 runs each of these roles
    if chart_role == "apiServer" and r.get("apiServer.hpa.enabled"):
        found.pop("replicas", None)
        found["autoscaling"] = {
            "kind": "hpa",
            "min_replicas": max(1, r.get("apiServer.hpa.minReplicaCount", 1)),
            "max_replicas": r.get("apiServer.hpa.maxReplicaCount", 5),
            "cpu_utilization": 50,  # the chart's default metric
        } | _window(r.get("apiServer.hpa.behavior.scaleDown"))
    if found:
        out[role] = found


def _ingress(r: Reader, out: dict[str, Any]) -> None:
    ingress: dict[str, Any] = {}
    for chart_key, ours in (("apiServer", "api_server"), ("flower", "flower")):
        if not r.get(f"ingress.{chart_key}.enabled"):
            continue
        hosts = r.get(f"ingress.{chart_key}.hosts", [])
        host = hosts[0] if hosts else {"name": r.get(f"ingress.{chart_key}.host")}
        host = {"name": host} if isinstance(host, str) else host
        found = {"host": host.get("name"), "path": r.get(f"ingress.{chart_key}.path", "/")}
        tls = host.get("tls") or {}
        if tls.get("enabled", True) and tls.get("secretName"):
            found["tls_secret"] = tls["secretName"]
        ingress[ours] = found
        if class_name := r.get(f"ingress.{chart_key}.ingressClassName"):
            ingress["class_name"] = class_name
        if annotations := r.get(f"ingress.{chart_key}.annotations"):
            ingress["annotations"] = {k: str(v) for k, v in annotations.items()}
    if ingress:
        out["ingress"] = {"enabled": True, **ingress}


def _options(r: Reader, out: dict[str, Any], c: Conversion) -> None:
    """Every pod's environment and placement; statsd, Flower, the admin user, housekeeping."""
    defaults = pod_options(r, "")
    if found := env(r.get("env", []), r.get("secret", [])):
        defaults["env"] = found
    if pull := r.get("imagePullSecrets"):
        defaults["image_pull_secrets"] = [p["name"] if isinstance(p, dict) else p for p in pull]
    if defaults:
        out["pod_defaults"] = defaults
    out["metrics"] = {"enabled": bool(r.get("statsd.enabled", True))}
    if "Celery" in out.get("executor", "CeleryExecutor"):
        out["flower"] = {"enabled": bool(r.get("flower.enabled", False))}
    if (policies := r.get("networkPolicies.enabled")) is not None:
        out["network_policies"] = {"enabled": bool(policies)}
    user = r.first("createUserJob.defaultUser", "webserver.defaultUser", default={})
    admin = {k: user[c] for c, k in _ADMIN.items() if user.get(c) is not None}
    if user.get("password") is not None:
        c.notes.append(
            "The admin user's password is not carried: the release's admin user is in the "
            "adopted database and keeps its own (the user Job leaves an existing user alone)."
        )
    if not r.get("createUserJob.enabled", True) or user.get("enabled") is False:
        admin = {"enabled": False}
    if admin:
        out["admin_user"] = admin
    if (cleanup := r.get("cleanup.enabled")) is not None:
        out["cleanup_pods"] = {"enabled": bool(cleanup)}
    if r.get("databaseCleanup.enabled"):
        out["db_clean"] = {
            "enabled": True,
            "retention_days": r.get("databaseCleanup.retentionDays", 90),
        }


_ADMIN = {
    "username": "username",
    "email": "email",
    "firstName": "first_name",
    "lastName": "last_name",
    "role": "role",
}
