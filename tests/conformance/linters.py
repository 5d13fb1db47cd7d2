"""kube-score and Polaris, built from their Go modules once per machine (under the cache of the
test cluster's builds, ~/.cache/kube-airflow or KUBE_AIRFLOW_CACHE), and run over manifests.

kube-score's release tags match its module path: `go install` at the tag. Polaris' do not (its
v10 releases live at the module path without `/v10`), so it is pinned by the pseudo-version of its
release commit; where the module proxy refuses that module (it answers 403 "This module version
is not available" here, for every version of it), Polaris is built from a git clone of its
repository holding that commit (KUBE_AIRFLOW_POLARIS_GIT: the clone's folder, or its .git), its
dependencies coming from the module proxy as usual. Run `python -m tests.conformance.linters` to
build both and print how long each took."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

KUBE_SCORE_MODULE = "github.com/zegl/kube-score/cmd/kube-score"
KUBE_SCORE_VERSION = "v1.20.0"
POLARIS_MODULE = "github.com/fairwindsops/polaris"
POLARIS_RELEASE = "10.2.2"
# The commit of Polaris' tag v10.2.2 (2026-08-06 16:10:01 UTC), by the pseudo-version the module
# proxy would know it by.
POLARIS_COMMIT = "dafa0b74fc09a9505849b0a6f8c78f1c364d0112"
POLARIS_PSEUDO_VERSION = "v0.0.0-20260806161001-dafa0b74fc09"
POLARIS_GIT = "KUBE_AIRFLOW_POLARIS_GIT"


class LinterUnavailable(RuntimeError):
    """A linter cannot be built here; the message says why and what to do."""


def bin_dir() -> Path:
    root = Path(os.environ.get("KUBE_AIRFLOW_CACHE", Path.home() / ".cache/kube-airflow"))
    return root / "linters" / "bin"


def _go(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    go = shutil.which("go")
    if go is None:
        raise LinterUnavailable("Go is not installed: kube-score and Polaris build from Go modules")
    full = {**os.environ, "CGO_ENABLED": "0", **env}
    return subprocess.run([go, *args], cwd=cwd, env=full, capture_output=True, text=True)


def kube_score() -> Path:
    """The kube-score binary, built at its pinned tag unless present."""
    binary = bin_dir() / "kube-score"
    if not binary.exists():
        module = f"{KUBE_SCORE_MODULE}@{KUBE_SCORE_VERSION}"
        with tempfile.TemporaryDirectory() as staging:
            built = _go(["install", "-trimpath", "-ldflags", "-s -w", module], Path(staging),
                        GOBIN=staging)  # fmt: skip
            if built.returncode != 0:
                raise LinterUnavailable(f"go install {module} failed:\n{built.stderr[-3000:]}")
            _publish(Path(staging) / "kube-score", binary)
    return binary


def polaris() -> Path:
    """The Polaris binary, from the module proxy at its pseudo-version, else from a clone."""
    binary = bin_dir() / "polaris"
    if binary.exists():
        return binary
    stamp = f"-s -w -X main.Version={POLARIS_RELEASE} -X main.Commit={POLARIS_COMMIT}"
    with tempfile.TemporaryDirectory() as staging:
        source = Path(staging) / "src"
        module = f"{POLARIS_MODULE}@{POLARIS_PSEUDO_VERSION}"
        fetched = _go(["mod", "download", "-json", module], Path(staging))
        if fetched.returncode == 0:
            shutil.copytree(json.loads(fetched.stdout)["Dir"], source)
        else:
            _from_clone(source, refused=fetched.stdout + fetched.stderr)
        out = Path(staging) / "polaris"
        built = _go(["build", "-mod=mod", "-trimpath", "-ldflags", stamp, "-o", str(out), "."],
                    source)  # fmt: skip
        if built.returncode != 0:
            raise LinterUnavailable(f"building Polaris failed:\n{built.stderr[-3000:]}")
        _publish(out, binary)
    return binary


def _from_clone(source: Path, refused: str) -> None:
    """Polaris' tree at POLARIS_COMMIT, from the clone KUBE_AIRFLOW_POLARIS_GIT names."""
    clone = os.environ.get(POLARIS_GIT)
    if not clone:
        raise LinterUnavailable(
            f"the module proxy refuses {POLARIS_MODULE}@{POLARIS_PSEUDO_VERSION} "
            f"({refused.strip()[-300:]}); set {POLARIS_GIT} to a git clone of "
            f"FairwindsOps/polaris holding commit {POLARIS_COMMIT} (tag v{POLARIS_RELEASE})"
        )
    source.mkdir()
    archive = subprocess.run(
        ["git", "-C", clone, "archive", "--format=tar", POLARIS_COMMIT],
        capture_output=True,
    )
    if archive.returncode != 0:
        raise LinterUnavailable(f"{POLARIS_GIT}={clone}: {archive.stderr.decode()[-500:]}")
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)


def _publish(built: Path, binary: Path) -> None:
    binary.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(built, binary.with_suffix(".partial"))
    binary.with_suffix(".partial").replace(binary)


def kube_score_findings(folder: Path) -> list[dict[str, Any]]:
    """kube-score's failed and warned checks over every YAML file in `folder`, one per object."""
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    run = subprocess.run(
        [str(kube_score()), "score", "--output-format", "json", *files],
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):  # 1: it found something
        raise AssertionError(f"kube-score failed ({run.returncode}): {run.stderr[-2000:]}")
    found = []
    for obj in json.loads(run.stdout or "[]"):
        for check in obj.get("checks", []):
            if check["grade"] < 10 and not check.get("skipped"):  # below ALL OK
                found.append(
                    {
                        "kind": obj["type_meta"]["kind"],
                        "name": obj["object_meta"]["name"],
                        "check": check["check"]["id"],
                        "comments": [c["summary"] for c in check.get("comments") or []],
                    }
                )
    return found


def polaris_findings(folder: Path) -> list[dict[str, Any]]:
    """Polaris' failed checks (danger and warning) over `folder`, one per object and container."""
    run = subprocess.run(
        [str(polaris()), "audit", "--audit-path", str(folder), "--format", "json"],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise AssertionError(f"polaris failed ({run.returncode}): {run.stderr[-2000:]}")
    found = []
    for result in json.loads(run.stdout).get("Results") or []:
        where = {"kind": result["Kind"], "name": result["Name"]}
        groups = [("", result.get("Results") or {})]
        pod = result.get("PodResult") or {}
        groups.append(("", pod.get("Results") or {}))
        for container in pod.get("ContainerResults") or []:
            groups.append((container["Name"], container.get("Results") or {}))
        for container, checks in groups:
            for check in checks.values():
                if not check["Success"] and check["Severity"] in ("danger", "warning"):
                    found.append({**where, "container": container, "check": check["ID"]})
    return found


def main() -> int:
    for name, build in (("kube-score", kube_score), ("polaris", polaris)):
        start = time.monotonic()
        try:
            path = build()
        except LinterUnavailable as error:
            print(f"{name}: {error}", file=sys.stderr)
            return 1
        print(f"{name}: {path} ({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
