"""The command line: `kube-airflow synth` (the installed console script) and `python main.py`
write the same files, with the data's objects (the Namespace, volume claims written directly)
in files of their own, so deleting the rest keeps them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import kube_airflow_boot
from kube_airflow.cli import command
from tests.conftest import ROOT, synth_props
from tests.variants import VARIANTS


def written(out: Path) -> dict[str, list[dict[str, object]]]:
    return {f.name: list(yaml.safe_load_all(f.read_text())) for f in sorted(out.iterdir())}


def test_pyproject_declares_the_console_script() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"kube-airflow": "kube_airflow_boot:console_script"}
    assert callable(kube_airflow_boot.console_script)
    assert callable(command.console_script)  # what it runs, still there for programs using it


# The command's ways in: without kube_airflow_boot (-m), and with it, whose thread is still
# booting Node.js when bad input is reported.
ENTRIES = {
    "python -m kube_airflow synth": [sys.executable, "-m", "kube_airflow", "synth"],
    "python main.py": [sys.executable, str(ROOT / "main.py")],
    "kube-airflow synth": [
        *(sys.executable, "-c", "import kube_airflow_boot as b; b.console_script()", "synth")
    ],
}


@pytest.mark.parametrize("entry", ENTRIES.values(), ids=ENTRIES.keys())
def test_a_process_that_exits_fast_still_says_everything(tmp_path: Path, entry: list[str]) -> None:
    """exit_fast skips the interpreter's teardown, not what is buffered for a pipe, nor the exit
    code, nor stopping the jsii runtime: no process of the run's session outlives it."""
    out = tmp_path / "out"
    # Buffered as a pipe is by default (a CI's environment may turn that off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = str(ROOT / "lib")
    for args, code, said in (([], 0, f"wrote {out}/0-namespace.k8s.yaml, "),
                             (["--prefix", "BAD"], 2, "error: invalid props")):  # fmt: skip
        run = subprocess.Popen(
            [*entry, "--out", str(out), *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env, cwd=tmp_path, start_new_session=True,
        )  # fmt: skip
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == code, stderr
        assert (stdout if code == 0 else stderr).startswith(said), (stdout, stderr)
        sessions = subprocess.run(["ps", "-eo", "sid=,args="], capture_output=True, text=True)
        left = [line for line in sessions.stdout.splitlines() if line.split()[0] == str(run.pid)]
        assert not left, f"outlived the run: {left}"


def test_console_synth_writes_what_main_py_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import main

    args = ["--set", "dags.mode=volume", "--set", "dags.size=1Gi", "--prefix", "etl"]
    assert command.console(["synth", *args, "--out", str(tmp_path / "a")]) == 0
    assert main.main([*args, "--out", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'a'}/0-namespace.k8s.yaml, " in out
    files = {f.name: f.read_bytes() for f in (tmp_path / "a").iterdir()}
    assert files == {f.name: f.read_bytes() for f in (tmp_path / "b").iterdir()}
    assert "name: etl-dags" in files["1-volume-claims.k8s.yaml"].decode()


def test_console_refuses_bad_input_and_unknown_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert command.console(["synth", "--set", "prefix=BAD", "--out", str(out)]) == 2
    assert "error: invalid props" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as exit:
        command.console(["apply"])
    assert exit.value.code == 2  # argparse: invalid choice


@pytest.mark.parametrize(
    "props",
    [{}, VARIANTS["dags-volume-created"], {"create_namespace": False}],
    ids=["default", "dags-volume-created", "existing-namespace"],
)
def test_the_data_has_files_of_its_own(props: dict[str, object], tmp_path: Path) -> None:
    """The Namespace and PVCs each in their KEEP_FILES file, everything else in the main file,
    and together the library's output. `kubectl apply -f dist/` reads the files in name order:
    the Namespace first, the claims before the pods that mount them."""
    command.synth(dict(props), tmp_path)
    files = written(tmp_path)
    assert list(files) == sorted(files)
    for name, docs in files.items():
        kinds = {str(d["kind"]) for d in docs}
        if name == command.MAIN_FILE:
            assert not kinds & set(command.KEEP_FILES), name
        else:
            assert [command.KEEP_FILES[k] for k in kinds] == [name]
    assert list(files)[-1] == command.MAIN_FILE

    def key(doc: dict[str, object]) -> str:
        return f"{doc['kind']}/{doc['metadata']}"

    every = [d for docs in files.values() for d in docs]
    assert sorted(every, key=key) == sorted(synth_props(dict(props)), key=key)
    assert ("0-namespace.k8s.yaml" in files) == (props.get("create_namespace") is not False)
    assert ("1-volume-claims.k8s.yaml" in files) == ("dags" in props)


def test_the_makefile_keeps_the_files_main_py_writes_them_to() -> None:
    makefile = (ROOT / "Makefile").read_text()
    namespace = re.search(r"^NAMESPACE_FILE := (\S+)$", makefile, re.M)
    keep = re.search(r"^KEEP_FILES := (.+)$", makefile, re.M)
    assert namespace and keep
    files = keep[1].replace("$(NAMESPACE_FILE)", namespace[1]).split()
    assert files == sorted(command.KEEP_FILES.values())
    assert namespace[1] == command.KEEP_FILES["Namespace"]
    assert sorted([*files, command.MAIN_FILE]) == [*files, command.MAIN_FILE]
