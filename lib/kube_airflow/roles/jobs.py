"""The one-shot Jobs: the schema migration and the first user. Plain Jobs, not Helm-style hooks,
so `kubectl apply` and Argo CD / Flux treat them like any other object."""

from __future__ import annotations

import shlex

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.access import READS
from kube_airflow.core.connections import RESULTS_PASSWORD_VAR, database_env
from kube_airflow.kube.skips import checkov_skips
from kube_airflow.kube.workloads import Job
from kube_airflow.pods.airflow_pods import CLI_RESOURCES, AirflowPods
from kube_airflow.pods.role import Role
from kube_airflow.pods.scripts import CELERY_RESULTS_SCRIPT, SCRIPT_DIR, SCRIPT_RESOURCES, check
from kube_airflow.props import Resources


def _job(scope: Construct, pods: AirflowPods, component: str, pod: k8s.PodTemplateSpec) -> Job:
    names = pods.names
    return Job(
        scope,
        "job",
        metadata=names.meta(
            component, names.job(component, pods.props.image.tag), checkov_skips(*pods.skips)
        ),
        # No config checksum on the pod template: a Job's template is immutable, so one that
        # changed with every config edit could never be re-applied. Jobs read the ConfigMap
        # when they run; the name carries the image tag, so a new image runs them again.
        spec=k8s.JobSpec(backoff_limit=6, template=pod),
    )


def _straight_to_postgres(
    scope: Construct,
    pods: AirflowPods,
    component: str,
    args: list[str],
    resources: Resources,
    env: list[k8s.EnvVar] | None = None,
) -> k8s.PodTemplateSpec:
    """The pod of a Job that connects to PostgreSQL itself, past any PgBouncer, and waits for no
    migration (it runs before, or is, the migration)."""
    direct = database_env(pods.props, pods.names, pods.secrets, direct=True)
    container = pods.container(
        component, args, resources, reads=READS[component], env=[*direct, *(env or [])]
    )
    return pods.pod(
        scope,
        component,
        pods.props.jobs,
        [container],
        wait_for_migrations=False,
        restart_policy="Never",
        checksum=False,
    )


class DbMigrate(Role):
    """Job `<prefix>-db-migrate-<image tag>`: `airflow db migrate`, which is idempotent. Every other
    Airflow pod waits for it in its `wait-for-airflow-migrations` init container. Before it,
    checks.py waits for the database without starting Airflow and refuses an image older than the
    database (a downgrade), with the reason in each attempt's log. No podFailurePolicy to end the
    Job at the first refusal: its rules need `onPodConditions` in the 1.27-1.29 schemas, and
    API servers drop the empty list, so the Job would change on every `kubectl apply`."""

    COMPONENT = components.DB_MIGRATE

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        # Straight to PostgreSQL, past any PgBouncer: the migration holds an advisory lock and
        # long transactions, which need a server connection of its own.
        pod = _straight_to_postgres(self, pods, self.COMPONENT, check("db-migrate"), CLI_RESOURCES)
        self.job = _job(self, pods, self.COMPONENT, pod)


class CreateUser(Role):
    """Job `<prefix>-create-user-<image tag>`: the first user, through the FAB auth manager's CLI.
    `airflow users create` leaves an existing user alone, so re-running it changes nothing."""

    COMPONENT = components.CREATE_USER

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        user, password = pods.props.admin_user, pods.secrets.admin_password
        assert password is not None
        command = shlex.join(
            [
                "airflow",
                "users",
                "create",
                "--username",
                user.username,
                "--email",
                user.email,
                "--firstname",
                user.first_name,
                "--lastname",
                user.last_name,
                "--role",
                user.role,
            ]
        )
        container = pods.container(
            self.COMPONENT,
            # The password comes from the Secret through the env: quoted, so any character works,
            # and joined to its option, so one starting with `-` (a generated one may: 1 in 64)
            # is not taken for an option by argparse.
            ["bash", "-c", f'exec {command} --password="$ADMIN_PASSWORD"'],
            CLI_RESOURCES,
            reads=READS[self.COMPONENT],
            env=[password.env("ADMIN_PASSWORD")],
        )
        pod = pods.pod(
            self,
            self.COMPONENT,
            pods.props.jobs,
            [container],
            restart_policy="Never",
            checksum=False,
        )
        self.job = _job(self, pods, self.COMPONENT, pod)


class CeleryResults(Role):
    """Job `<prefix>-celery-results-<image tag>` with `result_backend.type: database_role`:
    Celery's result tables in Airflow's database and the role `result_backend.user` that may
    write only them (scripts/celery_results.py), so the workers, whose tasks run the user's
    code, hold no login to Airflow's own data. Straight to PostgreSQL, as the migration."""

    COMPONENT = components.CELERY_RESULTS

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods) -> None:
        super().__init__(scope, id)
        password = pods.secrets.celery_results_password
        assert password is not None
        role = k8s.EnvVar(name="RESULTS_USER", value=pods.props.results_role)
        args = ["python", f"{SCRIPT_DIR}/{CELERY_RESULTS_SCRIPT}"]
        pod = _straight_to_postgres(
            self,
            pods,
            self.COMPONENT,
            args,
            SCRIPT_RESOURCES,
            [role, password.env(RESULTS_PASSWORD_VAR)],
        )
        self.job = _job(self, pods, self.COMPONENT, pod)
