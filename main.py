#!/usr/bin/env python
"""Synthesize the Airflow deployment into plain Kubernetes YAML (dist/ by default).

    python main.py                               # the default deployment
    python main.py --values my.yaml              # props from YAML files (later files win)
    python main.py --set workers.replicas=4      # one prop (after the files; repeatable)
    python main.py --image registry/airflow:1.2  # the image you built with `make build`
    python main.py --namespace data --prefix etl --out deploy/etl

The app of a checkout (and of cdk8s.yaml's `cdk8s synth`); installed, `kube-airflow synth` takes
the same options. The logic is kube_airflow.cli.command's.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))

import kube_airflow_boot

if __name__ == "__main__":
    kube_airflow_boot.start()  # Node.js boots while kube_airflow's props load (its docstring)

from kube_airflow.cli.command import exit_fast, main

if __name__ == "__main__":
    try:
        code = main(prog="main.py")
    finally:
        kube_airflow_boot.settle()
    exit_fast(code)
