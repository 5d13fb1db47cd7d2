"""`kube-airflow from-helm`: the official chart's values turned into ours, what cannot be carried
named with its reason, no key's value in any file, and the adoption script run against a
kubectl stand-in that serves a release's Secrets."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kube_airflow.cli import command
from kube_airflow.cli.helm_chart import Reader, reason, resources
from kube_airflow.cli.helm_config import sync_seconds
from kube_airflow.props.values import load_props
from tests.conftest import synth_props
from tests.objects import main

HERE = Path(__file__).parent / "helm"
CHART_VALUES = HERE / "chart-values.yaml"
# The plain-text secrets of CHART_VALUES: none may reach a file or the report.
PLAIN = ("chart-fernet-key", "chart-database-password", "chart-admin-password")


def from_helm(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any] | None, str]:
    """Run the command, writing into `tmp_path`: exit code, converted values, script."""
    out, script = tmp_path / "values.yaml", tmp_path / "adopt.sh"
    code = command.console(["from-helm", *args, "--out", str(out), "--script", str(script)])
    values = yaml.safe_load(out.read_text()) if out.exists() else None
    return code, values, script.read_text() if script.exists() else ""


def test_the_charts_defaults_keep_the_releases_shape(tmp_path: Path) -> None:
    """No key set: the chart's defaults where they shape the deployment (Redis, one worker of
    16 slots, statsd on, Flower off), and the release's keys and database adopted."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n")
    code, values, script = from_helm(tmp_path, str(empty))
    assert code == 0
    assert values is not None
    assert values["broker"] == {"type": "redis"}
    assert values["workers"] == {"replicas": 1, "concurrency": 16}
    assert values["metrics"] == {"enabled": True} and values["flower"] == {"enabled": False}
    adopted = {"name": "airflow-adopted", "key": "connection"}
    assert values["database"] == {"type": "external", "connection": adopted}
    assert values["secrets"]["fernet_key"] == {"name": "airflow-adopted", "key": "fernet-key"}
    assert "copy fernet-key secret airflow-fernet-key fernet-key" in script
    # The chart named its metadata Secret differently over its releases: the first that exists.
    assert "copy connection secret 'airflow-metadata airflow-airflow-metadata' connection" in script
    load_props(values)


def test_a_production_release_converts_key_by_key(tmp_path: Path) -> None:
    code, values, _ = from_helm(tmp_path, str(CHART_VALUES))
    assert code == 0 and values is not None
    workers = values["workers"]
    assert workers["autoscaling"] == {
        "kind": "keda", "min_replicas": 0, "max_replicas": 8,
        "polling_interval_seconds": 5, "cooldown_seconds": 120,
    }  # fmt: skip
    assert "replicas" not in workers and workers["concurrency"] == 8
    assert workers["resources"] == {"cpu_request": "500m", "memory_request": "1Gi",
                                    "memory_limit": "2Gi", "cpu_limit": None}  # fmt: skip
    assert workers["sets"][0]["queues"] == ["highmem", "reports"]
    assert workers["tolerations"][0]["effect"] == "NoSchedule"
    # KEDA needs the host and password apart: the database's parts, its password adopted.
    assert values["database"]["host"] == "db.example.com"
    assert values["database"]["password"] == {"name": "airflow-adopted", "key": "database-password"}
    assert values["database"]["query"] == {"sslmode": "require"}
    assert values["api_server"]["autoscaling"]["min_replicas"] == 2
    assert values["dags"]["period_seconds"] == 90 and values["dags"]["ref"] == "main"
    assert values["dags"]["https"]["password"]["key"] == "GITSYNC_PASSWORD"
    assert values["ingress"]["api_server"] == {
        "host": "airflow.example.com", "path": "/", "tls_secret": "airflow-tls"
    }  # fmt: skip
    assert values["config"] == {"core": {"load_examples": "False", "parallelism": 64}}
    assert values["admin_user"] == {"username": "platform", "email": "platform@example.com",
                                    "role": "Admin"}  # fmt: skip
    assert values["image"]["tag"] == "3.1.3"
    # What ours checks beyond the props (the objects themselves) holds too.
    kinds = {d["kind"] for d in synth_props(values)}
    assert {"ScaledObject", "HorizontalPodAutoscaler", "Ingress"} <= kinds


def test_every_key_not_carried_is_named_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = command.console(["from-helm", str(CHART_VALUES), "--out", str(tmp_path / "v.yaml"),
                            "--script", str(tmp_path / "a.sh")])  # fmt: skip
    report = capsys.readouterr().out
    assert code == 0
    for line in (
        "config.core.dags_folder: a template of the chart's own wiring",
        "config.webserver.rbac: not an option of Airflow 3.3.2",
        "myOwnKey: not a key this converter knows",
        "uid: pods run as uid 50000",
        "workers.persistence.size: workers keep logs",
        "kerberos.enabled: no Kerberos",
    ):
        assert f"  {line}" in report, report
    assert "not carried (10):" in report


