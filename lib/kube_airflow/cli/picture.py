"""What the diagram draws (cli/diagram.py builds it from the manifests, cli/svg.py renders it):
the boxes, the connections between them and the kinds of connection the legend names."""

from __future__ import annotations

from typing import NamedTuple

# The Airflow options that name another component.
SETTINGS = (("database", "sql_alchemy_conn"), ("celery", "broker_url"),
            ("core", "execution_api_server_url"), ("celery", "result_backend"))  # fmt: skip
POLICY, ROLE = "let in by a NetworkPolicy", "its Role may write it"
# PgBouncer's server, from the env of the init container that writes its [databases] entry.
POOLER = "pgbouncer.ini [databases]"
# Every kind of connection, in the legend's order: the options, then what the objects allow
# (PgBouncer's and the result backend's last, so that the other colours stay what they were).
VIAS = (*(f"[{section}] {key}" for section, key in SETTINGS[:3]), POLICY, ROLE, POOLER,
        "[celery] result_backend")  # fmt: skip


class Node(NamedTuple):
    id: str
    title: str
    kind: str
    tier: str  # clients | exposed | core | backing | jobs | refs
    lines: tuple[str, ...] = ()
    declared: bool = True  # False: referenced, but not among the manifests


class Edge(NamedTuple):
    source: str
    target: str
    label: str  # the port, or the verbs a Role allows
    via: str


class Model(NamedTuple):
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    vias: tuple[str, ...] = VIAS
