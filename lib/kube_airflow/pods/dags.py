"""How DAG files reach the pods that parse or run them: baked into the image, synced from git by a
git-sync sidecar, or mounted from a PersistentVolumeClaim. One prop (`dags.mode`) chooses.

Only the dag-processor, the workers and the triggerer get DAG files: in Airflow 3 the scheduler
and the api-server work from the serialized DAGs in the database and never import a DAG file.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdk8s_plus_27 import k8s

from kube_airflow.core import components
from kube_airflow.core.config import GIT_LINK
from kube_airflow.core.naming import Names
from kube_airflow.core.secrets import Ref
from kube_airflow.kube.specs import (
    container_resources,
    container_security,
    empty_dir,
    http_probe,
    mount,
    port,
    tcp_probe,
)
from kube_airflow.kube.workloads import claim_spec
from kube_airflow.props import GitSyncDags, ImageDags, VolumeDags

VOLUME = "dags"
GIT_ROOT = "/git"
GIT_SECRET_DIR = "/etc/git-secret"
GIT_SYNC_UID = 65533  # the git-sync image's own user, which has a passwd entry ssh needs
GIT_SYNC_HTTP_PORT = 2020


@dataclass(frozen=True)
class DagDelivery:
    """The volumes, mounts and containers one DAG delivery mode adds to a pod."""

    dags: ImageDags | GitSyncDags | VolumeDags
    names: Names

    def volumes(self) -> list[k8s.Volume]:
        if self.dags.mode == "volume":
            claim = self.dags.claim or self.names.of(components.DAGS)
            source = k8s.PersistentVolumeClaimVolumeSource(claim_name=claim, read_only=True)
            return [k8s.Volume(name=VOLUME, persistent_volume_claim=source)]
        if self.dags.mode == "git-sync":
            return [empty_dir(VOLUME, self.dags.checkout_size), *self._git_secret_volume()]
        return []

    def mounts(self) -> list[k8s.VolumeMount]:
        """What an Airflow container mounts: the DAGs, read-only."""
        if self.dags.mode == "image":
            return []
        sub_path = self.dags.sub_path if self.dags.mode == "volume" else ""
        return [
            k8s.VolumeMount(
                name=VOLUME, mount_path=self.dags.folder, read_only=True, sub_path=sub_path or None
            )
        ]

    def init_containers(self) -> list[k8s.Container]:
        """git-sync once, so the DAGs are there before Airflow starts."""
        if self.dags.mode != "git-sync":
            return []
        return [self._git_sync("git-sync-init", self.dags, one_time=True)]

    def sidecars(self) -> list[k8s.Container]:
        if self.dags.mode != "git-sync":
            return []
        return [self._git_sync("git-sync", self.dags, one_time=False)]

    def _git_sync(self, name: str, git: GitSyncDags, one_time: bool) -> k8s.Container:
        # Ready once synced (`/` answers 503 until the first sync); alive while it listens: a
        # slow or failing sync never restarts the sidecar (its own GITSYNC_MAX_FAILURES does).
        synced = http_probe("/", "git-sync", period=30, failures=5)
        listening = tcp_probe("git-sync", period=30, failures=5)
        return k8s.Container(
            name=name,
            image=git.image,
            image_pull_policy="IfNotPresent",
            env=self._git_env(git, one_time),
            ports=None if one_time else [port("git-sync", GIT_SYNC_HTTP_PORT)],
            resources=container_resources(git.resources),
            # gid 0 is the pod's fsGroup: it reads the mode-0440 key files and writes the
            # emptyDir that Airflow (uid 50000, gid 0) reads.
            security_context=container_security(uid=GIT_SYNC_UID, gid=0),
            volume_mounts=[
                mount(VOLUME, GIT_ROOT),
                mount("tmp", "/tmp"),
                *([mount("git-secret", GIT_SECRET_DIR, read_only=True)] if git.ssh else []),
            ],
            liveness_probe=None if one_time else listening,
            readiness_probe=None if one_time else synced,
        )

    def _git_env(self, git: GitSyncDags, one_time: bool) -> list[k8s.EnvVar]:
        assert git.repo is not None
        values = {
            "GITSYNC_REPO": git.repo,
            "GITSYNC_REF": git.ref,
            "GITSYNC_ROOT": GIT_ROOT,
            "GITSYNC_LINK": GIT_LINK,
            "GITSYNC_DEPTH": str(git.depth),
            "GITSYNC_PERIOD": f"{git.period_seconds}s",
            # A few failed fetches (a git server blip) should not restart the sidecar.
            "GITSYNC_MAX_FAILURES": "0" if one_time else "5",
            "HOME": "/tmp",
        }
        if one_time:
            values["GITSYNC_ONE_TIME"] = "true"
        else:
            values["GITSYNC_HTTP_BIND"] = f":{GIT_SYNC_HTTP_PORT}"
        if git.ssh:
            values |= {
                "GITSYNC_SSH_KEY_FILE": f"{GIT_SECRET_DIR}/ssh",
                "GITSYNC_SSH_KNOWN_HOSTS": "true",
                "GITSYNC_SSH_KNOWN_HOSTS_FILE": f"{GIT_SECRET_DIR}/known_hosts",
            }
        env = [k8s.EnvVar(name=k, value=v) for k, v in values.items()]
        if git.https:
            user, password = git.https.username, git.https.password
            env += [
                Ref(user.name, user.key).env("GITSYNC_USERNAME"),
                Ref(password.name, password.key).env("GITSYNC_PASSWORD"),
            ]
        return env

    def _git_secret_volume(self) -> list[k8s.Volume]:
        git = self.dags
        if git.mode != "git-sync" or git.ssh is None:
            return []
        assert git.ssh.known_hosts is not None
        files = [(git.ssh.key, "ssh"), (git.ssh.known_hosts, "known_hosts")]
        sources = [
            k8s.VolumeProjection(
                secret=k8s.SecretProjection(
                    name=ref.name, items=[k8s.KeyToPath(key=ref.key, path=path)]
                )
            )
            for ref, path in files
        ]
        # 0440: readable by the owner and the pod's fsGroup (git-sync runs with gid 0), no one else.
        projected = k8s.ProjectedVolumeSource(sources=sources, default_mode=0o440)
        return [k8s.Volume(name="git-secret", projected=projected)]


def dags_claim(names: Names, dags: VolumeDags) -> k8s.KubePersistentVolumeClaimProps | None:
    """The PVC to create when the volume mode gives a size rather than an existing claim."""
    if dags.size is None:
        return None
    # Several pods on several nodes read it; whoever publishes DAGs writes it.
    spec = claim_spec(dags.size, dags.storage_class, "ReadWriteMany")
    return k8s.KubePersistentVolumeClaimProps(metadata=names.meta(components.DAGS), spec=spec)
