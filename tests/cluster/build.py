"""Build the cluster's binaries from upstream Go modules, once per machine.

Kubernetes comes from the wrapper module in k8s/ (k8s.io/kubernetes with its staging modules
replaced by the published ones); CoreDNS and kube-router are plain `go install`s. Outputs live
under the cache (default ~/.cache/kube-airflow), outside the clone, so a second run is instant.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.cluster.versions import COREDNS_MODULE, KUBE_ROUTER_MODULE, KUBERNETES_VERSION

HERE = Path(__file__).resolve().parent
WRAPPER = HERE / "k8s"
KUBERNETES_COMMANDS = (
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubelet",
    "kube-proxy",
    "kubectl",
)


class BuildError(RuntimeError):
    """The cluster cannot be built here; the message says why."""


def cache_root() -> Path:
    default = Path.home() / ".cache/kube-airflow"
    return Path(os.environ.get("KUBE_AIRFLOW_CACHE", default))


def bin_dir() -> Path:
    return cache_root() / f"cluster-{KUBERNETES_VERSION}" / "bin"


def binary(name: str) -> Path:
    return bin_dir() / name


def _required_go() -> tuple[int, ...]:
    match = re.search(r"^go (\d+)\.(\d+)", (WRAPPER / "go.mod").read_text(), re.MULTILINE)
    assert match, "k8s/go.mod has no go line"
    return int(match[1]), int(match[2])


def check_go() -> str:
    """The go command, or BuildError naming what is missing (never a silent skip)."""
    go = shutil.which("go")
    if go is None:
        raise BuildError(
            "Go is not installed: the test cluster is built from the k8s.io/kubernetes Go module "
            f"and needs Go {'.'.join(map(str, _required_go()))} or newer on PATH"
        )
    out = subprocess.run([go, "env", "GOVERSION", "GOPROXY"], capture_output=True, text=True)
    version, proxy = ([*out.stdout.split("\n"), "", ""])[:2]
    found = tuple(int(x) for x in re.findall(r"\d+", version)[:2])
    if found < _required_go():
        raise BuildError(
            f"Go {version} is too old: Kubernetes {KUBERNETES_VERSION} needs "
            f"go {'.'.join(map(str, _required_go()))} (or set GOTOOLCHAIN to fetch one)"
        )
    if proxy.strip() in ("", "off"):
        raise BuildError(f"GOPROXY is {proxy.strip()!r}: the build needs the Go module proxy")
    return go


def _ldflags() -> str:
    major, minor = KUBERNETES_VERSION.lstrip("v").split(".")[:2]
    stamp = {
        "k8s.io/component-base/version.gitVersion": KUBERNETES_VERSION,
        "k8s.io/component-base/version.gitMajor": major,
        "k8s.io/component-base/version.gitMinor": minor,
        "k8s.io/client-go/pkg/version.gitVersion": KUBERNETES_VERSION,
        "k8s.io/client-go/pkg/version.gitMajor": major,
        "k8s.io/client-go/pkg/version.gitMinor": minor,
    }
    return " ".join(["-s", "-w", *(f"-X {k}={v}" for k, v in stamp.items())])


def _go(go: str, args: list[str], cwd: Path, env: dict[str, str]) -> None:
    full = {**os.environ, "CGO_ENABLED": "0", **env}
    result = subprocess.run([go, *args], cwd=cwd, env=full, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"go {' '.join(args[:2])} failed:\n{result.stderr[-4000:]}")


def build_kubernetes(go: str) -> float | None:
    """Build the Kubernetes commands unless present; returns the seconds spent, None if cached."""
    if all(binary(name).exists() for name in KUBERNETES_COMMANDS):
        return None
    # The module is copied out of the clone so the build never rewrites tracked files.
    work = bin_dir().parent / "module"
    work.mkdir(parents=True, exist_ok=True)
    for name in ("go.mod", "go.sum"):
        shutil.copy(WRAPPER / name, work / name)
    staging = bin_dir().parent / "bin.partial"
    staging.mkdir(parents=True, exist_ok=True)
    packages = [f"k8s.io/kubernetes/cmd/{name}" for name in KUBERNETES_COMMANDS]
    start = time.monotonic()
    flags = ["build", "-mod=mod", "-trimpath", "-ldflags", _ldflags(), "-o", f"{staging}/"]
    _go(go, [*flags, *packages], work, {})
    _publish(staging)
    return time.monotonic() - start


def build_module(go: str, module: str) -> float | None:
    """`go install` one command module into the bin dir unless present."""
    name = module.split("@")[0].rsplit("/", 1)[-1]
    if binary(name).exists():
        return None
    staging = bin_dir().parent / "bin.partial"
    staging.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    _go(go, ["install", "-trimpath", "-ldflags", "-s -w", module], HERE, {"GOBIN": str(staging)})
    _publish(staging)
    return time.monotonic() - start


def _publish(staging: Path) -> None:
    bin_dir().mkdir(parents=True, exist_ok=True)
    for built in staging.iterdir():
        built.replace(bin_dir() / built.name)


def build_all() -> dict[str, float | None]:
    """Everything the cluster runs; {what: seconds spent (None when cached)}."""
    go = check_go()
    return {
        f"kubernetes {KUBERNETES_VERSION}": build_kubernetes(go),
        "coredns": build_module(go, COREDNS_MODULE),
        "kube-router": build_module(go, KUBE_ROUTER_MODULE),
    }


def main() -> int:
    try:
        timings = build_all()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for what, seconds in timings.items():
        print(f"build {what}: {'cached' if seconds is None else f'{seconds:.0f} s'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
