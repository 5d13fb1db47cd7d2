"""Task logs that outlive the pod that wrote them: a shared logs volume at Airflow's
base_log_folder with a groomer CronJob, and the environment remote logging reads its
credentials from (the `[logging]` options are rendered by config.py).

The groomer is one CronJob, not a sidecar per pod as in the official chart: a sidecar costs a
container (requests, a process, probes) in every pod that writes logs, all day, to delete files
once an hour; a Job costs nothing between runs. A sidecar can groom an emptyDir, which a CronJob
cannot reach, but an emptyDir goes with its pod anyway."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.secrets import Ref
from kube_airflow.features.housekeeping import cron_job
from kube_airflow.image_layout import LOGS_FOLDER
from kube_airflow.kube.specs import container_resources, container_security, mount
from kube_airflow.kube.workloads import claim_spec
from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.pods.environment import NO_ENTRYPOINT_WAIT
from kube_airflow.pods.role import Role
from kube_airflow.pods.volumes import LOGS_VOLUME

if TYPE_CHECKING:
    from kube_airflow.props.logs import RemoteLoggingProps


def remote_env(remote: RemoteLoggingProps) -> list[tuple[str, Ref]]:
    """(variable, Secret key) remote logging reads its credentials from: the Airflow
    connection, Elasticsearch's URL with credentials, OpenSearch's password."""
    found: list[tuple[str, Ref]] = []
    if remote.connection is not None and remote.conn_id is not None:
        name = f"AIRFLOW_CONN_{remote.conn_id.upper()}"
        found.append((name, Ref(remote.connection.name, remote.connection.key)))
    if remote.host_secret is not None:
        ref = Ref(remote.host_secret.name, remote.host_secret.key)
        found.append(("AIRFLOW__ELASTICSEARCH__HOST", ref))
    if remote.password is not None:
        found.append(
            ("AIRFLOW__OPENSEARCH__PASSWORD", Ref(remote.password.name, remote.password.key))
        )
    return found


def groomer_args(retention_days: int) -> list[str]:
    """Delete log files not written for `retention_days`, then the folders left empty (an hour
    old at least, so a folder a task has just made for its first log line stays)."""
    minutes = retention_days * 24 * 60
    folder = shlex.quote(LOGS_FOLDER)
    script = (
        f'echo "deleting log files older than {retention_days} days in {LOGS_FOLDER}" && '
        f"find {folder} -mindepth 1 -type f -mmin +{minutes} -print -delete | wc -l "
        '| xargs echo "files deleted:" && '
        f"exec find {folder} -mindepth 1 -type d -empty -mmin +60 -delete"
    )
    return ["bash", "-c", script]


class LogGroomer(Role):
    """CronJob `<prefix>-log-groomer`: `find` over the logs volume. It needs no database, no
    secrets and no Kubernetes API: no migration wait, no token."""

    COMPONENT = components.LOG_GROOMER

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        logs = pods.props.logs
        props = logs.groomer
        container = k8s.Container(
            name=self.COMPONENT,
            image=pods.image,
            image_pull_policy=pods.props.image.pull_policy,
            args=groomer_args(logs.retention_days),
            env=[NO_ENTRYPOINT_WAIT],
            resources=container_resources(props.resources),
            security_context=container_security(),
            volume_mounts=[mount(LOGS_VOLUME, LOGS_FOLDER), mount("tmp", "/tmp")],
        )
        self.cron_job = cron_job(
            self, pods, self.COMPONENT, props, container, wait_for_migrations=False
        )


class Logs(Construct):
    """The logs volume's claim (when created), its groomer, and remote logging's credentials
    in the pods that write or read logs."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods, roles: list[Role]) -> None:
        super().__init__(scope, id)
        logs, names = pods.props.logs, pods.names
        volume = logs.volume
        self.groomer = None
        if volume is not None:
            if volume.size is not None:
                # Every pod that writes or serves logs mounts it, on whichever node it runs.
                spec = claim_spec(volume.size, volume.storage_class, "ReadWriteMany")
                k8s.KubePersistentVolumeClaim(self, "claim", metadata=names.meta("logs"), spec=spec)
            self.groomer = LogGroomer(self, "groomer", pods=pods)
        if logs.remote is not None:
            for name, ref in remote_env(logs.remote):
                for role in roles:
                    role.add_env(name, secret=(ref.name, ref.key))
