"""Where one cold synthesis spends its time, phase by phase (not a test; `make benchmark-synth`
runs it through tests/benchmark_synth.py --phases). Prints one JSON line: each phase's wall and
this process's CPU seconds (the jsii runtime's Node.js process is a child: its CPU is not in
them, its wall is), and the jsii calls the construction makes, by kind and type.

    python -m tests.synth_phases [VALUES_FILE ...]

The phases are those of `kube-airflow synth`, in its order: jsii's Python modules imported and
its Node.js runtime started in a thread (lib/kube_airflow_boot.py), the props (pydantic) imported
and validated while Node.js boots and the thread loads the three assemblies (constructs, cdk8s,
cdk8s-plus-27: the floor `import cdk8s_plus_27` is that work), what is left of it once the props
are done, the construct tree built, and the files written. Both threads share one interpreter
lock: the Python CPU of the first three phases adds up, only Node.js's time is hidden.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lib")]


class Phases:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        self.taken: dict[str, tuple[float, float]] = {}

    def done(self, phase: str) -> None:
        wall, cpu = time.perf_counter(), _cpu()
        self.taken[phase] = (round(wall - self.wall, 3), round(cpu - self.cpu, 3))
        self.wall, self.cpu = wall, cpu


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def count_jsii_calls() -> Counter[str]:
    """Count the requests the Python side sends the jsii kernel, as `request type` or
    `request type: jsii type.member`."""
    from jsii._kernel.providers.process import ProcessProvider

    calls: Counter[str] = Counter()
    for request in ("create", "get", "set", "invoke", "sget", "sinvoke"):
        sent = getattr(ProcessProvider, request)

        def counted(self: Any, req: Any, _sent: Any = sent, _request: str = request) -> Any:
            target = getattr(req, "fqn", None) or "an object"
            member = getattr(req, "method", None) or getattr(req, "property", None)
            calls[f"{_request}: {target}{'.' + member if member else ''}"] += 1
            return _sent(self, req)

        setattr(ProcessProvider, request, counted)
    return calls


def main(files: list[str]) -> None:
    phases = Phases()
    import kube_airflow_boot

    kube_airflow_boot.start()
    phases.done("jsii's Python modules; Node.js starts")
    from kube_airflow.props.values import layers, load_props, merge_layers

    found = layers(files)
    props = load_props(merge_layers(found), found)
    phases.done("props: import and validate (Node.js boots beside them)")
    import cdk8s_plus_27  # noqa: F401

    phases.done("the rest of the jsii runtime and assemblies")
    calls = count_jsii_calls()
    from cdk8s import App, Chart

    from kube_airflow.airflow import Airflow

    with tempfile.TemporaryDirectory() as out:
        app = App(outdir=out)
        Airflow(Chart(app, "airflow", disable_resource_name_hashes=True), "airflow", props)
        phases.done("construct tree")
        constructed = dict(calls)
        app.synth()
        phases.done("synth and write")
    total = sum(constructed.values())
    print(json.dumps({"phases": phases.taken, "jsii calls": total, "by call": constructed}))


if __name__ == "__main__":
    main(sys.argv[1:])
