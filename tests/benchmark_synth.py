"""Benchmark (not a test): cold synth time against the cdk8s import floor, the static tiers' wall
time, and what the default deployment requests. Prints medians; run with `make benchmark`.

    python tests/benchmark_synth.py [--runs 7] [--tiers] [--phases] [--json docs/data/synth.json]

--phases adds where the time goes (tests/synth_phases.py): each phase's median wall and Python
CPU, and how many jsii calls building the construct tree takes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "lib")]

from tests import figures  # noqa: E402

STATIC_TIERS = [
    "tests/test_snapshots.py",
    "tests/test_conformance.py",
    "tests/props/test_props.py",
    "tests/test_resources.py",
    "tests/conformance",
]
ENV = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "18,20"}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def median_of(runs: int, command: list[str]) -> tuple[float, list[float]]:
    times = [wall(command) for _ in range(runs)]
    return statistics.median(times), times


# The largest example: the one that synthesizes the most objects.
LARGEST = "examples/production.yaml"


def interleaved(runs: int, commands: dict[str, list[str]]) -> dict[str, list[float]]:
    """Each command once per round, `runs` rounds: a machine that slows down or speeds up
    during the benchmark affects every command alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tiers", action="store_true", help="also time the static test tiers")
    parser.add_argument("--phases", action="store_true", help="also time synthesis's phases")
    parser.add_argument("--json", type=Path, help="write the figures (docs/data/synth.json)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        times = interleaved(
            args.runs,
            {
                "import cdk8s_plus_27": [sys.executable, "-c", "import cdk8s_plus_27"],
                "the default deployment": [sys.executable, "main.py", "--out", f"{out}/a"],
                "the largest example": [
                    *(sys.executable, "main.py", "--values", LARGEST, "--out", f"{out}/b")
                ],
            },
        )
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians.pop("import cdk8s_plus_27")
    print(
        f"import cdk8s_plus_27: median {floor:.2f}s  runs {_rounded(times['import cdk8s_plus_27'])}"
    )
    rows = []
    for name, median in medians.items():
        ratio = median / floor
        runs = _rounded(times[name])
        print(f"{name}: median {median:.2f}s  {ratio:.2f}x the floor (target <= 1.5x)  runs {runs}")
        note = f"python main.py; median of {args.runs}, interleaved with the floor's runs"
        if name == "the largest example":
            note += f" ({LARGEST})"
        rows.append(
            {"what": name, "value": round(median, 2), "unit": "s", "floor": round(floor, 2),
             "ratio": round(ratio, 2), "note": note}
        )  # fmt: skip

    from tests.conftest import synth as synth_variant
    from tests.resources import deployment_requests

    cpu, memory = deployment_requests(synth_variant("default"), jobs=False)
    cpu_j, memory_j = deployment_requests(synth_variant("default"), jobs=True)
    print(
        f"default requests: {cpu:.2f} CPU / {memory / 2**30:.2f} GiB running; "
        f"{cpu_j:.2f} CPU / {memory_j / 2**30:.2f} GiB with the Jobs (node: 2 CPU / 4 GiB)"
    )
    if args.phases:
        rows += phases(args.runs)
    if args.tiers:
        tiers = wall(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *STATIC_TIERS]
        )
        print(f"static tiers (snapshots, conformance, bad input): {tiers:.1f}s wall (target < 60s)")
    if args.json:
        figures.write(args.json, "Synthesis against its floor (import cdk8s_plus_27)", rows)


def phases(runs: int) -> list[dict[str, object]]:
    """Each phase's median over `runs` cold runs, for the default and the largest example."""
    rows: list[dict[str, object]] = []
    for name, values in (("the default deployment", []), ("the largest example", [LARGEST])):
        command = [sys.executable, "-m", "tests.synth_phases", *values]
        found = [json.loads(_output(command)) for _ in range(runs)]
        print(f"{name}: {found[0]['jsii calls']} jsii calls building the construct tree")
        for phase in found[0]["phases"]:
            wall_s = statistics.median(f["phases"][phase][0] for f in found)
            cpu_s = statistics.median(f["phases"][phase][1] for f in found)
            print(f"  {phase}: median {wall_s:.2f}s wall, {cpu_s:.2f}s Python CPU")
            rows.append(
                {"what": f"{name}, phase: {phase}", "value": round(wall_s, 2), "unit": "s",
                 "note": f"median of {runs}; Python CPU {cpu_s:.2f} s; "
                 f"{found[0]['jsii calls']} jsii calls to build the tree"}
            )  # fmt: skip
    return rows


def _output(command: list[str]) -> str:
    return subprocess.run(
        command, cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    ).stdout


def _rounded(values: list[float]) -> list[float]:
    return [round(v, 2) for v in values]


if __name__ == "__main__":
    main()
