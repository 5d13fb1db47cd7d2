"""Airflow's metrics for Prometheus: every Airflow process sends statsd over UDP to Prometheus'
statsd exporter, whose mapping config turns Airflow 3's dotted names into labelled series
(`airflow.ti.finish.tutorial.print_date.success` ->
`airflow_ti_finish_total{dag_id="tutorial",task_id="print_date",state="success"}`).

The names come from the metrics registry of the pinned Airflow (its `metrics_template.yaml`):
a metric with variables is sent twice over plain statsd, under its new name without the
variables (statsd has no tags) and under its "legacy" name with them in the dotted path (`[metrics]
legacy_names_on`, on by default), a dot inside a value sent as `__`. The mappings read the legacy
names and drop the new ones, which would mix every DAG, task or pool into one series."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml
from cdk8s import ApiObjectMetadata
from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core.config import METRICS_PORT, STATSD_COMPONENT, STATSD_PORT, checksum
from kube_airflow.kube.pod_options import merged, pod_template
from kube_airflow.kube.skips import IMAGE
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    http_probe,
    mount,
    pod_security,
)
from kube_airflow.kube.specs import port as tcp_port
from kube_airflow.kube.workloads import deployment, service

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps

__all__ = ["METRICS_PORT", "STATSD_PORT", "StatsdExporter", "mapping_text"]

METRICS_PATH = "/metrics"
MAPPING_DIR = "/etc/statsd-exporter"
MAPPING_FILE = "mappings.yml"
# The official image's user (`USER 65534`, nobody).
EXPORTER_UID = 65534
# Histogram buckets for Airflow's timers, in seconds: a scheduler loop (tens of ms) up to a
# DAG run of two hours.
BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600, 7200]

# (legacy name after the prefix, series name after the prefix, labels: a capture's number or a
# value), from the registry.
Mapped = tuple[str, str, Mapping[str, int | str]]
TIMERS: list[Mapped] = [
    ("dagrun.duration.success.*", "dagrun_duration_seconds", {"dag_id": 1, "state": "success"}),
    ("dagrun.duration.failed.*", "dagrun_duration_seconds", {"dag_id": 1, "state": "failed"}),
    ("dagrun.schedule_delay.*", "dagrun_schedule_delay_seconds", {"dag_id": 1}),
    ("dagrun.dependency-check.*", "dagrun_dependency_check_seconds", {"dag_id": 1}),
    (
        "dagrun.*.first_task_scheduling_delay",
        "dagrun_first_task_scheduling_delay_seconds",
        {"dag_id": 1},
    ),
    ("dag.*.*.duration", "task_duration_seconds", {"dag_id": 1, "task_id": 2}),
    ("dag.*.*.scheduled_duration", "task_scheduled_duration_seconds", {"dag_id": 1, "task_id": 2}),
    ("dag.*.*.queued_duration", "task_queued_duration_seconds", {"dag_id": 1, "task_id": 2}),
    (
        "dag_processing.last_duration.*.*",
        "dag_processing_last_duration_seconds",
        {"bundle": 1, "file": 2},
    ),
    ("scheduler.scheduler_loop_duration", "scheduler_loop_duration_seconds", {}),
    ("scheduler.critical_section_duration", "scheduler_critical_section_duration_seconds", {}),
]
COUNTERS: list[Mapped] = [
    ("ti.finish.*.*.*", "ti_finish_total", {"dag_id": 1, "task_id": 2, "state": 3}),
    ("ti.start.*.*", "ti_start_total", {"dag_id": 1, "task_id": 2}),
    ("ti_successes", "ti_successes_total", {}),
    ("ti_failures", "ti_failures_total", {}),
    ("scheduler_heartbeat", "scheduler_heartbeat_total", {}),
    ("triggerer_heartbeat", "triggerer_heartbeat_total", {}),
    ("dag_processor_heartbeat", "dag_processor_heartbeat_total", {}),
]
# The gauges Airflow sends once per executor, per pool and per task state.
EXECUTOR_GAUGES = ("open_slots", "queued_tasks", "running_tasks")
POOL_GAUGES = (
    "open_slots",
    "queued_slots",
    "running_slots",
    "deferred_slots",
    "scheduled_slots",
    "starving_tasks",
)
TASK_STATES = ("scheduled", "queued", "running", "deferred")
GAUGES: list[Mapped] = [
    *((f"executor.{g}.*", f"executor_{g}", {"executor": 1}) for g in EXECUTOR_GAUGES),
    *((f"pool.{g}.*", f"pool_{g}", {"pool": 1}) for g in POOL_GAUGES),
    *(
        (f"ti.{state}.*.*.*", f"ti_{state}", {"queue": 1, "dag_id": 2, "task_id": 3})
        for state in TASK_STATES
    ),
    ("dag_processing.import_errors", "dag_processing_import_errors", {}),
    ("dag_processing.total_parse_time", "dag_processing_total_parse_time_seconds", {}),
    ("dag_processing.file_path_queue_size", "dag_processing_file_path_queue_size", {}),
    (
        "dag_processing.last_run.seconds_ago.*",
        "dag_processing_last_run_seconds_ago",
        {"file": 1},
    ),
    ("triggers.running.*", "triggers_running", {"hostname": 1}),
    ("triggerer.capacity_left.*", "triggerer_capacity_left", {"hostname": 1}),
]
# The new names of the metrics above that have variables: sent without them, they would be one
# series for every DAG, task, pool or executor (a gauge then shows whichever was sent last).
DROPPED = [
    "ti.finish",
    "ti.start",
    "dagrun.duration.success",
    "dagrun.duration.failed",
    "dagrun.schedule_delay",
    "dagrun.dependency-check",
    "dagrun.first_task_scheduling_delay",
    "task.duration",
    "task.scheduled_duration",
    "task.queued_duration",
    "dag_processing.last_duration",
    "dag_processing.last_run.seconds_ago",
    *(f"executor.{g}" for g in EXECUTOR_GAUGES),
    *(f"pool.{g}" for g in POOL_GAUGES),
    *(f"ti.{state}" for state in TASK_STATES),
    "triggers.running",
    "triggerer.capacity_left",
]


def mappings(prefix: str) -> dict[str, Any]:
    """The exporter's mapping config for statsd names starting with `prefix.`."""

    def mapping(match: str, name: str, labels: Mapping[str, int | str], **extra: str) -> Any:
        values = {k: f"${v}" if isinstance(v, int) else v for k, v in labels.items()}
        return {
            "match": f"{prefix}.{match}",
            "name": f"{prefix}_{name}",
            **({"labels": values} if values else {}),
            **extra,
        }

    return {
        # Timers as histograms (aggregatable across pods, unlike summaries), in seconds.
        "defaults": {"observer_type": "histogram", "histogram_options": {"buckets": BUCKETS}},
        "mappings": [
            *(mapping(m, n, labels, match_metric_type="observer") for m, n, labels in TIMERS),
            *(mapping(m, n, labels, match_metric_type="counter") for m, n, labels in COUNTERS),
            *(mapping(m, n, labels, match_metric_type="gauge") for m, n, labels in GAUGES),
            # One regex: a glob that is also the start of a longer glob above never matches.
            {
                "match": rf"^{prefix}\.({'|'.join(re.escape(m) for m in DROPPED)})$",
                "match_type": "regex",
                "action": "drop",
                "name": "dropped",
            },
        ],
    }


