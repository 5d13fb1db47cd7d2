"""The e2e harness refuses what it cannot honour, before starting anything (no podman needed)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import synth
from tests.e2e.kubelet import Cluster, Refused

IMAGES = {"apache/airflow:3.3.2": "x", "postgres:17.7": "x", "rabbitmq:4.1.4": "x"}


def _with(change: Any) -> list[dict[str, Any]]:
    docs = copy.deepcopy(list(synth("default")))
    scheduler = next(
        d
        for d in docs
        if d["metadata"]["name"] == "airflow-scheduler" and d["kind"] == "Deployment"
    )
    change(scheduler["spec"]["template"]["spec"])
    return docs


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(hostNetwork=True), "cannot honour hostNetwork"),
        (
            lambda s: s["containers"][0].update(stdin=True),
            "container scheduler: cannot honour stdin",
        ),
        (lambda s: s["containers"][0]["securityContext"].update(privileged=True), "privileged"),
        (lambda s: s["volumes"].append({"name": "h", "hostPath": {"path": "/"}}), "volume h"),
        (lambda s: s["containers"][0].update(image="nginx:1"), "no local image for nginx:1"),
    ],
)
def test_refuses_what_it_cannot_honour(tmp_path: Path, change: Any, message: str) -> None:
    cluster = Cluster(tmp_path, IMAGES)
    with pytest.raises(Refused, match=message):
        cluster.apply(_with(change))
    assert not cluster.networks, "nothing was started"


def test_refuses_unknown_kinds(tmp_path: Path) -> None:
    docs = [{"kind": "DaemonSet", "apiVersion": "apps/v1", "metadata": {"name": "d"}}]
    with pytest.raises(Refused, match="DaemonSet d: kind not supported"):
        Cluster(tmp_path, IMAGES).apply(docs)
