"""Reading the official Apache Airflow Helm chart's values (chart 1.18 and later, Airflow 3):
every key read is marked, so what was not carried can be named with the reason; and the shapes
the chart and we spell differently (resources, tolerations, environment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Chart keys (or their parents) that have no counterpart here, and why. The longest prefix of a
# key left unread gives its reason; a key under none is one this converter does not know.
NOT_CARRIED = {
    "uid": "pods run as uid 50000, group 0, under Pod Security `restricted`",
    "gid": "pods run as uid 50000, group 0, under Pod Security `restricted`",
    "securityContext": "every container has the fixed `restricted` security context",
    "securityContexts": "every container has the fixed `restricted` security context",
    "containerLifecycleHooks": "no lifecycle hooks as props",
    "webserver": "Airflow 2's webserver; only webserver.defaultUser is read",
    "images.pod_template": "one Airflow image for every role and task pod",
    "images.flower": "one Airflow image for every role (Flower too)",
    "images.useDefaultImageForMigration": "one Airflow image for every role and Job",
    "images.migrationsWaitTimeout": "the migration wait is built in",
    "images.pgbouncerExporter": "no PgBouncer metrics exporter",
    "data.resultBackendSecretName": "Celery's results stay in the metadata database under a "
    "role of their own (result_backend); they are transient",
    "data.resultBackendConnection": "Celery's results stay in the metadata database under a "
    "role of their own (result_backend); they are transient",
    "postgresql": "the chart's bundled Postgres is read as an external database (see the "
    "report); its own settings stay with it",
    "redis.persistence.enabled": "the in-cluster Redis always keeps a volume",
    "workers.persistence": "workers keep logs on a bounded emptyDir (workers.disk) or the "
    "shared logs.volume",
    "workers.keda.query": "the KEDA query is built from the executor, concurrency and queues",
    "workers.keda.usePgbouncer": "KEDA reaches Postgres directly, never through PgBouncer",
    "workers.keda.namespaceLabels": "give workers.autoscaling.operator_namespace instead",
    "workers.celery.keda.query": "the KEDA query is built from the executor, concurrency and "
    "queues",
    "workers.celery.keda.usePgbouncer": "KEDA reaches Postgres directly, never through PgBouncer",
    "workers.hpa.metrics": "the HPA scales on CPU utilization only (cpu_utilization)",
    "apiServer.hpa.metrics": "the HPA scales on CPU utilization only (cpu_utilization)",
    "workers.kerberosSidecar": "no Kerberos",
    "kerberos": "no Kerberos",
    "migrateDatabaseJob.enabled": "the migration Job always runs (it is idempotent)",
    "rbac": "the Roles are written from what each role needs",
    "multiNamespaceMode": "task pods run in the deployment's namespace",
    "allowPodLaunching": "the Roles are written from what each role needs",
    "allowJobLaunching": "the Roles are written from what each role needs",
    "ports": "the ports are fixed (8080, 8793, 8794, 5555)",
    "extraSecrets": "create your own Secrets beside the output",
    "extraConfigMaps": "create your own ConfigMaps beside the output",
    "enableBuiltInSecretEnvVars": "each role gets only the secrets it reads",
    "useStandardNaming": "names are `<prefix>-<role>`",
    "fullnameOverride": "give the prefix with --prefix",
    "nameOverride": "give the prefix with --prefix",
    "airflowHome": "AIRFLOW_HOME is the official image's /opt/airflow",
    "airflowLocalSettings": "use local_settings.config_map (a ConfigMap you create)",
    "statsd.extraMappings": "the statsd mapping is fixed",
    "statsd.overrideMappings": "the statsd mapping is fixed",
    "scheduler.logGroomerSidecar": "logs are groomed by one CronJob (logs.retention_days)",
    "workers.logGroomerSidecar": "logs are groomed by one CronJob (logs.retention_days)",
    "triggerer.logGroomerSidecar": "logs are groomed by one CronJob (logs.retention_days)",
    "dagProcessor.logGroomerSidecar": "logs are groomed by one CronJob (logs.retention_days)",
    "pgbouncer.metricsExporterSidecar": "no PgBouncer metrics exporter",
    "workers.celery.enableDefault": "the default workers always run (workers.replicas: 0 "
    "keeps none)",
    "flower.secretName": "Flower's basic auth is generated (flower.basic_auth for your own)",
    "flower.username": "Flower's basic auth is generated (flower.basic_auth for your own)",
    "flower.password": "Flower's basic auth is generated (flower.basic_auth for your own)",
}
NOT_KNOWN = "not a key this converter knows"
# Airflow roles: the chart's key and ours.
ROLES = {
    "scheduler": "scheduler",
    "apiServer": "api_server",
    "triggerer": "triggerer",
    "dagProcessor": "dag_processor",
}


@dataclass(frozen=True)
class Adopted:
    """A key of `<prefix>-adopted` and where its value comes from: a key of the release's
    Secret (or ConfigMap), or, with `source` None, a value the user gives."""

    key: str
    source: str | None
    source_key: str
    what: str
    config_map: bool = False
    url_password: bool = False  # only the password of the URL found there
    alternatives: tuple[str, ...] = ()  # other names the chart gave `source` in other releases


@dataclass
class Conversion:
    values: dict[str, Any]
    adopted: list[Adopted]
    dropped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Reader:
    """The chart's values, merged; `get` marks what it reads, `left` lists the leaves never
    read (a read of a mapping marks everything under it)."""

    values: dict[str, Any]
    read: set[str] = field(default_factory=set)

    def get(self, path: str, default: Any = None) -> Any:
        node: Any = self.values
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        self.read.add(path)
        return default if node is None else node

    def first(self, *paths: str, default: Any = None) -> Any:
        """The first of `paths` that is set (the chart 1.20+ names before the older ones)."""
        for path in paths:  # the chart's `or`: an empty map or list is not set either
            if (found := self.get(path)) not in (None, {}, [], ""):
                return found
        return default

    def given(self, path: str) -> bool:
        return self.get(path) is not None

    def left(self) -> list[tuple[str, str]]:
        """(key, why not carried) of every leaf set in the values and not read."""
        return [(key, reason(key)) for key in _leaves(self.values, "") if not self._covered(key)]

    def _covered(self, key: str) -> bool:
        return any(key == done or key.startswith(f"{done}.") for done in self.read)


def _leaves(node: Any, prefix: str) -> list[str]:
    if isinstance(node, dict) and node:
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{prefix}{k}.")]
    empty = node is None or node == {} or node == [] or node == ""
    return [] if empty else [prefix.rstrip(".")]


def reason(key: str) -> str:
    parts = key.split(".")
    for depth in range(len(parts), 0, -1):
        if (found := NOT_CARRIED.get(".".join(parts[:depth]))) is not None:
            return found
    return NOT_KNOWN


def resources(chart: dict[str, Any]) -> dict[str, str | None]:
    """`{requests: {cpu, memory, ephemeral-storage}, limits: {...}}` -> ours, flat; what the
    chart leaves out takes the role's default here, but a request without a limit (no limit in
    the chart) gets none for CPU, and its request as its limit for memory and disk (ours needs
    one): the role's default limit may be lower than the request."""
    names = {"cpu": "cpu", "memory": "memory", "ephemeral-storage": "ephemeral_storage"}
    found: dict[str, str | None] = {}
    for side, suffix in (("requests", "request"), ("limits", "limit")):
        for key, value in (chart.get(side) or {}).items():
            if key in names:
                found[f"{names[key]}_{suffix}"] = str(value)
    if "memory_request" in found:  # no limit in the chart is none; ours needs one
        found.setdefault("memory_limit", found["memory_request"])
    if "ephemeral_storage_request" in found:
        found.setdefault("ephemeral_storage_limit", found["ephemeral_storage_request"])
    if "cpu_request" in found:
        found.setdefault("cpu_limit", None)  # unthrottled, as the chart leaves it
    return found


