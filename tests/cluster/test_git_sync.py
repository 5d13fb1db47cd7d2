"""DAGs delivered by git-sync and by a DAG volume, on the real cluster, in one deployment that a
user switches from one delivery to the next with a re-apply:

1. the git-sync example (examples/git-sync.yaml) over HTTPS with basic auth, against the test git
   server (tests/cluster/git_server.py) in the deployment's namespace: it converges and lists the
   project's DAGs; a DAG pushed to the repository appears in the REST API (push to visible is
   measured and printed with the sync period and `[dag_processor] refresh_interval` it is made
   of) and runs on a worker; a push that breaks one DAG file leaves the other DAGs listed and is
   reported as an import error;
2. the same example over SSH, the server authenticated through known_hosts: it converges, and
   a DAG pushed then appears;
3. no credential (the password, the private key) in `dist/` or on the command line of any
   process of the pods that run git-sync;
4. `dags.mode: volume`: a claim filled with DAGs beforehand by a Job; the DAGs listed are then
   exactly the volume's.

The sync period and the refresh interval are shortened through the props (`dags.period_seconds`,
`config.dag_processor.refresh_interval`) so a push shows within a minute; the figures say what we
ship. HTTPS needs a certificate git-sync trusts: `dags.image` names the git-sync image plus the
test CA, as a user with a private CA does (git_server.py says why).
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from kube_airflow.props import GitSyncDags
from kube_airflow.versions import GIT_SYNC_IMAGE
from tests.cluster import deploy, git_server, images
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import FIGURES, TIMINGS, built_for
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import finished, now
from tests.conftest import ROOT
from tests.podman import program_of

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-git-sync"
HTTPS_SECRET, SSH_SECRET = "git-https", "git-ssh"
CLAIM = "kat-dags"
PERIOD = 10  # dags.period_seconds in this test
REFRESH = 30  # [dag_processor] refresh_interval in this test
CHECK = 5  # [dag_processor] bundle_refresh_check_interval, Airflow's default
PARSE_ALLOWANCE = 60  # parsing the file and the REST API showing it, on a busy 2-core node
PROJECT_DAGS = {"emoji_report", "tutorial"}
# The roles whose pods run git-sync (the scheduler and the api-server never import a DAG file).
GIT_SYNC_ROLES = ("dag-processor", "worker", "triggerer")


def example(transport: str) -> dict[str, Any]:
    """examples/git-sync.yaml pointed at the test server, over `transport`."""
    values: dict[str, Any] = yaml.safe_load((ROOT / "examples/git-sync.yaml").read_text())
    dags = values["dags"]
    dags.pop("ssh")
    dags |= {"ref": "main", "sub_path": "dags", "period_seconds": PERIOD}
    dags["image"] = git_server.GIT_SYNC_TEST_CA_IMAGE
    if transport == "https":
        dags["repo"] = git_server.HTTPS_URL
        dags["https"] = {
            "username": {"name": HTTPS_SECRET, "key": "username"},
            "password": {"name": HTTPS_SECRET, "key": "password"},
        }
    else:
        dags["repo"] = git_server.SSH_URL
        dags["ssh"] = {
            "key": {"name": SSH_SECRET, "key": "id_ed25519"},
            "known_hosts": {"name": SSH_SECRET, "key": "known_hosts"},
        }
    return values


def synthesize(folder: Path, values: dict[str, Any]) -> Path:
    values = {**values, "config": {"dag_processor": {"refresh_interval": REFRESH}}}
    (folder / "values.json").write_text(json.dumps(values))
    return deploy.synthesize(
        folder / "dist", "--values", str(folder / "values.json"),
        "--image", images.AIRFLOW_IMAGE, "--namespace", NAMESPACE,
        "--set", "workers.replicas=1", "--set", "flower.enabled=false",
        # The git server runs inside the cluster: declared, as a user declares theirs.
        *deploy.declared((git_server.NAME, [git_server.HTTPS_PORT, git_server.SSH_PORT], None)),
    )  # fmt: skip


@dataclass
class Deployed:
    api: AirflowApi
    keys: git_server.SshKeys
    folder: Path
    dists: dict[str, Path]


@pytest.fixture(scope="module")
def git_images(kube: Kube, cluster_images: dict[str, str]) -> dict[str, str]:
    figure = "git-sync: stand-in, its test-CA image and the git server built (cached) and loaded"
    table = built_for(kube, figure, images.build_and_load_git_sync)
    if table:  # the cluster built here, the stand-in loaded
        FIGURES["git-sync: the stand-in's /git-sync"] = program_of(table[GIT_SYNC_IMAGE])
    return table


def commit(kube: Kube, message: str, files: dict[str, str]) -> str:
    """One commit on the server's main branch, made inside its pod; returns its hash."""
    return kube.run(
        "exec", "-i", "-n", NAMESPACE, f"deploy/{git_server.NAME}", "--",
        "git-commit-files", message, input=git_server.commit_input(files),
    ).stdout.strip()  # fmt: skip


