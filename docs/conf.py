"""The docs site: Markdown pages (MyST) with the Furo theme, built by `make docs` in strict mode
(every warning fails: a broken link, heading anchor or reference, a page in no toctree)."""

import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "kube-airflow"
author = "the kube-airflow authors"
release = tomllib.loads((HERE.parent / "pyproject.toml").read_text())["project"]["version"]
version = release

extensions = ["myst_parser", "figures"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "data"]

# [text](page.md#a-heading) links are checked against the headings of that page.
myst_heading_anchors = 4
nitpicky = True

html_theme = "furo"
html_title = f"kube-airflow {release}"
html_static_path: list[str] = []
html_show_sourcelink = False

# The link check is of the site's own links: no network here, so web addresses are not fetched.
linkcheck_ignore = [r"^https?://"]
