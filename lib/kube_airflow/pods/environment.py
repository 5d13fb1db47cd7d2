"""The environment of an Airflow container: the secrets its processes read (core/access.py) and
the connections those make, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdk8s_plus_27 import k8s

from kube_airflow.core.access import API_SECRET_KEY, BROKER, DATABASE, FERNET, JWT_SECRET, RESULTS
from kube_airflow.core.config import otel_environment
from kube_airflow.core.connections import (
    CONNECT_TIMEOUT,
    broker_env,
    database_env,
    result_backend_env,
)

if TYPE_CHECKING:
    from kube_airflow.core.naming import Names
    from kube_airflow.core.secrets import AirflowSecrets
    from kube_airflow.props import AirflowProps

# The image's entrypoint waits for the database (older ones before even `bash` or `python`) and
# the broker unless this is 0: our init container waits for the database where a pod needs it,
# and the entrypoint's waits would only delay every start. Every container of the Airflow image
# that goes through the entrypoint gets it (tests/image/test_output_contracts.py).
NO_ENTRYPOINT_WAIT = k8s.EnvVar(name="CONNECTION_CHECK_MAX_COUNT", value="0")


def secret_env(
    props: AirflowProps, names: Names, secrets: AirflowSecrets, reads: frozenset[str]
) -> list[k8s.EnvVar]:
    """The env of a container whose processes read `reads`."""
    keys = {
        FERNET: (secrets.fernet_key, "AIRFLOW__CORE__FERNET_KEY"),
        API_SECRET_KEY: (secrets.api_secret_key, "AIRFLOW__API__SECRET_KEY"),
        JWT_SECRET: (secrets.jwt_secret, "AIRFLOW__API_AUTH__JWT_SECRET"),
    }
    env = [ref.env(var) for secret, (ref, var) in keys.items() if secret in reads]
    # Celery's default result backend is Airflow's own database: who writes it needs that.
    derived = RESULTS in reads and props.results == "metadata_database"
    if DATABASE in reads or derived:
        env += database_env(props, names, secrets)
    else:
        env.append(CONNECT_TIMEOUT)
    if BROKER in reads:
        env += broker_env(props, names, secrets)
    if RESULTS in reads:
        env += result_backend_env(props, names, secrets)
    otel = [k8s.EnvVar(name=k, value=v) for k, v in otel_environment(props, names).items()]
    return [*env, *otel, NO_ENTRYPOINT_WAIT]
