"""What every pod shares: Pod Security `restricted`, read-only root, resources, labels, and for the
Airflow roles the config mount, the secret env and the wait for migrations.

Role modules build their containers with these helpers and so differ only in what is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

from kube_airflow.core.access import DATABASE, RESULTS
from kube_airflow.image_layout import AIRFLOW_HOME, AIRFLOW_UID, LOGS_FOLDER
from kube_airflow.kube.placement import spread
from kube_airflow.kube.pod_options import merged, pod_template
from kube_airflow.kube.skips import DIGEST, IMAGE, SECRET_ENV
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    empty_dir,
    mount,
    pod_security,
)
from kube_airflow.pods.environment import secret_env
from kube_airflow.pods.scripts import (
    DEFAULT_DISK,
    SCRIPT_DIR,
    SCRIPT_RESOURCES,
    check,
    groom,
    scripts_of,
)
from kube_airflow.pods.volumes import LOGS_VOLUME, logs_volume, sign_in_mounts, sign_in_volumes
from kube_airflow.props import Resources
from kube_airflow.props.kube import DiskProps
from kube_airflow.props.roles import ReplicatedProps

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names
    from kube_airflow.core.secrets import AirflowSecrets
    from kube_airflow.pods.dags import DagDelivery
    from kube_airflow.props import AirflowProps, ComponentProps

# The Jobs that run the Airflow CLI (`db migrate`, `users create`) load Airflow once (~150 MB).
CLI_RESOURCES = Resources(
    cpu_request="50m", memory_request="192Mi", cpu_limit="1", memory_limit="512Mi"
)
CONFIG_VOLUME = "config"
SCRIPTS_VOLUME = "scripts"


@dataclass(frozen=True)
class AirflowPods:
    """Builds the containers and pod specs of the Airflow roles (everything running the image)."""

    props: AirflowProps
    names: Names
    secrets: AirflowSecrets
    config_checksum: str
    delivery: DagDelivery

    @property
    def image(self) -> str:
        return self.props.image.ref

    @property
    def skips(self) -> tuple[tuple[str, str], ...]:
        """The checkov findings accepted on every Airflow workload (see skips.py)."""
        # Only when every image is pinned by digest: git-sync's sidecar has its own reference.
        git_sync = getattr(self.props.dags, "image", None)
        pinned_by_digest = self.props.image.digest is not None and "@sha256:" in (
            git_sync or "@sha256:"
        )
        return (*(s for s in IMAGE if not (pinned_by_digest and s == DIGEST)), SECRET_ENV)

    @cached_property
    def _envs(self) -> dict[frozenset[str], list[k8s.EnvVar]]:
        return {}

    def env(self, reads: frozenset[str]) -> list[k8s.EnvVar]:
        """What an Airflow container whose processes read `reads` (core/access.py) gets: those
        secrets and the connections they make, nothing else. Built once per set and shared
        (each jsii struct costs a type check and a round trip)."""
        if reads not in self._envs:
            self._envs[reads] = secret_env(self.props, self.names, self.secrets, reads)
        return self._envs[reads]

    def volumes(self, component: str, disk: DiskProps) -> list[k8s.Volume]:
        cfg = k8s.ConfigMapVolumeSource(name=self.names.config_map)
        scripts = k8s.ConfigMapVolumeSource(
            name=self.names.config_map,
            items=[k8s.KeyToPath(key=n, path=n) for n in scripts_of(self.props, component)],
        )
        return [
            k8s.Volume(name=CONFIG_VOLUME, config_map=cfg),
            k8s.Volume(name=SCRIPTS_VOLUME, config_map=scripts),
            empty_dir("tmp", disk.tmp),
            logs_volume(self.props.logs, self.names, component, disk.logs),
            *sign_in_volumes(self.props),
        ]

    def mounts(self) -> list[k8s.VolumeMount]:
        return [
            mount(CONFIG_VOLUME, f"{AIRFLOW_HOME}/airflow.cfg", "airflow.cfg", read_only=True),
            *sign_in_mounts(self.props, CONFIG_VOLUME),
            mount(SCRIPTS_VOLUME, SCRIPT_DIR, read_only=True),
            mount("tmp", "/tmp"),
            mount(LOGS_VOLUME, LOGS_FOLDER),
        ]

    def container(
        self,
        name: str,
        args: list[str],
        resources: Resources,
        *,
        reads: frozenset[str],
        ports: list[k8s.ContainerPort] | None = None,
        env: list[k8s.EnvVar] | None = None,
        probes: dict[str, k8s.Probe] | None = None,
        dags: bool = False,
        drain_seconds: int | None = None,
        pre_stop: list[str] | None = None,
    ) -> k8s.Container:
        """A container running `args` through the image's entrypoint (dumb-init as PID 1), given
        the secrets in `reads` (core/access.py); `dags` mounts the DAG files (for the roles that
        parse or run them); `drain_seconds` keeps a server answering that long after its pod is
        told to stop, while the Service's endpoints catch up; `pre_stop` runs a command
        instead before the stop signal."""
        probes = probes or {}
        mounts = [*self.mounts(), *(self.delivery.mounts() if dags else [])]
        return k8s.Container(
            name=name,
            image=self.image,
            image_pull_policy=self.props.image.pull_policy,
            args=args,
            env=self._env_with(reads, env or []),
            ports=ports,
            resources=container_resources(resources),
            security_context=container_security(),
            volume_mounts=mounts,
            liveness_probe=probes.get("liveness"),
            readiness_probe=probes.get("readiness"),
            startup_probe=probes.get("startup"),
            lifecycle=_pre_stop(pre_stop or _drain(drain_seconds)),
        )

    def _env_with(self, reads: frozenset[str], extra: list[k8s.EnvVar]) -> list[k8s.EnvVar]:
        """The env of `reads`, with `extra` replacing any variable of the same name in its
        place."""
        by_name = {e.name: e for e in extra}
        shared = [by_name.pop(e.name, e) for e in self.env(reads)]
        return [*shared, *by_name.values()]

    def groom(self, component: str, disk: DiskProps) -> list[str]:
        """See scripts.groom."""
        return groom(self.props, component, disk)

    def wait_for_migrations(self) -> k8s.Container:
        """Init container: start only once `airflow db migrate` has brought the schema up to
        date, so one `kubectl apply` converges without ordering by hand."""
        # The same wait as `airflow db check-migrations` (the image's own head revision against
        # the database's), without loading Airflow in every pod while the migration runs.
        return self.container(
            "wait-for-airflow-migrations",
            check("migrations"),
            SCRIPT_RESOURCES,
            reads=frozenset({DATABASE}),
        )

    def wait_for_results(self) -> list[k8s.Container]:
        """Init container of the pods that write Celery's results with a role of their own: start
        once that role may (the Job `<prefix>-celery-results-<tag>` made it), so no task's state
        is lost to a missing table or grant."""
        if self.props.results != "database_role":
            return []
        return [
            self.container(
                "wait-for-celery-results",
                check("celery-results"),
                SCRIPT_RESOURCES,
                reads=frozenset({RESULTS}),
            )
        ]

    def pod(
        self,
        scope: Construct,
        component: str,
        own: ComponentProps,
        containers: list[k8s.Container],
        *,
        wait_for_migrations: bool = True,
        wait_for_results: bool = False,
        grace_seconds: int | None = None,
        restart_policy: str | None = None,
        dags: bool = False,
        sync_dags: bool = True,
        checksum: bool = True,
        kube_api: bool = False,
        annotations: dict[str, str] | None = None,
    ) -> k8s.PodTemplateSpec:
        """The pod template of `component`, whose props are `own`, with the user's pod options
        (`pod_defaults` and `own`). `dags` adds the DAG delivery's volumes and first sync, and
        with `sync_dags` its sidecar (a pod that must end, such as a task's, takes none);
        `checksum` annotates the config checksum, so pods roll when config changes. `kube_api`:
        the pod talks to the Kubernetes API, so it gets a ServiceAccount of its own (whatever
        `service_account.per_role` says) and that account's token; no other pod mounts one."""
        init = [self.wait_for_migrations()] if wait_for_migrations else []
        init += self.wait_for_results() if wait_for_results else []
        volumes = self.volumes(component, getattr(own, "disk", DEFAULT_DISK))
        if dags:
            init += self.delivery.init_containers()
            containers = [*containers, *(self.delivery.sidecars() if sync_dags else [])]
            volumes += self.delivery.volumes()
        annotations = {
            **({"checksum/config": self.config_checksum} if checksum else {}),
            **(annotations or {}),
        }
        own_account = self.props.service_account.per_role or kube_api
        if own_account:
            self._own_service_account(scope, component, own)
        options = merged(self.props.pod_defaults, own)
        constraints: list[k8s.TopologySpreadConstraint] = []
        if isinstance(own, ReplicatedProps):
            options, constraints = spread(options, self.names.selector(component), own.spread)
        return pod_template(
            self.props.path_of(own),
            options,
            self.names.labels(component),
            annotations,
            containers=containers,
            init_containers=init,
            volumes=volumes,
            service_account_name=self.names.of(component)
            if own_account
            else self.names.service_account,
            automount_service_account_token=kube_api,
            security_context=pod_security(AIRFLOW_UID, 0),
            termination_grace_period_seconds=grace_seconds,
            restart_policy=restart_policy,
            topology_spread_constraints=constraints or None,
        )

    def _own_service_account(self, scope: Construct, component: str, own: ComponentProps) -> None:
        annotations = {**self.props.service_account.annotations, **own.service_account_annotations}
        k8s.KubeServiceAccount(
            scope,
            "service-account",
            metadata=self.names.meta(component, annotations=annotations or None),
            automount_service_account_token=False,
        )


def _drain(seconds: int | None) -> list[str] | None:
    """A preStop hook that waits `seconds` before the stop signal: the kubelet signals at once,
    while kube-proxy on every node still routes new connections to the pod for a moment; a
    server that has closed its socket then refuses them (seen under load: a burst of refused
    requests as the api-server's HPA scaled down)."""
    return None if seconds is None else ["sleep", str(seconds)]


def _pre_stop(command: list[str] | None) -> k8s.Lifecycle | None:
    if command is None:
        return None
    return k8s.Lifecycle(pre_stop=k8s.LifecycleHandler(exec=k8s.ExecAction(command=command)))
