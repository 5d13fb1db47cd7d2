"""The command line's first step: start jsii's Node.js runtime while the props load.

`python main.py` and `kube-airflow synth` spend about a quarter of a second importing and
validating the props (pydantic) and about as long waiting for Node.js to boot (jsii starts two
Node.js processes and its kernel before the first assembly loads). `start()` begins importing
cdk8s-plus-27 in a thread, so Node.js boots on the other core while this one does the props; the
synthesis then finds cdk8s imported (`make benchmark-synth` measures the difference).

This module is outside the kube_airflow package on purpose: importing anything in the package
imports its props first, which is what the thread overlaps. Only the command line calls it, never
the library: a program that imports kube_airflow starts no thread and no Node.js until it builds
a construct.

Bad input is still reported before synthesis. Before the command exits, `settle()` lets the
thread finish the import it is in and waits for it, so the jsii runtime it started is stopped as
at any exit and no Node.js outlives the command. If the thread fails (no Node.js, say), its error
is dropped here: the synthesis's own import of cdk8s raises it in the main thread, as it would
without this module.
"""

from __future__ import annotations

import runpy
import threading
from pathlib import Path

# The modules whose import starts Node.js and loads the three assemblies (the synthesis's floor).
ASSEMBLIES = ("constructs", "cdk8s", "cdk8s_plus_27")
_started: threading.Thread | None = None
_finished = threading.Event()  # the command is done: import no further assembly


def start() -> None:
    """Import ASSEMBLIES in a daemon thread; returns at once."""
    # The banner switches must be set before Node.js starts (kube_airflow/quiet.py explains them).
    runpy.run_path(str(Path(__file__).with_name("kube_airflow") / "quiet.py"))["quiet_jsii"]()
    # jsii's own Python modules are imported here, not in the thread: both threads would need
    # the interpreter at once, and Node.js could only be spawned once they are in (measured:
    # importing them in the thread won nothing).
    import jsii  # noqa: F401

    global _started
    _started = threading.Thread(target=_import_assemblies, name="jsii-runtime", daemon=True)
    _started.start()


def settle() -> None:
    """Let start()'s thread, if any, finish the import it is in and wait for it: the jsii runtime
    it started then stops with the interpreter's exit functions. After bad input, the
    assemblies not yet loaded are not."""
    _finished.set()
    if _started is not None:
        _started.join()


def _import_assemblies() -> None:
    import importlib

    try:
        for module in ASSEMBLIES:
            if _finished.is_set():
                return
            importlib.import_module(module)
    except BaseException:  # raised again by the synthesis's own import (the docstring)
        return


def console_script() -> None:
    """The installed `kube-airflow` command: `synth` starts Node.js first; the other commands
    (status, diagram, schema) use no jsii and start nothing."""
    import sys

    if sys.argv[1:2] == ["synth"]:
        start()
    from kube_airflow.cli.command import console, exit_fast

    try:
        code = console()
    finally:
        settle()
    exit_fast(code)
