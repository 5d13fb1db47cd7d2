"""`make diagram`: kube-airflow diagram --in dist --out docs/architecture.svg draws the
manifests main.py wrote as one SVG (kube_airflow.cli.svg): the workloads by component with their
Services; who connects to whom, on which port, from the NetworkPolicies and from the database,
broker and execution API URLs each pod is configured with (and PgBouncer's database); the Jobs;
the Secrets (most are made in the cluster, so only referenced), ConfigMaps and volume claims the
pods use. Same input, same bytes. Bad input exits 2."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from kube_airflow.cli import svg
from kube_airflow.cli.manifests import (
    DiagramError,
    Obj,
    Objects,
    containers,
    name,
    pod_template,
    read_manifests,
    references,
)
from kube_airflow.cli.picture import POLICY, POOLER, ROLE, SETTINGS, Edge, Model, Node

Uses = tuple[set[str], set[str]]  # the components that use a Secret, ConfigMap or claim; its keys
INSTANCE = "app.kubernetes.io/instance"
REFERENCED = ("ConfigMap", "PersistentVolumeClaim", "Secret")
# The last host:port of a URL, or of a *_CMD that prints one (the password is spliced in before it).
HOST_PORT = re.compile(r"(?:@|://)([A-Za-z0-9][A-Za-z0-9.-]*):(\d+)")
# Only task instances call it: the scheduler, dag-processor and triggerer reach the database.
TASKS_ONLY = "[core] execution_api_server_url"
# A _CMD printing a URL read from another variable (PgBouncer off for the migration Job).
READS_ENV = re.compile(r"os\.environ\['(\w+)'\]")


def policy_edges(objects: Objects) -> Iterator[Edge]:
    """An ingress rule lets its peers reach the policy's pods; no peer means anyone may."""
    for policy in objects.of("NetworkPolicy"):
        target = objects.selected(policy["spec"]["podSelector"].get("matchLabels"))
        for rule in policy["spec"].get("ingress", []) if target else []:
            peers = [p.get("podSelector", {}).get("matchLabels") for p in rule.get("from", [])]
            for source in [objects.selected(p) for p in peers] if peers else ["clients"]:
                for port in rule.get("ports", []) if source else []:
                    yield Edge(str(source), str(target), str(port.get("port", "")), POLICY)


def setting_value(objects: Objects, obj: Obj, section: str, key: str) -> str | None:
    """The option as Airflow reads it: env (or _CMD) before airflow.cfg; in a Secret: secret:N/K
    (also when a _CMD prints, host unchanged, a variable read from a Secret)."""
    variable = f"AIRFLOW__{section.upper()}__{key.upper()}"
    env = {e["name"]: e for c in containers(obj) for e in c.get("env", [])}
    for found in (env[n] for n in (variable, f"{variable}_CMD", f"{variable}_SECRET") if n in env):
        value = str(found.get("value", ""))
        read = READS_ENV.search(value) if not HOST_PORT.search(value) else None
        ref = (env.get(read.group(1), {}) if read else found).get("valueFrom", {})
        ref = ref.get("secretKeyRef")
        return f"secret:{ref['name']}/{ref['key']}" if ref else value
    return objects.airflow_cfg(obj).get(section, key, fallback=None)


def pooler_edges(objects: Objects) -> Iterator[Edge]:
    """PgBouncer (a pod mounting a pgbouncer.ini) to its database: the host and port its init
    container is given, or the Secret holding the whole URL it parses."""
    for source, obj in objects.work.items():
        mounted = [objects.find(kind, ref) or {} for kind, ref, _ in references(obj)]
        if not any("pgbouncer.ini" in (m.get("data") or {}) for m in mounted):
            continue
        env = {e["name"]: e for c in containers(obj) for e in c.get("env", [])}
        if "DATABASE_HOST" in env and "DATABASE_PORT" in env:
            host = str(env["DATABASE_HOST"]["value"])
            target = objects.behind(host.split(".")[0]) or f"external:{host}"
            yield Edge(source, target, str(env["DATABASE_PORT"]["value"]), POOLER)
        elif ref := env.get("DATABASE_CONNECTION", {}).get("valueFrom", {}).get("secretKeyRef"):
            yield Edge(source, f"external:secret:{ref['name']}/{ref['key']}", "", POOLER)


def config_edges(objects: Objects) -> Iterator[Edge]:
    for source, obj in objects.work.items():
        # With the CeleryExecutor, task instances run inside `airflow celery worker`.
        runs_tasks = any("celery worker" in " ".join(c.get("args", [])) for c in containers(obj))
        for section, key in SETTINGS:
            via = f"[{section}] {key}"
            wanted = runs_tasks or via != TASKS_ONLY
            value = (setting_value(objects, obj, section, key) if wanted else None) or ""
            if value.startswith("secret:"):
                yield Edge(source, f"external:{value}", "", via)
            for host, port in HOST_PORT.findall(value)[-1:]:
                target = objects.behind(host.split(".")[0]) or f"external:{host}"
                yield from [Edge(source, target, port, via)] if target != source else []


def rbac_edges(objects: Objects) -> Iterator[Edge]:
    """Pods whose ServiceAccount's Role may write a named Secret (the bootstrap Job's)."""
    for binding in objects.of("RoleBinding"):
        role = objects.find("Role", binding["roleRef"]["name"]) or {}
        accounts = {s["name"] for s in binding.get("subjects", [])}
        users = [c for c, o in objects.work.items()
                 if pod_template(o)["spec"].get("serviceAccountName") in accounts]  # fmt: skip
        for rule in role.get("rules", []):
            writes = {"create", "patch", "update"} & set(rule["verbs"])
            if "secrets" in rule.get("resources", []) and writes:
                verbs = ", ".join(sorted(rule["verbs"]))
                for secret, user in ((s, u) for s in rule.get("resourceNames", []) for u in users):
                    yield Edge(user, f"Secret/{secret}", verbs, ROLE)


