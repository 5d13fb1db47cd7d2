"""The docs site builds strictly: `make docs` fails on a broken link, heading anchor or reference, a
page in no toctree or a missing figures file (proven on a copy of docs/ with one of each put in),
and passes on the real docs. Around it: the README stays short and its links resolve, the pages
that list the code and the public API name all of it, every figure comes from docs/data/."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
# Each fault put into the copy, and what the build says about it.
FAULTS = {
    "[a missing page](no-such-page.md)": "cross-reference target not found: 'no-such-page.md'",
    "[a missing heading](operating.md#no-such-heading)": "not found in doc 'operating'",
    "{ref}`no-such-label`": "undefined label: 'no-such-label'",
    "\n```{figures} no-such-benchmark\n```\n": "no data file no-such-benchmark.json",
}
ORPHAN = "orphan-page.md"


def figures() -> ModuleType:
    """The Sphinx extension docs/_ext/figures.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("figures", DOCS / "_ext" / "figures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_of_the_docs(root: Path) -> Path:
    """docs/ with the files beside it that its pages include (README, CHANGELOG, pyproject)."""
    for name in ("README.md", "CHANGELOG.md", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(DOCS, root / "docs", ignore=shutil.ignore_patterns("_build"))
    return root / "docs"


def make_docs(source: Path, build: Path) -> subprocess.Popen[str]:
    venv_path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    command = [
        "make", "--no-print-directory", "-o", ".venv/.synced-dev", f"RUN=env PATH={venv_path}",
        f"DOCS={source}", f"DOCS_BUILD={build}", "docs",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)  # fmt: skip


def test_make_docs_is_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real docs build; a copy with a broken link, anchor, reference and figures file and a
    page in no toctree fails, naming each. Both builds run at once, as they take seconds each."""
    broken = copy_of_the_docs(tmp_path)
    with (broken / "gitops.md").open("a") as page:
        page.write("\n" + " ".join(FAULTS) + "\n")
    (broken / ORPHAN).write_text("# In no toctree\n")
    begin = time.monotonic()
    real = make_docs(DOCS, tmp_path / "real")
    faulty = make_docs(broken, tmp_path / "broken")
    real_out, faulty_out = real.communicate(timeout=300)[0], faulty.communicate(timeout=300)[0]
    seconds = time.monotonic() - begin
    with capsys.disabled():
        print(f"\nmake docs, the real docs and a broken copy at once: {seconds:.1f} s")
    assert real.returncode == 0, real_out
    assert faulty.returncode != 0, "the build passed with broken links in it"
    for fault, message in FAULTS.items():
        assert message in faulty_out, f"{fault!r} was not reported:\n{faulty_out}"
    assert f"{ORPHAN}: WARNING: document isn't included in any toctree" in faulty_out
    # The link check ran, without the network: web addresses are skipped, none is broken.
    checked = [json.loads(line) for line in (tmp_path / "real/linkcheck/output.json").open()]
    assert {c["status"] for c in checked if re.match("https?://", c["uri"])} == {"ignored"}
    assert not [c for c in checked if c["status"] == "broken"]


EXAMPLE = {
    "benchmark": "synth",
    "title": "Synthesis against its floor",
    "command": "make benchmark-synth",
    "date": "2026-12-06",
    "machine": "2 cores, 24 GiB, Debian 12",
    "rows": [
        {"what": "default deployment", "value": 1.10, "unit": "s", "floor": 0.48, "ratio": 2.31,
         "note": "median of 7"},
        {"what": "the largest example", "value": 1.5, "unit": "s", "floor": None, "runs": [1.5]},
    ],
}  # fmt: skip


def test_a_data_file_in_the_benchmarks_shape_renders(tmp_path: Path) -> None:
    """What a benchmark writes (docs/data/NAME.json) is what the renderer reads."""
    extension = figures()
    (tmp_path / "synth.json").write_text(json.dumps(EXAMPLE))
    nodes = extension.table(extension.load(tmp_path / "synth.json"))
    text = " | ".join(node.astext() for node in nodes)
    for shown in ("Synthesis against its floor", "default deployment", "1.1 s", "0.48 s", "2.31x",
                  "median of 7", "1.5 s", "Measured 2026-12-06 on 2 cores, 24 GiB, Debian 12",
                  "make benchmark-synth"):  # fmt: skip
        assert shown in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": "06.12.2026"}, "'date' '06.12.2026' is not YYYY-MM-DD"),
        ({"benchmark": 7}, "'benchmark' must be a text"),
        ({"rows": []}, "'rows' is empty"),
        ({"rows": [{"what": "x", "value": True, "unit": "s"}]}, "row 1: 'value' must be a"),
        ({"rows": [{"what": "x", "value": 1, "unit": "s", "ratio": "2x"}]}, "'ratio' must be"),
        ({"machine": None}, "'machine' must be a text"),
    ],
)
def test_a_data_file_of_another_shape_is_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    extension = figures()
    (tmp_path / "synth.json").write_text(json.dumps({**EXAMPLE, **change}))
    with pytest.raises(extension.FiguresError, match=re.escape(message)):
        extension.load(tmp_path / "synth.json")


def test_every_data_file_loads() -> None:
    extension = figures()
    files = sorted((DOCS / "data").glob("*.json"))
    assert files
    for path in files:
        extension.load(path)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and MyST (myst_heading_anchors) make it."""
    text = re.sub(r"[^\w\- ]", "", heading.replace("`", "").strip().lower())
    return text.replace(" ", "-")


def test_the_readme_is_short_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 400, "the README is for newcomers: move the rest to docs/"
    for target in re.findall(r"\]\(([^)\s]+)\)", readme):
        if re.match("https?://", target):
            continue
        path, _, anchor = target.partition("#")
        page = ROOT / path if path else ROOT / "README.md"
        assert page.exists(), f"the README links to {path}, which is not there"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", page.read_text(), re.M)
            assert anchor in {slug(h) for h in headings}, f"no heading #{anchor} in {path}"


def pages() -> dict[Path, str]:
    """README and the docs pages that are prose (not generated, not history)."""
    found = [ROOT / "README.md", *DOCS.rglob("*.md")]
    skip = {DOCS / "reference" / "values.md", DOCS / "changelog.md"}
    return {p: p.read_text() for p in found if p not in skip and "_build" not in p.parts}


def test_no_measured_figure_is_typed_into_the_prose() -> None:
    """Timings, sizes and ratios come from docs/data/ through the figures directive (a decimal
    with a unit, or a ratio, in the prose is one typed by hand); settings are whole numbers."""
    figure = re.compile(r"\b\d+\.\d+ ?(s|ms|MiB|GiB|GB|cores|CPU|min)\b|\b\d+(\.\d+)?x\b")
    typed = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path, text in pages().items()
        for line in text.splitlines()
        if figure.search(line)
    ]
    assert typed == [], "\n".join(typed)


def test_the_code_layout_page_names_every_module() -> None:
    """Where the code lives is kept current: every module of the package is on the page."""
    page = (DOCS / "code-layout.md").read_text()
    package = ROOT / "lib" / "kube_airflow"
    missing = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.stem != "__init__" and f"`{path.stem}" not in page
    ]
    rooms = [p.name for p in package.iterdir() if p.is_dir() and not p.name.startswith("__")]
    missing += [f"{room}/" for room in rooms if f"`{room}/`" not in page]
    assert missing == [], f"add to docs/code-layout.md: {missing}"


def test_the_library_page_names_every_public_member() -> None:
    """Every public member of Airflow and of the roles (tests/public_api.txt) is on the page."""
    page = (DOCS / "library.md").read_text()
    members = [
        line.split(".", 1)[1]
        for line in (ROOT / "tests" / "public_api.txt").read_text().splitlines()
        if line.startswith(("Airflow.", "Role."))
    ]
    assert [m for m in members if f"`{m}" not in page and f".{m}`" not in page] == []


def test_every_make_target_the_docs_name_exists() -> None:
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w.-]+):", makefile, re.M))
    named = {
        target for text in pages().values() for target in re.findall(r"`make ([a-z][\w-]*)", text)
    }
    assert named and named - targets == set()
