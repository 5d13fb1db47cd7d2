"""KEDA's three programs from its module (KEDA_MODULE), with only the scalers Airflow's deployments
use: the operator (`keda`), the metrics API server (`keda-adapter`) and the admission webhooks
(`keda-admission-webhooks`), as its release build names them.

KEDA's module compiles every scaler into one package, and with them every cloud SDK (a build of
all of it did not fit the time and the two cores here). The build runs inside a copy of the
module (its go.mod has replace directives, so `go install` refuses it), trimmed by a checked
source edit, as Traefik's is (build.py):

- pkg/scalers keeps the scalers of KEPT_SCALERS and their shared files; every other scaler file,
  and the cloud packages only they import, are deleted;
- the trigger switch (`buildScaler`) keeps the cases of KEPT_TRIGGERS; any other trigger type is
  KEDA's own "no scaler found for type" error;
- TriggerAuthentication's secret managers (HashiCorp Vault, Azure Key Vault, GCP and AWS Secret
  Manager) are an error naming them; Secrets, ConfigMaps and pod environment resolve as in KEDA.

Each edit must find its text: a KEDA release that moved it fails here, not in the compiler.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from tests.cluster.build import (
    BuildError,
    binary,
    build_in_copy,
    check_go,
    module_copy,
)
from tests.cluster.versions import KEDA_MODULE, KEDA_VERSION

# The triggers kube-airflow's ScaledObjects use (the metadata database, the broker's queue) and
# the resource triggers an HPA-like ScaledObject would.
KEPT_TRIGGERS = ("cpu", "memory", "postgresql", "rabbitmq", "redis")
KEPT_SCALERS = ("cpu_memory", "postgresql", "rabbitmq", "redis")
# pkg/scalers/azure: what the kept scalers use of it (workload identity for Postgres and
# RabbitMQ); its other files import the Event Hubs, Storage and Kusto SDKs.
KEPT_AZURE = (
    "azure_aad_auth.go",
    "azure_aad_workload_identity.go",
    "azure_azidentity_chain.go",
    "azure_cloud_environment.go",
    "cloud_config.go",
)
DROPPED_PACKAGES = (
    "aws", "gcp", "kafka", "liiklus", "openstack", "splunk", "sumologic", "externalscaler",
)  # fmt: skip
SECRET_MANAGERS = (
    "aws_secretmanager_handler.go",
    "azure_keyvault_handler.go",
    "gcp_secretmanager_handler.go",
    "hashicorpvault_handler.go",
)
# Constants the kept scalers share with scalers of other files.
SHARED_CONSTANTS = """package scalers

// Left by the trimmed build (tests/cluster/build_keda.py): constants of the scalers it drops
// that the kept ones use.
const (
\texternalMetricType = "External"
\tstringEnable       = "enable"
\tstringDisable      = "disable"
)
"""
SWITCH = "\tswitch triggerType {\n"
RESOLVERS_FIRST = "\t\t\tif triggerAuthSpec.HashiCorpVault != nil && len("
RESOLVERS_END = "\t\t\tif triggerAuthSpec.BoundServiceAccountToken != nil {"
NO_SECRET_MANAGERS = (
    "\t\t\tif triggerAuthSpec.HashiCorpVault != nil || triggerAuthSpec.AzureKeyVault != nil ||\n"
    "\t\t\t\ttriggerAuthSpec.GCPSecretManager != nil || triggerAuthSpec.AwsSecretManager != nil {\n"
    '\t\t\t\treturn result, podIdentity, fmt.Errorf("HashiCorp Vault, Azure Key Vault and "+\n'
    '\t\t\t\t\t"the GCP and AWS Secret Managers are not part of this KEDA build")\n'
    "\t\t\t}\n"
)
PROGRAMS = {
    "keda": "./cmd/operator",
    "keda-adapter": "./cmd/adapter",
    "keda-admission-webhooks": "./cmd/webhooks",
}


def build_keda() -> Path:
    """The three programs into the bin dir unless there; returns the operator's path."""
    if all(binary(name).exists() for name in PROGRAMS):
        return binary("keda")
    go = check_go()
    source = module_copy(go, KEDA_MODULE, "keda")
    trim(source)
    stamp = f"-X=github.com/kedacore/keda/v2/version.Version={KEDA_VERSION}"
    for name, package in PROGRAMS.items():
        build_in_copy(go, source, package, stamp, name, keep=True)
    shutil.rmtree(source.parent, ignore_errors=True)
    return binary("keda")


def timed_build_keda() -> float | None:
    """Seconds build_keda() took, None when cached."""
    if all(binary(name).exists() for name in PROGRAMS):
        return None
    start = time.monotonic()
    build_keda()
    return time.monotonic() - start


def trim(source: Path) -> None:
    """The checked source edit of the module docstring, in the module copy `source`."""
    scalers = source / "pkg/scalers"
    for kept in KEPT_SCALERS:
        if not (scalers / f"{kept}_scaler.go").exists():
            raise BuildError(f"KEDA's pkg/scalers has no {kept}_scaler.go: update KEPT_SCALERS")
    for path in source.rglob("*_test.go"):
        path.unlink()
    for path in scalers.glob("*_scaler.go"):
        if path.name.removesuffix("_scaler.go") not in KEPT_SCALERS:
            path.unlink()
    for package in DROPPED_PACKAGES:
        shutil.rmtree(_existing(scalers / package))
    for path in (scalers / "azure").glob("*.go"):
        if path.name not in KEPT_AZURE:
            path.unlink()
    (scalers / "trimmed_build.go").write_text(SHARED_CONSTANTS)
    _keep_triggers(source / "pkg/scaling/scalers_builder.go")
    resolver = source / "pkg/scaling/resolver"
    for name in SECRET_MANAGERS:
        _existing(resolver / name).unlink()
    _replace_between(resolver / "scale_resolvers.go", RESOLVERS_FIRST, RESOLVERS_END)


def _existing(path: Path) -> Path:
    if not path.exists():
        raise BuildError(f"KEDA's module has no {path.name} where the trim expects it: update it")
    return path


def _keep_triggers(builder: Path) -> None:
    """buildScaler's switch with the cases of KEPT_TRIGGERS only."""
    text = builder.read_text()
    if SWITCH not in text or "\tdefault:\n" not in text:
        raise BuildError(f"KEDA's {builder.name} has no trigger switch: update build_keda.py")
    start = text.index(SWITCH) + len(SWITCH)
    end = text.index("\tdefault:\n", start)
    cases = [c for c in re.split(r"(?=\tcase )", text[start:end]) if c.strip()]
    kept = {_trigger(case): case for case in cases if _trigger(case) in KEPT_TRIGGERS}
    missing = set(KEPT_TRIGGERS) - kept.keys()
    if missing:
        raise BuildError(f"KEDA's trigger switch has no case for {sorted(missing)}")
    builder.write_text(text[:start] + "".join(kept.values()) + text[end:])


def _trigger(case: str) -> str:
    match = re.match(r'\tcase "([^"]+)"', case)
    if not match:
        raise BuildError(f"a case of KEDA's trigger switch is not one trigger: {case[:80]!r}")
    return match[1]


def _replace_between(path: Path, first: str, end: str) -> None:
    text = path.read_text()
    if first not in text or end not in text:
        raise BuildError(f"KEDA's {path.name} no longer resolves its secret managers as expected")
    start, stop = text.index(first), text.index(end)
    path.write_text(text[:start] + NO_SECRET_MANAGERS + text[stop:])
