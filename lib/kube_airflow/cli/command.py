"""Synthesize the Airflow deployment into plain Kubernetes YAML (dist/ by default).

    kube-airflow synth                               # the default deployment
    kube-airflow synth --values my.yaml              # props from YAML files (later files win)
    kube-airflow synth --set workers.replicas=4      # one prop (after the files; repeatable)
    kube-airflow synth --image registry/airflow:1.2  # the image you built with `make build`
    kube-airflow synth --namespace data --prefix etl --out deploy/etl

(`python main.py [options]` in a checkout is the same as `kube-airflow synth [options]`.)
The Namespace and any volume claim written directly go into files of their own (KEEP_FILES), so
deleting the rest (`make delete`, `kubectl delete -f` of airflow.k8s.yaml) keeps the data.
Nothing is written unless the whole synthesis succeeds; bad input exits 2 with a message.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kube_airflow.errors import UserError
from kube_airflow.props.values import Layer, layers, load_props, merge_layers
from kube_airflow.versions import kube_airflow_version

if TYPE_CHECKING:
    from cdk8s import Chart

# The file of everything but the data: deleting it (or what it holds) loses nothing stored.
MAIN_FILE = "airflow.k8s.yaml"
# Kind -> the file of its own that objects of that kind go to. `kubectl apply -f dist/` reads
# files in name order, so the Namespace comes first and the claims before the pods using them.
KEEP_FILES = {
    "Namespace": "0-namespace.k8s.yaml",
    "PersistentVolumeClaim": "1-volume-claims.k8s.yaml",
}


def parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The options of `kube-airflow synth` and of `python main.py`."""
    found = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    add_options(found)
    return found


def add_options(parser: argparse.ArgumentParser) -> None:
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


def synth(
    values: dict[str, Any], out: Path, found: Sequence[Layer] = ()
) -> tuple[list[Path], Counter[str]]:
    """Synthesize into a temporary directory, then swap it in whole."""
    props = load_props(values, found)  # bad input is reported before the jsii runtime starts

    from cdk8s import ApiObject, App, YamlOutputType

    from kube_airflow.airflow import Airflow

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would become dist/'s own mode
    try:
        app = App(outdir=str(tmp), yaml_output_type=YamlOutputType.FILE_PER_CHART)
        chart = _files(app)
        Airflow(chart, "airflow", props)
        kinds = Counter(c.kind for c in chart.node.find_all() if isinstance(c, ApiObject))
        _split(app, chart, kinds)
        app.synth()
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sorted(out.iterdir()), kinds


def _files(app: Any) -> Chart:
    """The chart of the deployment, writing MAIN_FILE without the kinds of KEEP_FILES."""
    from cdk8s import Chart

    class Deployment(Chart):
        # The construct tree fixes which chart an object belongs to, not which file it is
        # written to: each chart's file is what its to_json returns.
        def __init__(self) -> None:
            super().__init__(
                app, MAIN_FILE.removesuffix(".k8s.yaml"), disable_resource_name_hashes=True
            )
            self.synthesized: list[Any] | None = None

        def every_object(self) -> list[Any]:
            if self.synthesized is None:
                self.synthesized = list(super().to_json())
            return self.synthesized

        def to_json(self) -> list[Any]:
            return [o for o in self.every_object() if o["kind"] not in KEEP_FILES]

    return Deployment()


def _split(app: Any, chart: Any, kinds: Counter[str]) -> None:
    """A chart per file of KEEP_FILES with objects of its kind, holding no object of its own."""
    from cdk8s import Chart

    class Kept(Chart):
        def __init__(self, kind: str) -> None:
            super().__init__(app, KEEP_FILES[kind].removesuffix(".k8s.yaml"))
            self.kind = kind

        def to_json(self) -> list[Any]:
            return [o for o in chart.every_object() if o["kind"] == self.kind]

    for kind in KEEP_FILES:
        if kinds[kind]:
            Kept(kind)


def _umask() -> int:
    """The process's umask: reading it means setting it, so it is put straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """`python main.py [options]`: synthesize; 0, or 2 on bad input (nothing written)."""
    args = parser(prog).parse_args(sys.argv[1:] if argv is None else list(argv))
    return _synth(args)


def _synth(args: argparse.Namespace) -> int:
    try:
        top = {k: v for k, v in (("namespace", args.namespace), ("prefix", args.prefix)) if v}
        found = layers(args.values, args.sets, args.image, top)
        files, kinds = synth(merge_layers(found), Path(args.out), found)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(summary(files, kinds))
    return 0


# The commands with options of their own, each in its module of kube_airflow.cli.
DELEGATED = {
    "status": "what the cluster is doing with a deployment; --wait: until it is ready",
    "diagram": "draw the synthesized manifests as one SVG",
    "schema": "print the values file's JSON Schema",
    "from-helm": "convert the official Helm chart's values to ours, and adopt a release's keys",
}


def console(argv: Sequence[str] | None = None) -> int:
    """`kube-airflow` (through console_script) and `python -m kube_airflow`: `kube-airflow synth
    [options of main.py]`, or one of DELEGATED with its own options; returns the exit code."""
    given = sys.argv[1:] if argv is None else list(argv)
    top = argparse.ArgumentParser(
        prog="kube-airflow", description="Apache Airflow 3 on Kubernetes, as plain YAML."
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {kube_airflow_version()}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_options(
        commands.add_parser(
            "synth",
            help="write the deployment's Kubernetes YAML (dist/ by default)",
            description=__doc__,
            formatter_class=argparse.RawTextHelpFormatter,
        )
    )
    for name, help in DELEGATED.items():
        commands.add_parser(name, help=help, add_help=False)
    if given and given[0] in DELEGATED:
        return _delegate(given[0], given[1:])
    return _synth(top.parse_args(given))


def console_script() -> NoReturn:
    """The installed `kube-airflow` command (pyproject.toml's console script)."""
    exit_fast(console())


def exit_fast(code: int) -> NoReturn:
    """End a command-line run with `code`, without the interpreter's teardown: every file is
    written and closed by now, and freeing the jsii bindings' thousands of classes one by one
    took a sixth of a synthesis (0.2 s of 1.5). What registered for the exit still runs first:
    the jsii runtime is stopped as at any exit. Never for the library, only for a process that
    is done."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _delegate(command: str, argv: list[str]) -> int:
    """Imported when run: `synth` and `status` need none of each other's modules."""
    prog = f"kube-airflow {command}"
    if command == "status":
        from kube_airflow.cli import status

        return status.main(argv, prog)
    if command == "diagram":
        from kube_airflow.cli import diagram

        return diagram.main(argv, prog)
    if command == "from-helm":
        from kube_airflow.cli import from_helm

        return from_helm.main(argv, prog)
    from kube_airflow.cli import schema

    return schema.main(argv, prog)


def summary(files: list[Path], kinds: Counter[str]) -> str:
    """One line: what was written, objects per kind."""
    counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return f"wrote {', '.join(str(f) for f in files)}: {sum(kinds.values())} objects ({counts})"
