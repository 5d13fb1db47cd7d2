"""Property-based input test: values generated from values.schema.json, and mutated beyond it
(wrong types, out-of-range numbers, odd strings, unknown keys), either are refused with a clear
error (UserError from the library, exit 2 from main.py, nothing built or written) or synthesize
manifests that pass the in-process checkers (schemas, Pod Security, references, names, secret
scan). Both outcomes must occur.

KUBE_AIRFLOW_FUZZ_EXAMPLES sets the number of examples (`make fuzz`: thousands).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cdk8s import Testing as Cdk8sTesting
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import main
from kube_airflow import Airflow
from kube_airflow.cli import schema
from kube_airflow.errors import UserError
from kube_airflow.props.airflow_config import config_options
from kube_airflow.props.values import load_props
from tests.conformance.kube_validate import supported_versions, validate_all
from tests.conformance.names import name_violations
from tests.conformance.pod_security import restricted_violations
from tests.conformance.references import reference_violations
from tests.conformance.secrets_scan import secret_material_violations
from tests.test_conformance import CHECKOV

EXAMPLES = int(os.environ.get("KUBE_AIRFLOW_FUZZ_EXAMPLES", "200"))
SCHEMA: dict[str, Any] = json.loads(schema.SCHEMA_FILE.read_text())
# Props choose fields, not API versions: the newest minor is enough here (test_conformance
# checks every minor for the variants).
VERSIONS = supported_versions()[-1:]
Strategy = st.SearchStrategy[Any]

# --- values inside the schema -------------------------------------------------------------------


def regex(pattern: str) -> Strategy:
    return st.from_regex(pattern, fullmatch=True)


LABEL = regex(r"[a-z][a-z0-9-]{0,8}[a-z0-9]")
SUBDOMAIN = regex(r"[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\.[a-z0-9]{1,6}){0,2}")
# Requests up to 999m / 999Mi, limits from 1 / 1Gi: a request above a role's default limit (or a
# limit below its default request) is still possible, and refused.
CPU_REQUEST, CPU_LIMIT = regex(r"[1-9][0-9]{0,2}m"), regex(r"[1-4]")
MEMORY_REQUEST, MEMORY_LIMIT = regex(r"[1-9][0-9]{0,2}Mi"), regex(r"[1-4]Gi")
DIGEST = regex(r"sha256:[a-f0-9]{64}")
# Good values by prop name: the schema says "string", the API server says more.
BY_NAME: dict[str, Strategy] = {
    "prefix": LABEL,
    "namespace": LABEL,
    "name": LABEL,
    "key": regex(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,12}"),
    "repository": st.sampled_from(
        ["apache/airflow", "registry.example.com:5000/team/airflow", "localhost/a_b/c--d"]
    ),
    "tag": regex(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,12}").filter(lambda t: t != "latest"),
    "digest": DIGEST,
    "host": SUBDOMAIN,
    "path": st.sampled_from(["/", "/airflow", "/a/b-c", "/x~y"]),
    "tls_secret": SUBDOMAIN,
    "class_name": SUBDOMAIN,
    "storage_class": SUBDOMAIN,
    "claim": SUBDOMAIN,
    "cpu_request": CPU_REQUEST,
    "cpu_limit": CPU_LIMIT,
    "memory_request": MEMORY_REQUEST,
    "memory_limit": MEMORY_LIMIT,
    "storage": MEMORY_LIMIT,
    "size": MEMORY_LIMIT,
    "image": st.sampled_from(
        [
            "postgres:17.7",
            "rabbitmq:4.1.4",
            "redis:7.4.6",
            "registry.k8s.io/git-sync/git-sync:v4.4.0",
            "reg.example.com/x/y:1@sha256:" + "0" * 64,
        ]
    ),
    "folder": st.sampled_from(["/opt/airflow/dags", "/opt/airflow/shared-dags", "/dags/"]),
    "mount_path": st.sampled_from(["/opt/extra", "/etc/extra/", "/srv/a", "/tmp", "relative"]),
    "max_unavailable": st.sampled_from([1, 2, "25%", 0, "150%"]),
    "min_available": st.sampled_from([1, "50%", 100]),
    "topology_key": st.sampled_from(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]),
    "time_zone": st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Mars/Olympus"]),
    "schedule": st.sampled_from(["@daily", "0 3 * * *", "*/15 * * * *", "61 * * * *"]),
    "sub_path": st.sampled_from(["", "dags", "a/b", "prod/"]),
    "repo": st.sampled_from(["https://git.example.com/d.git", "git@github.com:e/d.git"]),
    "ref": st.sampled_from(["main", "v1.4.0", "feature/x", "0123abc"]),
    "database": st.sampled_from(["airflow", "airflow_prod"]),
    "user": st.sampled_from(["airflow", "etl user"]),
    "vhost": st.sampled_from(["airflow", "/"]),
    "username": st.sampled_from(["admin", "ops"]),
    "email": st.sampled_from(["admin@example.com", "ops@localhost"]),
    "first_name": st.sampled_from(["Ada", "Grace Hopper"]),
    "last_name": st.sampled_from(["L", "O'Neil"]),
    "node_selector": st.dictionaries(
        st.sampled_from(["kubernetes.io/os", "disktype", "example.com/pool"]),
        st.sampled_from(["linux", "ssd", ""]),
        max_size=2,
    ),
    "annotations": st.dictionaries(
        st.sampled_from(["cert-manager.io/cluster-issuer", "example.com/team"]),
        st.sampled_from(["letsencrypt", "data", "a b"]),
        max_size=2,
    ),
    "query": st.dictionaries(st.sampled_from(["sslmode", "connect_timeout"]), LABEL, max_size=2),
    "config_provider_sections": st.lists(st.sampled_from(["my_provider", "x.y"]), max_size=2),
}
SECRET = {"name": "s", "key": "k"}
# Whole objects whose fields depend on each other, beside the generated ones (which often miss).
GOOD_OBJECTS: dict[str, list[dict[str, Any]]] = {
    "EnvVar": [
        {"name": "REGION", "value": "eu-west-1"},
        {"name": "TOKEN", "secret": SECRET},
        {"name": "SITE", "config_map": SECRET},
    ],
    "EnvFrom": [{"config_map": "site"}, {"secret": "s", "prefix": "S_"}],
    "Volume": [
        {"name": "extra", "empty_dir": "64Mi", "mount_path": "/opt/extra"},
        {"name": "certs", "secret": "ca", "mount_path": "/etc/ssl/extra"},
        {"name": "shared", "persistent_volume_claim": "shared"},
    ],
    "ExternalDatabaseProps": [
        {"type": "external", "host": "db.example.internal", "password": SECRET},
        {"type": "external", "host": "10.1.2.3", "port": 6432, "password": SECRET},
        {"type": "external", "connection": SECRET},
    ],
    "IngressProps": [
        {"enabled": True, "api_server": {"host": "airflow.example.com"}},
        {"enabled": True, "flower": {"host": "f.example.com", "path": "/flower"}},
        {"enabled": False},
    ],
    "VolumeDags": [{"mode": "volume", "claim": "shared"}, {"mode": "volume", "size": "5Gi"}],
    "GitSyncDags": [
        {"mode": "git-sync", "repo": "https://git.example.com/d.git"},
        {"mode": "git-sync", "repo": "git@h:d.git", "ssh": {"key": SECRET, "known_hosts": SECRET}},
    ],
    "LogsVolumeProps": [{"size": "5Gi"}, {"claim": "logs", "storage_class": None}],
    "RemoteLoggingProps": [
        {
            "kind": "s3",
            "base_folder": "s3://logs/airflow",
            "conn_id": "s3_logs",
            "connection": SECRET,
        },
        {"kind": "gcs", "base_folder": "gs://logs", "conn_id": "google_cloud_default"},
        {"kind": "wasb", "base_folder": "wasb://logs/a", "conn_id": "wasb", "connection": SECRET},
        {"kind": "elasticsearch", "host_secret": SECRET, "write_stdout": True},
        {"kind": "opensearch", "host": "https://os:9200", "username": "u", "password": SECRET},
    ],
    "Toleration": [
        {"key": "dedicated", "operator": "Equal", "value": "airflow", "effect": "NoSchedule"},
        {"operator": "Exists"},
        {"key": "k", "operator": "Exists", "effect": "NoExecute", "toleration_seconds": 30},
    ],
}

# --- values beyond it ---------------------------------------------------------------------------

ODD_STRINGS = [
    "",
    " ",
    "Bad Host!",
    "UPPER",
    "a" * 300,
    "latest",
    "sha256:" + "a" * 64,
    "a" * 64,
    "x\ny",
    "::1",
    "[::1]",
    "10.0.0.1",
    "..",
    "/",
    "/tmp",
    "ünïcode",
    "512m",
    "-1",
    "a b",
    "*.example.com",
    "0",
    "foo:bar:baz",
    "Foo/Bar",
    "1e3",
    "%(x)s",
]
ODD: Strategy = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
UNKNOWN_KEYS = st.sampled_from(["replica", "flowr", "port", "type", "mode", "resources", "x"])
EDGES = st.sampled_from([-1, 0, 2**31 - 1, 2**31, 3_000_000_000, 2**63, 1.5, "4"])


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return dict(SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]])
    return node


def from_schema(node: dict[str, Any], name: str = "") -> Strategy:
    """Values the schema allows, strings as the API server would want them where the prop's
    name says what it is; combinations may still be wrong (a volume needs a claim or a size)."""
    node = resolve(node)
    if name == "config":
        return config_values()
    if name in BY_NAME and "properties" not in node and "oneOf" not in node:
        return BY_NAME[name]
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for combined in ("oneOf", "anyOf"):
        if combined in node:
            return st.one_of([from_schema(option, name) for option in node[combined]])
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        good = GOOD_OBJECTS.get(node.get("title", ""), [])
        # Known-good objects three times out of four: with a dozen roles of pod options, one
        # generated object in each would make almost every example a refusal.
        return st.one_of(some_properties(node), *([st.sampled_from(good)] * 3 if good else []))
    if kind == "object":
        return st.dictionaries(LABEL, from_schema(node.get("additionalProperties", {})), max_size=2)
    if kind == "array":
        return st.lists(from_schema(node.get("items", {})), max_size=2)
    if kind == "integer":
        low, high = node.get("minimum", -(2**31)), node.get("maximum", 2**31)
        return st.one_of(st.integers(low, min(low + 8, high)), st.integers(low, high))
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return st.just(node.get("default", "x"))


@st.composite
def some_properties(draw: Callable[[Strategy], Any], node: dict[str, Any]) -> dict[str, Any]:
    """The required properties and a few others; a discriminated variant keeps its tag."""
    always = {"type", "mode", *node.get("required", [])}
    return {
        name: draw(from_schema(prop, name))
        for name, prop in node["properties"].items()
        if name in always or draw(st.sampled_from([True, False, False]))
    }


def places(values: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in a generated value: where a mutation can land."""
    if isinstance(values, dict):
        items: Any = values.items()
    elif isinstance(values, list):
        items = enumerate(values)
    else:
        return [path]
    return [path] + [p for key, value in items for p in places(value, (*path, key))]