def workload_node(objects: Objects, component: str, obj: Obj, edges: list[Edge]) -> Node:
    """Its column: clients reach the exposed roles, the core roles do the rest, and the backing
    services are what runs no Airflow (the database, the broker)."""
    spec, kind = obj["spec"], obj["kind"]
    env = [e["name"] for c in containers(obj) for e in c.get("env", [])]
    airflow = any(n.startswith("AIRFLOW__") for n in env) or objects.airflow_cfg(obj).sections()
    reached = any(e.target == component and e.source == "clients" for e in edges)
    stable_ip = any(s["spec"].get("clusterIP") != "None" for s in objects.services(obj))
    tier = "exposed" if reached or stable_ip else "core"
    jobs = kind in ("Job", "CronJob")
    tier = "jobs" if jobs else tier if airflow else "backing"
    head = f"{kind} {name(obj)}" if jobs else f"{kind}, replicas {spec.get('replicas', 1)}"
    main = pod_template(obj)["spec"]["containers"]
    lines = [head, main[0]["image"], *(f"sidecar {c['name']}" for c in main[1:])]
    for service in objects.services(obj):
        ports = ",".join(str(p["port"]) for p in service["spec"].get("ports", []))
        lines.append(f"svc {name(service)}:{ports}")
    return Node(component, component, kind, tier, tuple(lines))


def ref_nodes(objects: Objects) -> Iterator[Node]:
    """The Secrets, ConfigMaps and claims the pods use (with the keys they read) or that are
    declared; a StatefulSet's volumeClaimTemplates make one claim per pod."""
    used: dict[tuple[str, str], Uses] = defaultdict(lambda: (set(), set()))
    templates: dict[str, Obj] = {}
    for declared in objects.of(*REFERENCED):
        used[declared["kind"], name(declared)][1].update(declared.get("data") or {})
    for component, obj in objects.work.items():
        for kind, ref, key in references(obj):
            used[kind, ref][0].add(component)
            used[kind, ref][1].update([key] if key else [])
        last = obj["spec"].get("replicas", 1) - 1
        for claim in obj["spec"].get("volumeClaimTemplates", []):
            ref = f"{claim['metadata']['name']}-{name(obj)}-0" + (f"…{last}" if last else "")
            templates[ref] = claim
            used["PersistentVolumeClaim", ref][0].add(component)
    for (kind, ref), (users, keys) in sorted(used.items()):
        found = objects.find(kind, ref)
        claim = found or templates.get(ref)
        absent = f"{kind}, not in the manifests"
        head = kind if found else "volumeClaimTemplate" if claim else absent
        if claim and kind == "PersistentVolumeClaim":
            head += f", {claim['spec']['resources']['requests']['storage']}"
        lines = (head, *listed("keys", keys), *listed("used by", users))
        yield Node(f"{kind}/{ref}", ref, kind, "refs", lines, declared=claim is not None)


def listed(heading: str, items: set[str]) -> list[str]:
    return textwrap.wrap(f"{heading}: {', '.join(sorted(items))}", 40) if items else []


def outside_node(objects: Objects, node: str, edges: list[Edge]) -> Node:
    """A peer that is none of the workloads: any client (through an Ingress too), or a service
    outside the manifests, by host or by the Secret that holds its URL."""
    if node == "clients":
        ingresses = [f"Ingress {name(i)}" for i in objects.of("Ingress")]
        lines = ("NetworkPolicy: any peer", *ingresses)
        return Node(node, "any client", "clients", "clients", lines)
    via = next(e.via for e in edges if e.target == node)
    title = node.removeprefix("external:").replace("secret:", "URL in Secret ")
    return Node(node, title, "external", "backing", ("outside the manifests", f"from {via}"))


def build(docs: list[Obj]) -> Model:
    objects = Objects(docs)
    found = [policy_edges(objects), config_edges(objects), rbac_edges(objects)]
    edges = sorted({e for edges in [*found, pooler_edges(objects)] for e in edges})
    nodes = [workload_node(objects, c, o, edges) for c, o in objects.work.items()]
    nodes += ref_nodes(objects)
    ends = ({e.source for e in edges} | {e.target for e in edges}) - {n.id for n in nodes}
    nodes += [outside_node(objects, n, edges) for n in ends]
    meta = next(iter(objects.work.values()), objects.docs[0])["metadata"]
    instance = (meta.get("labels") or {}).get(INSTANCE, meta["name"])
    title = f"Airflow '{instance}' in namespace '{meta.get('namespace', 'default')}'"
    return Model(title, tuple(sorted(nodes)), tuple(edges))


def main(argv: Sequence[str] | None = None, prog: str = "kube-airflow diagram") -> int:
    parser = argparse.ArgumentParser(prog, description=__doc__)
    parser.add_argument("--in", dest="folder", type=Path, required=True, metavar="DIR")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.svg")
    args = parser.parse_args(argv)
    try:
        model = build(read_manifests(args.folder))
    except DiagramError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(svg.render(model).encode())
    print(f"wrote {args.out}: {len(model.nodes)} boxes, {len(model.edges)} connections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
