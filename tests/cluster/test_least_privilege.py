"""Least privilege on the real cluster, in one deployment of both executors (the drills' image,
which carries tests/cluster/dags/least_privilege.py), in this order:

- a task on a worker and one in a task pod look for the Fernet key, the database password and
  the JWT secret everywhere a task can look (environment, /proc/<pid>/environ, mounts, `airflow
  config get-value`) and find none; the broker password, which a worker must hold, is found on
  the worker (the hunt works); Airflow's database login is refused to every value the task holds,
  and the Celery result backend's role may read celery_taskmeta and nothing else;
- egress: a server in another namespace that the props declare answers a task, another that they
  do not is refused (to a task and to the api-server alike);
- key rotation: a new Fernet key with the old kept, `airflow rotate-fernet-key`, the old dropped,
  and the stored connection still decrypts; a new JWT secret rolled to the api-server and the
  scheduler between runs, and the tutorial still succeeds with no failed task;
- the disk drill, last: a task that logs without end fills its worker's logs allowance, the
  kubelet evicts that pod alone (its other task fails with it), and the same in a task pod.

Runs with the cluster tier (`make test-cluster`, or
`python -m pytest -m cluster -p no:cacheprovider tests/cluster/test_least_privilege.py`)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from cryptography.fernet import Fernet

from tests.cluster import deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE_DRILLS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import (
    CONNECTION,
    Deployment,
    connects,
    deploy_and_run_tutorial,
    exec_in,
    finished,
    log_text,
    now,
    stored_connection,
)

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-privilege"
PEERS = "kat-egress-peers"
PEER_PORT = 8080
# Small, so the drill fills it in seconds; the task pods' too.
LOGS_ALLOWANCE = "96Mi"
GENERATED = "airflow-generated"
# What restarts with a rotated key: every pod that holds it (docs/security.md's matrix).
FERNET_HOLDERS = (
    "deployment/airflow-api-server",
    "deployment/airflow-scheduler",
    "deployment/airflow-dag-processor",
    "statefulset/airflow-triggerer",
)
JWT_HOLDERS = ("deployment/airflow-api-server", "deployment/airflow-scheduler")


def peer(name: str) -> list[dict[str, Any]]:
    """A plain HTTP server in PEERS (the Airflow image's Python), restricted."""
    container = {
        "name": name,
        "image": AIRFLOW_IMAGE_DRILLS,
        "imagePullPolicy": "IfNotPresent",
        "command": ["python", "-m", "http.server", str(PEER_PORT), "--directory", "/tmp"],
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return deploy.service_with_pod(
        PEERS, name, container, PEER_PORT, volumes=[{"name": "tmp", "emptyDir": {}}]
    )


@pytest.fixture(scope="module")
def deployed(
    kube: Kube, cluster_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    for namespace in (NAMESPACE, PEERS):
        kube.delete_namespace(namespace)
    kube.run("create", "namespace", PEERS)
    items = [*peer("declared"), *peer("undeclared")]
    kube.run("apply", "-f", "-", input=json.dumps({"kind": "List", "apiVersion": "v1",
                                                    "items": items}))  # fmt: skip
    dist = deploy.synthesize(
        tmp_path_factory.mktemp("privilege"), "--image", AIRFLOW_IMAGE_DRILLS,
        "--namespace", NAMESPACE,
        "--set", "executor=CeleryExecutor,KubernetesExecutor",
        "--set", "workers.replicas=1", "--set", "flower.enabled=false",
        "--set", f"workers.disk.logs={LOGS_ALLOWANCE}",
        "--set", f"task_pods.disk.logs={LOGS_ALLOWANCE}",
        *deploy.declared(("declared", [PEER_PORT], PEERS)),
    )  # fmt: skip
    try:
        for name in ("declared", "undeclared"):
            kube.run("rollout", "status", f"deployment/{name}", "-n", PEERS, "--timeout=300s",
                     timeout=330)  # fmt: skip
        yield deploy_and_run_tutorial(kube, dist, NAMESPACE, "least privilege")
    finally:
        for namespace in (NAMESPACE, PEERS):
            kube.delete_namespace(namespace)


def run(api: AirflowApi, dag: str, conf: dict[str, Any], timeout: float = 600) -> str:
    """Trigger `dag` with `conf`; the run's id once it finished (success or not)."""
    api.patch(f"/api/v2/dags/{dag}", {"is_paused": False})
    body = {"logical_date": now(), "conf": conf}
    run_id = str(api.post(f"/api/v2/dags/{dag}/dagRuns", body)["dag_run_id"])
    api.wait_for(f"{dag} to finish", lambda: finished(api, run_id, dag), timeout=timeout)
    return run_id


def returned(api: AirflowApi, dag: str, run_id: str, task: str) -> Any:
    path = f"/api/v2/dags/{dag}/dagRuns/{run_id}/taskInstances/{task}/xcomEntries/return_value"
    value = api.get(path)["value"]
    try:  # a dict comes back as its JSON text, a string as itself
        return json.loads(value) if isinstance(value, str) else value
    except json.JSONDecodeError:
        return value


def states(api: AirflowApi, dag: str, run_id: str) -> dict[str, str]:
    found = api.get(f"/api/v2/dags/{dag}/dagRuns/{run_id}/taskInstances")["task_instances"]
    return {t["task_id"]: t["state"] for t in found}


def succeeded(api: AirflowApi, dag: str, run_id: str) -> None:
    """Every task of the run succeeded; else the end of each failed task's log says why."""
    got = states(api, dag, run_id)
    failed = [task for task, state in got.items() if state != "success"]
    logs = {
        task: log_text(api.get(f"/api/v2/dags/{dag}/dagRuns/{run_id}/taskInstances/{task}/logs/1"))
        for task in failed
    }
    assert not failed, "\n".join([str(got), *(f"--- {k}\n{v[-3000:]}" for k, v in logs.items())])


def wanted(value: str) -> list[Any]:
    return [hashlib.sha256(value.encode()).hexdigest(), len(value)]


def test_a_task_finds_no_key_of_airflows(kube: Kube, deployed: Deployment) -> None:
    """The hunt is handed only hashes: the Fernet key, the database password (as it is and
    URL-quoted), the JWT secret, and last the broker password, which the worker must hold."""
    keys = ("fernet-key", "postgres-password", "jwt-secret", "broker-password")
    fernet, password, jwt, broker = (
        deploy.secret_value(kube, NAMESPACE, GENERATED, k) for k in keys
    )
    hashes = [wanted(v) for v in (fernet, password, quote(password, safe=""), jwt, broker)]
    host = f"airflow-postgres.{NAMESPACE}.svc.cluster.local"
    run_id = run(deployed.api, "secret_hunt", {"wanted": hashes, "database_host": host})
    succeeded(deployed.api, "secret_hunt", run_id)
    worker = returned(deployed.api, "secret_hunt", run_id, "on_a_worker")
    pod = returned(deployed.api, "secret_hunt", run_id, "in_a_task_pod")
    FIGURES["secret hunt: looked at (worker)"] = json.dumps(worker["looked_at"])
    FIGURES["secret hunt: looked at (task pod)"] = json.dumps(pod["looked_at"])
    assert worker["found"] == [4], f"only the broker password on a worker: {worker}"
    assert pod["found"] == [], f"nothing in a task pod: {pod}"
    for looked in (worker["looked_at"], pod["looked_at"]):
        assert looked["env"] and looked["processes"] and looked["files"] and looked["config"]
    assert "LOGGED IN" not in json.dumps(worker["login"]), worker["login"]
    assert "password authentication failed" in worker["login"]["refused"], worker["login"]
    assert "unreachable" in pod["login"], f"a task pod reaches no database: {pod['login']}"
    reach = worker["results_role"]
    assert reach.pop("celery_taskmeta") == "read", reach
    assert all("permission denied" in why for why in reach.values()), reach


def test_declared_egress_answers_and_undeclared_is_refused(
    kube: Kube, deployed: Deployment
) -> None:
    api = deployed.api
    for name, expected in (("declared", "connected"), ("undeclared", "refused")):
        host = f"{name}.{PEERS}.svc.cluster.local"
        run_id = run(api, "egress", {"host": host, "port": PEER_PORT})
        answer = returned(api, "egress", run_id, "connect")
        assert str(answer).startswith(expected), (name, answer)
    undeclared = f"undeclared.{PEERS}.svc.cluster.local"
    api_server = "deploy/airflow-api-server"
    assert not connects(kube, NAMESPACE, api_server, undeclared, PEER_PORT), "api-server too"


def _secret(kube: Kube, key: str, value: str) -> None:
    data = {key: base64.b64encode(value.encode()).decode()}
    kube.run("patch", "secret", GENERATED, "-n", NAMESPACE, "--type=merge",
             "-p", json.dumps({"data": data}))  # fmt: skip


def _restart(kube: Kube, *workloads: str) -> float:
    begin = time.monotonic()
    for workload in workloads:
        kube.run("rollout", "restart", workload, "-n", NAMESPACE)
    for workload in workloads:
        kube.run("rollout", "status", workload, "-n", NAMESPACE, "--timeout=600s", timeout=630)
    deploy.wait_converged(kube, NAMESPACE)
    # A rollout is done before its old pods are gone: an api-server draining (its preStop) still
    # answers, and a session signed there with the old secret fails on the next pod.
    components = ",".join(w.split("/airflow-", 1)[1] for w in workloads)
    kube.wait_until(
        "the old pods gone",
        lambda: (
            not any(
                pod["metadata"].get("deletionTimestamp")
                for pod in kube.json(
                    "get",
                    "pods",
                    "-n",
                    NAMESPACE,
                    "-l",
                    f"app.kubernetes.io/component in ({components})",
                )["items"]
            )
        ),
        120,
    )
    return time.monotonic() - begin


def _signed_in(kube: Kube) -> AirflowApi:
    """A new session: the UI's tokens are signed with the JWT secret too."""
    return AirflowApi(
        deploy.service_url(kube, NAMESPACE, "airflow-api-server", 8080),
        "admin",
        deploy.secret_value(kube, NAMESPACE, GENERATED, "admin-password"),
    )


def test_the_fernet_key_rotates_and_connections_still_decrypt(
    kube: Kube, deployed: Deployment
) -> None:
    """docs/operating.md's rotation: the new key first with the old kept, rotate, drop the old."""
    deployed.api.post("/api/v2/connections", {**CONNECTION, "connection_id": "kat_rotated"})
    old = deploy.secret_value(kube, NAMESPACE, GENERATED, "fernet-key")
    new = Fernet.generate_key().decode()
    _secret(kube, "fernet-key", f"{new},{old}")
    TIMINGS["fernet rotation: holders restarted (new,old)"] = _restart(kube, *FERNET_HOLDERS)
    rotated = exec_in(kube, NAMESPACE, "deploy/airflow-scheduler", "airflow", "rotate-fernet-key")
    assert rotated.returncode == 0, rotated.stderr
    _secret(kube, "fernet-key", new)
    TIMINGS["fernet rotation: holders restarted (new)"] = _restart(kube, *FERNET_HOLDERS)
    stored = stored_connection(kube, NAMESPACE, {**CONNECTION, "connection_id": "kat_rotated"})
    assert stored["password"] == CONNECTION["password"], "the connection no longer decrypts"
    run_id = run(_signed_in(kube), "tutorial", {})
    assert set(states(_signed_in(kube), "tutorial", run_id).values()) == {"success"}


def test_a_new_jwt_secret_rolls_with_no_failed_task(kube: Kube, deployed: Deployment) -> None:
    """Between runs (no task running or queued: a running task's token would no longer be
    accepted), the api-server and the scheduler, the only holders, restart together."""
    api = _signed_in(kube)
    running = api.get("/api/v2/dags/~/dagRuns/~/taskInstances?state=running&state=queued")
    assert running["total_entries"] == 0, running
    since = quote(now())  # failures of the earlier tests are theirs to report
    _secret(kube, "jwt-secret", base64.urlsafe_b64encode(hashlib.sha256(now().encode()).digest())
            .decode().rstrip("="))  # fmt: skip
    TIMINGS["jwt rotation: holders restarted"] = _restart(kube, *JWT_HOLDERS)
    api = _signed_in(kube)
    run_id = run(api, "tutorial", {})
    assert set(states(api, "tutorial", run_id).values()) == {"success"}
    failed = api.get(f"/api/v2/dags/~/dagRuns/~/taskInstances?state=failed&end_date_gte={since}")
    assert failed["total_entries"] == 0, failed


def _pods(kube: Kube, namespace: str | None = None) -> dict[str, tuple[str, int]]:
    """name -> (uid, restarts) of every pod (of `namespace`, or all), but those already going
    (the old scheduler of the JWT roll before it can still be terminating)."""
    scope = ["-n", namespace] if namespace else ["-A"]
    found = {}
    for pod in kube.json("get", "pods", *scope)["items"]:
        if pod["metadata"].get("deletionTimestamp"):
            continue
        restarts = sum(c.get("restartCount", 0) for c in pod["status"].get("containerStatuses", []))
        found[f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"] = (
            pod["metadata"]["uid"],
            restarts,
        )
    return found


def _evictions(kube: Kube) -> list[str]:
    events = kube.json("get", "events", "-A", "--field-selector", "reason=Evicted")["items"]
    return [f"{e['involvedObject']['namespace']}/{e['involvedObject']['name']}: {e['message']}"
            for e in events]  # fmt: skip


def test_the_disk_drill_evicts_only_the_pod_that_filled_its_allowance(
    kube: Kube, deployed: Deployment
) -> None:
    """A task logging without end on the worker (a second task beside it): the kubelet evicts
    the worker pod when its logs emptyDir passes LOGS_ALLOWANCE, both tasks fail with it, every
    other pod anywhere is untouched; then the same in a task pod."""
    api = _signed_in(kube)
    worker = f"{NAMESPACE}/airflow-worker-0"
    before, evicted_before = _pods(kube), set(_evictions(kube))
    begin = time.monotonic()
    run_id = run(api, "log_flood", {"seconds": 900}, timeout=900)
    TIMINGS["disk drill (worker): trigger -> run finished"] = time.monotonic() - begin
    assert states(api, "log_flood", run_id) == {"flood": "failed", "bystander": "failed"}
    evicted = sorted(set(_evictions(kube)) - evicted_before)
    FIGURES["disk drill (worker): evictions"] = "; ".join(evicted)
    assert len(evicted) == 1 and evicted[0].startswith(f"{worker}:"), evicted
    assert "logs" in evicted[0] and "exceeds" in evicted[0], evicted
    # Every other pod, here and in every namespace, has the same uid and restart count; the
    # task pods the executor started meanwhile come and go and are left out.
    ours = f"{NAMESPACE}/airflow-"
    untouched = {
        p: v
        for p, v in before.items()
        if p != worker and (p.startswith(ours) or NAMESPACE not in p)
    }
    after = _pods(kube)
    assert {p: after.get(p) for p in untouched} == untouched, "another pod was touched"
    deploy.wait_converged(kube, NAMESPACE)  # the worker's StatefulSet starts it again

    evicted_before = set(_evictions(kube))
    run_id = run(api, "log_flood_in_a_pod", {}, timeout=900)
    assert states(api, "log_flood_in_a_pod", run_id) == {"flood": "failed"}
    evicted = sorted(set(_evictions(kube)) - evicted_before)
    FIGURES["disk drill (task pod): evictions"] = "; ".join(evicted)
    assert len(evicted) == 1 and "logs" in evicted[0], evicted
    assert f"{NAMESPACE}/airflow-worker-0" not in evicted[0]
