"""Fault drills on the real cluster (pytest marker `drills`, `make drills`).

Each drill runs the drills' DAG (tests/cluster/dags/drill.py: one task working for a set number of
seconds), causes a fault while the task runs, and asserts the DAG run still succeeds. It reports
the seconds from the fault to the run's success and the task's tries in the timings printed at
the end. The deployment is the default one with two api-server and two scheduler replicas (as a
production deployment runs them), on the drills' image.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from tests.cluster import cluster, deploy
from tests.cluster.airflow_api import AirflowApi
from tests.cluster.conftest import FIGURES, TIMINGS
from tests.cluster.images import AIRFLOW_IMAGE_DRILLS
from tests.cluster.kube import Kube
from tests.cluster.test_tutorial import finished, now

pytestmark = pytest.mark.drills
NAMESPACE = "kat-drills"
TASK_SECONDS = 30
DRILL_GRACE = 180
# A crashed worker's task must be running again within two minutes of the crash: the task
# heartbeat timeout (60 s), the scheduler's check of it (every 10 s), the retry delay (5 s) and
# the retry's start. The run's success follows after the retry's own 30 s of work.
RECOVERY_LIMIT = 120
# The main process of a container: the child of its init (dumb-init in the Airflow image).
KILL_MAIN = "kill -9 $(cat /proc/1/task/1/children)"
STOP_MAIN = "kill -STOP $(cat /proc/1/task/1/children)"
# The broker's Erlang VM, found by name (the image has no pgrep).
STOP_BEAM = (
    "for p in /proc/[0-9]*; do"
    ' if [ "$(cat $p/comm 2>/dev/null)" = beam.smp ]; then kill -STOP ${p#/proc/}; fi; done'
)


@dataclass
class Drills:
    kube: Kube
    api: AirflowApi
    fault_time: float = 0.0  # when the last fault was caused, wall clock (the API's dates are)

    def pods(self, component: str) -> list[dict[str, Any]]:
        selector = f"app.kubernetes.io/component={component}"
        items: list[dict[str, Any]] = self.kube.json(
            "get", "pods", "-n", NAMESPACE, "-l", selector
        )["items"]
        return [p for p in items if not p["metadata"].get("deletionTimestamp")]

    def restarts(self, component: str) -> int:
        return sum(
            c["restartCount"]
            for pod in self.pods(component)
            for c in pod["status"].get("containerStatuses", [])
        )

    def trigger(self, seconds: int = TASK_SECONDS) -> str:
        body = {"logical_date": now(), "conf": {"seconds": seconds}}
        return str(self.api.post("/api/v2/dags/drill/dagRuns", body)["dag_run_id"])

    def task(self, run_id: str) -> dict[str, Any]:
        path = f"/api/v2/dags/drill/dagRuns/{run_id}/taskInstances/work"
        return dict(self.api.get(path))

    def running(self, run_id: str, after: float = 5) -> dict[str, Any]:
        """Wait until the task runs and has worked `after` seconds; returns the task instance."""
        task = self.api.wait_for(
            "the drill task to run",
            lambda: (t := self.task(run_id))["state"] == "running" and t,
            timeout=300,
            every=1,
        )
        time.sleep(after)
        return dict(task)

    def delete_pod(self, pod: str) -> None:
        self.kube.run("delete", "pod", "-n", NAMESPACE, pod, "--wait=false")

    def fault_during_run(
        self,
        name: str,
        cause: Callable[[dict[str, Any]], None],
        seconds: int = TASK_SECONDS,
        converge: float = 300,
    ) -> tuple[dict[str, Any], float]:
        """Trigger a run, `cause(task)` while its task works, assert the run succeeds; then wait
        until the deployment has converged again. Returns the task and the seconds from the
        fault to the run's success."""
        run_id = self.trigger(seconds)
        task = self.running(run_id)
        fault, self.fault_time = time.monotonic(), time.time()
        cause(task)
        done = self.succeeds(run_id, fault, name)
        recovered = time.monotonic() - fault
        deploy.wait_converged(self.kube, NAMESPACE, timeout=converge)
        return done, recovered

    def succeeds(self, run_id: str, fault: float, name: str) -> dict[str, Any]:
        """Assert the run succeeds; record the seconds from the fault and the tries."""
        state = self.api.wait_for(
            f"the drill run after: {name}", lambda: finished(self.api, run_id, "drill"), timeout=600
        )
        # The run can finish while every api-server restarts (the everything-restarted drill):
        # its task is read the way the run was, through the same wait.
        task = self.api.wait_for("the drill's task", lambda: self.task(run_id), timeout=120)
        assert state == "success", f"{name}: run {state}, task {task}"
        TIMINGS[f"drill {name}: fault -> run success (tries: {task['try_number']})"] = (
            time.monotonic() - fault
        )
        return task


