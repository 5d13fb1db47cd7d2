"""The git server of the git-sync tests (tests/cluster/git/): Debian's git over smart HTTP (TLS,
basic auth) and over SSH (a host key, public-key login), one repository (/srv/git/dags.git,
branch main), reached as `git-server`: a Service in the test's namespace on the cluster, a
network alias on a podman network for the stand-in's check (tests/image/test_git_sync_standin.py).

HTTPS needs a certificate git-sync trusts. The manifests give git-sync no CA bundle of the user's
(its container takes no extra env or volume), so the test does what a user with a private CA does:
it names, in `dags.image`, a git-sync image that trusts that CA (git-sync-test-ca.Containerfile).
The CA is made once per machine under the cache (it is baked into that image); the SSH keys and
the password are made per run and given to both sides as Secrets (or files)."""

from __future__ import annotations

import base64
import io
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.cluster import deploy
from tests.cluster.build import cache_root
from tests.cluster.pki import Certificate, self_signed
from tests.conftest import ROOT

HERE = Path(__file__).parent / "git"
NAME = "git-server"
HTTPS_PORT = 8443
SSH_PORT = 2222
UID = 10022  # the server's account, git
SERVER_IMAGE = "kube-airflow-test-git-server:2.39"  # Debian bookworm's git 2.39
# The git-sync image under test plus the test CA, as a user with a private CA builds one.
GIT_SYNC_TEST_CA_IMAGE = "kube-airflow-test-git-sync:v4.4.0-test-ca"
REPOSITORY = "/srv/git/dags.git"
HTTPS_URL = f"https://{NAME}:{HTTPS_PORT}/git/dags.git"
SSH_URL = f"ssh://git@{NAME}:{SSH_PORT}{REPOSITORY}"
USERNAME = "airflow-dags"
# Every character a shell, a URL or an htpasswd line could trip on.
PASSWORD = "git'\"/ @:%$x?#&=\\"
# Where the server reads what the Secrets (or the podman check's files) hold.
MOUNTS = {
    "tls": "/etc/git-server/tls",
    "ssh": "/etc/git-server/ssh",
    "http": "/etc/git-server/http",
}


@dataclass(frozen=True)
class SshKeys:
    """The server's host key and the client's key, OpenSSH format."""

    host_key: str
    host_public: str
    client_key: str
    client_public: str

    def known_hosts(self, public: str | None = None) -> str:
        """The known_hosts line for the server (or, given `public`, for a server with that key)."""
        return f"[{NAME}]:{SSH_PORT} {public or self.host_public}\n"


def _ed25519() -> tuple[str, str]:
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return private, public.decode()


def ssh_keys() -> SshKeys:
    host, host_public = _ed25519()
    client, client_public = _ed25519()
    return SshKeys(host, host_public, client, client_public)


def certificate() -> Certificate:
    """The server's self-signed certificate (its own CA) for `git-server`, made once per machine:
    git-sync's test image trusts it."""
    folder = cache_root() / "git-server-tls"
    cert, key = folder / "tls.crt", folder / "tls.key"
    if not (cert.exists() and key.exists()):
        made = self_signed(NAME, days=3650)
        folder.mkdir(parents=True, exist_ok=True)
        key.write_text(made.key_pem)
        key.chmod(0o600)
        cert.write_text(made.pem)
    return Certificate(cert.read_text(), key.read_text(), "")


def server_files(keys: SshKeys) -> dict[str, dict[str, str]]:
    """What the server reads at start, by folder of MOUNTS."""
    tls = certificate()
    return {
        "tls": {"tls.crt": tls.pem, "tls.key": tls.key_pem},
        "ssh": {"host_key": keys.host_key, "authorized_keys": keys.client_public + "\n"},
        "http": {"username": USERNAME, "password": PASSWORD},
    }


def secret(namespace: str, name: str, data: dict[str, str]) -> dict[str, Any]:
    encoded = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    meta = {"name": name, "namespace": namespace}
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": encoded}


def server(namespace: str, keys: SshKeys) -> list[dict[str, Any]]:
    """The server's Secrets, its Deployment and its Service `git-server`, restricted like
    everything in the namespace; ready once both ports answer."""
    files = server_files(keys)
    secrets = [secret(namespace, f"{NAME}-{part}", data) for part, data in files.items()]
    both_ports = f"exec 3<>/dev/tcp/127.0.0.1/{HTTPS_PORT} && exec 4<>/dev/tcp/127.0.0.1/{SSH_PORT}"
    container = {
        "name": NAME,
        "image": SERVER_IMAGE,
        "imagePullPolicy": "IfNotPresent",
        "securityContext": {**deploy.RESTRICTED, "readOnlyRootFilesystem": True},
        "ports": [{"containerPort": HTTPS_PORT}, {"containerPort": SSH_PORT}],
        "readinessProbe": {"exec": {"command": ["bash", "-c", both_ports]}, "periodSeconds": 2},
        "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "256Mi"}},
        "volumeMounts": [
            {"name": "repositories", "mountPath": "/srv/git"},
            {"name": "tmp", "mountPath": "/tmp"},
            *({"name": part, "mountPath": path, "readOnly": True} for part, path in MOUNTS.items()),
        ],
    }
    volumes = [
        {"name": "repositories", "emptyDir": {}},
        {"name": "tmp", "emptyDir": {}},
        # Readable by the server's group only; sshd takes a host key owned by another user.
        *(
            {"name": part, "secret": {"secretName": f"{NAME}-{part}", "defaultMode": 0o440}}
            for part in MOUNTS
        ),
    ]
    pod = deploy.service_with_pod(
        namespace,
        NAME,
        container,
        [HTTPS_PORT, SSH_PORT],
        volumes=volumes,
        securityContext={
            "runAsNonRoot": True,
            "runAsUser": UID,
            "runAsGroup": UID,
            "fsGroup": UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    )
    return [*secrets, *pod]


def commit_input(files: dict[str, str]) -> str:
    """`git-commit-files`' standard input: the files (path: text) as a tar, in base64."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(path)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return base64.b64encode(buffer.getvalue()).decode()


def project_dags(under: str = "dags") -> dict[str, str]:
    """The project's dags/ as files of the repository, below `under`."""
    root = ROOT / "dags"
    return {f"{under}/{p.name}": p.read_text() for p in sorted(root.glob("*.py"))}


def dag_file(dag_id: str, tag: str = "git-sync") -> str:
    """A DAG of one task that prints its id."""
    return f'''"""Pushed by the git-sync test."""

from datetime import datetime

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG("{dag_id}", schedule=None, start_date=datetime(2026, 1, 1), tags=["{tag}"]):
    BashOperator(task_id="hello", bash_command="echo {dag_id}")
'''


# A DAG file a push broke: it still names `airflow` and `dag`, or the dag-processor's safe mode
# (dag_discovery_safe_mode) would not take it for a DAG file at all, and report nothing.
BROKEN = (
    '"""emoji_report, broken by a push."""\n'
    "from airflow.sdk import dag\n\n\n"
    "@dag(schedule=None\n"
    "def emoji_report(:\n"
    "    pass\n"
)
