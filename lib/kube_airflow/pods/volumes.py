"""The volumes an Airflow pod mounts for the features every Airflow process reads from:
`webserver_config.py` (the sign-in, features/sign_in.py) and `airflow_local_settings.py`, and
the logs volume (features/logs.py grooms it and wires remote logging).

The FAB auth manager reads `[fab] config_file` (default `$AIRFLOW_HOME/webserver_config.py`).
Airflow puts `$AIRFLOW_HOME/config` on `sys.path` and imports `airflow_local_settings` from there
when any process starts (airflow.settings), so that folder is mounted in every Airflow container:
the roles, the Jobs and the task pods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

from kube_airflow.core import components
from kube_airflow.image_layout import AIRFLOW_HOME
from kube_airflow.kube.specs import empty_dir, mount

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.props import AirflowProps
    from kube_airflow.props.logs import LogsProps

WEBSERVER_CONFIG_FILE = "webserver_config.py"
WEBSERVER_CONFIG_PATH = f"{AIRFLOW_HOME}/{WEBSERVER_CONFIG_FILE}"
LOCAL_SETTINGS_DIR = f"{AIRFLOW_HOME}/config"
LOCAL_SETTINGS_FILE = "airflow_local_settings.py"
WEBSERVER_CONFIG_VOLUME = "webserver-config"
LOCAL_SETTINGS_VOLUME = "local-settings"

LOGS_VOLUME = "logs"
# Where task, trigger and DAG-processing logs are written or read: these pods share the volume
# (the groomer to delete from it). The Jobs log to their own emptyDir.
LOG_COMPONENTS = frozenset(
    {
        components.API_SERVER,
        components.SCHEDULER,
        components.DAG_PROCESSOR,
        components.TRIGGERER,
        components.WORKER,
        components.TASK,
        components.LOG_GROOMER,
    }
)


def logs_volume(logs: LogsProps, names: Names, component: str, size: str) -> k8s.Volume:
    """The pod's `logs` volume: the shared claim for the components that write or serve logs,
    an emptyDir of `size` otherwise."""
    if logs.volume is None or components.role_of(component) not in LOG_COMPONENTS:
        return empty_dir(LOGS_VOLUME, size)
    claim = logs.volume.claim or names.of("logs")
    source = k8s.PersistentVolumeClaimVolumeSource(claim_name=claim)
    return k8s.Volume(name=LOGS_VOLUME, persistent_volume_claim=source)


def sign_in_volumes(props: AirflowProps) -> list[k8s.Volume]:
    """The user's ConfigMaps every Airflow pod mounts."""
    found = []
    if props.auth.type == "config_map":
        own = props.auth.config_map
        items = [k8s.KeyToPath(key=own.key, path=WEBSERVER_CONFIG_FILE)]
        source = k8s.ConfigMapVolumeSource(name=own.name, items=items)
        found.append(k8s.Volume(name=WEBSERVER_CONFIG_VOLUME, config_map=source))
    if props.local_settings is not None:
        ref = props.local_settings.config_map
        items = [k8s.KeyToPath(key=ref.key, path=LOCAL_SETTINGS_FILE)]
        source = k8s.ConfigMapVolumeSource(name=ref.name, items=items)
        found.append(k8s.Volume(name=LOCAL_SETTINGS_VOLUME, config_map=source))
    return found


def sign_in_mounts(props: AirflowProps, config_volume: str) -> list[k8s.VolumeMount]:
    """webserver_config.py (ours from `config_volume`, or the user's) and the local settings."""
    own = props.auth.type != "config_map"
    found = [
        mount(
            config_volume if own else WEBSERVER_CONFIG_VOLUME,
            WEBSERVER_CONFIG_PATH,
            WEBSERVER_CONFIG_FILE,
            read_only=True,
        )
    ]
    if props.local_settings is not None:
        found.append(mount(LOCAL_SETTINGS_VOLUME, LOCAL_SETTINGS_DIR, read_only=True))
    return found
