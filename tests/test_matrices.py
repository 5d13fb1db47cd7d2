"""The tables of docs/security.md that say who gets what are what the output states: the secret
matrix (which pod is given which secret) and the egress matrix (which pod may connect where) are
read back from the synthesized manifests of the deployments below, so the page cannot drift from
the code."""

from __future__ import annotations

import re
from typing import Any

from tests.conformance.access import COMPONENT, SECRETS, egress_matrix, secret_matrix
from tests.conformance.manifests import pod_templates
from tests.conftest import ROOT, synth, synth_props, with_task_pods

SECURITY = ROOT / "docs" / "security.md"
GIVEN, REMOVED = "✓", "—"
# Every pod there is: the default deployment, and one with everything else on.
EVERYTHING: dict[str, Any] = {
    "executor": "CeleryExecutor,KubernetesExecutor,EdgeExecutor",
    "db_clean": {"enabled": True},
    "logs": {"volume": {"claim": "logs"}},
    "pgbouncer": {"enabled": True},
    "broker": {"type": "redis"},
    "result_backend": {"type": "database_role"},
}
# What every pod was given before each got only what it reads (computed the same way from the
# output of that time): the five shared secrets in every pod running Airflow.
SHARED = {"Fernet key", "`[api] secret_key`", "JWT secret", "database password", "broker password"}
EVERY_AIRFLOW_POD = ("api-server", "scheduler", "dag-processor", "triggerer", "worker", "task",
                     "db-migrate", "db-clean", "cleanup-pods")  # fmt: skip
BEFORE = {
    **dict.fromkeys(EVERY_AIRFLOW_POD, SHARED),
    "flower": SHARED | {"Flower login"},
    "create-user": SHARED | {"admin password"},
    "postgres": {"database password"},
    "pgbouncer": {"database password"},
    "rabbitmq": {"broker password"},
    "redis": {"broker password"},
}


def table(heading: str) -> list[list[str]]:
    """The Markdown table under `heading` in docs/security.md, header row first."""
    text = SECURITY.read_text()
    start = text.index(heading)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return [rows[0], *rows[2:]]


def documented(rows: list[list[str]], mark: str) -> dict[str, set[str]]:
    header, *body = rows
    found = {}
    for row in body:
        cells = zip(header[1:], row[1:], strict=True)
        found[re.sub(r"[`*]", "", row[0])] = {column for column, cell in cells if cell == mark}
    return found


def now() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for docs in (synth("default"), tuple(synth_props(EVERYTHING))):
        for component, given in secret_matrix(with_task_pods(docs)).items():
            found[component] = found.get(component, set()) | given
    return found


def test_the_secret_matrix_is_what_the_output_gives() -> None:
    rows = table("### The secret matrix")
    assert rows[0][1:] == list(SECRETS.values()), "the columns are the generated Secret's keys"
    given = now()
    expected = [
        " | ".join([f"| `{pod}`", *(GIVEN if c in given[pod] else "" for c in SECRETS.values())])
        for pod in sorted(given)
    ]
    assert documented(rows, GIVEN) == given, "docs/security.md should say:\n" + "\n".join(expected)


def test_the_secret_matrix_marks_what_was_taken_away() -> None:
    taken = {pod: BEFORE.get(pod, set()) - given for pod, given in now().items()}
    assert documented(table("### The secret matrix"), REMOVED) == taken


# Every destination there is: the default deployment, and one with every optional one on but
# PgBouncer (its clients reach it instead of the database: tests/features/test_egress.py).
EVERY_DESTINATION: dict[str, Any] = {
    **EVERYTHING,
    "pgbouncer": {"enabled": False},
    "metrics": {"enabled": True},
    "dags": {"mode": "git-sync", "repo": "https://git.example.com/dags.git"},
    "logs": {
        "volume": {"claim": "logs"},
        "remote": {"kind": "s3", "base_folder": "s3://logs/airflow", "conn_id": "s3_logs"},
    },
    "auth": {
        "type": "ldap",
        "server": "ldaps://ldap.example.com",
        "search": "ou=people,dc=example,dc=com",
    },
}


def egress_now() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for docs in (synth("default"), tuple(synth_props(EVERY_DESTINATION))):
        pods = {
            t.labels[COMPONENT]
            for d in with_task_pods(docs)
            for t in pod_templates(d)
            if COMPONENT in t.labels
        }
        for component, reached in egress_matrix(docs, pods).items():
            found[component] = found.get(component, set()) | reached
    return found


def test_the_egress_matrix_is_what_the_output_allows() -> None:
    rows = table("### The egress matrix")
    reached = egress_now()
    columns = sorted({d for ds in reached.values() for d in ds})
    assert sorted(rows[0][1:]) == columns, "a column per destination"
    assert documented(rows, GIVEN) == reached, "\n".join(
        " | ".join([f"| `{pod}`", *(GIVEN if c in reached[pod] else "" for c in rows[0][1:])])
        for pod in sorted(reached)
    )