def tolerations(chart: list[dict[str, Any]]) -> list[dict[str, Any]]:
    spelled = {"tolerationSeconds": "toleration_seconds"}
    return [{spelled.get(k, k): v for k, v in t.items()} for t in chart]


def env(chart: list[dict[str, Any]], secrets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's `env` (name, value) and `secret` (envName, secretName, secretKey) lists."""
    found = [{"name": e["name"], "value": _helm_text(e.get("value"))} for e in chart]
    found += [
        {
            "name": s["envName"],
            "secret": {"name": s["secretName"], "key": s.get("secretKey") or "value"},
        }
        for s in secrets
    ]
    return found


def _helm_text(value: Any) -> str:
    """A value as the chart's `quote` writes it: YAML's spelling, not Python's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def pod_options(r: Reader, *sections: str) -> dict[str, Any]:
    """Placement and pod metadata of the chart's first of `sections` that sets each (a role's,
    the chart 1.20+ name first; "" for every pod's)."""

    def first(key: str, top: str | None = None) -> Any:
        return r.first(*[f"{s}.{key}" if s else (top or key) for s in sections])

    found: dict[str, Any] = {}
    if selector := first("nodeSelector"):
        found["node_selector"] = dict(selector)
    if tolerated := first("tolerations"):
        found["tolerations"] = tolerations(tolerated)
    if annotations := first("podAnnotations", "airflowPodAnnotations"):
        found["pod_annotations"] = {k: str(v) for k, v in annotations.items()}
    if labels := first("labels"):
        found["pod_labels"] = {k: str(v) for k, v in labels.items()}
    if priority := first("priorityClassName"):
        found["priority_class_name"] = priority
    return found
