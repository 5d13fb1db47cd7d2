"""Edge workers in another namespace (docs/configuring/edge-workers.md), as a user sets them up:
a deployment whose executor is the EdgeExecutor alone and that runs no edge worker of its own,
then a second output (`edge.standalone`) in a namespace of its own, given the api-server's URL
and a copy of its JWT secret made with the documented command. The workers there run the
tutorial, whose task logs the api-server serves; their NetworkPolicy lets them reach the
api-server but not the database; and a worker scaled away with a task in flight drains: the task
finishes on its first try before the pod is gone. Both outputs use the image a user builds with
image/requirements/edge.txt (the drills' DAGs on top)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.cluster import deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE_EDGE
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import finished, log_text, now, task_states

pytestmark = pytest.mark.cluster
NAMESPACE = "kat-edge"
SITE = "kat-edge-site"
API_URL = f"http://airflow-api-server.{NAMESPACE}.svc:8080/edge_worker/v1/rpcapi"
WORKER = "airflow-edge-worker"
# The documented copy of the JWT secret into the workers' namespace.
COPY_JWT = (
    f"kubectl -n {NAMESPACE} get secret airflow-generated -o jsonpath='{{.data.jwt-secret}}' "
    f"| base64 -d | kubectl -n {SITE} create secret generic airflow-jwt "
    "--from-file=jwt-secret=/dev/stdin --dry-run=client -o json "
    "| kubectl apply --server-side -f -"
)
# A TCP connect from an edge worker's pod: 0 when it connects, 1 when refused or timed out.
CONNECT = (
    "import socket,sys\n"
    "try: socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)\n"
    "except OSError: sys.exit(1)"
)


def test_edge_workers_in_another_namespace(
    kube: Kube, cluster_images: dict[str, str], tmp_path: Path
) -> None:
    for namespace in (NAMESPACE, SITE):
        kube.delete_namespace(namespace)
    image = ("--image", AIRFLOW_IMAGE_EDGE, "--set", "executor=EdgeExecutor")
    main = deploy.synthesize(tmp_path / "main", *image, "--namespace", NAMESPACE,
                             "--set", "edge.replicas=0")  # fmt: skip
    site = deploy.synthesize(
        tmp_path / "site", *image, "--namespace", SITE, "--set", "edge.standalone=true",
        "--set", f"edge.api_url={API_URL}", "--set", "edge.termination_grace_period_seconds=180",
        "--set", "secrets.jwt_secret.name=airflow-jwt",
        "--set", "secrets.jwt_secret.key=jwt-secret",
    )  # fmt: skip
    try:
        started = time.monotonic()
        deploy.apply(kube, main)
        deploy.wait_converged(kube, NAMESPACE)
        # The user's steps: the workers' Namespace first, then the copy of the JWT secret.
        kube.run("apply", "-f", str(site / "0-namespace.k8s.yaml"))
        kube.bash(COPY_JWT, tmp_path)
        deploy.apply(kube, site)
        deploy.wait_converged(kube, SITE)
        TIMINGS["edge: apply both -> converged"] = time.monotonic() - started
        api = deploy.admin_api(kube, NAMESPACE, "tutorial", "scale")
        _tutorial_on_the_edge(api)
        _reaches_only_the_api_server(kube)
        _drains_on_scale_down(kube, api)
    except AssertionError as error:
        report = deploy.report(kube, NAMESPACE) + deploy.report(kube, SITE)
        raise AssertionError(f"{error}\n{report}") from error
    finally:
        for namespace in (NAMESPACE, SITE):
            kube.delete_namespace(namespace)


def _tutorial_on_the_edge(api: AirflowApi) -> None:
    """Every task on an edge worker of the other namespace, its log served by the api-server."""
    begin = time.monotonic()
    run_id = api.post("/api/v2/dags/tutorial/dagRuns", {"logical_date": now()})["dag_run_id"]
    final = api.wait_for("the tutorial on the edge", lambda: finished(api, run_id), timeout=600)
    assert final == "success", task_states(api, run_id)
    TIMINGS["edge: tutorial, trigger -> success"] = time.monotonic() - begin
    tasks = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances")["task_instances"]
    hosts = {t["task_id"]: t["hostname"] for t in tasks}
    assert all(h.startswith(f"{WORKER}-") for h in hosts.values()), hosts
    log = api.get(f"/api/v2/dags/tutorial/dagRuns/{run_id}/taskInstances/templated/logs/1")
    assert "seven days later" in log_text(log), log


def _reaches_only_the_api_server(kube: Kube) -> None:
    """From an edge worker's pod: the api-server answers; the database does not."""
    pod = f"deploy/{WORKER}"

    def connects(host: str, port: int) -> bool:
        command = ("exec", "-n", SITE, pod, "--", "python", "-c", CONNECT, host, str(port))
        return kube.run(*command, check=False, timeout=60).returncode == 0

    assert connects(f"airflow-api-server.{NAMESPACE}.svc", 8080)
    assert not connects(f"airflow-postgres.{NAMESPACE}.svc", 5432)


def _drains_on_scale_down(kube: Kube, api: AirflowApi) -> None:
    """A task of 60 s runs when its worker is scaled away: it finishes on its first try, and
    the pod goes only after it."""
    body = {"logical_date": now(), "conf": {"tasks": 1, "seconds": 60}}
    run_id = api.post("/api/v2/dags/scale/dagRuns", body)["dag_run_id"]
    instances = f"/api/v2/dags/scale/dagRuns/{run_id}/taskInstances"

    def running() -> bool:
        found = api.get(instances)["task_instances"]
        return any(t["task_id"] == "work" and t["state"] == "running" for t in found)

    api.wait_for("the 60 s task to run", running, timeout=300, every=1)
    pods = kube.json("get", "pods", "-n", SITE, "-l", "app.kubernetes.io/component=edge-worker")
    (name,) = [p["metadata"]["name"] for p in pods["items"]]
    stopped = time.monotonic()
    kube.run("scale", "deployment", WORKER, "-n", SITE, "--replicas=0")
    gone = kube.wait_until(
        "the draining worker's pod gone",
        lambda: kube.run("get", "pod", name, "-n", SITE, check=False).returncode != 0,
        timeout=240,
    )
    assert gone
    drained = time.monotonic() - stopped
    final = api.wait_for("the scale run", lambda: finished(api, run_id, "scale"), timeout=120)
    (work,) = [t for t in api.get(instances)["task_instances"] if t["task_id"] == "work"]
    assert final == "success" and work["try_number"] == 1, (final, work)
    assert drained >= 40, f"the pod went in {drained:.0f} s, before its task could finish"
    TIMINGS["edge: scale-down with a task in flight -> pod gone (task done)"] = drained
