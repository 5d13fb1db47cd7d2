"""Airflow's OpenTelemetry: metrics (`[metrics] otel_on`) and traces (`[traces] otel_on`) sent
over OTLP/HTTP to an OpenTelemetry Collector, ours or the user's, beside statsd."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field

from kube_airflow.errors import Problem
from kube_airflow.props.image import ImageRef
from kube_airflow.props.kube import Resources, resources
from kube_airflow.props.model import rule
from kube_airflow.props.pod_options import ComponentProps, KeyRef
from kube_airflow.versions import OTEL_COLLECTOR_IMAGE


def _endpoint(value: str) -> bool:
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port is not None


Endpoint = Annotated[
    str,
    rule(
        _endpoint,
        "must be the http:// or https:// URL of a collector's OTLP/HTTP receiver with its port "
        "(1 to 65535), e.g. http://otel-collector.monitoring:4318",
    ),
]


class OtelProps(ComponentProps):
    """OpenTelemetry metrics and traces to the Deployment and Service `<prefix>-otel-collector`
    (OTLP in on 4317 gRPC and 4318 HTTP; its debug exporter, plus the exporters of your
    `config`), or to your own collector at `endpoint`. Off by default; statsd (`metrics`) is
    independent of it."""

    metrics: bool = Field(default=False, description="[metrics] otel_on: Airflow's metrics.")
    traces: bool = Field(
        default=False, description="[traces] otel_on: a span per DAG run and per task."
    )
    endpoint: Endpoint | None = Field(
        default=None,
        description="The URL of your own collector's OTLP/HTTP receiver (https for TLS); no "
        "collector is run here then.",
    )
    prefix: str = Field(default="airflow", description="[metrics] otel_prefix.")
    interval_milliseconds: int = Field(
        default=30000, ge=1000, le=3600000, description="OTEL_METRIC_EXPORT_INTERVAL."
    )
    image: ImageRef = Field(default=OTEL_COLLECTOR_IMAGE, description="Pinned collector image.")
    config_map: KeyRef | None = Field(
        default=None,
        description="A key of your ConfigMap holding collector configuration merged over ours "
        "(a later --config: maps merged, lists replaced), e.g. an exporter and the pipelines' "
        "`exporters: [debug, otlphttp/vendor]`.",
    )
    resources: Resources = Field(default=resources("20m", "64Mi", "500m", "256Mi"))

    @property
    def on(self) -> bool:
        return self.metrics or self.traces

    @property
    def collector(self) -> bool:
        """Whether the collector runs here."""
        return self.on and self.endpoint is None


# The otel_* options the props set or replace by the standard environment (otel_service and
# the debugging switches stay the user's, in `config`).
MANAGED = {
    "metrics": (
        "otel_on",
        "otel_host",
        "otel_port",
        "otel_prefix",
        "otel_interval_milliseconds",
        "otel_ssl_active",
    ),
    "traces": ("otel_on", "otel_host", "otel_port", "otel_ssl_active"),
}


def otel_config_problems(otel: OtelProps, config: dict[str, dict[str, Any]]) -> list[Problem]:
    """What the props set, given in `config` too, would point Airflow elsewhere."""
    on = {"metrics": otel.metrics, "traces": otel.traces}
    return [
        (("config", section, key), f"is set by otel.{section}: remove it", config[section][key])
        for section, keys in MANAGED.items()
        if on[section]
        for key in keys
        if key in config.get(section, {})
    ]
