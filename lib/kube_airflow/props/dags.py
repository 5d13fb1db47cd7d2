"""How DAG files reach the pods: baked into the image, synced from git, or on a volume."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.image_layout import DAGS_FOLDER
from kube_airflow.props.image import ImageRef
from kube_airflow.props.ingress import PATH_SEGMENT
from kube_airflow.props.kube import DnsSubdomain, Resources, SecretKeyRef, Size, resources
from kube_airflow.props.model import INT32_MAX, Int, Model, one_line
from kube_airflow.versions import GIT_SYNC_IMAGE

_GIT_URL = re.compile(r"^((https?|ssh|git|file)://[^/]+.*|[^@/:]+@[^@/:]+:.+)$")
# Where every Airflow container already mounts something (pod.py, config.py; pod.py is not
# imported: it would start the jsii runtime before bad input is reported).
_TAKEN_FOLDERS = {
    "/opt/airflow",
    "/tmp",
    "/opt/airflow/logs",
    "/opt/airflow/airflow.cfg",
    "/opt/airflow/webserver_config.py",
    "/opt/airflow/config",
    "/opt/kube-airflow",
}


def _check_relative_path(value: str) -> str:
    if value.startswith("/") or ".." in value.split("/") or (value and not one_line(value)):
        raise ValueError(
            f"sub_path {value!r} must be relative to the repository or volume root, one line, "
            "without '..'"
        )
    return value


def _check_git_url(value: str) -> str:
    if not _GIT_URL.match(value) or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError(
            "must be a git URL without spaces: https://host/path, ssh://[user@]host/path or "
            "user@host:path"
        )
    return value


def _check_git_ref(value: str) -> str:
    bad = set(" ~^:?*[\\") | {".."} | {"@{"} | {"//"}
    if (
        not one_line(value)
        or any(b in value for b in bad)
        or value.startswith(("-", "/"))
        or value.endswith(("/", ".", ".lock"))
    ):
        raise ValueError(
            "must be a branch, tag or commit as git names them: no spaces, '~', '^', ':', '?', "
            "'*', '[', '\\', '..', '@{' or '//', not starting with '-' or '/', not ending with "
            "'/', '.' or '.lock'"
        )
    return value


def _check_folder(v: str) -> str:
    folder = v.rstrip("/")
    segments = folder.split("/")[1:]
    if (
        not v.startswith("/")
        or folder in {"", *_TAKEN_FOLDERS}
        or not all(PATH_SEGMENT.match(s) and s not in {".", ".."} for s in segments)
    ):
        raise ValueError(
            f"folder {v!r} must be an absolute path of its own, such as /opt/airflow/dags "
            "(not /, /tmp, /opt/airflow, its logs folder or a mounted file), of letters, digits, "
            "'-', '.', '_' and '~'"
        )
    return folder


class Dags(Model):
    """Where Airflow finds DAG files: `folder` is both the mount path and [core] dags_folder."""

    folder: str = Field(default=DAGS_FOLDER, description="DAGs folder inside the pods.")

    @field_validator("folder")
    @classmethod
    def _folder(cls, v: str) -> str:
        return _check_folder(v)


class ImageDags(Dags):
    """DAGs baked into the image (build it from image/); nothing is mounted."""

    mode: Literal["image"] = "image"


class GitHttps(Model):
    """HTTPS credentials for git-sync, from existing Secrets."""

    username: SecretKeyRef
    password: SecretKeyRef = Field(description="Password or access token.")


class GitSsh(Model):
    """An SSH deploy key for git-sync, with the known_hosts that authenticate the server."""

    key: SecretKeyRef = Field(description="Secret key holding the private key.")
    known_hosts: SecretKeyRef | None = Field(
        default=None, description="Secret key holding known_hosts lines for the git server."
    )

    @model_validator(mode="after")
    def _known_hosts(self) -> GitSsh:
        if self.known_hosts is None:
            message = (
                "an SSH key needs 'known_hosts' (a Secret key holding the git server's host keys, "
                "e.g. from `ssh-keyscan github.com`): without it the server is not authenticated"
            )
            raise located([(("known_hosts",), message, None)])
        return self


class GitSyncDags(Dags):
    """A git-sync sidecar in every pod that parses or runs DAGs, with an init container so the
    first sync completes before Airflow starts."""

    mode: Literal["git-sync"] = "git-sync"
    repo: str | None = Field(default=None, description="Repository URL (https:// or ssh).")
    ref: str = Field(default="main", description="Branch, tag or commit to follow.")
    sub_path: str = Field(default="", description="Folder of the DAGs inside the repository.")
    period_seconds: Int = Field(default=60, ge=5, le=INT32_MAX, description="Time between syncs.")
    depth: Int = Field(
        default=1, ge=0, le=INT32_MAX, description="Clone depth; 0 means full history."
    )
    https: GitHttps | None = None
    ssh: GitSsh | None = None
    image: ImageRef = Field(default=GIT_SYNC_IMAGE, description="Pinned git-sync v4 image.")
    resources: Resources = Field(default=resources("10m", "64Mi", "500m", "256Mi"))
    checkout_size: Size = Field(
        default="512Mi",
        description="The emptyDir git-sync keeps the checkout in (the repository at `depth`, "
        "twice while it switches to a new commit); beyond it the kubelet evicts the pod.",
    )

    @field_validator("repo")
    @classmethod
    def _git_url(cls, v: str | None) -> str | None:
        return None if v is None else _check_git_url(v)

    @field_validator("ref")
    @classmethod
    def _ref(cls, v: str) -> str:
        return _check_git_ref(v)

    @field_validator("sub_path")
    @classmethod
    def _sub_path(cls, v: str) -> str:
        return _check_relative_path(v).strip("/")

    @model_validator(mode="after")
    def _repo(self) -> GitSyncDags:
        if not self.repo:
            message = "git-sync needs 'repo', the URL of the repository holding the DAGs"
            raise located([(("repo",), message, self.repo)])
        ssh_url = self.repo.startswith(("ssh://", "git@"))
        if self.ssh and self.https:
            message = "give either 'ssh' or 'https' credentials for git-sync, not both"
            raise located([(("https",), message, "ssh and https")])
        if self.ssh and not ssh_url:
            message = "an SSH key needs an SSH repo URL (git@... or ssh://)"
            raise located([(("repo",), message, self.repo)])
        if self.https and not self.repo.startswith("https://"):
            message = "HTTPS credentials need an https:// repo URL"
            raise located([(("repo",), message, self.repo)])
        return self


class VolumeDags(Dags):
    """DAGs on a PersistentVolumeClaim, mounted read-only at `folder` (also [core] dags_folder)."""

    mode: Literal["volume"] = "volume"
    claim: DnsSubdomain | None = Field(
        default=None, description="An existing PVC holding the DAGs."
    )
    size: Size | None = Field(
        default=None, description="Create the PVC `<prefix>-dags` of this size instead."
    )
    storage_class: DnsSubdomain | None = Field(
        default=None, description="StorageClass of a created PVC."
    )
    sub_path: str = Field(default="", description="Folder of the DAGs inside the volume.")

    @field_validator("sub_path")
    @classmethod
    def _sub_path(cls, v: str) -> str:
        return _check_relative_path(v)

    @model_validator(mode="after")
    def _claim(self) -> VolumeDags:
        if (self.claim is None) == (self.size is None):
            raise ValueError(
                "a volume needs either 'claim' (an existing PersistentVolumeClaim) or 'size' "
                "(to create one), exactly one of them"
            )
        return self