def dag_ids(api: AirflowApi) -> set[str]:
    return {d["dag_id"] for d in api.get("/api/v2/dags?limit=100")["dags"]}


@pytest.fixture(scope="module")
def deployed(
    kube: Kube, git_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployed]:
    """The user's steps: the namespace, the git credentials' Secrets (here also the git server,
    holding the project's DAGs), then the git-sync example over HTTPS, applied and converged."""
    kube.delete_namespace(NAMESPACE)
    folder = tmp_path_factory.mktemp("git-sync")
    dists = {}
    for transport in ("https", "ssh"):
        (folder / transport).mkdir()
        dists[transport] = synthesize(folder / transport, example(transport))
    keys = git_server.ssh_keys()
    try:
        kube.run("apply", "-f", str(dists["https"] / "0-namespace.k8s.yaml"))
        kube.run("create", "secret", "generic", HTTPS_SECRET, "-n", NAMESPACE,
                 f"--from-literal=username={git_server.USERNAME}",
                 f"--from-literal=password={git_server.PASSWORD}")  # fmt: skip
        kube.run("create", "secret", "generic", SSH_SECRET, "-n", NAMESPACE,
                 f"--from-literal=id_ed25519={keys.client_key}",
                 f"--from-literal=known_hosts={keys.known_hosts()}")  # fmt: skip
        objects = git_server.server(NAMESPACE, keys)
        kube.run("apply", "-f", "-", input=json.dumps({"kind": "List", "apiVersion": "v1",
                                                        "items": objects}))  # fmt: skip
        rollout = kube.run("rollout", "status", f"deployment/{git_server.NAME}", "-n", NAMESPACE,
                           "--timeout=180s", timeout=200, check=False)  # fmt: skip
        assert rollout.returncode == 0, deploy.report(kube, NAMESPACE)
        commit(kube, "the project's DAGs", git_server.project_dags())
        begin = time.monotonic()
        deploy.apply(kube, dists["https"])
        deploy.wait_converged(kube, NAMESPACE)
        TIMINGS["git-sync over HTTPS: apply -> converged"] = time.monotonic() - begin
        api = AirflowApi(
            deploy.service_url(kube, NAMESPACE, "airflow-api-server", 8080),
            "admin",
            deploy.secret_value(kube, NAMESPACE, "airflow-generated", "admin-password"),
        )
        yield Deployed(api, keys, folder, dists)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, NAMESPACE)}") from error
    finally:
        kube.delete_namespace(NAMESPACE)


def wait_listed(api: AirflowApi, dags: set[str], timeout: float = 300) -> Any:
    return api.wait_for(f"DAGs {sorted(dags)} listed", lambda: dags <= dag_ids(api), timeout, 2)


