"""The configuration description of the pinned Airflow, as the data file synth checks against.

`python -m tests.airflow.config_description --write` regenerates
lib/kube_airflow/data/airflow_config.json from the installed Airflow and providers (run it after
changing the pinned version); test_config_description.py fails while the file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "lib/kube_airflow/data/airflow_config.json"


def describe() -> dict[str, object]:
    from airflow import __version__
    from airflow.configuration import retrieve_configuration_description

    description = retrieve_configuration_description(include_airflow=True, include_providers=True)
    return {
        "airflow_version": __version__,
        "sections": {
            section: sorted(spec["options"]) for section, spec in sorted(description.items())
        },
    }


def render() -> str:
    return json.dumps(describe(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        DATA.write_text(render())
        print(f"wrote {DATA}")
    else:
        sys.stdout.write(render())
