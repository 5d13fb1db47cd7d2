"""RBAC as the API server sees it: what each ServiceAccount we create may do, beyond what every
ServiceAccount may, is exactly what its pods need."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.cluster import deploy
from tests.cluster.kube import Kube

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-rbac"
# (resource, resource names, verbs) granted on top of the baseline, per ServiceAccount.
EXPECTED = {
    # Airflow's pods talk to no Kubernetes API (CeleryExecutor); the account exists to carry
    # no token and no permission.
    "airflow-airflow": set(),
    # The bootstrap Job reads and completes its own Secret; RBAC cannot narrow `create` by name.
    "airflow-bootstrap-secrets": {
        ("secrets", "[]", "[create]"),
        ("secrets", "[airflow-generated]", "[get patch]"),
    },
}


# With the KubernetesExecutor alone: the scheduler runs the task pods, the cleanup CronJob
# deletes finished ones; the task pods themselves talk to no Kubernetes API.
KUBERNETES_NAMESPACE = "kat-rbac-kubernetes"
EXPECTED_KUBERNETES = {
    **EXPECTED,
    "airflow-scheduler": {("pods", "[]", "[create delete get list patch watch]")},
    "airflow-cleanup-pods": {("pods", "[]", "[delete list]")},
}


def rules(kube: Kube, account: str, namespace: str = NAMESPACE) -> set[tuple[str, str, str]]:
    table = kube.run(
        "auth", "can-i", "--list", "-n", namespace,
        f"--as=system:serviceaccount:{namespace}:{account}",
    ).stdout.splitlines()[1:]  # fmt: skip
    found = set()
    for line in table:
        # Resources, Non-Resource URLs, Resource Names, Verbs: the last three are [lists].
        match = re.fullmatch(r"(\S+)\s+(\[.*?\])\s+(\[.*?\])\s+(\[.*?\])\s*", line)
        if match and match[2] == "[]":
            found.add((match[1], match[3], match[4]))
    return found


def can(kube: Kube, account: str, *what: str, home: str = NAMESPACE, where: str = "") -> bool:
    """Whether `account` of namespace `home` may do `what` in `where` (default its own)."""
    result = kube.run(
        "auth", "can-i", *what, "-n", where or home,
        f"--as=system:serviceaccount:{home}:{account}", check=False,
    )  # fmt: skip
    return result.stdout.strip() == "yes"


@pytest.fixture(scope="module")
def deployed(
    kube: Kube, quiet_node: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    dist = deploy.synthesize(tmp_path_factory.mktemp("rbac"), "--namespace", NAMESPACE)
    kube.run("apply", "-f", f"{dist}/")
    yield
    kube.delete_namespace(NAMESPACE, wait=False)


@pytest.fixture(scope="module")
def kubernetes_executor(
    kube: Kube, quiet_node: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    dist = deploy.synthesize(
        tmp_path_factory.mktemp("rbac-kubernetes"),
        *("--namespace", KUBERNETES_NAMESPACE, "--set", "executor=KubernetesExecutor"),
    )
    kube.run("apply", "-f", f"{dist}/")
    yield
    kube.delete_namespace(KUBERNETES_NAMESPACE, wait=False)


def assert_exactly(kube: Kube, namespace: str, expected: dict[str, set[Any]]) -> None:
    accounts = deploy.names(kube, "serviceaccounts", namespace) - {"default"}
    assert accounts == set(expected)
    baseline = rules(kube, "kube-airflow-baseline", namespace)  # any ServiceAccount gets these
    for account, wanted in expected.items():
        assert rules(kube, account, namespace) - baseline == wanted, account


def test_every_service_account_has_exactly_what_it_needs(kube: Kube, deployed: None) -> None:
    assert_exactly(kube, NAMESPACE, EXPECTED)


def test_kubernetes_executor_accounts(kube: Kube, kubernetes_executor: None) -> None:
    """Only the scheduler and the cleanup CronJob may touch pods, only pods, only here; the
    task pods run as the shared account, which may do nothing."""
    assert_exactly(kube, KUBERNETES_NAMESPACE, EXPECTED_KUBERNETES)
    home = KUBERNETES_NAMESPACE
    assert can(kube, "airflow-scheduler", "create", "pods", home=home)
    assert not can(kube, "airflow-scheduler", "get", "secrets", home=home)
    assert not can(kube, "airflow-scheduler", "create", "pods", home=home, where="default")
    assert not can(kube, "airflow-cleanup-pods", "create", "pods", home=home)


def test_bootstrap_account_cannot_reach_beyond_its_secret(kube: Kube, deployed: None) -> None:
    account = "airflow-bootstrap-secrets"
    assert can(kube, account, "get", "secret/airflow-generated")
    assert can(kube, account, "patch", "secret/airflow-generated")
    for denied in (
        ("get", "secret/user-secret"),
        ("patch", "secret/user-secret"),
        ("list", "secrets"),
        ("watch", "secrets"),
        ("delete", "secret/airflow-generated"),
        ("create", "pods"),
        ("create", "pods/exec"),
        ("get", "configmaps"),
    ):
        assert not can(kube, account, *denied), denied
    assert not can(kube, "airflow-airflow", "get", "secret/airflow-generated")
    assert not can(kube, "airflow-airflow", "list", "pods")
