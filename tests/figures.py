"""Measured figures as the data files the docs render (docs/data/<name>.json, drawn by the
`figures` extension in docs/_ext/): written by the benchmarks and, with KUBE_AIRFLOW_FIGURES
set, by the cluster suites, never typed by hand."""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def machine() -> str:
    """This machine, as the data files name it: cores, memory, OS."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    release = ""
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
        fields = dict(line.split("=", 1) for line in lines if "=" in line)
        release = ", " + fields.get("PRETTY_NAME", "").strip('"')
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {memory:.0f} GiB, {platform.machine()}{release}"


def command() -> str:
    """What ran: the make target when make ran it, else the command line (`python -m module`
    for a module run so)."""
    target = os.environ.get("MAKE_TARGET")
    if target:
        return f"make {target}"
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    program = ["python", "-m", spec.name] if spec else ["python", sys.argv[0]]
    return shlex.join([*program, *sys.argv[1:]])


def write(path: Path, title: str, rows: list[dict[str, Any]], note: str | None = None) -> Path:
    record: dict[str, Any] = {
        "benchmark": path.stem,
        "title": title,
        "command": command(),
        "date": time.strftime("%Y-%m-%d"),
        "machine": machine(),
        "rows": rows,
    }
    if note:
        record["note"] = note
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    return path


def record(
    folder: Path,
    name: str,
    title: str,
    timings: Mapping[str, float],
    figures: Mapping[str, str],
) -> Path:
    """A suite's TIMINGS (seconds) and FIGURES (text) as folder/<name>.json."""
    rows: list[dict[str, Any]] = [
        {"what": what, "value": round(seconds, 1), "unit": "s"} for what, seconds in timings.items()
    ]
    rows += [{"what": what, "value": value, "unit": ""} for what, value in figures.items()]
    return write(folder / f"{name}.json", title, rows)
