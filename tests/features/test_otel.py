"""OpenTelemetry: Airflow's [metrics] and [traces] otel_* options, the collector (ours, extended
by the user's configuration, or the user's own at `endpoint`), its network policies, and what
is refused."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kube_airflow.errors import UserError
from kube_airflow.props.values import load_props
from kube_airflow.versions import OTEL_COLLECTOR_IMAGE
from tests.conftest import synth, synth_props
from tests.features.test_egress import policies, roles
from tests.objects import env, main, objects, pod

Doc = dict[str, Any]


def airflow_cfg(docs: Any) -> str:
    (config,) = (
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "airflow-config"
    )
    return str(config["data"]["airflow.cfg"])


def section(cfg: str, name: str) -> dict[str, str]:
    """One section of airflow.cfg as option -> value."""
    found: dict[str, str] = {}
    current = None
    for line in cfg.splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif current == name and " = " in line:
            key, _, value = line.partition(" = ")
            found[key.strip()] = value
    return found


def test_off_by_default() -> None:
    docs = synth("default")
    assert not [d for d in docs if "otel" in d["metadata"]["name"]]
    assert "otel_on" not in airflow_cfg(docs)


def test_metrics_and_traces_go_to_our_collector() -> None:
    docs = synth("otel")
    cfg = airflow_cfg(docs)
    assert section(cfg, "metrics").items() >= {"otel_on": "True", "otel_prefix": "airflow",
                                               "statsd_on": "True"}.items()  # fmt: skip
    assert section(cfg, "traces") == {"otel_on": "True"}
    # Where they send: the standard variables, over HTTP for both signals (Airflow's span
    # exporter would be gRPC by default), in every Airflow container.
    wanted = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": "http://airflow-otel-collector.airflow.svc:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_TRACES_EXPORTER": "otlp_proto_http",
        "OTEL_METRIC_EXPORT_INTERVAL": "30000",
    }
    for component in ("scheduler", "api-server", "worker", "dag-processor", "triggerer"):
        found = objects(docs, component)
        workload = found.get("Deployment") or found["StatefulSet"]
        assert env(main(workload)).items() >= {k: {"name": k, "value": v}
                                               for k, v in wanted.items()}.items()  # fmt: skip
    found = objects(docs, "otel-collector")
    container = main(found["Deployment"])
    assert container["image"] == OTEL_COLLECTOR_IMAGE
    # Ours first, then the user's ConfigMap merged over it.
    assert container["args"] == ["--config=/etc/otelcol/collector.yaml",
                                 "--config=/etc/otelcol-user/exporters.yaml"]  # fmt: skip
    volumes = {v["name"]: v["configMap"]["name"] for v in pod(found["Deployment"])["volumes"]}
    assert volumes == {"config": "airflow-otel-collector", "user-config": "otel-exporters"}
    ports = {p["name"]: p["port"] for p in found["Service"]["spec"]["ports"]}
    assert ports == {"otlp-grpc": 4317, "otlp-http": 4318}
    config = yaml.safe_load(found["ConfigMap"]["data"]["collector.yaml"])
    pipelines = config["service"]["pipelines"]
    assert set(pipelines) == {"metrics", "traces"}
    assert all(
        p["receivers"] == ["otlp"] and p["exporters"] == ["debug"] for p in pipelines.values()
    )


def test_traces_alone_have_a_traces_pipeline_alone() -> None:
    docs = synth_props({"otel": {"traces": True}})
    assert "otel_on" not in section(airflow_cfg(docs), "metrics")
    (config,) = (d for d in docs if d["metadata"]["name"] == "airflow-otel-collector"
                 and d["kind"] == "ConfigMap")  # fmt: skip
    assert set(yaml.safe_load(config["data"]["collector.yaml"])["service"]["pipelines"]) == {
        "traces"
    }


def test_every_airflow_pod_reaches_the_collector_and_it_reaches_outside() -> None:
    found = policies(synth("otel"))
    otel = found["egress-otel"]
    assert "worker" in roles(otel) and "task" not in roles(otel)  # no task pods with Celery
    assert otel["egress"][0]["ports"] == [{"port": 4318, "protocol": "TCP"}]
    exporters = found["egress-otel-exporters"]
    assert roles(exporters) == ["otel-collector"]
    assert exporters["egress"][0]["to"][0]["ipBlock"]["cidr"] == "0.0.0.0/0"
    ingress = found["otel-collector"]["ingress"]
    assert {p["port"] for rule in ingress for p in rule["ports"]} == {4317, 4318}


def test_your_own_collector_at_an_endpoint() -> None:
    endpoint = "https://otel.monitoring:4318"
    docs = synth_props({"otel": {"metrics": True, "endpoint": endpoint}})
    assert not [d for d in docs if "otel-collector" in d["metadata"]["name"]]
    scheduler = main(objects(docs, "scheduler")["Deployment"])
    assert env(scheduler)["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"] == endpoint
    # Its port at any address: in the cluster (another namespace) or outside it.
    otel = policies(docs)["egress-otel"]
    assert otel["egress"] == [{"ports": [{"port": 4318, "protocol": "TCP"}]}]
    assert "egress-otel-exporters" not in policies(docs)


def test_the_service_name_stays_yours() -> None:
    props = {"otel": {"metrics": True}, "config": {"metrics": {"otel_service": "etl"}}}
    assert "otel_service = etl" in airflow_cfg(synth_props(props))


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"otel": {"metrics": True}, "config": {"metrics": {"otel_host": "x"}}},
         "config.metrics.otel_host: is set by otel.metrics: remove it"),
        ({"otel": {"traces": True}, "config": {"traces": {"otel_port": 1}}},
         "config.traces.otel_port: is set by otel.traces"),
        ({"otel": {"metrics": True, "endpoint": "otel.monitoring:4318"}},
         "otel.endpoint: must be the http:// or https:// URL"),
        ({"otel": {"traces": True, "endpoint": "http://otel:99999"}}, "(1 to 65535)"),
        ({"otel": {"traces": True}, "config": {"traces": {"otel_ssl_active": True}}},
         "config.traces.otel_ssl_active: is set by otel.traces"),
        ({"otel": {"interval_milliseconds": 10}}, "otel.interval_milliseconds"),
    ],
)  # fmt: skip
def test_refused(props: dict[str, Any], expected: str) -> None:
    with pytest.raises(UserError) as error:
        load_props(props)
    assert expected in str(error.value), str(error.value)