def push_and_see(kube: Kube, api: AirflowApi, dag_id: str, transport: str) -> float:
    """Push a new DAG file; seconds until the REST API has the DAG, checked against its parts."""
    commit(kube, f"add {dag_id}", {f"dags/{dag_id}.py": git_server.dag_file(dag_id)})
    pushed = time.monotonic()
    api.wait_for(f"{dag_id} in the REST API", lambda: api.get(f"/api/v2/dags/{dag_id}"), 600, 1)
    seconds = time.monotonic() - pushed
    bound = PERIOD + REFRESH + CHECK + PARSE_ALLOWANCE
    TIMINGS[f"git-sync over {transport}: push -> DAG in the REST API"] = seconds
    FIGURES[f"git-sync over {transport}: push to visible is made of"] = (
        f"sync period {PERIOD} s + [dag_processor] refresh_interval {REFRESH} s (checked every "
        f"{CHECK} s) + parsing; at most {PERIOD + REFRESH + CHECK} s plus the parse expected"
    )
    assert seconds <= bound, f"{dag_id} took {seconds:.0f} s to show, more than {bound} s"
    return seconds


def test_https_converges_with_the_project_dags(deployed: Deployed) -> None:
    wait_listed(deployed.api, PROJECT_DAGS)
    shipped = GitSyncDags.model_fields["period_seconds"].default
    FIGURES["git-sync: what we ship"] = (
        f"dags.period_seconds {shipped} s and [dag_processor] refresh_interval the same (Airflow's "
        f"own is 300 s): a new DAG file shows within ~{2 * shipped} s plus its parse"
    )
    config = (deployed.dists["https"] / "airflow.k8s.yaml").read_text()
    assert f"refresh_interval = {REFRESH}" in config


def test_a_pushed_dag_appears_and_runs(kube: Kube, deployed: Deployed) -> None:
    """The dag-processor's git-sync brings the file in; the worker's has it too: it runs."""
    api = deployed.api
    push_and_see(kube, api, "pushed_over_https", "https")
    api.patch("/api/v2/dags/pushed_over_https", {"is_paused": False})
    run = api.post("/api/v2/dags/pushed_over_https/dagRuns", {"logical_date": now()})
    state = api.wait_for(
        "the pushed DAG's run", lambda: finished(api, run["dag_run_id"], "pushed_over_https"), 300
    )
    assert state == "success", run


def test_a_broken_push_leaves_the_other_dags(kube: Kube, deployed: Deployed) -> None:
    api = deployed.api
    commit(kube, "break emoji_report", {"dags/emoji_report.py": git_server.BROKEN})
    pushed = time.monotonic()

    def reported() -> Any:
        errors = api.get("/api/v2/importErrors")["import_errors"]
        return [e for e in errors if e["filename"].endswith("emoji_report.py")]

    error = api.wait_for("the import error of emoji_report.py", reported, 300, 2)[0]
    TIMINGS["git-sync: broken push -> import error in the REST API"] = time.monotonic() - pushed
    assert "SyntaxError" in error["stack_trace"], error
    assert {"tutorial", "pushed_over_https"} <= dag_ids(api)


def command_lines(kube: Kube) -> dict[str, str]:
    """Every process's arguments in every running container of the pods that run git-sync and
    the git server's: {pod/container: lines}, as `ps` would show them (the images have none)."""
    shown = {}
    for pod in kube.json("get", "pods", "-n", NAMESPACE)["items"]:
        labels = pod["metadata"].get("labels", {})
        if labels.get("app.kubernetes.io/component") not in GIT_SYNC_ROLES and (
            labels.get("app") != git_server.NAME
        ):
            continue
        for status in pod["status"].get("containerStatuses", []):
            if "running" in status.get("state", {}):
                where = f"{pod['metadata']['name']}/{status['name']}"
                shown[where] = deploy.command_lines(
                    kube, NAMESPACE, pod["metadata"]["name"], status["name"]
                )
    return shown


def assert_no_credential_exposed(kube: Kube, deployed: Deployed, transport: str) -> None:
    secrets = {
        "password": git_server.PASSWORD,
        "private key": deployed.keys.client_key.splitlines()[1],
    }
    for dist in deployed.dists.values():
        for path in dist.iterdir():
            text = path.read_text()
            for what, value in secrets.items():
                assert value not in text, f"the {what} is in {path.name}"
    shown = command_lines(kube)
    assert any("/git-sync" in lines for lines in shown.values()), shown
    roles = {where.split("/")[1] for where in shown}
    assert {"git-sync", "dag-processor", "worker", "triggerer"} <= roles, roles
    for where, lines in shown.items():
        for what, value in secrets.items():
            assert value not in lines, f"the {what} is on a command line in {where}"
    FIGURES[f"git-sync over {transport}: containers whose command lines were read"] = str(
        len(shown)
    )