def _pod_of(task: dict[str, Any]) -> str:
    """The worker pod that runs a task: its hostname is the pod's DNS name under the Service."""
    return str(task["hostname"]).split(".")[0]


@pytest.fixture(scope="module")
def drills(
    kube: Kube, cluster_images: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Drills]:
    kube.delete_namespace(NAMESPACE)
    if kube.local:
        cluster.recycle_volumes()
    dist = deploy.synthesize(
        tmp_path_factory.mktemp("drills"),
        *("--image", AIRFLOW_IMAGE_DRILLS, "--namespace", NAMESPACE),
        *("--set", "api_server.replicas=2", "--set", "scheduler.replicas=2"),
        # Three times the longest drill task, so a warm shutdown still finishes it: a worker
        # whose broker restarted under it may wait out its whole grace period after the task
        # (docs/limits.md), 600 s by default.
        *("--set", f"workers.termination_grace_period_seconds={DRILL_GRACE}"),
    )
    deploy.apply(kube, dist)
    try:
        deploy.wait_converged(kube, NAMESPACE)
        yield Drills(kube, deploy.admin_api(kube, NAMESPACE, "drill"))
    except AssertionError as error:
        raise AssertionError(f"{error}\n{deploy.report(kube, NAMESPACE)}") from error
    finally:
        kube.delete_namespace(NAMESPACE)


def exec_main(drills: Drills, pod: str, component: str, script: str) -> None:
    result = drills.kube.run(
        "exec", "-n", NAMESPACE, pod, "-c", component, "--", "sh", "-c", script, check=False
    )
    assert result.returncode in (0, 137), result.stdout + result.stderr


def test_worker_killed(drills: Drills) -> None:
    """SIGKILL of the worker's main process, as the OOM killer does: the container restarts, the
    task's missed heartbeats fail that try, and the retry runs within two minutes and succeeds."""
    before = drills.restarts("worker")
    done, _ = drills.fault_during_run(
        "worker main process SIGKILLed",
        lambda task: exec_main(drills, _pod_of(task), "worker", KILL_MAIN),
    )
    # The task instance's start_date is its last try's, set where the retry began.
    retried = datetime.fromisoformat(done["start_date"]).timestamp() - drills.fault_time
    TIMINGS["drill worker main process SIGKILLed: fault -> retry running"] = retried
    assert done["try_number"] >= 2, done
    assert retried < RECOVERY_LIMIT, done
    assert drills.restarts("worker") > before


def test_worker_pod_deleted(drills: Drills) -> None:
    """A worker pod deleted (drain, scale-down, rollout): Celery's warm shutdown lets the running
    task finish on that worker, in one try."""
    task, _ = drills.fault_during_run(
        "worker pod deleted", lambda task: drills.delete_pod(_pod_of(task)), converge=900
    )
    assert task["try_number"] == 1, task


def test_scheduler_killed(drills: Drills) -> None:
    pod = drills.pods("scheduler")[0]["metadata"]["name"]
    task, _ = drills.fault_during_run(
        "scheduler main process SIGKILLed",
        lambda _: exec_main(drills, pod, "scheduler", KILL_MAIN),
    )
    assert task["try_number"] == 1, task


def test_one_of_two_schedulers_deleted(drills: Drills) -> None:
    pod = drills.pods("scheduler")[0]["metadata"]["name"]
    task, _ = drills.fault_during_run(
        "one of two schedulers deleted", lambda _: drills.delete_pod(pod)
    )
    assert task["try_number"] == 1, task


