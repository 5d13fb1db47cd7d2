"""Public names that moved or went stay importable from where they were for a while, with a
DeprecationWarning that says where they are now (tests/test_public_api.py fails when a public
name disappears without an entry in its module's DEPRECATED)."""

from __future__ import annotations

import importlib
import warnings
from typing import Any, NamedTuple


class Moved(NamedTuple):
    """Where the name's object is now (`module:attribute`) and since which version it moved."""

    to: str
    since: str


def resolve(module: str, name: str, moved: Moved) -> Any:
    """The object `module.name` now stands for, with a DeprecationWarning naming the new place."""
    path, attribute = moved.to.split(":")
    warnings.warn(
        f"{module}.{name} is deprecated since kube-airflow {moved.since}: "
        f"import {attribute} from {path}",
        DeprecationWarning,
        stacklevel=3,
    )
    return getattr(importlib.import_module(path), attribute)
