"""Benchmark (not a test): what the official image's missing bytecode costs an Airflow process
on a read-only root, and what a writable bytecode cache per pod gives back. Runs the Airflow
stand-in (which deletes every .pyc of its virtualenv, as the official build does) with podman,
as a kubelet runs it under `restricted`, and times the imports each role makes at start:

- `no cache`: every start compiles what it imports (the official image, a read-only root);
- `cache, first`: PYTHONPYCACHEPREFIX on the pod's /tmp, the first process of the pod fills it;
- `cache, warm`: every later process of the pod (a restart, a probe, a task's process);
- `compiled in the image`: what image/Dockerfile does (image/compile_bytecode.py imports each
  role's modules at build time), the floor.

Prints medians of --runs, the cache's size, and writes --json (docs/data/bytecode.json).

    python -m tests.image.benchmark_bytecode [--runs 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import runpy
import statistics
import sys
from pathlib import Path

from tests import figures, podman

COMPILED = "localhost/kube-airflow/airflow:bytecode"
# What each role imports before it does any work: the list image/Dockerfile compiles.
STARTUP_IMPORTS = runpy.run_path(str(podman.ROOT / "image/compile_bytecode.py"))["STARTUP_IMPORTS"]
ROLES = {
    role: ", ".join(STARTUP_IMPORTS[role])
    for role in ("scheduler", "api-server", "worker", "dag-processor", "task")
}
CACHE = "/tmp/pycache"
RUN = ["run", "--rm", "--read-only", "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,mode=1777"]
RUN += ["--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--entrypoint", "bash"]


def timed_in_one_container(image: str, module: str, runs: int, env: list[str]) -> list[float]:
    """Seconds of `python -c "import module"`, `runs` times in one container (one pod)."""
    one = f"s=$(date +%s.%N); python -c 'import {module}' >/dev/null; echo TIMED $s $(date +%s.%N)"
    script = "; ".join([one] * runs)
    out = podman.podman("run", *RUN[1:], *env, image, "-c", script, timeout=1200).stdout
    timed = [line.split()[1:] for line in out.splitlines() if line.startswith("TIMED ")]
    return [float(end) - float(start) for start, end in timed]


def cache_size_kib(image: str) -> int:
    """The cache after every role's imports, in one pod's /tmp."""
    imports = "; ".join(f"python -c 'import {m}'" for m in ROLES.values())
    script = f"{imports}; du -sk {CACHE} | cut -f1"
    env = ["-e", f"PYTHONPYCACHEPREFIX={CACHE}"]
    out = podman.podman("run", *RUN[1:], *env, image, "-c", script, timeout=1200).stdout
    return int(out.split()[-1])


def compiled_image(base: str) -> str:
    """image/Dockerfile on the stand-in."""
    dockerfile = podman.ROOT / "image/Dockerfile"
    done = podman.build(COMPILED, dockerfile, podman.ROOT, f"AIRFLOW_IMAGE={base}")
    assert done.returncode == 0, done.stderr[-3000:]
    return COMPILED


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    base = podman.airflow_standin()
    compiled = compiled_image(base)
    rows = []
    for role, module in ROLES.items():
        none = timed_in_one_container(base, module, args.runs, [])
        cache = timed_in_one_container(
            base, module, args.runs + 1, ["-e", f"PYTHONPYCACHEPREFIX={CACHE}"]
        )
        floor = timed_in_one_container(compiled, module, args.runs, [])
        first, warm = cache[0], statistics.median(cache[1:])
        floor_median = statistics.median(floor)
        for what, value in (
            ("no cache", statistics.median(none)),
            ("cache, first", first),
            ("cache, warm", warm),
            ("compiled in the image", floor_median),
        ):
            rows.append(
                {
                    "what": f"{role}: {what}",
                    "value": round(value, 2),
                    "unit": "s",
                    "floor": round(floor_median, 2),
                    "ratio": round(value / floor_median, 2),
                    "note": f"import {module}",
                }
            )
            print(f"{role:14} {what:22} {value:6.2f} s  {value / floor_median:5.2f}x")
    size = cache_size_kib(base)
    rows.append({"what": "cache size after every role's imports", "value": size, "unit": "KiB"})
    print(f"cache size after every role's imports: {size / 1024:.0f} MiB")
    if args.json:
        title = "Starting Airflow without bytecode, with a cache per pod, and compiled"
        figures.write(args.json, title, rows)


if __name__ == "__main__":
    sys.exit(main())
