"""Benchmark (not a test): cold synth time against the cdk8s import floor, the static tiers' wall
time, and what the default deployment requests. Prints medians; run with `make benchmark`.

    python tests/benchmark_synth.py [--runs 5] [--tiers]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "lib")]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tiers", action="store_true", help="also time the static test tiers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        floor, floors = median_of(args.runs, [sys.executable, "-c", "import cdk8s_plus_27"])
        synth, synths = median_of(args.runs, [sys.executable, "main.py", "--out", out])
    print(f"import cdk8s_plus_27: median {floor:.2f}s  runs {[round(t, 2) for t in floors]}")
    print(f"python main.py:       median {synth:.2f}s  runs {[round(t, 2) for t in synths]}")
    print(f"ratio synth / import floor: {synth / floor:.2f}x (target <= 2x)")

    from tests.conftest import synth as synth_variant
    from tests.resources import deployment_requests

    cpu, memory = deployment_requests(synth_variant("default"), jobs=False)
    cpu_j, memory_j = deployment_requests(synth_variant("default"), jobs=True)
    print(
        f"default requests: {cpu:.2f} CPU / {memory / 2**30:.2f} GiB running; "
        f"{cpu_j:.2f} CPU / {memory_j / 2**30:.2f} GiB with the Jobs (node: 2 CPU / 4 GiB)"
    )
    if args.tiers:
        tiers = wall(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *STATIC_TIERS]
        )
        print(f"static tiers (snapshots, conformance, bad input): {tiers:.1f}s wall (target < 60s)")


if __name__ == "__main__":
    main()
