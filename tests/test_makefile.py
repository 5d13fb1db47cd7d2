"""The Makefile targets users of the original kube-airflow knew run the commands the docs say,
here against a stand-in kubectl that records its arguments (there is no cluster to talk to)."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cluster.deploy import PRUNE_ALLOWLIST
from tests.conftest import ROOT


@pytest.fixture
def kubectl(tmp_path: Path) -> Path:
    log = tmp_path / "kubectl.log"
    fake = tmp_path / "kubectl"
    # `diff` answers 1 (differences found), as kubectl does; everything else succeeds.
    fake.write_text(f'#!/bin/sh\necho "$*" >> {log}\n[ "$1" = diff ] && exit 1\nexit 0\n')
    fake.chmod(0o755)
    return fake


def make(tmp_path: Path, kubectl: Path, *args: str) -> list[str]:
    venv_path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    command = [
        "make", "--no-print-directory", "-o", ".venv/.synced",
        f"RUN=env PATH={venv_path}", f"KUBECTL={kubectl}", f"OUT={tmp_path / 'out'}", *args,
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    log = tmp_path / "kubectl.log"
    return log.read_text().splitlines() if log.exists() else []


def test_apply_synthesizes_with_the_given_namespace_and_prefix(
    tmp_path: Path, kubectl: Path
) -> None:
    calls = make(tmp_path, kubectl, "apply", "NAMESPACE=data", "PREFIX=etl",
                 "VALUES=examples/minimal.yaml")  # fmt: skip
    prune = "--prune -l app.kubernetes.io/instance=etl " + " ".join(
        f"--prune-allowlist={kind}" for kind in PRUNE_ALLOWLIST
    )
    assert calls == [f"apply {prune} -f {tmp_path / 'out'}/"]
    text = (tmp_path / "out/airflow.k8s.yaml").read_text()
    assert "name: etl-api-server" in text and "namespace: data" in text
    assert "replicas: 1\n" in text  # the values file was read


def test_diff_treats_differences_as_an_answer(tmp_path: Path, kubectl: Path) -> None:
    assert make(tmp_path, kubectl, "diff") == [f"diff -f {tmp_path / 'out'}/"]


DAGS_VOLUME = ("--set", "dags.mode=volume", "--set", "dags.size=1Gi")


def synthesized(tmp_path: Path, *args: str) -> Path:
    """What `make apply` applied: $(OUT) as main.py writes it (`make delete` does not synth)."""
    out = tmp_path / "out"
    command = [sys.executable, "main.py", "--out", str(out), *args]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out


def workers_first(out: Path) -> str:
    """The first call of every `make delete`: the Celery workers, waited for, while what their
    running tasks need stays."""
    return (
        "delete --ignore-not-found --cascade=foreground -l app.kubernetes.io/component=worker "
        f"-f {out}/airflow.k8s.yaml"
    )


def test_delete_keeps_the_namespace_and_the_claims(tmp_path: Path, kubectl: Path) -> None:
    """Plain `make delete` deletes only the main file, the workers first: the Namespace (with the
    generated Secret and the user's) and a PVC written into $(OUT) stay."""
    out = synthesized(tmp_path, *DAGS_VOLUME)
    assert sorted(f.name for f in out.iterdir()) == [
        "0-namespace.k8s.yaml", "1-volume-claims.k8s.yaml", "airflow.k8s.yaml"
    ]  # fmt: skip
    assert make(tmp_path, kubectl, "delete") == [
        workers_first(out),
        f"delete --ignore-not-found -f {out}/airflow.k8s.yaml",
    ]


def test_delete_needs_the_manifests(tmp_path: Path, kubectl: Path) -> None:
    """`make delete` deletes what $(OUT) holds: with nothing there it says so, and calls no
    kubectl."""
    command = ["make", "--no-print-directory", "delete", f"KUBECTL={kubectl}",
               f"OUT={tmp_path / 'out'}"]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "holds no manifests: make synth first" in result.stderr
    assert not (tmp_path / "kubectl.log").exists()


def test_delete_purge_deletes_everything(tmp_path: Path, kubectl: Path) -> None:
    """PURGE=yes: every file, the Namespace's too (which takes the Secrets and the StatefulSets'
    claims with it)."""
    out = synthesized(tmp_path, *DAGS_VOLUME)
    assert make(tmp_path, kubectl, "delete", "PURGE=yes") == [
        workers_first(out),
        f"delete -f {out}/ --ignore-not-found",
    ]


def test_delete_purge_without_our_namespace(tmp_path: Path, kubectl: Path) -> None:
    """With create_namespace: false the Namespace is the user's and stays; PURGE=yes deletes this
    deployment's claims and generated Secret in it, which are not in $(OUT), by its label."""
    out = synthesized(tmp_path, "--set", "create_namespace=false", "--namespace", "data",
                      "--prefix", "etl")  # fmt: skip
    calls = make(tmp_path, kubectl, "delete", "PURGE=yes", "NAMESPACE=data", "PREFIX=etl")
    assert calls == [
        workers_first(out),
        f"delete -f {out}/ --ignore-not-found",
        "-n data delete persistentvolumeclaims,secrets -l app.kubernetes.io/instance=etl "
        "--ignore-not-found",
    ]


@pytest.mark.parametrize(
    ("target", "service"),
    [("browse-web", "etl-api-server 8080:8080"), ("browse-flower", "etl-flower 5555:5555")],
)
def test_browse_port_forwards(tmp_path: Path, kubectl: Path, target: str, service: str) -> None:
    calls = make(tmp_path, kubectl, target, "NAMESPACE=data", "PREFIX=etl")
    assert calls == [f"-n data port-forward svc/{service}"]


def test_admin_password(tmp_path: Path, kubectl: Path) -> None:
    calls = make(tmp_path, kubectl, "admin-password", "PREFIX=etl")
    assert calls == ["-n airflow get secret etl-generated -o jsonpath={.data.admin-password}"]


def test_flower_login(tmp_path: Path, kubectl: Path) -> None:
    calls = make(tmp_path, kubectl, "flower-login", "PREFIX=etl")
    assert calls == ["-n airflow get secret etl-generated -o jsonpath={.data.flower-basic-auth}"]


def test_build_passes_the_pinned_base_and_requirements(tmp_path: Path, kubectl: Path) -> None:
    """`make build` with a recording container tool (the real build is tests/image)."""
    make(
        tmp_path, kubectl, "build", f"CONTAINER_TOOL={kubectl}", "IMAGE=registry.example.com/a:1.2"
    )
    calls = (tmp_path / "kubectl.log").read_text().splitlines()
    assert calls == [
        "build -f image/Dockerfile --build-arg AIRFLOW_IMAGE=apache/airflow:3.3.2 "
        "--build-arg REQUIREMENTS=image/requirements/dags.txt -t registry.example.com/a:1.2 ."
    ]


def test_documented_prune_recipe_is_the_makefiles() -> None:
    """The upgrade recipe users run by hand (docs/operating.md) prunes exactly what `make apply`
    (and the cluster tier's upgrade test) prunes."""
    page = (ROOT / "docs" / "operating.md").read_text()
    recipe = re.search(
        r"kubectl apply --prune -l app\.kubernetes\.io/instance=airflow(.*?)-f dist/", page, re.S
    )
    assert recipe, "docs/operating.md lost its prune recipe"
    assert tuple(re.findall(r"--prune-allowlist=(\S+)", recipe[1])) == PRUNE_ALLOWLIST


def test_diagram_redraws_the_default_picture(tmp_path: Path, kubectl: Path) -> None:
    """`make diagram` draws the default deployment into docs/architecture.svg (here elsewhere),
    synthesizing it in a temporary directory: $(OUT) is left alone."""
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.synced", "diagram"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert "--out docs/architecture.svg" in dry_run.stdout
    drawn = tmp_path / "architecture.svg"
    make(tmp_path, kubectl, "diagram", f"ARCHITECTURE_SVG={drawn}")
    assert drawn.read_bytes() == (ROOT / "docs/architecture.svg").read_bytes()
    assert not (tmp_path / "out").exists()


def test_diagram_with_values_draws_that_deployment_into_out(tmp_path: Path, kubectl: Path) -> None:
    make(tmp_path, kubectl, "diagram", "VALUES=examples/minimal.yaml")
    assert (tmp_path / "out/airflow.k8s.yaml").exists()
    drawn = (tmp_path / "out/architecture.svg").read_text()
    assert "airflow-api-server" in drawn and "flower" not in drawn  # minimal.yaml: no Flower


def test_the_cluster_scripts_import() -> None:
    """`make benchmark`, `make drills` and the cluster tier run only on the real cluster, so a
    renamed helper would break them unseen by this tier: each of their modules must import."""
    for path in sorted((ROOT / "tests" / "cluster").glob("*.py")):
        importlib.import_module(f"tests.cluster.{path.stem}")
