"""Turning values files into props, with errors that name the file and the path in it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kube_airflow.errors import UserError, invalid
from kube_airflow.props import AirflowProps
from kube_airflow.props.model import deep_merge

Layer = tuple[str, dict[str, Any]]  # (where the values came from, the values)
Layers = list[Layer]


def layers(
    files: Sequence[str],
    sets: Sequence[str] = (),
    image: str | None = None,
    top: dict[str, Any] | None = None,
) -> Layers:
    """Each source of values, named as the user wrote it, in the order they apply."""
    found: Layers = [(name, read_values(name)) for name in files]
    found += [(f"--set {s}", parse_set(s)) for s in sets]
    if image is not None:
        found.append((f"--image {image}", {"image": parse_image(image)}))
    found += [(f"--{key}", {key: value}) for key, value in (top or {}).items()]
    return found


def merge(
    files: Sequence[str],
    sets: Sequence[str] = (),
    image: str | None = None,
    top: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Deep-merge the values files in order, then `--set`, `--image` and top-level options such
    as `--namespace`; later wins."""
    return merge_layers(layers(files, sets, image, top))


def merge_layers(found: Sequence[Layer]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for _, data in found:
        merged = deep_merge(merged, data)
    return merged


def read_values(name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(name).read_text()) or {}
    except (OSError, yaml.YAMLError) as error:
        raise UserError(f"{name}: {error}") from error
    if not isinstance(data, dict):
        raise UserError(
            f"{name}: the top level must be a mapping of props, not {type(data).__name__}"
        )
    return dict(data)


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
    """`repository:tag` or `repository:tag@sha256:...` (the tag is after the last ':' that
    follows the last '/'); each part is then checked like image.repository, .tag, .digest."""
    name, at, digest = image.partition("@")
    repository, sep, tag = name.rpartition(":")
    if not sep or "/" in tag or not repository:
        needs_tag = " (a digest needs a tag too: the Jobs' names carry it)" if at else ""
        raise UserError(
            f"--image {image!r}: expected REPOSITORY:TAG or REPOSITORY:TAG@sha256:DIGEST, "
            f"e.g. registry/airflow:1.2{needs_tag}"
        )
    return {"repository": repository, "tag": tag} | ({"digest": digest} if at else {})


def load_props(values: dict[str, Any], found: Sequence[Layer] = ()) -> AirflowProps:
    """Validate; errors name where each bad value came from when `found` (the layers) is given."""
    try:
        return AirflowProps.model_validate(values)
    except ValidationError as error:
        raise invalid(error, AirflowProps, lambda parts: _source(parts, found)) from None


def validated(
    props: AirflowProps | Mapping[str, Any] | None, chart: tuple[str, str] | None
) -> AirflowProps:
    """The props of an `Airflow` construct, checked like the CLI's, an AirflowProps too
    (`model_copy(update=...)` skips validation). `chart`: the enclosing Chart's path and
    namespace, when it has one; it applies when the props name none."""
    if isinstance(props, AirflowProps):
        values, given = props.model_dump(warnings=False), "namespace" in props.model_fields_set
    elif isinstance(props, Mapping) or props is None:
        values, given = dict(props or {}), "namespace" in (props or {})
    else:
        raise UserError(f"props must be an AirflowProps or a mapping, not {type(props).__name__}")
    found: list[Layer] = []
    if chart is not None:
        path, namespace = chart
        where = f"the namespace of Chart '{path}'"
        if given and values["namespace"] != namespace:
            raise UserError(
                f"namespace {values['namespace']!r} differs from {where}, {namespace!r}: "
                "give one of them, or the same"
            )
        values["namespace"] = namespace
        found.append((where, {"namespace": namespace}))
    return load_props(values, found)


def _source(parts: list[str], found: Sequence[Layer]) -> str:
    """The last layer that set the deepest part of `parts` that any layer sets."""
    for depth in range(len(parts), 0, -1):
        for name, data in reversed(found):
            node: Any = data
            for part in parts[:depth]:
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                return f"{name}: "
    return ""
