"""Write the bytecode of what Airflow's processes import at start, at build time.

The official image deletes every .pyc, and on the pods' read-only root no process can write one:
each would compile everything it imports at every start. Importing here, where the virtualenv is
writable, leaves a .pyc beside each module the roles load (~40 MB), where `compileall` over the
whole virtualenv would add ~700 MB for the many providers' modules no process loads.

Usage (image/Dockerfile): python compile_bytecode.py
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

# What each process imports before it does any work: its command and what that pulls in.
STARTUP_IMPORTS = {
    "cli": ["airflow.__main__", "airflow.cli.cli_parser"],
    "scheduler": ["airflow.jobs.scheduler_job_runner", "airflow.cli.commands.scheduler_command"],
    "api-server": ["airflow.api_fastapi.main", "airflow.cli.commands.api_server_command"],
    "dag-processor": ["airflow.dag_processing.manager", "airflow.dag_processing.processor"],
    "triggerer": ["airflow.jobs.triggerer_job_runner"],
    "worker": [
        "airflow.providers.celery.executors.celery_executor",
        "airflow.providers.celery.cli.celery_command",
    ],
    "task": ["airflow.sdk.execution_time.task_runner", "airflow.sdk.execution_time.supervisor"],
    "operators": ["airflow.providers.standard.operators.bash", "airflow.sdk"],
    # The probes and waits (kube_airflow/scripts/checks.py): the standard library and psycopg2.
    "checks": ["psycopg2"],
}


def main() -> int:
    # Airflow writes an airflow.cfg into AIRFLOW_HOME on first import: not into the image.
    with tempfile.TemporaryDirectory() as home:
        os.environ["AIRFLOW_HOME"] = home
        load_everything()
    return 0


def load_everything() -> None:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    for modules in STARTUP_IMPORTS.values():
        for module in modules:
            importlib.import_module(module)
    # Every provider's registration (connection types, hooks) as the api-server loads it.
    from airflow.providers_manager import ProvidersManager

    manager = ProvidersManager()
    manager.initialize_providers_hooks()
    manager.initialize_providers_configuration()


if __name__ == "__main__":
    sys.exit(main())
