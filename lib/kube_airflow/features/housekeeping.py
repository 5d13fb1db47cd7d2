"""Scheduled housekeeping, each a CronJob: `airflow db clean`, which keeps the metadata database
from growing without end (every DAG run, task instance, log line and XCom stays otherwise), and
with the KubernetesExecutor `airflow kubernetes cleanup-pods`."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.kube.skips import CLEANUP_TOKEN, checkov_skips
from kube_airflow.kube.specs import role_with_binding
from kube_airflow.kube.workloads import CronJob
from kube_airflow.pods.role import Role

if TYPE_CHECKING:
    from kube_airflow.pods.airflow_pods import AirflowPods
    from kube_airflow.props.housekeeping import DbCleanProps, ScheduledProps


def cron_job(
    scope: Construct,
    pods: AirflowPods,
    component: str,
    props: ScheduledProps,
    container: k8s.Container,
    *,
    skips: tuple[tuple[str, str], ...] = (),
    wait_for_migrations: bool = True,
    kube_api: bool = False,
) -> CronJob:
    """CronJob `<prefix>-<component>` running `container`: one Job at a time (a run still going
    when the next is due skips that one: two cleaners would only contend for the same rows), one
    retry, and the last succeeded and failed Job kept with its pod, so `kubectl logs` shows what
    the last runs did. Its pods do not roll with the config: each Job reads the config it starts
    with."""
    names = pods.names
    pod = pods.pod(
        scope,
        component,
        props,
        [container],
        wait_for_migrations=wait_for_migrations,
        restart_policy="Never",
        checksum=False,
        kube_api=kube_api,
    )
    return CronJob(
        scope,
        "cron-job",
        metadata=names.meta(component, annotations=checkov_skips(*pods.skips, *skips) or None),
        spec=k8s.CronJobSpec(
            schedule=props.schedule,
            time_zone=props.time_zone,
            concurrency_policy="Forbid",
            starting_deadline_seconds=props.starting_deadline_seconds,
            successful_jobs_history_limit=1,
            failed_jobs_history_limit=1,
            job_template=k8s.JobTemplateSpec(
                metadata=k8s.ObjectMeta(labels=names.labels(component)),
                spec=k8s.JobSpec(backoff_limit=1, template=pod),
            ),
        ),
    )


def db_clean_args(props: DbCleanProps) -> list[str]:
    """`airflow db clean` of the rows older than the retention, the cut-off computed when the Job
    runs (in UTC, so the controller's time zone does not shift it)."""
    options = ["--yes", "--error-on-cleanup-failure"]
    if props.skip_archive:
        options.append("--skip-archive")
    if props.tables:
        options += ["--tables", ",".join(props.tables)]
    script = (
        f'before=$(date -u -d "-{props.retention_days} days" +%Y-%m-%dT%H:%M:%S+00:00) && '
        'echo "deleting metadata older than $before" && '
        f'exec airflow db clean --clean-before-timestamp "$before" {shlex.join(options)}'
    )
    return ["bash", "-c", script]


class DbClean(Role):
    """CronJob `<prefix>-db-clean`. Without `--error-on-cleanup-failure` Airflow would report a
    table it failed to clean and still exit 0: the Job would look fine while the table grows."""

    COMPONENT = components.DB_CLEAN

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props = pods.props.db_clean
        container = pods.container(
            self.COMPONENT, db_clean_args(props), props.resources, reads=READS[self.COMPONENT]
        )
        self.cron_job = cron_job(self, pods, self.COMPONENT, props, container)


class CleanupPods(Role):
    """CronJob `<prefix>-cleanup-pods` with the KubernetesExecutor: deletes finished task pods
    (succeeded, failed, evicted) and ones pending too long. Its ServiceAccount
    `<prefix>-cleanup-pods` may only list and delete pods; it needs no database, so it waits for
    no migration."""

    COMPONENT = components.CLEANUP_PODS

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        props, names = pods.props.cleanup_pods, pods.names
        args = ["airflow", "kubernetes", "cleanup-pods", "--namespace", names.namespace]
        container = pods.container(
            self.COMPONENT, args, props.resources, reads=READS[self.COMPONENT]
        )
        self.cron_job = cron_job(
            self,
            pods,
            self.COMPONENT,
            props,
            container,
            skips=(CLEANUP_TOKEN,),
            wait_for_migrations=False,
            kube_api=True,
        )
        rules = [k8s.PolicyRule(api_groups=[""], resources=["pods"], verbs=["delete", "list"])]
        role_with_binding(self, names, self.COMPONENT, rules)