def test_postgres_pod_deleted(drills: Drills) -> None:
    """The database's pod deleted mid-run: its PVC keeps the data; the task may need a retry (it
    cannot heartbeat while the database is away), the run succeeds. No api-server is restarted:
    a connect to the deleted pod's address, which gets no answer, gives up after 10 s
    (PGCONNECT_TIMEOUT) instead of freezing the api-server's event loop, probes included, until
    its liveness probe kills it, as it once did. Whether a connect meets that window is timing:
    the silent-database drill below is the deterministic check of the bound."""
    before = drills.restarts("api-server")
    drills.fault_during_run(
        "Postgres pod deleted", lambda _: drills.delete_pod("airflow-postgres-0")
    )
    assert drills.restarts("api-server") == before, deploy.report(drills.kube, NAMESPACE)


# A database that accepts the connection and never answers (a hung server, or one whose replies
# are lost), served inside the api-server's pod; psycopg2 connects with the pod's own env.
SILENT_DATABASE = """
import socket, threading, time, psycopg2
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
held = []
threading.Thread(target=lambda: held.append(server.accept()), daemon=True).start()
start = time.monotonic()
try:
    psycopg2.connect(host="127.0.0.1", port=server.getsockname()[1], user="a", dbname="a")
except psycopg2.OperationalError as error:
    print(f"{time.monotonic() - start:.1f} {str(error).strip()}")
"""


