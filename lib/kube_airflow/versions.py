"""Pinned versions, in one place: the constructs and the image/ build agree on these."""

AIRFLOW_VERSION = "3.3.2"
AIRFLOW_IMAGE_REPOSITORY = "apache/airflow"
POSTGRES_IMAGE = "postgres:17.7"
RABBITMQ_IMAGE = "rabbitmq:4.1.4"
REDIS_IMAGE = "redis:7.4.6"
GIT_SYNC_IMAGE = "registry.k8s.io/git-sync/git-sync:v4.4.0"
# The PgBouncer image the official chart pins (Alpine, PgBouncer 1.23.1, runs as nobody 65534).
PGBOUNCER_IMAGE = "apache/airflow:airflow-pgbouncer-2025.03.05-1.23.1"
# Prometheus' statsd exporter (busybox, /bin/statsd_exporter, runs as 65534): Airflow's metrics.
STATSD_EXPORTER_IMAGE = "prom/statsd-exporter:v0.31.0"
# The OpenTelemetry Collector's contrib distribution (/otelcol-contrib, runs as 10001): Airflow's
# OTLP metrics and traces.
OTEL_COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib:0.161.0"


def kube_airflow_version() -> str:
    """The installed kube-airflow's own version: pyproject.toml holds it, the only place it is
    written (lib/ put on sys.path without an install has none)."""
    from importlib import metadata

    try:
        return metadata.version("kube-airflow")
    except metadata.PackageNotFoundError:
        return "0+uninstalled"