def test_no_credential_in_dist_or_on_a_command_line_https(kube: Kube, deployed: Deployed) -> None:
    assert_no_credential_exposed(kube, deployed, "https")


def test_ssh_converges_and_syncs_a_push(kube: Kube, deployed: Deployed) -> None:
    """The same deployment moved to SSH (the user's re-apply): the pods roll to git-sync over
    SSH, whose server key is checked against known_hosts, and a push shows."""
    begin = time.monotonic()
    deploy.apply(kube, deployed.dists["ssh"])
    deploy.wait_converged(kube, NAMESPACE)
    kube.wait_until("the pods of the HTTPS apply gone", lambda: not _https_pods(kube), 300)
    TIMINGS["git-sync over SSH: re-apply -> converged"] = time.monotonic() - begin
    push_and_see(kube, deployed.api, "pushed_over_ssh", "ssh")
    assert_no_credential_exposed(kube, deployed, "ssh")


def _https_pods(kube: Kube) -> list[str]:
    """Pods still running git-sync over HTTPS."""
    found = []
    for pod in kube.json("get", "pods", "-n", NAMESPACE)["items"]:
        for container in pod["spec"].get("initContainers", []) + pod["spec"]["containers"]:
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            if env.get("GITSYNC_REPO") == git_server.HTTPS_URL:
                found.append(pod["metadata"]["name"])
    return found


def fill_claim_job() -> list[dict[str, Any]]:
    """The claim and a Job that puts the project's DAGs (as the image holds them) and one more
    on it, as a user's publishing step would."""
    claim = {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": CLAIM, "namespace": NAMESPACE},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
    }
    script = (
        "cp /opt/airflow/dags/*.py /dags/ && "
        f"printf '%s' {shlex.quote(git_server.dag_file('from_the_volume', 'volume'))} "
        "> /dags/from_the_volume.py && ls -l /dags"
    )
    container = {
        "name": "fill",
        "image": images.AIRFLOW_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "command": ["bash", "-c", script],
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"memory": "128Mi"}},
        "volumeMounts": [{"name": "dags", "mountPath": "/dags"}],
    }
    pod = {
        "restartPolicy": "Never",
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 50000,
            "runAsGroup": 0,
            "fsGroup": 0,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [container],
        "volumes": [{"name": "dags", "persistentVolumeClaim": {"claimName": CLAIM}}],
    }
    job = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "fill-dags", "namespace": NAMESPACE},
        "spec": {"backoffLimit": 0, "template": {"spec": pod}},
    }
    return [claim, job]


def test_the_dag_volume_lists_its_dags(kube: Kube, deployed: Deployed) -> None:
    """`dags.mode: volume` with a claim filled beforehand: after the re-apply the DAGs are the
    volume's, and those only git had are gone from the list."""
    items = fill_claim_job()
    kube.run("apply", "-f", "-", input=json.dumps({"kind": "List", "apiVersion": "v1",
                                                    "items": items}))  # fmt: skip
    done = kube.run("wait", "--for=condition=complete", "job/fill-dags", "-n", NAMESPACE,
                    "--timeout=180s", timeout=200, check=False)  # fmt: skip
    assert done.returncode == 0, deploy.report(kube, NAMESPACE)
    dist = synthesize(_folder(deployed, "volume"), {"dags": {"mode": "volume", "claim": CLAIM}})
    begin = time.monotonic()
    deploy.apply(kube, dist)
    deploy.wait_converged(kube, NAMESPACE)
    TIMINGS["DAG volume: re-apply -> converged"] = time.monotonic() - begin
    expected = PROJECT_DAGS | {"from_the_volume"}
    api = deployed.api
    api.wait_for(f"exactly {sorted(expected)} listed", lambda: dag_ids(api) == expected, 300, 2)
    TIMINGS["DAG volume: re-apply -> its DAGs listed"] = time.monotonic() - begin


def _folder(deployed: Deployed, name: str) -> Path:
    folder = deployed.folder / name
    folder.mkdir()
    return folder