def mapping_text(prefix: str) -> str:
    return yaml.safe_dump(mappings(prefix), sort_keys=False, width=100)


class StatsdExporter(Construct):
    """ConfigMap (the mappings), Deployment and Service `<prefix>-statsd` (9125/UDP `statsd`,
    9102/TCP `metrics`), and an optional ServiceMonitor of the same name."""

    COMPONENT = STATSD_COMPONENT

    def __init__(self, scope: Construct, id: str, *, props: AirflowProps, names: Names) -> None:
        super().__init__(scope, id)
        own = merged(props.pod_defaults, props.metrics)
        text = mapping_text(own.statsd_prefix)
        k8s.KubeConfigMap(
            self, "config", metadata=names.meta(self.COMPONENT), data={MAPPING_FILE: text}
        )
        scrape = (
            {
                "prometheus.io/scrape": "true",
                "prometheus.io/port": str(METRICS_PORT),
                "prometheus.io/path": METRICS_PATH,
            }
            if own.scrape_annotations
            else {}
        )
        container = k8s.Container(
            name=self.COMPONENT,
            image=own.image,
            image_pull_policy="IfNotPresent",
            # The image's entrypoint is the exporter; Airflow sends statsd over UDP only.
            args=[
                f"--statsd.mapping-config={MAPPING_DIR}/{MAPPING_FILE}",
                f"--statsd.listen-udp=:{STATSD_PORT}",
                "--statsd.listen-tcp=",
                f"--web.listen-address=:{METRICS_PORT}",
                f"--web.telemetry-path={METRICS_PATH}",
            ],
            ports=[
                k8s.ContainerPort(name="statsd", container_port=STATSD_PORT, protocol="UDP"),
                tcp_port("metrics", METRICS_PORT),
            ],
            resources=container_resources(own.resources),
            security_context=container_security(),
            volume_mounts=[mount("config", MAPPING_DIR, read_only=True)],
            # Its own endpoints for each: cheaper than rendering every series of /metrics.
            readiness_probe=http_probe("/-/ready", "metrics", period=10),
            liveness_probe=http_probe("/-/healthy", "metrics", period=30),
        )
        pod = pod_template(
            "metrics",
            own,
            names.labels(self.COMPONENT),
            # Pods roll when the mappings change.
            {**scrape, "checksum/config": checksum(text)},
            containers=[container],
            volumes=[
                k8s.Volume(
                    name="config",
                    config_map=k8s.ConfigMapVolumeSource(name=names.of(self.COMPONENT)),
                )
            ],
            automount_service_account_token=False,
            security_context=pod_security(EXPORTER_UID, EXPORTER_UID),
        )
        self.deployment = deployment(self, names, self.COMPONENT, 1, pod, IMAGE)
        self.service = service(
            self,
            names,
            self.COMPONENT,
            {"statsd": STATSD_PORT, "metrics": METRICS_PORT},
            udp=("statsd",),
            annotations=scrape or None,
        )
        monitor = own.service_monitor
        if monitor.enabled:
            # Imported only when used: the binding loads its jsii assembly into the runtime.
            from kube_airflow_imports.servicemonitors.com.coreos.monitoring import (
                ServiceMonitor,
                ServiceMonitorSpec,
                ServiceMonitorSpecEndpoints,
                ServiceMonitorSpecSelector,
            )

            ServiceMonitor(
                self,
                "service-monitor",
                metadata=ApiObjectMetadata(
                    name=names.of(self.COMPONENT),
                    namespace=names.namespace,
                    labels={**monitor.labels, **names.labels(self.COMPONENT)},
                ),
                spec=ServiceMonitorSpec(
                    selector=ServiceMonitorSpecSelector(
                        match_labels=names.selector(self.COMPONENT)
                    ),
                    endpoints=[
                        ServiceMonitorSpecEndpoints(
                            port="metrics", path=METRICS_PATH, interval=monitor.interval
                        )
                    ],
                ),
            )
