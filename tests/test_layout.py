"""The package's layout is its architecture: rooms (sub-packages) on floors, each importing only
from its own room or the floors below; no import circle between modules, counting the imports
made only for type checking or inside a function; no module longer than MAX_LINES; the scripts
that run in the pods import nothing of the package; and the tests mirror the rooms.

Read from the source with `ast`, so what it says holds whatever is imported at run time."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "lib" / "kube_airflow"
# Lowest first. A room may import from itself and from lower floors; rooms of one floor do not
# import each other.
FLOORS: tuple[tuple[str, ...], ...] = (
    ("errors", "versions", "quiet", "image_layout", "deprecation"),  # facts, the one exception
    ("props",),  # the typed props: pydantic, no Node.js
    ("core",),  # names, secrets, connections, airflow.cfg
    ("kube",),  # generic Kubernetes building blocks
    ("pods",),  # what every Airflow pod shares, the Role base
    ("stores", "features"),  # backing services; optional features
    ("roles",),  # the Airflow roles and Jobs
    ("airflow",),  # `Airflow`, the whole deployment
    ("cli",),  # the command line and what it draws
    ("__init__", "__main__"),  # the public API; `python -m kube_airflow`
)
# Run inside the pods by `python` (stdlib, psycopg2 at most), read as text by the constructs.
STANDALONE = "scripts"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: set[str]) -> Iterator[str]:
    """Every module of the package that `path` imports, anywhere in it."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                whole = f"{node.module}.{alias.name}"
                if whole in known:
                    yield whole
                elif node.module in known:
                    yield node.module


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: set(imported(path, known)) - {name} for name, path in found.items()}


def room(module: str) -> str:
    """The room of a module: its sub-package, or for a top-level module its own name."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def floor(name: str) -> int:
    for level, rooms in enumerate(FLOORS):
        if name in rooms:
            return level
    raise AssertionError(f"room {name!r} is on no floor: add it to FLOORS in {__file__}")


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_circles_are_found() -> None:
    """The check itself: a circle through a type-only import counts."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_rooms_import_only_downwards() -> None:
    wrong = []
    for module, targets in graph().items():
        here = room(module)
        if here == STANDALONE:
            continue
        for target in targets:
            there = room(target)
            if there == here:
                continue
            if there == STANDALONE or floor(there) >= floor(here):
                wrong.append(f"{module} ({here}, floor {floor(here)}) imports {target}")
    assert wrong == []


def test_scripts_run_without_the_package() -> None:
    reached = {m: t for m, t in graph().items() if room(m) == STANDALONE and t}
    assert reached == {}


def test_modules_are_short() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these (at most {MAX_LINES} lines a module): {long}"


@pytest.mark.parametrize("name", sorted({room(m) for m in modules()} - {"__init__"}))
def test_every_room_is_on_a_floor(name: str) -> None:
    if name != STANDALONE:
        floor(name)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
)
def test_tests_mirror_the_rooms(name: str) -> None:
    """tests/<room>/ holds the tests of lib/kube_airflow/<room>/."""
    folder = ROOT / "tests" / name
    assert (folder / "__init__.py").exists(), f"tests/{name}/ is missing"
    assert list(folder.glob("test_*.py")), f"tests/{name}/ holds no test file"
