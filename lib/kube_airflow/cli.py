"""Turning values files into props, with errors that name the file and the path in it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kube_airflow.errors import UserError
from kube_airflow.props import AirflowProps


def merge(
    files: Sequence[str],
    sets: Sequence[str] = (),
    image: str | None = None,
    top: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Deep-merge the values files in order, then `--set`, `--image` and top-level options such
    as `--namespace`; later wins."""
    merged: dict[str, Any] = {}
    for name in files:
        try:
            data = yaml.safe_load(Path(name).read_text()) or {}
        except (OSError, yaml.YAMLError) as error:
            raise UserError(f"{name}: {error}") from error
        if not isinstance(data, dict):
            raise UserError(
                f"{name}: the top level must be a mapping of props, not {type(data).__name__}"
            )
        merged = deep_merge(merged, data)
    for assignment in sets:
        merged = deep_merge(merged, parse_set(assignment))
    if image is not None:
        merged = deep_merge(merged, {"image": parse_image(image)})
    return deep_merge(merged, top or {})


def parse_set(assignment: str) -> dict[str, Any]:
    """`a.b.c=value` -> {"a": {"b": {"c": value}}}, the value read as YAML (4 -> int)."""
    path, sep, text = assignment.partition("=")
    if not sep or not path or any(not part for part in path.split(".")):
        raise UserError(f"--set {assignment!r}: expected PATH=VALUE, e.g. workers.replicas=4")
    try:
        value: Any = yaml.safe_load(text) if text else ""
    except yaml.YAMLError as error:
        raise UserError(f"--set {assignment!r}: the value is not valid YAML: {error}") from None
    for part in reversed(path.split(".")):
        value = {part: value}
    return dict(value)


def parse_image(image: str) -> dict[str, str]:
    """`repository:tag` (the tag is after the last ':' that follows the last '/')."""
    repository, sep, tag = image.rpartition(":")
    if not sep or "/" in tag or not repository:
        raise UserError(f"--image {image!r}: expected REPOSITORY:TAG, e.g. registry/airflow:1.2")
    return {"repository": repository, "tag": tag}


def deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def load_props(values: dict[str, Any]) -> AirflowProps:
    try:
        return AirflowProps.model_validate(values)
    except ValidationError as error:
        raise UserError(describe(error)) from None


def describe(error: ValidationError) -> str:
    """One line per problem: `path.to.field: message (got value)`."""
    lines = []
    for problem in error.errors():
        path = ".".join(str(p) for p in problem["loc"] if not _is_union_tag(p)) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {message} (got {problem.get('input')!r})")
    return "invalid props:\n  " + "\n  ".join(lines)


def _is_union_tag(part: object) -> bool:
    return part in {"postgres", "external", "rabbitmq", "redis"}