def test_a_connect_to_a_silent_database_gives_up_after_ten_seconds(drills: Drills) -> None:
    """The bound the Postgres drill relies on, made deterministic: in the api-server's container,
    with its env (PGCONNECT_TIMEOUT) and its image's libpq, a connect that gets no answer fails
    after 10 s. Without the variable it waits for as long as the server stays silent."""
    result = drills.kube.run(
        "exec", "-n", NAMESPACE, "deploy/airflow-api-server", "-c", "api-server", "--",
        "timeout", "60", "python", "-c", SILENT_DATABASE, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"no answer after 60 s: {result.stdout}{result.stderr}"
    seconds, message = result.stdout.strip().split(" ", 1)
    FIGURES["a connect to a silent database: gave up after"] = f"{seconds} s ({message})"
    assert "timeout expired" in message and 9 <= float(seconds) <= 15, result.stdout


def worker_pods(kube: Kube) -> list[str]:
    """Every worker pod, those being deleted included."""
    selector = "app.kubernetes.io/component=worker"
    return list(kube.json("get", "pods", "-n", NAMESPACE, "-l", selector)["items"])


def messages_ready(kube: Kube) -> int:
    """The messages waiting in Airflow's default Celery queue, as RabbitMQ counts them."""
    listed = kube.run(
        *("exec", "-n", NAMESPACE, "airflow-rabbitmq-0", "-c", "rabbitmq", "--"),
        *("rabbitmqctl", "-q", "-p", "airflow", "list_queues", "--no-table-headers"),
        *("name", "messages_ready"),
    ).stdout
    counts = dict(line.split() for line in listed.splitlines() if len(line.split()) == 2)
    return int(counts.get("default", 0))


def test_broker_pod_deleted_with_tasks_queued(drills: Drills) -> None:
    """No worker runs, three tasks wait in the broker, the broker's pod is deleted: its queues
    and messages are durable, so every task runs once the workers are back."""
    kube = drills.kube
    kube.run("scale", "statefulset", "airflow-worker", "-n", NAMESPACE, "--replicas=0")
    # Gone, not only terminating: a worker not yet told to stop still takes tasks.
    kube.wait_until("no worker pods", lambda: not worker_pods(kube), timeout=300)
    runs = [drills.trigger(seconds=5) for _ in range(3)]
    drills.api.wait_for(
        "the tasks queued",
        lambda: all(drills.task(r)["state"] == "queued" for r in runs),
        timeout=300,
    )
    # Airflow marks a task queued before its executor publishes it: wait for the messages.
    kube.wait_until("three messages in the broker", lambda: messages_ready(kube) == 3, 120)
    fault = time.monotonic()
    kube.run("delete", "pod", "-n", NAMESPACE, "airflow-rabbitmq-0", "--wait=true")
    kube.run("rollout", "status", "statefulset/airflow-rabbitmq", "-n", NAMESPACE, timeout=300)
    kube.run("scale", "statefulset", "airflow-worker", "-n", NAMESPACE, "--replicas=2")
    for number, run_id in enumerate(runs, 1):
        task = drills.succeeds(run_id, fault, f"broker pod deleted, queued task {number}/3")
        assert task["try_number"] == 1, task
    deploy.wait_converged(kube, NAMESPACE, timeout=300)


def test_api_server_deleted_while_polled(drills: Drills) -> None:
    """A client polls the REST API once a second for 60 s; one of the two api-server pods is
    deleted after 10 s. At most two requests may fail."""
    pod = drills.pods("api-server")[0]["metadata"]["name"]
    failures, started, deleted = [], time.monotonic(), False
    while time.monotonic() - started < 60:
        tick = time.monotonic()
        if not deleted and tick - started >= 10:
            drills.delete_pod(pod)
            deleted = True
        try:
            drills.api.get("/api/v2/monitor/health")
        except OSError as error:  # URLError, HTTPError and connection errors
            failures.append(f"{tick - started:.0f} s: {error}")
        time.sleep(max(0.0, 1 - (time.monotonic() - tick)))
    FIGURES["drill api-server pod deleted: failed requests of 60"] = str(len(failures))
    assert len(failures) <= 2, failures
    deploy.wait_converged(drills.kube, NAMESPACE, timeout=300)


def test_everything_restarted_during_a_run(drills: Drills) -> None:
    """`kubectl rollout restart` of every Deployment and StatefulSet while a task runs."""
    restart = ("rollout", "restart", "deployment,statefulset", "-n", NAMESPACE)
    drills.fault_during_run(
        "everything restarted", lambda _: drills.kube.run(*restart), seconds=60, converge=900
    )


@dataclass
class Hang:
    component: str
    what: str
    restarts_before: int
    fault: float


def hang(drills: Drills, component: str, stop: str, what: str) -> Hang:
    """Stop `component`'s process with the `stop` script."""
    pod = drills.pods(component)[0]["metadata"]["name"]
    before = drills.restarts(component)
    fault = time.monotonic()
    exec_main(drills, pod, component, stop)
    return Hang(component, what, before, fault)


def restarted(drills: Drills, hung: Hang) -> None:
    """Wait for the kubelet to restart the hung container (its liveness probe failing)."""
    drills.kube.wait_until(
        # The triggerer's worst case: the 30 s heartbeat threshold passed just after a probe,
        # two failures 2 minutes apart (240 s), then the 60 s grace that a stopped process sits
        # out before its SIGKILL: 300 s, and the restart on a busy node on top.
        f"the hung {hung.what} restarted",
        lambda: drills.restarts(hung.component) > hung.restarts_before,
        480 - (time.monotonic() - hung.fault),
    )
    TIMINGS[f"drill {hung.what} hung (SIGSTOP): fault -> restarted"] = time.monotonic() - hung.fault


def test_hung_triggerer_and_broker_are_restarted(drills: Drills) -> None:
    """Both hung at once, since neither's probe depends on the other (the triggerer never
    talks to the broker) and each waits minutes for its probe:
    - the triggerer's main process stopped (SIGSTOP: alive, but no heartbeat): its liveness
      probe, which reads the job's heartbeat without loading Airflow, restarts it;
    - RabbitMQ's Erlang VM stopped (SIGSTOP: the kernel still completes TCP connects, so a tcp
      probe would pass): the liveness probe's AMQP handshake gets no answer and the kubelet
      restarts it; the durable queues bring the deployment back and a run succeeds."""
    hung = [
        hang(drills, "triggerer", STOP_MAIN, "triggerer"),
        hang(drills, "rabbitmq", STOP_BEAM, "broker"),
    ]
    for each in hung:
        restarted(drills, each)
    deploy.wait_converged(drills.kube, NAMESPACE, timeout=300)
    run_id = drills.trigger(seconds=5)
    state = drills.api.wait_for(
        "a run after the restart", lambda: finished(drills.api, run_id, "drill"), 300
    )
    assert state == "success", drills.task(run_id)
