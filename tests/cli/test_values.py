"""Values files: the JSON Schema and the values reference page match the props model, and every
example validates against the schema, loads, synthesizes and passes the conformance checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from kube_airflow.cli import schema
from kube_airflow.props.values import load_props, merge
from tests.conformance.kube_validate import supported_versions, validate_all
from tests.conformance.pod_security import restricted_violations
from tests.conformance.references import reference_violations
from tests.conftest import ROOT, synth_props

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_schema_file_is_generated_from_the_model() -> None:
    assert schema.SCHEMA_FILE.read_text() == schema.render_schema(), "stale: make schema"


def test_values_page_is_generated_from_the_model() -> None:
    page = schema.VALUES_PAGE.read_text()
    assert page == schema.page_with_reference(page), "stale: make schema"


def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema.SCHEMA_FILE.read_text()))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_example_is_valid_and_synthesizes(example: Path) -> None:
    values: dict[str, Any] = yaml.safe_load(example.read_text())
    assert list(validator().iter_errors(values)) == []
    assert example.read_text().startswith("# yaml-language-server: $schema=../values.schema.json")
    docs = synth_props(load_props(merge([str(example)])).model_dump())
    assert restricted_violations(docs) == []
    # The ConfigMaps an example's comments say to create are the user's.
    assert reference_violations(docs, values) == []
    assert validate_all(docs, supported_versions()[-1:]) == []


def test_schema_catches_what_the_model_refuses() -> None:
    errors = list(validator().iter_errors({"workers": {"replicas": "many"}, "flowr": {}}))
    assert {e.message for e in errors} >= {
        "'many' is not of type 'integer'",
        "Additional properties are not allowed ('flowr' was unexpected)",
    }


def test_there_are_examples() -> None:
    assert {e.stem for e in EXAMPLES} >= {"minimal", "production", "git-sync"}
