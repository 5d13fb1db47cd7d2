"""The EdgeExecutor's workers (apache-airflow-providers-edge3): `airflow edge worker` polls the
api-server's edge API for tasks of its queues, runs them with the task SDK, and sends their logs
there. It needs no database, broker or log server: only the api-server and the JWT secret."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.image_layout import AIRFLOW_HOME
from kube_airflow.kube.skips import NO_READINESS
from kube_airflow.kube.specs import exec_probe, pod_field_env
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.pods.scripts import EDGE_WORKER_SCRIPT, SCRIPT_DIR

COMPONENT = components.EDGE_WORKER
# The worker keeps its pid and status files in $AIRFLOW_HOME, read-only here: the pod's /tmp
# instead. airflow.cfg and the plugins stay where the image has them.
WORKER_HOME = "/tmp"


def _script(*args: str) -> list[str]:
    return ["python", f"{SCRIPT_DIR}/{EDGE_WORKER_SCRIPT}", *args]


class EdgeWorkers(Role):
    """Deployment `<prefix>-edge-worker` and its disruption budget. A Deployment, not a
    StatefulSet: each pod registers under its own name (`--edge-hostname`), and a name the API
    still counts as active for 5 heartbeats after a crash is refused, so a replacement takes a
    new one."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.edge
        queues, concurrency = ",".join(props.queues), str(props.concurrency)
        command = ["airflow", "edge", "worker", "--queues", queues,
                   "--concurrency", concurrency, "--edge-hostname", "$(POD_NAME)"]  # fmt: skip
        env = [
            pod_field_env("POD_NAME", "metadata.name"),
            k8s.EnvVar(name="AIRFLOW_HOME", value=WORKER_HOME),
            k8s.EnvVar(name="AIRFLOW_CONFIG", value=f"{AIRFLOW_HOME}/airflow.cfg"),
            k8s.EnvVar(name="AIRFLOW__CORE__PLUGINS_FOLDER", value=f"{AIRFLOW_HOME}/plugins"),
        ]
        container = pods.container(
            COMPONENT,
            command,
            props.resources,
            reads=READS[COMPONENT],
            dags=True,
            env=env,
            # The event loop answers within seconds; a Python start without Airflow every
            # 5 minutes, two failures: a hung worker is restarted within about 10 minutes.
            probes={
                "liveness": exec_probe(
                    _script("alive", *pods.groom(COMPONENT, props.disk)),
                    period=300,
                    timeout=30,
                    failures=2,
                )
            },
            pre_stop=_script("stop"),
        )
        pod = pods.pod(
            self,
            COMPONENT,
            props,
            [container],
            wait_for_migrations=False,  # it never reads the database
            grace_seconds=props.termination_grace_period_seconds,
            dags=True,
        )
        self._deploy(pods, COMPONENT, pod, props, NO_READINESS)  # it listens on no port
