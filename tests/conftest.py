"""Shared fixtures: each variant is synthesized once per session, through the real cdk8s app."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

# kube_airflow first: importing it quiets jsii's Node.js banner before cdk8s starts the runtime.
from kube_airflow import Airflow  # noqa: E402, I001
from cdk8s import Testing as Cdk8sTesting  # noqa: E402  (not named Test*: pytest would collect it)
from tests.variants import VARIANTS  # noqa: E402


@cache
def synth(variant: str) -> tuple[dict[str, Any], ...]:
    """The manifests of one variant, as the API server would receive them."""
    return tuple(synth_props(VARIANTS[variant]))


def synth_props(props: dict[str, Any]) -> list[dict[str, Any]]:
    chart = Cdk8sTesting.chart()
    Airflow(chart, "airflow", props)
    return list(Cdk8sTesting.synth(chart))


def to_yaml(docs: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> str:
    return yaml.safe_dump_all(docs, sort_keys=True)


@pytest.fixture(params=sorted(VARIANTS))
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def docs(variant: str) -> tuple[dict[str, Any], ...]:
    return synth(variant)
