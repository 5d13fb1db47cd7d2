"""The scripts the Airflow pods run with `python` (kube_airflow/scripts/, shipped in the config
ConfigMap and mounted at SCRIPT_DIR): which pod mounts which, and how the checks and the
grooming of a pod's own logs are called."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from kube_airflow.core import components
from kube_airflow.props import Resources
from kube_airflow.props.kube import DiskProps, amount

if TYPE_CHECKING:
    from kube_airflow.props import AirflowProps

# A standard-library script (psycopg2 at most) that runs for a second: no Airflow is imported.
SCRIPT_RESOURCES = Resources(
    cpu_request="10m", memory_request="32Mi", cpu_limit="500m", memory_limit="128Mi"
)
SCRIPT_DIR = "/opt/kube-airflow"
# The scratch volumes of a pod that writes neither temporary files nor logs.
SCRIPT_TMP = "64Mi"
DEFAULT_DISK = DiskProps(tmp=SCRIPT_TMP, logs=SCRIPT_TMP)
# In the config ConfigMap beside airflow.cfg, mounted in SCRIPT_DIR of every Airflow container:
# the migration wait of the init containers and the dag-processor's and triggerer's liveness.
CHECKS = "checks.py"
# Beside it with `result_backend.type: database_role`, for the Job that makes the results role.
CELERY_RESULTS_SCRIPT = "celery_results.py"
# Beside it where the liveness probe grooms the pod's own logs.
GROOM = "groom.py"
# Beside it with the EdgeExecutor: the edge worker's liveness and preStop.
EDGE_WORKER_SCRIPT = "edge_worker.py"
# The roles that write log files into their pod's emptyDir when no logs volume is shared.
GROOMING = (
    components.DAG_PROCESSOR,
    components.TRIGGERER,
    components.WORKER,
    components.EDGE_WORKER,
)
# The share of the logs emptyDir the groomer keeps the finished logs under.
GROOM_SHARE = 0.8


def check(*args: str) -> list[str]:
    """The command running scripts/checks.py with `args` (see its docstring)."""
    return ["python", f"{SCRIPT_DIR}/{CHECKS}", *args]


def script_text(name: str) -> str:
    """One of the scripts shipped in kube_airflow/scripts/, run in the cluster by `python`."""
    return resources.files("kube_airflow").joinpath(f"scripts/{name}").read_text()


def config_scripts(props: AirflowProps) -> dict[str, str]:
    """The scripts in the config ConfigMap."""
    own = [CELERY_RESULTS_SCRIPT] if props.results == "database_role" else []
    own += [EDGE_WORKER_SCRIPT] if props.edge_on else []
    return {name: script_text(name) for name in (CHECKS, GROOM, *own)}


def scripts_of(props: AirflowProps, component: str) -> list[str]:
    """The scripts `component`'s pods mount."""
    own = {components.CELERY_RESULTS: [CELERY_RESULTS_SCRIPT],
           components.EDGE_WORKER: [EDGE_WORKER_SCRIPT]}.get(component, [])  # fmt: skip
    return [CHECKS, *own, *([GROOM] if grooms(props, component) else [])]


def grooms(props: AirflowProps, component: str) -> bool:
    """Whether `component`'s liveness probe grooms its logs: it writes logs, into an emptyDir (a
    shared logs volume has its CronJob)."""
    return components.role_of(component) in GROOMING and props.logs.volume is None


def groom(props: AirflowProps, component: str, disk: DiskProps) -> list[str]:
    """The liveness check's arguments that make it groom the pod's logs first: files older than
    `logs.retention_days`, then the oldest finished ones beyond GROOM_SHARE of the emptyDir
    (scripts/groom.py). No process of its own waits in the pod between the probe's runs."""
    if not grooms(props, component):
        return []
    most = int(GROOM_SHARE * int(amount(disk.logs)))
    return ["--groom", f"{props.logs.retention_days}:{most}"]
