"""The values file's JSON Schema and its Markdown reference (the docs page
docs/reference/values.md), both generated from the props model so neither can drift from it
(tests compare the committed files with these functions).

    kube-airflow schema --write    # rewrite values.schema.json and the values reference page
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kube_airflow.props import AirflowProps

ROOT = Path(__file__).resolve().parents[3]  # the checkout: lib/kube_airflow/cli/
SCHEMA_FILE = ROOT / "values.schema.json"
VALUES_PAGE = ROOT / "docs" / "reference" / "values.md"
START, END = "<!-- values-reference:start -->", "<!-- values-reference:end -->"


def values_schema() -> dict[str, Any]:
    schema = AirflowProps.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kube-airflow values"
    return schema


def render_schema() -> str:
    return json.dumps(values_schema(), indent=2, sort_keys=True) + "\n"


def reference() -> str:
    """One row per prop: path, type, default, description."""
    schema = values_schema()
    rows = ["| prop | type | default | description |", "|---|---|---|---|"]
    rows += _rows(schema, schema, "")
    return "\n".join(rows) + "\n"


def _rows(node: dict[str, Any], root: dict[str, Any], prefix: str) -> list[str]:
    rows = []
    for name, field in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        target = _resolve(field, root)
        variants = [_resolve(v, root) for v in target.get("oneOf", target.get("anyOf", []))]
        objects = [v for v in [target, *variants] if v.get("properties")]
        default = _default(field, target, name in node.get("required", []))
        rows.append(f"| `{path}` | {_type(field, root)} | {default} | {_text(field, target)} |")
        for obj in objects:
            tags = [
                obj["properties"][t] for t in ("type", "mode", "kind") if t in obj["properties"]
            ]
            kind = tags[0].get("const") if tags else None
            sub = f"{path}[{kind}]." if kind and len(objects) > 1 else f"{path}."
            rows += _rows(obj, root, sub)
    return rows


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return dict(root["$defs"][node["$ref"].rsplit("/", 1)[1]])
    return node


def _type(field: dict[str, Any], root: dict[str, Any]) -> str:
    if "$ref" in field:
        return "object"
    if "const" in field:
        return f"`{field['const']}`"
    if "enum" in field:
        return " / ".join(f"`{v}`" for v in field["enum"])
    options = field.get("anyOf") or field.get("oneOf")
    if options:
        return " or ".join(dict.fromkeys(_type(o, root) for o in options))
    kind = field.get("type", "any")
    if kind == "array":
        return f"list of {_type(field.get('items', {}), root)}"
    return str(kind).replace("null", "none")


def _default(field: dict[str, Any], target: dict[str, Any], required: bool) -> str:
    if required:
        return "required"
    if "default" not in field:
        return "see below" if target.get("properties") else "—"
    value = field["default"]
    if value in ({}, [], None):
        return "—"
    return f"`{json.dumps(value) if not isinstance(value, str) else value}`"


def _text(field: dict[str, Any], target: dict[str, Any]) -> str:
    text = field.get("description") or target.get("description") or ""
    return re.sub(r"\s+", " ", text).replace("|", "\\|")


def page_with_reference(page: str) -> str:
    """The page with the table between its START and END markers generated anew."""
    before, rest = page.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{reference()}{END}{after}"


def main(argv: Sequence[str] | None = None, prog: str = "kube-airflow schema") -> int:
    """Print the values file's JSON Schema; in a checkout, `--write` regenerates the schema file
    and the values reference."""
    parser = argparse.ArgumentParser(prog=prog, description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="write the files of the checkout")
    if not parser.parse_args(argv).write:
        sys.stdout.write(render_schema())
        return 0
    SCHEMA_FILE.write_text(render_schema())
    VALUES_PAGE.write_text(page_with_reference(VALUES_PAGE.read_text()))
    print(f"wrote {SCHEMA_FILE.name} and {VALUES_PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
