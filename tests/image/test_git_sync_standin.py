"""git-sync's stand-in against the test git server (tests/cluster/git_server.py), both podman
containers on one podman network, run as the kubelet runs our manifests' containers: git-sync as
65533:0 with a read-only root, only /git (an emptyDir's mode, 0777) and /tmp writable, no
capability, no privilege escalation, with the environment our synthesized git-sync example gives
its init container and its sidecar (Secret references resolved to this test's values) and the
SSH files where its projected volume puts them (owned by root, group 0, mode 0440).

Checked: the image's contract (uid, passwd entry, HOME, GITSYNC_ROOT, entrypoint); a first sync
over HTTPS with basic auth and over SSH with known_hosts; a wrong host key, and a wrong password,
refused; the sidecar's health endpoint (503, then 200), the password on no command line in the
container, and a push picked up by the next sync.

KUBE_AIRFLOW_GIT_SYNC_IMAGE=<image> runs the same checks on another git-sync image (the official
one where it can be pulled) instead of the stand-in."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cluster import deploy, git_server, images
from tests.podman import git_sync_standin, podman, program_of, require_podman

IMAGE_UNDER_TEST = "KUBE_AIRFLOW_GIT_SYNC_IMAGE"
HTTPS_SECRET, SSH_SECRET = "git-https", "git-ssh"
PERIOD = 5  # the shortest period_seconds the props take
RESTRICTED = ["--read-only", "--read-only-tmpfs=false", "--cap-drop", "ALL",
              "--security-opt", "no-new-privileges"]  # fmt: skip
FIGURES: dict[str, str] = {}


@dataclass(frozen=True)
class Setup:
    net: str
    work: Path
    image: str  # git-sync, trusting the test server's certificate
    keys: git_server.SshKeys
    https: tuple[dict[str, str], dict[str, str]]  # (init container env, sidecar env)
    ssh: tuple[dict[str, str], dict[str, str]]


def git_sync_env(tmp: Path, dags: dict[str, Any], values: dict[tuple[str, str], str]) -> Any:
    """The env of the dag-processor's git-sync init container and sidecar in our output for
    `dags`, each Secret reference replaced by values[(secret, key)]."""
    (tmp / "values.json").write_text(json.dumps({"dags": dags}))
    dist = deploy.synthesize(tmp / "dist", "--values", str(tmp / "values.json"))
    for doc in yaml.safe_load_all((dist / "airflow.k8s.yaml").read_text()):
        if doc["kind"] == "Deployment" and doc["metadata"]["name"] == "airflow-dag-processor":
            spec = doc["spec"]["template"]["spec"]
            break
    found = {c["name"]: c for c in spec["initContainers"] + spec["containers"]}

    def env(container: dict[str, Any]) -> dict[str, str]:
        out = {}
        for var in container["env"]:
            ref = var.get("valueFrom", {}).get("secretKeyRef")
            out[var["name"]] = values[(ref["name"], ref["key"])] if ref else var["value"]
        return out

    return env(found["git-sync-init"]), env(found["git-sync"])


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    require_podman()
    work = tmp_path_factory.mktemp("git-sync")
    begin = time.monotonic()
    built = images.build_git_sync(os.environ.get(IMAGE_UNDER_TEST) or git_sync_standin())
    FIGURES["images built (cached: stand-in, test CA, git server)"] = (
        f"{time.monotonic() - begin:.1f} s"
    )
    keys = git_server.ssh_keys()
    image = built[git_server.GIT_SYNC_TEST_CA_IMAGE]
    secrets = {
        (HTTPS_SECRET, "username"): git_server.USERNAME,
        (HTTPS_SECRET, "password"): git_server.PASSWORD,
    }
    common = {"mode": "git-sync", "ref": "main", "sub_path": "dags", "period_seconds": PERIOD}
    https = {**common, "repo": git_server.HTTPS_URL, "image": image, "https": {
        "username": {"name": HTTPS_SECRET, "key": "username"},
        "password": {"name": HTTPS_SECRET, "key": "password"},
    }}  # fmt: skip
    ssh = {**common, "repo": git_server.SSH_URL, "image": image, "ssh": {
        "key": {"name": SSH_SECRET, "key": "id_ed25519"},
        "known_hosts": {"name": SSH_SECRET, "key": "known_hosts"},
    }}  # fmt: skip
    net = f"kat-git-{uuid.uuid4().hex[:6]}"
    podman("network", "create", "--label", f"kube-airflow-test={net}", net)
    try:
        start_server(net, work, keys)
        commit(net, "the project's DAGs", git_server.project_dags())
        (work / "https").mkdir()
        (work / "ssh").mkdir()
        yield Setup(
            net, work, image, keys,
            git_sync_env(work / "https", https, secrets),
            git_sync_env(work / "ssh", ssh, secrets),
        )  # fmt: skip
    finally:
        for ctr in podman("ps", "-aq", "--filter", f"network={net}", check=False).stdout.split():
            podman("rm", "-f", "-t", "2", ctr, check=False)
        podman("network", "rm", "-f", net, check=False)
        print("\n" + "\n".join(f"git-sync stand-in, {k}: {v}" for k, v in FIGURES.items()))


def _files(folder: Path, files: dict[str, str], uid: int, gid: int, mode: int) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
        os.chown(folder / name, uid, gid)
        (folder / name).chmod(mode)
    return folder


def start_server(net: str, work: Path, keys: git_server.SshKeys) -> None:
    """The server as its pod runs it: its uid, a read-only root, the Secrets' files readable by
    its group only (root-owned here, as a Secret volume's files are)."""
    uid = git_server.UID
    mounts = []
    for part, files in git_server.server_files(keys).items():
        folder = _files(work / "server" / part, files, 0, uid, 0o440)
        mounts += ["-v", f"{folder}:{git_server.MOUNTS[part]}:ro"]
    repositories = work / "server" / "repositories"
    repositories.mkdir()
    os.chown(repositories, uid, uid)
    podman(
        "run", "-d", "--name", f"{net}-server", "--network", net,
        "--network-alias", git_server.NAME, "--user", f"{uid}:{uid}", *RESTRICTED,
        "-v", f"{repositories}:/srv/git",
        "--tmpfs", "/tmp:mode=1777", *mounts, git_server.SERVER_IMAGE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    probe = f"exec 3<>/dev/tcp/127.0.0.1/{git_server.HTTPS_PORT} 4<>/dev/tcp/127.0.0.1/2222"
    while podman("exec", f"{net}-server", "bash", "-c", probe, check=False).returncode != 0:
        logs = podman("logs", f"{net}-server", check=False)
        assert time.monotonic() < deadline, f"the git server did not start: {logs.stderr}"
        time.sleep(0.5)


def commit(net: str, message: str, files: dict[str, str], *deleted: str) -> str:
    """One commit on the server's main branch; returns its hash."""
    command = ["exec", "-i", f"{net}-server", "git-commit-files", message, *deleted]
    payload = git_server.commit_input(files).encode()
    output: str | bytes = podman(*command, input=payload).stdout  # bytes, given bytes
    return (output.decode() if isinstance(output, bytes) else output).strip()


def run_git_sync(
    setup: Setup, env: dict[str, str], name: str, *extra: str, detach: bool = False
) -> Any:
    """git-sync as our pod runs it; its /git is work/<name> (an emptyDir: mode 0777)."""
    root = setup.work / name
    root.mkdir(mode=0o777)
    root.chmod(0o777)
    secret = setup.work / f"{name}-secret"
    files = {"ssh": setup.keys.client_key, "known_hosts": setup.keys.known_hosts()}
    _files(secret, files, 0, 0, 0o440)
    return podman(
        "run", "-d" if detach else "--rm", "--name", f"{setup.net}-{name}",
        "--network", setup.net, "--user", "65533:0", *RESTRICTED,
        "-v", f"{root}:/git", "--tmpfs", "/tmp:mode=1777",
        "-v", f"{secret}:/etc/git-secret:ro",
        *(f"--env={k}={v}" for k, v in env.items()), *extra, setup.image,
        check=False, timeout=180,
    )  # fmt: skip


def synced_files(setup: Setup, name: str) -> list[str]:
    dags = setup.work / name / "repo" / "dags"
    return sorted(p.name for p in dags.glob("*.py"))


def test_the_image_keeps_the_official_contract(setup: Setup) -> None:
    config = json.loads(podman("image", "inspect", setup.image).stdout)[0]["Config"]
    assert config["Entrypoint"] == ["/git-sync"] and not config.get("Cmd"), config
    assert config["User"] == "65533:65533", config
    assert {"HOME=/tmp", "GITSYNC_ROOT=/git"} <= set(config["Env"]), config["Env"]
    assert config["WorkingDir"] == "/tmp"
    shown = podman(
        "run", "--rm", "--entrypoint", "bash", setup.image, "-c",
        "id; stat -c '%a %u:%g' /git; command -v git ssh socat; test -x "
        "/usr/lib/git-core/git-credential-cache || echo no credential cache",
    ).stdout.split("\n")  # fmt: skip
    assert shown[0] == "uid=65533(git-sync) gid=65533(git-sync) groups=65533(git-sync)", shown
    assert shown[1] == "2775 65533:65533", shown
    assert "no credential cache" not in shown
    FIGURES["its /git-sync"] = program_of(os.environ.get(IMAGE_UNDER_TEST) or git_sync_standin())


@pytest.mark.parametrize("transport", ["https", "ssh"])
def test_first_sync(setup: Setup, transport: str) -> None:
    """The init container's environment: one sync, then exit 0, the DAGs at /git/repo/dags."""
    init_env = getattr(setup, transport)[0]
    begin = time.monotonic()
    result = run_git_sync(setup, init_env, f"first-{transport}")
    FIGURES[f"first sync over {transport} (one-time, container start to exit)"] = (
        f"{time.monotonic() - begin:.1f} s"
    )
    assert result.returncode == 0, result.stderr
    assert synced_files(setup, f"first-{transport}") == ["emoji_report.py", "tutorial.py"]
    link = os.readlink(setup.work / f"first-{transport}" / "repo")
    assert link.startswith(".worktrees/") and not link.startswith("/"), link


def test_a_wrong_host_key_is_refused(setup: Setup) -> None:
    other = git_server.ssh_keys().host_public
    init_env = setup.ssh[0]
    root = "wrong-host-key"
    secret = setup.work / f"{root}-secret"
    _files(secret, {"ssh": setup.keys.client_key, "known_hosts": setup.keys.known_hosts(other)},
           0, 0, 0o440)  # fmt: skip
    result = podman(
        "run", "--rm", "--network", setup.net, "--user", "65533:0", *RESTRICTED,
        "--tmpfs", "/git:mode=0777", "--tmpfs", "/tmp:mode=1777",
        "-v", f"{secret}:/etc/git-secret:ro",
        *(f"--env={k}={v}" for k, v in init_env.items()), setup.image,
        check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Host key verification failed" in result.stderr, result.stderr[-2000:]


def test_a_wrong_password_is_refused(setup: Setup) -> None:
    init_env = {**setup.https[0], "GITSYNC_PASSWORD": git_server.PASSWORD[:-1]}
    result = run_git_sync(setup, init_env, "wrong-password")
    assert result.returncode != 0
    assert not synced_files(setup, "wrong-password")
    assert git_server.PASSWORD[:-1] not in result.stderr, "git-sync logged the password"


def _health(setup: Setup, name: str) -> tuple[str, str]:
    """The status code and body of GET / on the sidecar's HTTP port (the probes' request), asked
    from inside its container."""
    port = setup.https[1]["GITSYNC_HTTP_BIND"].rsplit(":", 1)[1]
    ask = f"exec 3<>/dev/tcp/127.0.0.1/{port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3"
    shown = podman("exec", f"{setup.net}-{name}", "bash", "-c", ask, check=False).stdout
    head, _, body = shown.replace("\r\n", "\n").partition("\n\n")
    return [*head.split(" "), "", ""][1], body.strip()


def test_the_sidecar_is_not_ready_before_a_sync(setup: Setup) -> None:
    """Readiness (our probes' GET /) answers 503 while no sync succeeded: here a wrong password,
    retried (GITSYNC_MAX_FAILURES=-1)."""
    env = {**setup.https[1], "GITSYNC_PASSWORD": "wrong", "GITSYNC_MAX_FAILURES": "-1"}
    started = run_git_sync(setup, env, "not-ready", detach=True)
    assert started.returncode == 0, started.stderr
    time.sleep(3)
    assert _health(setup, "not-ready") == ("503", "repo is not ready")


def test_the_sidecar(setup: Setup) -> None:
    """The sidecar's environment over HTTPS: healthy once synced, the password on no command
    line, and a push picked up within a period."""
    name = "sidecar"
    started = run_git_sync(setup, setup.https[1], name, detach=True)
    assert started.returncode == 0, started.stderr
    begin = time.monotonic()
    while synced_files(setup, name) != ["emoji_report.py", "tutorial.py"]:
        assert time.monotonic() - begin < 60, podman("logs", f"{setup.net}-{name}").stderr
        time.sleep(0.2)
    deadline = time.monotonic() + 10
    while _health(setup, name)[0] != "200" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _health(setup, name) == ("200", ""), _health(setup, name)

    listing = podman(
        "exec", f"{setup.net}-{name}", "bash", "-c",
        'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done',
    ).stdout  # fmt: skip
    assert "/git-sync" in listing, listing
    assert git_server.PASSWORD not in listing, "the password is on a command line"
    FIGURES["sidecar processes"] = " | ".join(line for line in listing.splitlines() if line)

    pushed = time.monotonic()
    commit(setup.net, "a new DAG", {"dags/pushed.py": git_server.dag_file("pushed")})
    while "pushed.py" not in synced_files(setup, name):
        assert time.monotonic() - pushed < 3 * PERIOD, podman("logs", f"{setup.net}-{name}").stderr
        time.sleep(0.2)
    FIGURES[f"push -> in /git/repo (period {PERIOD} s)"] = f"{time.monotonic() - pushed:.1f} s"
    # git-sync removes the old worktree after it has published the new one, so the listing may
    # still hold both for a moment: the old one must be gone before the next period begins.
    removed_by = time.monotonic() + PERIOD
    while len(worktrees := os.listdir(setup.work / name / ".worktrees")) > 1:
        assert time.monotonic() < removed_by, f"the old worktree stayed: {worktrees}"
        time.sleep(0.05)
    assert len(worktrees) == 1, worktrees
