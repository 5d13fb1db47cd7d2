"""Airflow's metrics for Prometheus: `[metrics] statsd_on`, a statsd exporter that turns Airflow's
dotted statsd names into labelled series, and how Prometheus finds it."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field

from kube_airflow.errors import Problem
from kube_airflow.props.image import ImageRef
from kube_airflow.props.kube import LabelValue, QualifiedName, Resources, resources
from kube_airflow.props.model import Model, empty_dict, rule
from kube_airflow.props.pod_options import ComponentProps
from kube_airflow.versions import STATSD_EXPORTER_IMAGE

# Prometheus' duration syntax, as the ServiceMonitor CRD checks it (units largest first, no 0s).
_DURATION = re.compile(r"^(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?$")
# The first part of every series name (`airflow_dagrun_duration_seconds`) and of every statsd
# name Airflow sends (`airflow.dagrun...`): it must be both.
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,30}$")

Duration = Annotated[
    str,
    rule(
        lambda v: v not in ("", "0s") and bool(_DURATION.match(v)),
        "must be a Prometheus duration in hours, minutes and seconds, e.g. 30s, 1m or 1m30s",
    ),
]
StatsdPrefix = Annotated[
    str,
    rule(
        lambda v: bool(_PREFIX.match(v)),
        "must be lowercase letters, digits and '_', starting with a letter, at most 31 "
        "characters (it starts every series name)",
    ),
]


class ServiceMonitorProps(Model):
    """A prometheus-operator ServiceMonitor selecting the exporter's Service (its CRD must be
    installed, or `kubectl apply` refuses the object)."""

    enabled: bool = Field(default=False, description="Emit the ServiceMonitor.")
    interval: Duration = Field(default="30s", description="How often Prometheus scrapes.")
    labels: dict[QualifiedName, LabelValue] = Field(
        default_factory=empty_dict,
        description="Labels of the ServiceMonitor, e.g. the `release` label your Prometheus "
        "selects ServiceMonitors by.",
    )


class MetricsProps(ComponentProps):
    """Airflow's statsd metrics (`[metrics] statsd_on`) through a statsd exporter Deployment
    and Service `<prefix>-statsd`: statsd in on 9125/UDP, Prometheus' /metrics out on 9102.
    Off by default."""

    enabled: bool = Field(
        default=False, description="Send Airflow's metrics to a statsd exporter for Prometheus."
    )
    image: ImageRef = Field(default=STATSD_EXPORTER_IMAGE, description="Pinned exporter image.")
    statsd_prefix: StatsdPrefix = Field(
        default="airflow",
        description="[metrics] statsd_prefix, and the first part of every series name.",
    )
    scrape_annotations: bool = Field(
        default=True,
        description="Annotate the exporter's Service and pods with prometheus.io/scrape, port "
        "and path, for a Prometheus that discovers targets by annotation.",
    )
    service_monitor: ServiceMonitorProps = Field(default_factory=ServiceMonitorProps)
    resources: Resources = Field(default=resources("10m", "32Mi", "200m", "128Mi"))


# The [metrics] options `metrics.enabled` sets; given in `config` too, they would point Airflow
# somewhere else than the exporter.
MANAGED_WHEN_ENABLED = ("statsd_on", "statsd_host", "statsd_port", "statsd_prefix")


def metrics_config_problems(
    metrics: MetricsProps, config: dict[str, dict[str, Any]]
) -> list[Problem]:
    if not metrics.enabled:
        return []
    return [
        (
            ("config", "metrics", key),
            "is set by metrics.enabled (to the statsd exporter): remove it"
            + (", or set metrics.statsd_prefix" if key == "statsd_prefix" else ""),
            config["metrics"][key],
        )
        for key in MANAGED_WHEN_ENABLED
        if key in config.get("metrics", {})
    ]
