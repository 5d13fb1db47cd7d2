"""lib/kube_airflow/pods/volumes.py: what every Airflow pod mounts for the features every Airflow
process reads from: the logs volume, `webserver_config.py` and `airflow_local_settings.py`."""

from __future__ import annotations

from typing import Any

from tests.conformance.manifests import pod_specs
from tests.conftest import synth, with_task_pods

LOG_WRITERS = {"api-server", "scheduler", "dag-processor", "triggerer", "worker", "task"}
COMPONENT = "app.kubernetes.io/component"


def airflow_pods(variant: str) -> dict[str, dict[str, Any]]:
    """Component -> pod spec of every pod AirflowPods builds (those running Airflow, the task
    pods of the KubernetesExecutor too): the ones that mount airflow.cfg."""
    found = {}
    for doc in with_task_pods(synth(variant)):
        for _, spec in pod_specs(doc) if doc["kind"] != "ConfigMap" else []:
            mounts = [m["mountPath"] for m in spec["containers"][0].get("volumeMounts", [])]
            if "/opt/airflow/airflow.cfg" in mounts:
                found[doc["metadata"]["labels"][COMPONENT]] = spec
    return found


def volume(spec: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [v for v in spec["volumes"] if v["name"] == name]
    return found


def test_log_writers_share_the_claim_and_the_rest_keep_their_own() -> None:
    pods = airflow_pods("logs")
    assert set(pods) >= LOG_WRITERS
    for component, spec in pods.items():
        logs = volume(spec, "logs")
        if component in {*LOG_WRITERS, "log-groomer"}:
            assert logs["persistentVolumeClaim"] == {"claimName": "airflow-logs"}, component
        else:
            assert set(logs) == {"name", "emptyDir"} and logs["emptyDir"]["sizeLimit"], component


def test_without_a_logs_volume_every_pod_logs_to_its_own_empty_dir() -> None:
    for component, spec in airflow_pods("kubernetes-executor").items():
        assert volume(spec, "logs")["emptyDir"]["sizeLimit"], component


def test_the_sign_in_files_reach_every_airflow_container() -> None:
    pods = airflow_pods("sign-in-config-map")
    assert {"api-server", "worker", "task", "db-migrate"} <= set(pods)
    for component, spec in pods.items():
        assert volume(spec, "webserver-config")["configMap"]["name"] == "airflow-webserver"
        assert volume(spec, "local-settings")["configMap"]["name"] == "airflow-policies"
        for container in spec["containers"]:
            mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
            webserver = mounts["/opt/airflow/webserver_config.py"]
            assert webserver["name"] == "webserver-config" and webserver["readOnly"], component
            assert mounts["/opt/airflow/config"]["name"] == "local-settings", component


def test_by_default_our_webserver_config_comes_from_the_config_map() -> None:
    for component, spec in airflow_pods("default").items():
        names = {v["name"] for v in spec["volumes"]}
        assert not {"webserver-config", "local-settings"} & names, component
        mounts = {m["mountPath"]: m for m in spec["containers"][0]["volumeMounts"]}
        webserver = mounts["/opt/airflow/webserver_config.py"]
        assert (webserver["name"], webserver["subPath"]) == ("config", "webserver_config.py")
