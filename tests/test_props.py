"""Bad input: a clear error naming the field, the bad value and what is allowed; nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kube_airflow.cli import load_props
from kube_airflow.errors import UserError
from tests.conftest import ROOT

BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    ("git-sync without repo", {"dags": {"mode": "git-sync"}}, ["dags.git-sync", "needs 'repo'"]),
    (
        "ssh key without known_hosts",
        {
            "dags": {
                "mode": "git-sync",
                "repo": "git@h:r.git",
                "ssh": {"key": {"name": "k", "key": "id"}},
            }
        },
        ["dags.git-sync.ssh", "known_hosts"],
    ),
    (
        "ssh key with https url",
        {
            "dags": {
                "mode": "git-sync",
                "repo": "https://h/r.git",
                "ssh": {"key": {"name": "k", "key": "i"}, "known_hosts": {"name": "k", "key": "h"}},
            }
        },
        ["SSH repo URL", "'https://h/r.git'"],
    ),
    ("volume without claim", {"dags": {"mode": "volume"}}, ["dags.volume", "'claim'", "'size'"]),
    ("dags folder", {"dags": {"folder": "/opt/airflow"}}, ["dags.image.folder", "'/opt/airflow'"]),
    ("unknown dags mode", {"dags": {"mode": "s3"}}, ["dags", "'s3'", "git-sync", "volume"]),
    ("prefix not a DNS label", {"prefix": "Air_flow"}, ["prefix", "'Air_flow'", "DNS label"]),
    ("prefix too long", {"prefix": "a" * 31}, ["prefix", "at most 30"]),
    ("namespace", {"namespace": "-x"}, ["namespace", "'-x'"]),
    (
        "unknown config key",
        {"config": {"core": {"paralelism": 8}}},
        ["config", "'paralelism'", "[core]", "did you mean 'parallelism'"],
    ),
    (
        "unknown config section",
        {"config": {"schedulr": {"x": 1}}},
        ["[schedulr]", "did you mean [scheduler]", "config_provider_sections"],
    ),
    (
        "managed config key",
        {"config": {"core": {"fernet_key": "x"}}},
        ["config.core.fernet_key", "secrets.fernet_key"],
    ),
    (
        "external db with both url and host",
        {
            "database": {
                "type": "external",
                "host": "db",
                "password": {"name": "a", "key": "b"},
                "connection": {"name": "c", "key": "d"},
            }
        },
        ["database", "not both"],
    ),
    (
        "external db without password",
        {"database": {"type": "external", "host": "db"}},
        ["database", "'password'"],
    ),
    ("unknown broker", {"broker": {"type": "kafka"}}, ["broker", "'kafka'", "rabbitmq", "redis"]),
    (
        "flower ingress without flower",
        {"flower": {"enabled": False}, "ingress": {"enabled": True, "flower": {"host": "f"}}},
        ["ingress.flower", "flower.enabled"],
    ),
    (
        "bad quantity",
        {
            "workers": {
                "resources": {"cpu_request": "lots", "memory_request": "1Gi", "memory_limit": "2Gi"}
            }
        },
        ["workers.resources.cpu_request", "'lots'", "quantity"],
    ),
    ("latest tag", {"image": {"tag": "latest"}}, ["image.tag", "'latest'"]),
    ("unknown field", {"workers": {"replica": 3}}, ["workers.replica", "Extra inputs"]),
    (
        "negative replicas",
        {"workers": {"replicas": -1}},
        ["workers.replicas", "-1", "greater than or equal to 0"],
    ),
    (
        "ingress path",
        {"ingress": {"enabled": True, "api_server": {"host": "a", "path": "x/"}}},
        ["ingress.api_server.path", "'x/'"],
    ),
]


@pytest.mark.parametrize(("case", "values", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named(case: str, values: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(UserError) as error:
        load_props(values)
    for fragment in expected:
        assert fragment in str(error.value), f"{case}: {fragment!r} missing from:\n{error.value}"


def test_cli_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("config:\n  core:\n    paralelism: 8\n")
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(values), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "did you mean 'parallelism'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [values], "no temporary directory left behind"


def test_cli_keeps_previous_output_on_error(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "airflow.k8s.yaml").write_text("previous\n")
    values = tmp_path / "values.yaml"
    values.write_text("prefix: NOPE\n")
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(values), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert (out / "airflow.k8s.yaml").read_text() == "previous\n"


def test_set_and_image_reach_the_props(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("workers:\n  replicas: 3\n  concurrency: 8\n")
    from kube_airflow.cli import merge

    merged = merge(
        [str(values)], ["workers.replicas=5", "flower.enabled=false"], "reg.example.com:5000/a:1.2"
    )
    props = load_props(merged)
    assert (props.workers.replicas, props.workers.concurrency) == (5, 8)
    assert props.flower.enabled is False
    assert props.image.ref == "reg.example.com:5000/a:1.2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "workers.replicas"], "expected PATH=VALUE"),
        (["--set", "workers.replicas=many"], "workers.replicas"),
        (["--image", "no-tag"], "expected REPOSITORY:TAG"),
        (["--values", "/nonexistent.yaml"], "/nonexistent.yaml"),
    ],
)
def test_cli_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", *args, "--out", str(tmp_path / "d")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_errors_name_the_source_of_the_bad_value(tmp_path: Path) -> None:
    first, second = tmp_path / "base.yaml", tmp_path / "prod.yaml"
    first.write_text("workers:\n  replicas: 2\n")
    second.write_text("workers:\n  replicas: -2\n")
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(first), "--values", str(second),
         "--set", "flower.enabled=maybe", "--out", str(tmp_path / "d")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{second}: workers.replicas: Input should be greater than or equal to 0 (got -2)" in (
        result.stderr
    )
    assert "--set flower.enabled=maybe: flower.enabled:" in result.stderr


def test_library_users_get_the_same_error_and_no_half_built_chart() -> None:
    from cdk8s import Testing as Cdk8sTesting

    from kube_airflow import Airflow

    chart = Cdk8sTesting.chart()
    with pytest.raises(UserError, match=r"workers\.replicas: .* \(got -1\)"):
        Airflow(chart, "airflow", {"workers": {"replicas": -1}})
    assert Cdk8sTesting.synth(chart) == []
    assert len(chart.node.children) == 0
