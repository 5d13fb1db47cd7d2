"""airflow.cfg: typed settings derived from the props, plus user overrides checked against the
configuration description of the pinned Airflow (shipped as data, so synth never imports Airflow).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from kube_airflow.image_layout import AIRFLOW_HOME, LOGS_FOLDER
from kube_airflow.props.edge import DRAIN_KILL_GRACE_SECONDS, EDGE_API_PATH

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps, ConfigValue, RemoteLoggingProps

# The KubernetesExecutor's pod template, mounted from its ConfigMap into the scheduler.
POD_TEMPLATE_DIR = f"{AIRFLOW_HOME}/pod_templates"
POD_TEMPLATE_FILE = "pod_template.yaml"
API_SERVER_PORT = 8080
WORKER_LOG_PORT = 8793
TRIGGERER_LOG_PORT = 8794
SCHEDULER_HEALTH_PORT = 8974
FLOWER_PORT = 5555
# The statsd exporter: statsd in over UDP, Prometheus' /metrics out.
STATSD_COMPONENT = "statsd"
STATSD_PORT = 9125
METRICS_PORT = 9102
# The OpenTelemetry Collector: OTLP in over gRPC and HTTP (Airflow's exporters use HTTP), its
# health_check extension for the probes.
OTEL_COMPONENT = "otel-collector"
OTLP_GRPC_PORT = 4317
OTLP_HTTP_PORT = 4318
OTEL_HEALTH_PORT = 13133
# By the names the containers and Services give them.
PORTS = {
    "http": API_SERVER_PORT,
    "worker-logs": WORKER_LOG_PORT,
    "triggerer-logs": TRIGGERER_LOG_PORT,
    "health": SCHEDULER_HEALTH_PORT,
    "flower": FLOWER_PORT,
}
GIT_LINK = "repo"  # git-sync points <root>/repo at the current checkout, switched atomically
FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager"
DAGS_VOLUME_REFRESH_SECONDS = 60  # [dag_processor] refresh_interval with dags.mode: volume
TASK_HEARTBEAT_TIMEOUT = 60  # [scheduler] task_instance_heartbeat_timeout, seconds
EDGE_EXECUTOR = "EdgeExecutor:airflow.providers.edge3.executors.EdgeExecutor"
NO_DATABASE = "sqlite://"  # [database] sql_alchemy_conn of a pod with no login (see settings)


def settings(props: AirflowProps, names: Names) -> dict[str, dict[str, str]]:
    """The typed settings every deployment needs, then the user's overrides on top."""
    base_path = api_base_path(props)
    cfg: dict[str, dict[str, ConfigValue]] = {
        "core": {
            "executor": core_executor(props.executor),
            "dags_folder": dags_folder(props),
            "load_examples": False,
            "auth_manager": FAB_AUTH_MANAGER,
            # Tasks call the api-server's execution API; localhost would fail in any pod but it.
            "execution_api_server_url": execution_api_url(props, names),
        },
        # The pods that use Airflow's database get it from their environment, which wins over
        # this file; the others (workers, Flower, task pods) have none: an empty in-memory one,
        # so nothing falls back to a file under the read-only AIRFLOW_HOME (the CLI's action log
        # warned at every start) and `airflow config get-value` shows there is none.
        "database": {"sql_alchemy_conn": NO_DATABASE},
        "logging": {
            "base_log_folder": LOGS_FOLDER,
            "worker_log_server_port": WORKER_LOG_PORT,
            "trigger_log_server_port": TRIGGERER_LOG_PORT,
        },
        "scheduler": {
            # The scheduler's own HTTP health endpoint: a cheap liveness probe instead of
            # starting a Python interpreter with `airflow jobs check` every period.
            "enable_health_check": True,
            "scheduler_health_check_server_port": SCHEDULER_HEALTH_PORT,
            # A task whose worker died (OOM kill, node loss) is failed and retried after this
            # many seconds without a heartbeat; Airflow's 300 s made recovery take six minutes.
            # A live task heartbeats every 5 s ([workers] min_heartbeat_interval) and its own
            # supervisor gives up after 3 failed heartbeats, so 60 s adds no false positive.
            "task_instance_heartbeat_timeout": TASK_HEARTBEAT_TIMEOUT,
        },
    }
    if props.dags.mode != "image":
        # Airflow looks for new DAG files every refresh_interval (300 s by default): a file that
        # git-sync or a volume brings would wait up to that long. Files it knows are re-parsed
        # every min_file_process_interval (30 s) regardless.
        cfg["dag_processor"] = {"refresh_interval": dags_refresh_seconds(props)}
    if props.celery:
        cfg["celery"] = {"worker_concurrency": props.workers.concurrency}
    if props.edge_on:
        cfg["edge"] = edge_settings(props, names)
    if props.metrics.enabled and not props.edge_standalone:  # no exporter beside them
        cfg["metrics"] = {
            "statsd_on": True,
            "statsd_host": names.service_host(names.of(STATSD_COMPONENT)),
            "statsd_port": STATSD_PORT,
            "statsd_prefix": props.metrics.statsd_prefix,
        }
    for section, options in _otel(props).items():
        cfg.setdefault(section, {}).update(options)
    if props.kubernetes:
        cfg["kubernetes_executor"] = {
            "pod_template_file": f"{POD_TEMPLATE_DIR}/{POD_TEMPLATE_FILE}",
            "namespace": props.namespace,
        }
    if base_path:
        route = props.ingress.api_server
        assert route is not None
        scheme = "https" if route.tls_secret else "http"
        cfg["api"] = {"base_url": f"{scheme}://{route.host}{base_path}"}
    flower = props.ingress.flower if props.ingress.enabled else None
    if props.flower_on and flower is not None and flower.path != "/":
        cfg["celery"]["flower_url_prefix"] = flower.path
    if props.logs.remote is not None:
        for section, options in remote_logging(props.logs.remote).items():
            cfg.setdefault(section, {}).update(options)
    for section, options in props.config.items():
        cfg.setdefault(section, {}).update(options)
    return {s: {k: _text(v) for k, v in opts.items()} for s, opts in cfg.items()}