def test_no_secret_value_reaches_a_file_or_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = from_helm(tmp_path, str(CHART_VALUES))
    written = capsys.readouterr().out + "".join(p.read_text() for p in tmp_path.iterdir())
    assert code == 0
    for plain in PLAIN:
        assert plain not in written


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        ("workers: {replicas: -1}", "workers.replicas"),
        # KEDA's trigger needs the host apart, which a Secret's whole URL does not give.
        ("workers: {keda: {enabled: true}}\ndata: {metadataSecretName: db}",
         "add data.metadataConnection (host, port, db, user)"),
        ("[a list]", "the top level must be a mapping"),
        ("{}", "--release-namespace 'x\\ntouch pwned' must be a DNS label"),
    ],
)  # fmt: skip
def test_what_cannot_be_converted_exits_2_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, message: str
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(chart + "\n")
    names = ["--release-namespace", "x\ntouch pwned"] if chart == "{}" else []
    code, values, script = from_helm(tmp_path, str(bad), *names)
    assert code == 2 and values is None and script == ""
    assert message in capsys.readouterr().err


def test_later_files_win_as_in_helm(tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text("scheduler: {replicas: 3}\nworkers: {celery: {replicas: 5}}\n")
    code, values, _ = from_helm(tmp_path, str(CHART_VALUES), str(second))
    assert code == 0 and values is not None
    assert values["scheduler"]["replicas"] == 3
    assert values["scheduler"]["resources"]["cpu_request"] == "1"


@pytest.mark.parametrize(
    ("wait", "period", "seconds"),
    [(None, "5s", 5), (None, "1m30s", 90), (None, "500ms", 5), (None, "2h", 7200),
     (None, "soon", 60), (12, "1m", 12), (2.5, None, 5), (0, "10s", 5)],
)  # fmt: skip
def test_git_syncs_period_in_seconds(wait: Any, period: Any, seconds: int) -> None:
    assert sync_seconds(wait, period) == seconds


def test_resources_and_reasons() -> None:
    assert resources({"requests": {"cpu": 1}, "limits": {"cpu": 2}}) == {
        "cpu_request": "1", "cpu_limit": "2"
    }  # fmt: skip
    assert reason("workers.keda.query").startswith("the KEDA query")
    assert reason("webserver.service.type").startswith("Airflow 2's webserver")
    reader = Reader({"a": {"b": 1, "c": {"d": None}}, "e": []})
    assert reader.left() == [("a.b", "not a key this converter knows")]


def fake_kubectl(folder: Path, objects: dict[str, dict[str, str]]) -> dict[str, str]:
    """A `kubectl` on PATH that answers `get KIND NAME -o jsonpath={.data.KEY}` from `objects`
    (kind/name -> data, Secrets' data base64 as the API returns it) and records what `apply
    -f -` receives: the environment to run a script with."""
    (folder / "objects.json").write_text(json.dumps(objects))
    program = folder / "kubectl"
    program.write_text(f"""#!{sys.executable}
import json, sys
from pathlib import Path
here = Path({str(folder)!r})
args = sys.argv[1:]
if "get" in args:
    at = args.index("get")
    data = json.loads((here / "objects.json").read_text()).get(f"{{args[at + 1]}}/{{args[at + 2]}}")
    if data is None:
        sys.exit(f"Error from server (NotFound): {{args[at + 1]}} {{args[at + 2]}} not found")
    key = args[-1].removeprefix("jsonpath={{.data.").removesuffix("}}").replace("\\\\.", ".")
    sys.stdout.write(data.get(key, ""))
elif "create" in args:
    given = [a.removeprefix("--from-file=") for a in args if a.startswith("--from-file=")]
    files = dict(a.split("=", 1) for a in given)
    print(json.dumps({{k: Path(v).read_text() for k, v in files.items()}}))
else:
    (here / "applied.json").write_text(sys.stdin.read())
""")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_the_adoption_script_copies_the_releases_keys(tmp_path: Path) -> None:
    """Each key from its Secret, the database's password decoded from its URL (a password
    with every awkward character), into one Secret; no value on a command line."""
    code, _, _ = from_helm(tmp_path, str(CHART_VALUES))
    assert code == 0
    password = "p@ss:w/rd %$'\"-x"
    url = "postgresql://airflow:p%40ss%3Aw%2Frd%20%25%24%27%22-x@db.example.com/airflow"
    keys = {"fernet-key": b64("fernet"), "api-secret-key": b64("api"), "jwt-secret": b64("jwt")}
    env = fake_kubectl(tmp_path, {"secret/airflow-keys": keys,
                                  "secret/airflow-database": {"connection": b64(url)}})  # fmt: skip
    run = subprocess.run(["bash", str(tmp_path / "adopt.sh")], env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    applied = json.loads((tmp_path / "applied.json").read_text())
    assert applied == {"fernet-key": "fernet", "api-secret-key": "api", "jwt-secret": "jwt",
                       "database-password": password}  # fmt: skip


def test_the_adoption_script_stops_on_a_missing_secret(tmp_path: Path) -> None:
    code, _, _ = from_helm(tmp_path, str(CHART_VALUES))
    assert code == 0
    env = fake_kubectl(tmp_path, {"secret/airflow-keys": {"fernet-key": b64("f")}})
    run = subprocess.run(["bash", str(tmp_path / "adopt.sh")], env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode != 0
    assert "secret/airflow-keys has no key api-secret-key" in run.stderr
    assert not (tmp_path / "applied.json").exists()


def test_behind_the_charts_pgbouncer_the_url_is_asked_for(tmp_path: Path) -> None:
    """The release's metadata Secret names its own PgBouncer, which goes with it: the script
    takes the database's URL from ADOPT_CONNECTION, and stops without it."""
    chart = tmp_path / "pgbouncer.yaml"
    chart.write_text("pgbouncer: {enabled: true, maxClientConn: 300}\n")
    code, values, _ = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None
    assert values["pgbouncer"] == {"enabled": True, "max_client_conn": 300}
    keys = {k: b64(k) for k in ("fernet-key", "api-secret-key", "jwt-secret")}
    env = fake_kubectl(tmp_path, {"secret/airflow-fernet-key": keys,
                                  "secret/airflow-api-secret-key": keys,
                                  "secret/airflow-jwt-secret": keys})  # fmt: skip
    script = ["bash", str(tmp_path / "adopt.sh")]
    missing = subprocess.run(script, env=env, capture_output=True, text=True)
    assert missing.returncode != 0 and "ADOPT_CONNECTION" in missing.stderr
    url = "postgresql://airflow:secret@db:5432/airflow"
    given = subprocess.run(script, env={**env, "ADOPT_CONNECTION": url}, capture_output=True,
                           text=True)  # fmt: skip
    assert given.returncode == 0, given.stderr
    assert json.loads((tmp_path / "applied.json").read_text())["connection"] == url


@pytest.mark.parametrize(
    ("chart", "executor", "dropped"),
    [
        ("executor: KubernetesExecutor\nworkers: {replicas: 3}", "KubernetesExecutor",
         "workers.replicas: with the KubernetesExecutor alone these shape the task pods"),
        ("executor: CeleryKubernetesExecutor", "CeleryExecutor,KubernetesExecutor", None),
        ("executor: LocalExecutor", "CeleryExecutor", "executor: 'LocalExecutor': ours runs"),
        ("executor: CeleryExecutor,airflow.providers.edge3.executors.EdgeExecutor",
         "CeleryExecutor,EdgeExecutor", None),
    ],
)  # fmt: skip
def test_executors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, executor: str,
    dropped: str | None,
) -> None:  # fmt: skip
    """Airflow 2's hybrid is Airflow 3's two executors side by side; the KubernetesExecutor
    alone takes no Celery options; an executor ours does not run is named, Celery used."""
    given = tmp_path / "chart.yaml"
    given.write_text(chart + "\n")
    code, values, _ = from_helm(tmp_path, str(given))
    assert code == 0 and values is not None
    assert load_props(values).executor == executor
    assert ("flower" in values) == ("Celery" in executor)
    if dropped is not None:
        assert f"  {dropped}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "chart", ["executor: KubernetesExecutor", "data: {brokerUrlSecretName: broker}"]
)
def test_the_charts_redis_turned_off_is_understood(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str
) -> None:
    """`redis.enabled: false` beside another broker, or with no Celery at all: read, not
    reported as a key the converter does not know."""
    given = tmp_path / "chart.yaml"
    given.write_text(f"redis: {{enabled: false}}\n{chart}\n")
    code, values, _ = from_helm(tmp_path, str(given))
    assert code == 0 and values is not None
    assert values.get("broker", {}).get("type") != "redis"
    assert "redis.enabled" not in capsys.readouterr().out


def test_kedas_zero_keeps_a_worker_without_a_log_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The chart's KEDA minimum is 0; ours refuses it with nowhere for the logs to outlive the
    workers, so one stays, and the report says why."""
    chart = tmp_path / "keda.yaml"
    chart.write_text("workers: {keda: {enabled: true}}\ndata: {metadataConnection: {host: db}}\n")
    code, values, _ = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None
    assert values["workers"]["autoscaling"]["min_replicas"] == 1
    assert "minReplicaCount 0 became min_replicas 1" in capsys.readouterr().out
    # With the logs on a volume, zero it stays (the production-like values).
    code, values, _ = from_helm(tmp_path, str(CHART_VALUES))
    assert values is not None and values["workers"]["autoscaling"]["min_replicas"] == 0


def test_sensitive_options_are_named_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A secret in the chart's `config` would land in a plain ConfigMap: it is named instead, and
    the list of such options is Airflow's own."""
    chart = tmp_path / "chart.yaml"
    chart.write_text("config:\n  celery: {flower_basic_auth: 'admin:hunter2'}\n"
                     "  secrets: {backend_kwargs: '{\"token\": \"t0ken\"}'}\n")  # fmt: skip
    code, values, _ = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None and "config" not in values
    report = capsys.readouterr().out
    assert "config.celery.flower_basic_auth: a secret Airflow would read" in report
    assert "hunter2" not in report + (tmp_path / "values.yaml").read_text()


def test_sensitive_is_what_airflow_marks() -> None:
    from importlib.metadata import entry_points

    from airflow.configuration import conf

    from kube_airflow.cli.helm_config import SENSITIVE

    marked = {f"{s}.{o}" for s, o in conf.sensitive_config_values}
    for provider in entry_points(group="apache_airflow_provider"):
        for section, options in (provider.load()().get("config") or {}).items():
            marked |= {
                f"{section}.{o}" for o, v in options["options"].items() if v.get("sensitive")
            }
    assert marked <= SENSITIVE, marked - SENSITIVE


def test_a_request_without_a_limit(tmp_path: Path) -> None:
    """The chart's "no limit": none for CPU (unthrottled), the request for memory and disk."""
    chart = tmp_path / "chart.yaml"
    chart.write_text("scheduler:\n  resources:\n    requests: {cpu: '8', memory: 4Gi,"
                     " ephemeral-storage: 10Gi}\n")  # fmt: skip
    code, values, _ = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None
    assert values["scheduler"]["resources"] == {
        "cpu_request": "8", "cpu_limit": None, "memory_request": "4Gi", "memory_limit": "4Gi",
        "ephemeral_storage_request": "10Gi", "ephemeral_storage_limit": "10Gi",
    }  # fmt: skip


def test_an_older_releases_secret_name_is_found(tmp_path: Path) -> None:
    """The metadata Secret under the name of the chart's older releases: the script finds it."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("{}\n")
    code, _, _ = from_helm(tmp_path, str(empty))
    assert code == 0
    objects = {f"secret/airflow-{k}": {k: b64(k)} for k in ("fernet-key", "api-secret-key")}
    objects["secret/airflow-jwt-secret"] = {"jwt-secret": b64("jwt")}
    objects["secret/airflow-airflow-metadata"] = {"connection": b64("postgresql://a:b@c/d")}
    env = fake_kubectl(tmp_path, objects)
    run = subprocess.run(["bash", str(tmp_path / "adopt.sh")], env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "applied.json").read_text())["connection"] == (
        "postgresql://a:b@c/d"
    )


def test_env_values_as_the_chart_writes_them(tmp_path: Path) -> None:
    chart = tmp_path / "chart.yaml"
    chart.write_text("env: [{name: A, value: true}, {name: B, value: null}, {name: C, value: 3}]\n")
    code, values, _ = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None
    assert [e["value"] for e in values["pod_defaults"]["env"]] == ["true", "", "3"]
    # Kubernetes sets a variable to "" too.
    docs = synth_props(values)
    (scheduler,) = (d for d in docs if d["metadata"]["name"] == "airflow-scheduler"
                    and d["kind"] == "Deployment")  # fmt: skip
    assert {"name": "B", "value": ""} in main(scheduler)["env"]


def test_ssh_known_hosts_come_from_the_charts_config_map(tmp_path: Path) -> None:
    chart = tmp_path / "chart.yaml"
    git = "repo: 'git@git.example.com:d.git', sshKeySecret: git-ssh"
    hosts = "knownHosts: 'git.example.com ssh-ed25519 AAAA'"
    chart.write_text(f"dags: {{gitSync: {{enabled: true, {git}, {hosts}}}}}\n")
    code, values, script = from_helm(tmp_path, str(chart))
    assert code == 0 and values is not None
    assert values["dags"]["ssh"] == {
        "key": {"name": "git-ssh", "key": "gitSshKey"},
        "known_hosts": {"name": "airflow-adopted", "key": "known-hosts"},
    }
    assert ("copy known-hosts configmap 'airflow-airflow-config airflow-config' known_hosts"
            in script)  # fmt: skip
