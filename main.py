#!/usr/bin/env python
"""Synthesize the Airflow deployment into plain Kubernetes YAML (dist/ by default).

    python main.py                               # the default deployment
    python main.py --values my.yaml              # props from YAML files (later files win)
    python main.py --set workers.replicas=4      # one prop (after the files; repeatable)
    python main.py --image registry/airflow:1.2  # the image you built with `make build`
    python main.py --namespace data --prefix etl --out deploy/etl

Nothing is written unless the whole synthesis succeeds; bad input exits 2 with a message.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))

from kube_airflow.cli import Layer, layers, load_props, merge_layers
from kube_airflow.errors import UserError


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--values",
        action="append",
        default=[],
        metavar="FILE",
        help="YAML file of props (repeatable; later files win)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        dest="sets",
        help="one prop, e.g. workers.replicas=4 (a YAML value; repeatable; wins over files)",
    )
    parser.add_argument(
        "--image",
        metavar="REPOSITORY:TAG",
        help="the Airflow image every role runs (sets image.repository and image.tag)",
    )
    parser.add_argument("--namespace", help="namespace of every object (default airflow)")
    parser.add_argument("--prefix", help="prefix of every object's name (default airflow)")
    parser.add_argument(
        "--out", default="dist", metavar="DIR", help="output directory (default dist)"
    )
    return parser.parse_args(argv)


def synth(
    values: dict[str, Any], out: Path, found: Sequence[Layer] = ()
) -> tuple[list[Path], Counter[str]]:
    """Synthesize into a temporary directory, then swap it in whole."""
    props = load_props(values, found)  # bad input is reported before the jsii runtime starts

    from cdk8s import ApiObject, App, Chart, YamlOutputType

    from kube_airflow import Airflow

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would become dist/'s own mode
    try:
        app = App(outdir=str(tmp), yaml_output_type=YamlOutputType.FILE_PER_CHART)
        chart = Chart(app, "airflow", disable_resource_name_hashes=True)
        Airflow(chart, "airflow", props)
        kinds = Counter(c.kind for c in chart.node.find_all() if isinstance(c, ApiObject))
        app.synth()
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sorted(out.iterdir()), kinds


def _umask() -> int:
    """The process's umask: reading it means setting it, so it is put straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        top = {k: v for k, v in (("namespace", args.namespace), ("prefix", args.prefix)) if v}
        found = layers(args.values, args.sets, args.image, top)
        files, kinds = synth(merge_layers(found), Path(args.out), found)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(summary(files, kinds))
    return 0


def summary(files: list[Path], kinds: Counter[str]) -> str:
    """One line: what was written, objects per kind."""
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return f"wrote {', '.join(str(f) for f in files)}: {sum(kinds.values())} objects ({counts})"


if __name__ == "__main__":
    sys.exit(main())