def execution_api_url(props: AirflowProps, names: Names) -> str:
    """The api-server's execution API: its Service, or for edge workers written alone, beside
    the edge API they are given (as the provider derives it)."""
    url = props.edge.api_url
    if props.edge_standalone and url is not None:
        return url.rstrip("/").removesuffix(EDGE_API_PATH) + "/execution/"
    api = names.service_host(names.api_server_service)
    return f"http://{api}:{API_SERVER_PORT}{api_base_path(props)}/execution/"


def core_executor(executor: str) -> str:
    """[core] executor: the EdgeExecutor, a provider's, by its path under its class name as the
    alias, so that a task's `executor="EdgeExecutor"` finds it."""
    return ",".join(EDGE_EXECUTOR if e == "EdgeExecutor" else e for e in executor.split(","))


def edge_settings(props: AirflowProps, names: Names) -> dict[str, ConfigValue]:
    """[edge]: the api-server serves the edge API (the provider's plugin mounts it only then),
    the URL the edge workers reach it at, and how long a stopping worker drains."""
    own = props.edge
    api = names.service_host(names.api_server_service)
    default_url = f"http://{api}:{API_SERVER_PORT}{api_base_path(props)}{EDGE_API_PATH}"
    return {
        "api_enabled": True,
        "api_url": own.api_url or default_url,
        "drain_timeout_sec": own.drain_timeout_seconds,
        "drain_kill_grace_sec": DRAIN_KILL_GRACE_SECONDS,
    }


def otel_endpoint(props: AirflowProps, names: Names) -> str:
    """The base URL Airflow's OTLP/HTTP exporters append /v1/metrics and /v1/traces to: the
    user's collector, or ours."""
    if props.otel.endpoint is not None:
        return props.otel.endpoint.rstrip("/")
    return f"http://{names.service_host(names.of(OTEL_COMPONENT))}:{OTLP_HTTP_PORT}"


def otel_environment(props: AirflowProps, names: Names) -> dict[str, str]:
    """The standard OpenTelemetry variables every Airflow process reads (Airflow 3.2 deprecated
    its own otel_host and otel_port). Over HTTP for both signals: Airflow's span exporter is
    chosen by OTEL_TRACES_EXPORTER, whose default (`otlp`) is gRPC."""
    if not props.otel.on:
        return {}
    return {
        "OTEL_EXPORTER_OTLP_ENDPOINT": otel_endpoint(props, names),
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_TRACES_EXPORTER": "otlp_proto_http",
        "OTEL_METRIC_EXPORT_INTERVAL": str(props.otel.interval_milliseconds),
    }


