"""The configuration description of the pinned Airflow, as the data files synth checks against.

`python -m tests.airflow.config_description --write` regenerates
lib/kube_airflow/data/airflow_config.json (section -> option names) and
lib/kube_airflow/data/airflow_config_options.json (each option's type, and where options of
earlier versions moved or why they were removed) from the installed Airflow and providers (run it
after changing the pinned version); tests fail while either file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "lib/kube_airflow/data/airflow_config.json"
OPTIONS = DATA.with_name("airflow_config_options.json")


def _description() -> dict[str, Any]:
    from airflow.configuration import retrieve_configuration_description

    return dict(retrieve_configuration_description(include_airflow=True, include_providers=True))


def describe() -> dict[str, object]:
    from airflow import __version__

    return {
        "airflow_version": __version__,
        "sections": {
            section: sorted(spec["options"]) for section, spec in sorted(_description().items())
        },
    }


def describe_options() -> dict[str, object]:
    """Types as Airflow's own description gives them (string, integer, float, boolean); `moved`
    and `removed` from Airflow's deprecated options and its `airflow config lint` rules, for
    names that no longer exist."""
    from airflow import __version__
    from airflow.cli.commands.config_command import CONFIGS_CHANGES
    from airflow.configuration import conf

    description = _description()
    known = {(s, o) for s, spec in description.items() for o in spec["options"]}
    moved: dict[tuple[str, str], tuple[str, str]] = {
        (old_section, old): new for new, (old_section, old, _) in conf.deprecated_options.items()
    }
    removed: dict[tuple[str, str], str] = {}
    for change in CONFIGS_CHANGES:
        old = (change.config.section, change.config.option)
        if change.renamed_to is not None:
            moved[old] = (change.renamed_to.section, change.renamed_to.option)
        elif change.was_removed and not change.default_change:
            removed[old] = change.suggestion
    return {
        "airflow_version": __version__,
        "types": {
            section: {o: spec["options"][o]["type"] for o in sorted(spec["options"])}
            for section, spec in sorted(description.items())
        },
        "moved": _nested({k: list(v) for k, v in moved.items() if k not in known and v in known}),
        "removed": _nested({k: v for k, v in removed.items() if k not in known}),
    }


def _nested(flat: dict[tuple[str, str], Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for (section, option), value in sorted(flat.items()):
        out.setdefault(section, {})[option] = value
    return out


def render() -> str:
    return json.dumps(describe(), indent=1, sort_keys=True) + "\n"


def render_options() -> str:
    return json.dumps(describe_options(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        DATA.write_text(render())
        OPTIONS.write_text(render_options())
        print(f"wrote {DATA.name} and {OPTIONS.name}")
    else:
        sys.stdout.write(render())
