"""Measured figures from data files: every figure the docs quote is a row of a JSON file under
docs/data/, one file per benchmark or test run, written by the benchmark or copied from its output:

    {"benchmark": "synth", "title": "Synthesis against its floor",
     "command": "make benchmark-synth", "date": "YYYY-MM-DD",
     "machine": "2 cores, 24 GiB, Debian 12",
     "rows": [{"what": "default deployment", "value": 1.10, "unit": "s",
               "floor": 0.48, "ratio": 2.31, "note": "median of 7"}]}

`floor`, `ratio` and `note` are optional in a row (null is the same as absent), `note` also for
the whole file; a value is a number, or a text for a range ("13-16"); other fields are kept in the
file and not shown. A page names a file by its name without `.json`. Two directives render them:

    ```{figures} synth
    ```            the file docs/data/synth.json as a table, with its date, machine and command

    ```{measured}
    ```            every file, each under a heading with the label `figures-<name>`, so a page
                   can point at one with {ref}`figures-synth`

A file that does not have this shape fails the build, naming the file and what is wrong."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

DATA = Path(__file__).resolve().parent.parent / "data"
FIELDS = {"benchmark": str, "title": str, "command": str, "date": str, "machine": str, "rows": list}
ROW_FIELDS = {"what": str, "value": (int, float, str), "unit": str}
ROW_OPTIONAL = {"floor": (int, float), "ratio": (int, float), "note": str}


class FiguresError(ValueError):
    """A data file that is missing or does not have the shape above."""


def load(path: Path) -> dict[str, Any]:
    """The data file at `path`, checked against the shape above."""
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in path.parent.glob("*.json")))
        raise FiguresError(f"no data file {path.name} in {path.parent} (there are: {known})")
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise FiguresError(f"{path.name}: not JSON: {error}") from None
    problems = _problems(data)
    if problems:
        raise FiguresError(f"{path.name}: " + "; ".join(problems))
    return data


def _problems(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return ["the file must hold one object"]
    problems = [
        f"'{key}' must be a {_names(kind)}"
        for key, kind in FIELDS.items()
        if not isinstance(data.get(key), kind)
    ]
    if problems:
        return problems
    try:
        datetime.date.fromisoformat(data["date"])
    except ValueError:
        problems.append(f"'date' {data['date']!r} is not YYYY-MM-DD")
    if not data["rows"]:
        problems.append("'rows' is empty")
    if not isinstance(data.get("note") or "", str):
        problems.append("'note' must be a text")
    for number, row in enumerate(data["rows"], 1):
        if not isinstance(row, dict):
            problems.append(f"row {number} is not an object")
            continue
        problems += [
            f"row {number}: '{key}' must be a {_names(kind)}"
            for key, kind in ROW_FIELDS.items()
            if not isinstance(row.get(key), kind) or isinstance(row.get(key), bool)
        ]
        problems += [
            f"row {number}: '{key}' must be a {_names(kind)}"
            for key, kind in ROW_OPTIONAL.items()
            if row.get(key) is not None
            and (not isinstance(row[key], kind) or isinstance(row[key], bool))
        ]
    return problems


def _names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    words = {str: "text", int: "number", float: "number", list: "list"}
    return " or ".join(dict.fromkeys(words[k] for k in kinds))


def quantity(value: float | str, unit: str) -> str:
    """`56.1 s`; seconds from two minutes on also in minutes: `1306 s (21 min 46 s)`."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if unit == "%":
        return f"{text}%"
    shown = f"{text} {unit}".strip()
    if unit == "s" and isinstance(value, int | float) and value >= 120:
        minutes, seconds = divmod(round(value), 60)
        shown += f" ({minutes} min {seconds} s)" if seconds else f" ({minutes} min)"
    return shown


def table(data: dict[str, Any], caption: bool = True) -> list[nodes.Node]:
    """The file as a table (its title as the caption), then its date, machine and command."""
    rows = data["rows"]
    columns = ["what", "value"]
    columns += [
        c for c in ("floor", "ratio", "note") if any(row.get(c) is not None for row in rows)
    ]
    group = nodes.tgroup(cols=len(columns))
    widths = {"what": 40, "value": 15, "floor": 12, "ratio": 8, "note": 40}
    group += [nodes.colspec(colwidth=widths[c]) for c in columns]
    group += nodes.thead("", _row(columns))
    body = nodes.tbody()
    for row in rows:
        cells = {
            "what": row["what"],
            "value": quantity(row["value"], row["unit"]),
            "floor": quantity(row["floor"], row["unit"]) if row.get("floor") is not None else "",
            "ratio": f"{row['ratio']:.2f}x" if row.get("ratio") is not None else "",
            "note": row.get("note") or "",
        }
        body += _row([cells[c] for c in columns])
    group += body
    title = [nodes.title(text=data["title"])] if caption else []
    result = nodes.table("", *title, group, classes=["figures"])
    source = nodes.paragraph()
    source += nodes.Text(f"Measured {data['date']} on {data['machine']} with ")
    source += nodes.literal(text=data["command"])
    source += nodes.Text(f". {data['note']}" if data.get("note") else ".")
    return [result, source]


def _row(texts: list[str]) -> nodes.row:
    row = nodes.row()
    for text in texts:
        row += nodes.entry("", nodes.paragraph(text=text))
    return row


class Figures(SphinxDirective):
    """```{figures} NAME```: docs/data/NAME.json as a table; with `:match: TEXT`, only the rows
    whose `what` starts with TEXT (one run's file serving several pages). A match that selects
    no row fails the build."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"match": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        path = DATA / f"{self.arguments[0]}.json"
        self.env.note_dependency(str(path))
        try:
            data = load(path)
        except FiguresError as error:
            raise self.error(str(error)) from None
        if "match" in self.options:
            prefix = self.options["match"]
            rows = [row for row in data["rows"] if row["what"].startswith(prefix)]
            if not rows:
                raise self.error(f"{path.name}: no row starts with {prefix!r}")
            data = {**data, "rows": rows}
        return table(data)


class Measured(SphinxDirective):
    """```{measured}```: every data file under its own heading, labelled `figures-<name>`."""

    def run(self) -> list[nodes.Node]:
        self.env.figures_pages = getattr(self.env, "figures_pages", set()) | {self.env.docname}
        sections: list[nodes.Node] = []
        for path in sorted(DATA.glob("*.json")):
            self.env.note_dependency(str(path))
            try:
                data = load(path)
            except FiguresError as error:
                raise self.error(str(error)) from None
            label = f"figures-{path.stem}"
            section = nodes.section(ids=[label], names=[label])
            section += nodes.title(text=data["title"])
            section += table(data, caption=False)
            self.state.document.note_explicit_target(section, section)
            sections.append(section)
        if not sections:
            raise self.error(f"no data file in {DATA}")
        return sections


def _outdated(app: Sphinx, env: BuildEnvironment, *_: Any) -> list[str]:
    """The pages that render every file are read again on each build: a file may be new."""
    return sorted(getattr(env, "figures_pages", set()))


def _merge(app: Sphinx, env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
    env.figures_pages = getattr(env, "figures_pages", set()) | getattr(
        other, "figures_pages", set()
    )


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "figures_pages", set()).discard(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("figures", Figures)
    app.add_directive("measured", Measured)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-merge-info", _merge)
    app.connect("env-purge-doc", _purge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
