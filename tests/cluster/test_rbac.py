"""RBAC as the API server sees it: what each ServiceAccount we create may do, beyond what every
ServiceAccount may, is exactly what its pods need."""

from __future__ import annotations

import re
from collections.abc import Iterator

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


def rules(kube: Kube, account: str) -> set[tuple[str, str, str]]:
    table = kube.run(
        "auth", "can-i", "--list", "-n", NAMESPACE,
        f"--as=system:serviceaccount:{NAMESPACE}:{account}",
    ).stdout.splitlines()[1:]  # fmt: skip
    found = set()
    for line in table:
        # Resources, Non-Resource URLs, Resource Names, Verbs: the last three are [lists].
        match = re.fullmatch(r"(\S+)\s+(\[.*?\])\s+(\[.*?\])\s+(\[.*?\])\s*", line)
        if match and match[2] == "[]":
            found.add((match[1], match[3], match[4]))
    return found


def can(kube: Kube, account: str, *what: str) -> bool:
    result = kube.run(
        "auth", "can-i", *what, "-n", NAMESPACE,
        f"--as=system:serviceaccount:{NAMESPACE}:{account}", check=False,
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


def test_every_service_account_has_exactly_what_it_needs(kube: Kube, deployed: None) -> None:
    accounts = deploy.names(kube, "serviceaccounts", NAMESPACE) - {"default"}
    assert accounts == set(EXPECTED)
    baseline = rules(kube, "kube-airflow-baseline")  # any ServiceAccount gets these
    for account, expected in EXPECTED.items():
        assert rules(kube, account) - baseline == expected, account


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