@st.composite
def mutated(draw: Callable[[Strategy], Any], values: dict[str, Any]) -> dict[str, Any]:
    """Beyond the schema: one value replaced by an odd one, or a key it does not have."""
    *parents, last = draw(st.sampled_from(places(values)[1:] or [("x",)]))
    node: Any = values
    for part in parents:
        node = node[part]
    if isinstance(node, dict) and draw(st.booleans()):
        node[draw(UNKNOWN_KEYS)] = draw(ODD)
    else:
        node[last] = draw(st.one_of(ODD, EDGES))
    return values


@st.composite
def props_values(draw: Callable[[Strategy], Any]) -> dict[str, Any]:
    values: dict[str, Any] = copy.deepcopy(draw(some_properties(SCHEMA)))  # GOOD_OBJECTS stay
    # A few top-level props per example: with every role's pod options in the schema, more at
    # once would make almost every example a refusal (the outcomes test wants both).
    kept = draw(st.lists(st.sampled_from(sorted(values) or ["x"]), max_size=4, unique=True))
    values = {key: values[key] for key in kept if key in values}
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        values = draw(mutated(values))
    return values


def config_values() -> Strategy:
    """airflow.cfg overrides: real options with values of their type or not, options that moved
    or Airflow manages, and names that do not exist."""
    types = config_options()["types"]
    options = [(s, k, t) for s, keys in types.items() for k, t in keys.items()]
    by_type = {
        "integer": st.one_of(st.integers(0, 64), st.just("8")),
        "float": st.one_of(st.floats(0, 60, allow_nan=False), st.just("2.5")),
        "boolean": st.one_of(st.booleans(), st.sampled_from(["True", "false", "1"])),
        "string": st.sampled_from(["x", "a b", "/opt/airflow/x"]),
    }

    def value(option: tuple[str, str, str]) -> Strategy:
        good = by_type.get(option[2], by_type["string"])
        wrong = st.sampled_from(["banana", "", "1.5", "x\ny"])
        return st.tuples(st.just(option[:2]), st.one_of(good, good, good, wrong))

    odd_names = st.sampled_from(
        [
            ("scheduler", "parsing_processes"),
            ("webserver", "base_url"),
            ("core", "executor"),
            ("core", "paralelism"),
            ("schedulr", "x"),
            ("my_provider", "anything"),
        ]
    )
    pairs = st.one_of(
        st.sampled_from(options).flatmap(value),
        st.tuples(odd_names, st.sampled_from(["4", 4, True])),
    )

    def nest(items: list[tuple[tuple[str, str], Any]]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for (section, key), v in items:
            out.setdefault(section, {})[key] = v
        return out

    return st.lists(pairs, max_size=3).map(nest)


VALUES: Strategy = props_values()

# --- the property ---------------------------------------------------------------------------


def text(docs: list[dict[str, Any]]) -> str:
    """The YAML as written, with libyaml's emitter (ten times PyYAML's; this runs per example)."""
    return yaml.dump_all(docs, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=True)


def violations(docs: list[dict[str, Any]], values: dict[str, Any]) -> list[str]:
    """What the in-process checkers find; references to ConfigMaps the values say the user makes
    are not dangling."""
    return [
        *validate_all(docs, VERSIONS),
        *restricted_violations(docs),
        *reference_violations(docs, values),
        *name_violations(docs),
        *secret_material_violations(docs, {"fuzz.yaml": text(docs)}),
    ]


def assert_clear(message: str, values: dict[str, Any]) -> None:
    """`invalid props:` then one line per problem naming a field of the input and the value."""
    head, *lines = message.splitlines()
    assert head == "invalid props:" and lines, message
    for line in lines:
        assert line.startswith("  ") and not line.startswith("  (top level)"), message
        assert line[2:].split(".")[0].split(": ")[0] in values, message
        assert " (got " in line and line.endswith(")"), message


def refused_everywhere(values: dict[str, Any]) -> None:
    """The library refuses with nothing added to the chart; main.py exits 2, writes nothing."""
    chart = Cdk8sTesting.chart()
    with pytest.raises(UserError):
        Airflow(chart, "airflow", values)
    assert len(chart.node.children) == 0
    with tempfile.TemporaryDirectory() as folder:
        file, out = Path(folder) / "values.yaml", Path(folder) / "dist"
        file.write_text(yaml.safe_dump(values))
        with contextlib.redirect_stderr(io.StringIO()) as stderr:
            code = main.main(["--values", str(file), "--out", str(out)])
        assert (code, stderr.getvalue().startswith("error: ")) == (2, True), stderr.getvalue()
        assert sorted(p.name for p in Path(folder).iterdir()) == ["values.yaml"]


def judge(values: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    """Refused clearly, or synthesized to manifests every checker accepts."""
    chart = Cdk8sTesting.chart()
    try:
        load_props(values)
        # Pod options that clash with a pod of ours are refused while the pods are built.
        Airflow(chart, "airflow", values)
    except UserError as error:
        assert_clear(str(error), values)
        refused_everywhere(values)
        return "refused", []
    docs = list(Cdk8sTesting.synth(chart))
    assert violations(docs, values) == [], yaml.safe_dump(values)
    return "synthesized", docs


def test_every_input_is_refused_clearly_or_synthesizes_clean() -> None:
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(VALUES)
    def check(values: dict[str, Any]) -> None:
        outcome, _ = judge(values)
        outcomes[outcome] += 1
        event(outcome)

    check()
    print(f"\n{sum(outcomes.values())} examples: {dict(outcomes)}")
    assert outcomes["refused"] and outcomes["synthesized"], outcomes


def test_checkov_passes_a_sample_of_generated_deployments(tmp_path: Path) -> None:
    """checkov is slow (seconds per run), so it judges a sample the generator accepts."""
    if not CHECKOV.exists():
        pytest.skip("checkov missing: `make test` installs it into .venv-checkov")
    samples: dict[str, dict[str, Any]] = {}

    @settings(
        max_examples=max(6, EXAMPLES // 100),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(VALUES)
    def sample(values: dict[str, Any]) -> None:
        outcome, docs = judge(values)
        assume(outcome == "synthesized")
        name = f"sample-{len(samples)}.yaml"
        (tmp_path / name).write_text(text(docs))
        samples[name] = values

    sample()
    assert samples
    result = subprocess.run(
        [str(CHECKOV), "-d", str(tmp_path), "--framework", "kubernetes", "--compact", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    for part in report if isinstance(report, list) else [report]:
        failed = [c for c in part["results"]["failed_checks"] if not chosen(c, samples)]
        found = {c["file_path"]: samples[Path(c["file_path"]).name] for c in failed}
        assert [f"{c['check_id']} {c['resource']}" for c in failed] == [], yaml.safe_dump(found)


def chosen(check: dict[str, Any], samples: dict[str, dict[str, Any]]) -> bool:
    """A finding the props asked for: `network_policies: false` leaves pods without a
    NetworkPolicy (CKV2_K8S_6); the user's own sidecars come without probes (the values API
    offers none: CKV_K8S_8, CKV_K8S_9) and may not be pinned by digest (CKV_K8S_43); the user's
    secret env (CKV_K8S_35) on a pod that has none of ours."""
    values = samples[Path(check["file_path"]).name]
    asked = {
        "CKV2_K8S_6": _policies_off(values.get("network_policies")),
        "CKV_K8S_8": _anywhere(values, "sidecars"),
        "CKV_K8S_9": _anywhere(values, "sidecars"),
        "CKV_K8S_43": _anywhere(values, "sidecars") or _anywhere(values, "init_containers"),
        "CKV_K8S_35": _anywhere(values, "secret") or _anywhere(values, "env_from"),
    }
    return asked.get(check["check_id"], False)


def _policies_off(given: Any) -> bool:
    """`network_policies: false`, or `{enabled: false}`."""
    return given is False or (isinstance(given, dict) and given.get("enabled") is False)


def _anywhere(values: Any, field: str) -> bool:
    """Whether `field` is given, not empty, at any depth of a values mapping."""
    if isinstance(values, list):
        return any(_anywhere(v, field) for v in values)
    if isinstance(values, dict):
        return bool(values.get(field)) or any(_anywhere(v, field) for v in values.values())
    return False
