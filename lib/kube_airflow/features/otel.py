"""Airflow's OpenTelemetry metrics and traces into an OpenTelemetry Collector: OTLP in over gRPC
and HTTP, batched, out through the debug exporter (what `kubectl logs` shows) and whatever the
user's own configuration adds. The collector merges its `--config` files in order, so the
user's ConfigMap (otel.config_map) extends ours: a new exporter, and the pipelines' `exporters`
list naming it (a list is replaced, not merged)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core.config import (
    OTEL_COMPONENT,
    OTEL_HEALTH_PORT,
    OTLP_GRPC_PORT,
    OTLP_HTTP_PORT,
    checksum,
)
from kube_airflow.kube import specs
from kube_airflow.kube.pod_options import merged, pod_template
from kube_airflow.kube.skips import IMAGE
from kube_airflow.kube.workloads import deployment, service

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps

CONFIG_DIR = "/etc/otelcol"
USER_CONFIG_DIR = "/etc/otelcol-user"
CONFIG_FILE = "collector.yaml"
# The contrib image's user (`USER 10001`).
COLLECTOR_UID = 10001


def collector_config(props: AirflowProps) -> dict[str, Any]:
    """Ours: OTLP receivers, a memory limit from the container's own, batches, the debug
    exporter, and a pipeline for each signal Airflow sends."""
    pipeline = {
        "receivers": ["otlp"],
        "processors": ["memory_limiter", "batch"],
        "exporters": ["debug"],
    }
    signals = [
        s for s, on in (("metrics", props.otel.metrics), ("traces", props.otel.traces)) if on
    ]
    return {
        "receivers": {
            "otlp": {
                "protocols": {
                    "grpc": {"endpoint": f"0.0.0.0:{OTLP_GRPC_PORT}"},
                    "http": {"endpoint": f"0.0.0.0:{OTLP_HTTP_PORT}"},
                }
            }
        },
        "processors": {
            # Refuse data before the container's memory limit is reached, not after.
            "memory_limiter": {
                "check_interval": "1s",
                "limit_percentage": 80,
                "spike_limit_percentage": 20,
            },
            "batch": {},
        },
        "exporters": {"debug": {"verbosity": "basic"}},
        "extensions": {"health_check": {"endpoint": f"0.0.0.0:{OTEL_HEALTH_PORT}"}},
        "service": {
            "extensions": ["health_check"],
            "pipelines": {signal: pipeline for signal in signals},
            # The collector's own metrics would listen on another port nothing scrapes.
            "telemetry": {"metrics": {"level": "none"}},
        },
    }


class OtelCollector(Construct):
    """ConfigMap, Deployment and Service `<prefix>-otel-collector` (4317 `otlp-grpc`, 4318
    `otlp-http`)."""

    COMPONENT = OTEL_COMPONENT

    def __init__(self, scope: Construct, id: str, *, props: AirflowProps, names: Names) -> None:
        super().__init__(scope, id)
        own = merged(props.pod_defaults, props.otel)
        text = yaml.safe_dump(collector_config(props), sort_keys=False)
        k8s.KubeConfigMap(
            self, "config", metadata=names.meta(self.COMPONENT), data={CONFIG_FILE: text}
        )
        configs = [f"--config={CONFIG_DIR}/{CONFIG_FILE}"]
        mounts = [specs.mount("config", CONFIG_DIR, read_only=True)]
        volumes = [_config_map_volume("config", names.of(self.COMPONENT))]
        if (user := own.config_map) is not None:
            configs.append(f"--config={USER_CONFIG_DIR}/{user.key}")
            mounts.append(specs.mount("user-config", USER_CONFIG_DIR, read_only=True))
            volumes.append(_config_map_volume("user-config", user.name))
        container = k8s.Container(
            name=self.COMPONENT,
            image=own.image,
            image_pull_policy="IfNotPresent",
            args=configs,  # the image's entrypoint is the collector
            ports=[
                specs.port("otlp-grpc", OTLP_GRPC_PORT),
                specs.port("otlp-http", OTLP_HTTP_PORT),
                specs.port("health", OTEL_HEALTH_PORT),
            ],
            resources=specs.container_resources(own.resources),
            security_context=specs.container_security(),
            volume_mounts=mounts,
            # The health_check extension: ready once the pipelines run; live while it answers.
            readiness_probe=specs.http_probe("/", "health", period=10),
            liveness_probe=specs.http_probe("/", "health", period=30, failures=3),
        )
        pod = pod_template(
            "otel",
            own,
            names.labels(self.COMPONENT),
            {"checksum/config": checksum(text)},  # pods roll when our configuration changes
            containers=[container],
            volumes=volumes,
            automount_service_account_token=False,
            security_context=specs.pod_security(COLLECTOR_UID, COLLECTOR_UID),
        )
        self.deployment = deployment(self, names, self.COMPONENT, 1, pod, IMAGE)
        self.service = service(
            self, names, self.COMPONENT, {"otlp-grpc": OTLP_GRPC_PORT, "otlp-http": OTLP_HTTP_PORT}
        )


def _config_map_volume(name: str, config_map: str) -> k8s.Volume:
    return k8s.Volume(name=name, config_map=k8s.ConfigMapVolumeSource(name=config_map))
