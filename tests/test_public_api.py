"""The public API is `kube_airflow.__all__`, `kube_airflow.props.__all__`, and the public members
of `Airflow` and of the roles' intent methods. Every name of it is listed in public_api.txt: a
name that disappears fails here unless its module's DEPRECATED says where it went (and it still
imports, with a DeprecationWarning); a new name is added to the list on purpose."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from constructs import Construct

import kube_airflow
from kube_airflow import Airflow, props
from kube_airflow.deprecation import Moved
from kube_airflow.pods.role import PodIntents
from tests.conftest import Cdk8sTesting

LISTED = Path(__file__).with_name("public_api.txt")


def members(obj: object) -> set[str]:
    return {n for n in dir(obj) if not n.startswith("_")}


def public_api() -> set[str]:
    """Every public name, each as `<where>.<name>`."""
    airflow = Airflow(Cdk8sTesting.chart(), "airflow", {})  # its attributes too
    found = {f"kube_airflow.{n}" for n in kube_airflow.__all__}
    found |= {f"kube_airflow.props.{n}" for n in props.__all__}
    found |= {f"Airflow.{n}" for n in members(airflow) - members(Construct)}
    found |= {f"Role.{n}" for n in members(PodIntents)}
    return found


def listed() -> set[str]:
    lines = (line.strip() for line in LISTED.read_text().splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def deprecated(name: str) -> Moved | None:
    where, _, attribute = name.rpartition(".")
    module = {"kube_airflow": kube_airflow, "kube_airflow.props": props}.get(where)
    return None if module is None else module.DEPRECATED.get(attribute)


def test_no_public_name_disappears_without_a_deprecation() -> None:
    gone = sorted(n for n in listed() - public_api() if deprecated(n) is None)
    assert gone == [], (
        "public names removed: keep them, or list each in its module's DEPRECATED "
        "(kube_airflow/deprecation.py) and note it in the CHANGELOG"
    )


def test_new_public_names_are_listed() -> None:
    new = sorted(public_api() - listed())
    assert new == [], f"add these to {LISTED.name} (and to the CHANGELOG): {new}"


def test_a_deprecated_name_still_imports_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        props.DEPRECATED, "OldWorkersProps", Moved("kube_airflow.props:WorkersProps", "0.2.0")
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from kube_airflow.props import OldWorkersProps  # type: ignore[attr-defined]
    assert OldWorkersProps is props.WorkersProps
    # `from m import name` looks the name up twice (hasattr, then getattr): one warning each.
    ours = [w for w in caught if "OldWorkersProps" in str(w.message)]
    assert ours and all(w.category is DeprecationWarning for w in ours)
    warning = ours[0]
    assert warning.filename == __file__, "the warning points at the importing line"
    assert "kube_airflow.props.OldWorkersProps is deprecated since kube-airflow 0.2.0" in str(
        warning.message
    )
    assert "import WorkersProps from kube_airflow.props" in str(warning.message)


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchProps"):
        props.NoSuchProps  # noqa: B018
    with pytest.raises(AttributeError, match="NoSuchThing"):
        kube_airflow.NoSuchThing  # noqa: B018
