"""The statsd exporter's mapping config reads names the pinned Airflow really sends: each mapping
against Airflow's own metrics registry (its type, and its variables in the order of the dotted
legacy name); and the config loads in the exporter itself when it has been built here."""

from __future__ import annotations

import re
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml

from kube_airflow.features.metrics import DROPPED, mapping_text, mappings
from tests.conftest import synth_props

# Our label names for Airflow's variable names, where they differ.
RENAMED = {"executor_class_name": "executor", "pool_name": "pool", "file_name": "file"}
RENAMED["bundle_name"] = "bundle"
KINDS = {"observer": "timer", "counter": "counter", "gauge": "gauge"}


def registry() -> list[dict[str, Any]]:
    """Airflow's metrics registry (what its docs' metrics table is generated from)."""
    text = (files("airflow._shared.observability.metrics") / "metrics_template.yaml").read_text()
    found: list[dict[str, Any]] = yaml.safe_load(text)["metrics"]
    return found


def sent() -> dict[str, tuple[str, list[str]]]:
    """Each statsd name Airflow sends (a variable as `*`) -> (type, variables in name order)."""
    names = {}
    for metric in registry():
        legacy = metric.get("legacy_name", "-")
        name = metric["name"] if legacy == "-" else legacy
        variables = re.findall(r"\{(\w+)\}", name)
        names[re.sub(r"\{\w+\}", "*", name)] = (metric["type"], variables)
    return names


def test_every_mapping_reads_a_name_airflow_sends() -> None:
    known = sent()
    mapped = [m for m in mappings("airflow")["mappings"] if m.get("action") != "drop"]
    assert len(mapped) >= 30
    for mapping in mapped:
        match = mapping["match"].removeprefix("airflow.")
        assert match in known, f"Airflow sends no {match!r}"
        kind, variables = known[match]
        assert KINDS[mapping["match_metric_type"]] == kind, mapping
        captures = {v: k for k, v in mapping.get("labels", {}).items() if v.startswith("$")}
        assert [captures[f"${i}"] for i in range(1, len(variables) + 1)] == [
            RENAMED.get(v, v) for v in variables
        ], mapping


def test_dropped_names_are_the_unlabelled_twins_of_mapped_ones() -> None:
    """Only a metric that also goes out under a legacy name with its variables is dropped."""
    twins = {m["name"] for m in registry() if m.get("legacy_name", "-") != "-"}
    assert set(DROPPED) <= twins, set(DROPPED) - twins


def test_airflow_gets_the_exporter_as_its_statsd_host() -> None:
    docs = synth_props({"metrics": {"enabled": True, "statsd_prefix": "team_a"}})
    (config,) = (
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].endswith("-config")
    )
    cfg = config["data"]["airflow.cfg"]
    assert "statsd_host = airflow-statsd.airflow.svc" in cfg
    assert "statsd_on = True" in cfg and "statsd_port = 9125" in cfg
    assert "statsd_prefix = team_a" in cfg
    (statsd,) = (
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "airflow-statsd"
    )
    assert "team_a.ti.finish.*.*.*" in statsd["data"]["mappings.yml"]


def test_default_has_no_metrics() -> None:
    docs = synth_props({})
    assert not [d for d in docs if "statsd" in d["metadata"]["name"]]
    (config,) = (
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].endswith("-config")
    )
    assert "[metrics]" not in config["data"]["airflow.cfg"]


def test_the_exporter_loads_the_mapping_config(tmp_path: Path) -> None:
    from tests.cluster.build import binary

    exporter = binary("statsd_exporter")
    if not exporter.exists():
        pytest.skip("the statsd exporter is built by the cluster tier (tests/cluster/build.py)")
    (tmp_path / "mappings.yml").write_text(mapping_text("airflow"))
    result = subprocess.run(
        [str(exporter), f"--statsd.mapping-config={tmp_path / 'mappings.yml'}", "--check-config"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "Configuration check successful" in result.stderr
