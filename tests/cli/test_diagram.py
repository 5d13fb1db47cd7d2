"""`make diagram` (kube_airflow.cli.diagram): the picture is drawn from the synthesized objects, the
same bytes for the same input, and the committed docs/architecture.svg is the current one."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from kube_airflow.cli import diagram, svg
from tests.conftest import ROOT, synth, synth_props, to_yaml

SVG = "{http://www.w3.org/2000/svg}"
COMMITTED = ROOT / "docs" / "architecture.svg"


def render(docs: Iterable[dict[str, Any]]) -> str:
    return svg.render(diagram.build(list(docs)))


def boxes(drawing: str) -> set[str]:
    """The title of every box: the first text of each group."""
    groups = ET.fromstring(drawing).iter(f"{SVG}g")
    return {"".join(next(group.iter(f"{SVG}text")).itertext()) for group in groups}


def draw(folder: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    arguments = ["diagram", "--in", str(folder), "--out", str(out)]
    command = [sys.executable, "-m", "kube_airflow", *arguments]
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "lib"), **env}
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def test_committed_picture_is_current() -> None:
    fresh = render(synth("default"))
    assert COMMITTED.exists() and COMMITTED.read_text() == fresh, (
        "docs/architecture.svg does not show what the default deployment synthesizes now: "
        "run `make diagram` and commit docs/architecture.svg"
    )


def test_same_input_same_bytes(tmp_path: Path) -> None:
    """Two processes (with different string hashing) draw the same bytes, also from the same
    objects in another order."""
    docs = synth("default")
    drawings = []
    for seed, order in (("1", docs), ("2", docs[::-1])):
        folder = tmp_path / seed
        folder.mkdir()
        (folder / "airflow.k8s.yaml").write_text(to_yaml(order))
        result = draw(folder, folder / "architecture.svg", PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        drawings.append((folder / "architecture.svg").read_bytes())
    assert drawings[0] == drawings[1] == render(docs).encode()


@pytest.mark.parametrize(
    ("props", "drawn", "gone"),
    [
        ({"broker": {"type": "redis"}}, "redis", "rabbitmq"),
        ({"flower": {"enabled": False}}, "api-server", "flower"),
    ],
)
def test_the_picture_follows_the_values(props: dict[str, Any], drawn: str, gone: str) -> None:
    assert gone in boxes(render(synth("default")))
    picture = render(synth_props(props))
    assert drawn in boxes(picture)
    assert gone not in picture, f"{gone} is still drawn"


def test_redis_takes_the_brokers_connections() -> None:
    model = diagram.build(list(synth("redis")))
    broker = {e.source for e in model.edges if e.target == "redis" and e.label == "6379"}
    # Only the Celery processes hold the broker's password; with Redis it keeps the results too.
    assert broker == {"flower", "scheduler", "worker"}
    results = {e.source for e in model.edges if e.via == "[celery] result_backend"}
    assert results == {"scheduler", "worker"}


# Flower and the workers hold no database login (docs/security.md).
AIRFLOW_DB_CLIENTS = {"api-server", "create-user", "dag-processor", "scheduler", "triggerer"}


def test_pgbouncer_on() -> None:
    """The Airflow roles reach PgBouncer, PgBouncer and the migration Job reach Postgres."""
    picture = render(synth("pgbouncer"))
    assert "pgbouncer" in boxes(picture) and diagram.POOLER in picture
    model = diagram.build(list(synth("pgbouncer")))
    database = "[database] sql_alchemy_conn"
    pooled = {
        e.source
        for e in model.edges
        if (e.target, e.label, e.via) == ("pgbouncer", "6543", database)
    }
    assert pooled == AIRFLOW_DB_CLIENTS
    results = {(e.source, e.target) for e in model.edges if e.via == "[celery] result_backend"}
    assert results == {("scheduler", "pgbouncer"), ("worker", "pgbouncer")}
    direct = {(e.source, e.via) for e in model.edges if (e.target, e.label) == ("postgres", "5432")}
    assert direct == {("db-migrate", database), ("db-migrate", diagram.POLICY),
                      ("celery-results", database), ("celery-results", diagram.POLICY),
                      ("pgbouncer", diagram.POOLER), ("pgbouncer", diagram.POLICY)}  # fmt: skip


def test_pgbouncer_in_front_of_a_url_in_a_secret() -> None:
    model = diagram.build(list(synth("pgbouncer-external-url")))
    url = "external:secret:db/url"
    assert {(e.source, e.via) for e in model.edges if e.target == url} == {
        ("db-migrate", "[database] sql_alchemy_conn"),
        ("pgbouncer", diagram.POOLER),
    }


def test_who_connects_to_whom_in_the_default() -> None:
    model = diagram.build(list(synth("default")))
    edges = {(e.source, e.target, e.label, e.via) for e in model.edges}
    assert {
        ("clients", "api-server", "8080", diagram.POLICY),
        ("clients", "flower", "5555", diagram.POLICY),
        ("api-server", "worker", "8793", diagram.POLICY),
        ("api-server", "triggerer", "8794", diagram.POLICY),
        ("worker", "api-server", "8080", "[core] execution_api_server_url"),
        ("scheduler", "postgres", "5432", "[database] sql_alchemy_conn"),
        ("scheduler", "rabbitmq", "5672", "[celery] broker_url"),
        ("bootstrap-secrets", "Secret/airflow-generated", "get, patch", diagram.ROLE),
    } <= edges
    # Only the workers run tasks, so only they call the execution API.
    assert {s for s, t, _, v in edges if t == "api-server" and v != diagram.POLICY} == {"worker"}
    generated = next(n for n in model.nodes if n.id == "Secret/airflow-generated")
    assert not generated.declared, "no Secret is in the output: it is made in the cluster"


def test_it_is_an_svg_a_browser_renders() -> None:
    root = ET.fromstring(COMMITTED.read_text())
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    markers = {m.get("id") for m in root.iter(f"{SVG}marker")}
    used = {e.get("marker-end", "")[5:-1] for e in root.iter() if e.get("marker-end")}
    assert used and used <= markers


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no Kubernetes workloads in YAML files there"),
        ({"notes.yaml": "just: text\n"}, "no Kubernetes workloads in YAML files there"),
        ({"broken.yaml": "kind: [Deployment\n"}, "broken.yaml: not YAML"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    folder = tmp_path / "dist"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    result = draw(folder, tmp_path / "architecture.svg")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "architecture.svg").exists()
