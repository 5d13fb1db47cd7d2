"""The backing services a deployment runs in the cluster itself: PostgreSQL unless the database
is external, and with Celery RabbitMQ or Redis unless the broker is external."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kube_airflow.kube.pod_options import merged
from kube_airflow.stores.postgres import Postgres
from kube_airflow.stores.rabbitmq import RabbitMQ
from kube_airflow.stores.redis import Redis

if TYPE_CHECKING:
    from constructs import Construct

    from kube_airflow.core.naming import Names
    from kube_airflow.core.secrets import AirflowSecrets
    from kube_airflow.props import AirflowProps


def in_cluster(
    scope: Construct, props: AirflowProps, names: Names, secrets: AirflowSecrets
) -> None:
    """The in-cluster stores as children of `scope` (their construct ids fix their names)."""
    defaults, db, broker = props.pod_defaults, props.database, props.broker
    if db.type == "postgres":
        assert secrets.database_password is not None
        password = secrets.database_password
        Postgres(scope, "postgres", props=merged(defaults, db), names=names, password=password)
    if not props.celery or broker.type == "external":
        return
    assert secrets.broker_password is not None
    password, own = secrets.broker_password, merged(defaults, broker)
    if own.type == "rabbitmq":
        RabbitMQ(scope, "rabbitmq", props=own, names=names, password=password)
    else:
        Redis(scope, "redis", props=own, names=names, password=password)
