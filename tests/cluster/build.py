"""Build the cluster's binaries from upstream Go modules, once per machine.

Kubernetes comes from the wrapper module in k8s/ (k8s.io/kubernetes with its staging modules
replaced by the published ones); CoreDNS and kube-router are plain `go install`s; Traefik is built
inside a copy of its own module (see build_traefik); metrics-server too, and the OpenTelemetry
Collector of its stand-in with its own builder (OCB). Outputs live under the cache (default
~/.cache/kube-airflow), outside the clone, so a second run is instant.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kube_airflow.versions import STATSD_EXPORTER_IMAGE
from tests.cluster.versions import (
    COREDNS_MODULE,
    DEX_MODULE,
    DEX_RELEASE,
    GIT_SYNC_MODULE,
    GIT_SYNC_VERSION,
    GO_HTTP_AUTH_MODULE,
    KUBE_ROUTER_MODULE,
    KUBERNETES_VERSION,
    METRICS_SERVER_MODULE,
    METRICS_SERVER_VERSION,
    OTEL_BUILDER_MODULE,
    OTEL_COLLECTOR_STABLE_VERSION,
    OTEL_COLLECTOR_VERSION,
    STATSD_EXPORTER_MODULE,
    TRAEFIK_MODULE,
)

HERE = Path(__file__).resolve().parent
WRAPPER = HERE / "k8s"
TRAEFIK_FILES = HERE / "traefik"
OTEL_MANIFEST = HERE / "otel/builder-config.yaml"
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


def build_module(go: str, module: str, ldflags: str = "-s -w") -> float | None:
    """`go install` one command module into the bin dir unless present."""
    name = module.split("@")[0].rsplit("/", 1)[-1]
    if binary(name).exists():
        return None
    staging = bin_dir().parent / "bin.partial"
    staging.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    _go(go, ["install", "-trimpath", "-ldflags", ldflags, module], HERE, {"GOBIN": str(staging)})
    _publish(staging)
    return time.monotonic() - start


def _publish(staging: Path) -> None:
    bin_dir().mkdir(parents=True, exist_ok=True)
    for built in staging.iterdir():
        built.replace(bin_dir() / built.name)


# Traefik's ACME client imports every DNS provider of lego, and the module proxy does not serve
# fifteen of their SDKs: the DNS-01 challenge is left out (an Ingress controller of a test cluster
# on loopback asks no certificate authority for anything). Each edit must find its text, so a new
# Traefik version that moved it fails here, not in the compiler.
TRAEFIK_EDITS = {
    "pkg/provider/acme/provider.go": (
        ('\t"github.com/go-acme/lego/v5/providers/dns"\n', ""),
        (
            "provider, err = dns.NewDNSChallengeProviderByName(p.DNSChallenge.Provider)",
            'provider, err = nil, fmt.Errorf("DNS challenge provider %q: '
            'not in this build", p.DNSChallenge.Provider)',
        ),
    ),
}


def download_module(go: str, module: str, cwd: Path) -> Path:
    """The module's read-only source in the module cache (`go mod download`)."""
    result = subprocess.run(
        [go, "mod", "download", "-json", module], cwd=cwd, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BuildError(
            f"go mod download {module} failed:\n{(result.stdout + result.stderr)[-4000:]}"
        )
    return Path(json.loads(result.stdout)["Dir"])


def _writable_copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def build_traefik(go: str) -> float | None:
    """Traefik from its module, unless present. `go install` refuses it (its go.mod has replace
    directives), so it is built inside a writable copy of the module source, completed with
    what the module proxy does not serve (the files under traefik/, TRAEFIK_EDITS)."""
    if binary("traefik").exists():
        return None
    start = time.monotonic()
    source = module_copy(go, TRAEFIK_MODULE, "traefik")
    # A nested module of Traefik's repository, replaced by a path into it.
    shutil.copytree(TRAEFIK_FILES / "ext", source / "pkg/config/dynamic/ext")
    auth = source / "third_party/go-http-auth"
    _writable_copy(download_module(go, GO_HTTP_AUTH_MODULE, source.parent), auth)
    (auth / "go.mod").write_text("module github.com/abbot/go-http-auth\n\ngo 1.21\n")
    shutil.copy(TRAEFIK_FILES / "go-http-auth/traefik_fork.go", auth)
    replace = "github.com/abbot/go-http-auth=./third_party/go-http-auth"
    _go(go, ["mod", "edit", f"-replace={replace}"], source, {})
    for name, edits in TRAEFIK_EDITS.items():
        text = (source / name).read_text()
        for old, new in edits:
            if old not in text:
                raise BuildError(f"Traefik's {name} no longer has {old!r}: update TRAEFIK_EDITS")
            text = text.replace(old, new)
        (source / name).write_text(text)
    # The dashboard is embedded from webui/static, which only Traefik's release build fills (with
    # Node); the module holds a placeholder file there, enough for go:embed. The dashboard is off.
    static = source / "webui/static"
    if not any(not p.name.startswith((".", "_")) for p in static.glob("*")):
        static.mkdir(exist_ok=True)
        (static / "index.html").write_text("<!-- the dashboard is not part of this build -->\n")
    version = TRAEFIK_MODULE.split("@")[1]
    stamp = f"-X github.com/traefik/traefik/v3/pkg/version.Version={version}"
    build_in_copy(go, source, "./cmd/traefik", stamp)
    return time.monotonic() - start


def module_copy(go: str, module: str, name: str) -> Path:
    """A fresh writable copy of `module`'s source (`go mod download`), under a work folder
    `name` beside the bin dir, for a module `go install` refuses (replace directives)."""
    work = bin_dir().parent / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    source = work / "src"
    _writable_copy(download_module(go, module, work), source)
    return source


def build_in_copy(
    go: str, source: Path, package: str, stamp: str, name: str = "", keep: bool = False
) -> None:
    """`go build` the command `package` of a module copy (module_copy) into the bin dir as
    `name` (default: the package's last element), with `stamp` (its version's -X flag) in the
    linker flags; the copy is removed afterwards unless `keep` (another command follows)."""
    staging = bin_dir().parent / "bin.partial"
    staging.mkdir(parents=True, exist_ok=True)
    name = name or package.rsplit("/", 1)[-1]
    flags = ["build", "-mod=mod", "-trimpath", "-ldflags", f"-s -w {stamp}"]
    _go(go, [*flags, "-o", str(staging / name), package], source, {})
    _publish(staging)
    if not keep:
        shutil.rmtree(source.parent, ignore_errors=True)


def build_dex() -> Path:
    """Dex, the OpenID Connect provider of the sign-in test, at DEX_MODULE (release DEX_RELEASE),
    unless present. Its go.mod replaces its nested API module with ./api/v2, which no module zip
    holds (nested modules are left out), so `go install` refuses it: it is built inside a copy of
    its module with that replace dropped, so the published github.com/dexidp/dex/api/v2 it
    requires is used (the same code at this release; only that module's go.mod differs). Stamped
    with the release, as Dex's own release build does."""
    if not binary("dex").exists():
        go = check_go()
        source = module_copy(go, DEX_MODULE, "dex")
        _go(go, ["mod", "edit", "-dropreplace=github.com/dexidp/dex/api/v2"], source, {})
        build_in_copy(go, source, "./cmd/dex", f"-X main.version={DEX_RELEASE}")
    return binary("dex")


def build_statsd_exporter() -> Path:
    """Prometheus' statsd exporter at the version of the pinned image (its stand-in's binary);
    stamped with that version, as the official release build does."""
    version = STATSD_EXPORTER_IMAGE.rsplit(":", 1)[1]
    stamp = f"-X github.com/prometheus/common/version.Version={version.lstrip('v')}"
    build_module(check_go(), f"{STATSD_EXPORTER_MODULE}@{version}", f"-s -w {stamp}")
    return binary("statsd_exporter")


def build_git_sync() -> Path:
    """git-sync from its module at the commit of the pinned image's tag (its stand-in's binary);
    BuildError when the module proxy does not serve it."""
    stamp = f"-X k8s.io/git-sync/pkg/version.VERSION={GIT_SYNC_VERSION}"
    build_module(check_go(), GIT_SYNC_MODULE, f"-s -w {stamp}")
    return binary("git-sync")


# metrics-server stamps its version as its Makefile does.
METRICS_SERVER_STAMP = f"k8s.io/client-go/pkg/version.gitVersion={METRICS_SERVER_VERSION}"
METRICS_SERVER_LDFLAGS = f"-s -w -X {METRICS_SERVER_STAMP}"


def build_metrics_server() -> Path:
    """metrics-server at the pinned tag (its stand-in's binary; built with the cluster)."""
    build_module(check_go(), METRICS_SERVER_MODULE, METRICS_SERVER_LDFLAGS)
    return binary("metrics-server")


def _check_otel_manifest() -> str:
    """The OCB manifest's text, or BuildError where a module or its dist version is not at the
    pinned release (OTEL_COLLECTOR_VERSION, its stable modules at OTEL_COLLECTOR_STABLE_VERSION)."""
    text = OTEL_MANIFEST.read_text()
    pins = (OTEL_COLLECTOR_VERSION, OTEL_COLLECTOR_STABLE_VERSION)
    modules = re.findall(r"^\s*-\s*gomod:\s*(\S+)\s+(\S+)\s*$", text, re.MULTILINE)
    stray = [f"{module} {version}" for module, version in modules if version not in pins]
    dist = re.search(r"^\s+version:\s*(\S+)\s*$", text, re.MULTILINE)
    if not modules or stray or not dist or f"v{dist[1]}" != OTEL_COLLECTOR_VERSION:
        raise BuildError(
            f"{OTEL_MANIFEST.name}: every module must be at {' or '.join(pins)} and dist.version "
            f"at {OTEL_COLLECTOR_VERSION.lstrip('v')} (tests/cluster/versions.py); "
            f"found {', '.join(stray) or (dist[1] if dist else 'no dist.version')}"
        )
    return text


def build_otel_collector() -> Path:
    """The OpenTelemetry Collector of the contrib image's stand-in, unless present: OCB at the
    image's release (OTEL_BUILDER_MODULE) generates and builds the distribution otelcol-contrib
    from otel/builder-config.yaml (its components, at that release) in a work folder beside the
    bin dir: CGO off, static, -trimpath and `-s -w`, as the official release build; the version
    (dist.version) is the one the binary reports."""
    if binary("otelcol-contrib").exists():
        return binary("otelcol-contrib")
    go = check_go()
    _check_otel_manifest()
    work = bin_dir().parent / "otelcol-contrib"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _go(go, ["install", OTEL_BUILDER_MODULE], work, {"GOBIN": str(work / "ocb")})
    # OCB runs `go` from PATH: the same one as every other build here.
    path = f"{Path(go).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "CGO_ENABLED": "0", "PATH": path}
    ocb = [str(work / "ocb/builder"), f"--config={OTEL_MANIFEST}"]
    result = subprocess.run(ocb, cwd=work, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"OCB ({OTEL_BUILDER_MODULE}) failed:\n{result.stderr[-4000:]}")
    staging = bin_dir().parent / "bin.partial"
    staging.mkdir(parents=True, exist_ok=True)
    (work / "_build/otelcol-contrib").replace(staging / "otelcol-contrib")
    _publish(staging)
    shutil.rmtree(work, ignore_errors=True)
    return binary("otelcol-contrib")


def build_all() -> dict[str, float | None]:
    """Everything the cluster runs; {what: seconds spent (None when cached)}."""
    go = check_go()
    return {
        f"kubernetes {KUBERNETES_VERSION}": build_kubernetes(go),
        "coredns": build_module(go, COREDNS_MODULE),
        "kube-router": build_module(go, KUBE_ROUTER_MODULE),
        "traefik": build_traefik(go),
        "metrics-server": build_module(go, METRICS_SERVER_MODULE, METRICS_SERVER_LDFLAGS),
        "otel-collector (OCB)": _timed(build_otel_collector, "otelcol-contrib"),
        "keda (trimmed)": _timed_keda(),
    }


def _timed_keda() -> float | None:
    # Imported here: build_keda builds on this module's helpers (its own module, for its trim).
    from tests.cluster.build_keda import timed_build_keda

    return timed_build_keda()


def _timed(build: Callable[[], Path], name: str) -> float | None:
    """Seconds `build()` took, None when `name` was already built."""
    if binary(name).exists():
        return None
    start = time.monotonic()
    build()
    return time.monotonic() - start


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