def _otel(props: AirflowProps) -> dict[str, dict[str, ConfigValue]]:
    """[metrics] and [traces] otel_on; where they send is in the environment."""
    found: dict[str, dict[str, ConfigValue]] = {}
    if props.otel.metrics:
        found["metrics"] = {"otel_on": True, "otel_prefix": props.otel.prefix}
    if props.otel.traces:
        found["traces"] = {"otel_on": True}
    return found


def remote_logging(remote: RemoteLoggingProps) -> dict[str, dict[str, ConfigValue]]:
    """The options Airflow's logging config chooses the remote handler by: an object store by
    the scheme of remote_base_log_folder, else Elasticsearch or OpenSearch by their host. Their
    credentials come from the environment (logs.py)."""
    logging: dict[str, ConfigValue] = {"remote_logging": True}
    if remote.object_store:
        assert remote.base_folder is not None and remote.conn_id is not None
        logging |= {
            "remote_log_conn_id": remote.conn_id,
            "delete_local_logs": remote.delete_local_copy,
        }
        if remote.kind != "wasb":
            return {"logging": logging | {"remote_base_log_folder": remote.base_folder}}
        # Azure's handler takes the container from its own section and the path in it from
        # remote_base_log_folder (its wasb:// prefix removed).
        container, _, path = remote.base_folder.removeprefix("wasb://").partition("/")
        logging["remote_base_log_folder"] = f"wasb://{path}"
        return {
            "logging": logging,
            "azure_remote_logging": {"remote_wasb_log_container": container},
        }
    engine: dict[str, ConfigValue] = {
        "target_index": remote.target_index,
        "index_patterns": remote.index_patterns,
        "json_format": remote.json_format,
        "write_stdout": remote.write_stdout,
        # Airflow writes the documents itself unless a log shipper takes them from stdout.
        (
            "write_to_es" if remote.kind == "elasticsearch" else "write_to_os"
        ): not remote.write_stdout,
    }
    if remote.host is not None:
        engine["host"] = remote.host
    if remote.port is not None:
        engine["port"] = remote.port
    if remote.username is not None:
        engine["username"] = remote.username
    return {"logging": logging, remote.kind: engine}


def dags_refresh_seconds(props: AirflowProps) -> int:
    """How often the dag-processor looks for new DAG files: as often as git-sync fetches; for a
    volume, whose writer we do not know, every DAGS_VOLUME_REFRESH_SECONDS."""
    return int(getattr(props.dags, "period_seconds", DAGS_VOLUME_REFRESH_SECONDS))


def dags_folder(props: AirflowProps) -> str:
    """[core] dags_folder, derived from the same value as the DAGs' mount path."""
    dags = props.dags
    if dags.mode == "git-sync":
        return "/".join(p for p in (dags.folder, GIT_LINK, dags.sub_path) if p)
    return dags.folder


def api_base_path(props: AirflowProps) -> str:
    """The path of `[api] base_url` ("" at the root): the execution API is mounted below it
    (Starlette strips it from a request's path before matching the mount), the REST API is not."""
    route = props.ingress.api_server
    if props.ingress.enabled and route is not None and route.path != "/":
        return route.path
    return ""


def _text(value: ConfigValue) -> str:
    return str(value) if not isinstance(value, bool) else ("True" if value else "False")


def render(cfg: dict[str, dict[str, str]]) -> str:
    """airflow.cfg text. '%' is doubled because Airflow's parser interpolates '%(...)s'."""
    lines = ["# Rendered by kube-airflow; secrets come from the environment, never from here."]
    for section in sorted(cfg):
        lines += ["", f"[{section}]"]
        lines += [f"{key} = {cfg[section][key].replace('%', '%%')}" for key in sorted(cfg[section])]
    return "\n".join(lines) + "\n"


def checksum(*parts: str) -> str:
    """Pod annotation value that changes whenever the mounted configuration does."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
