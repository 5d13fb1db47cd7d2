"""kube-airflow: Apache Airflow 3 on Kubernetes as typed cdk8s constructs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# jsii's Node.js runtime prints a large banner about the Node version to every user's terminal;
# it says nothing about Airflow, so silence it unless the user chose otherwise.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from kube_airflow.versions import AIRFLOW_VERSION

if TYPE_CHECKING:
    from kube_airflow.airflow import Airflow
    from kube_airflow.errors import UserError
    from kube_airflow.props import *  # noqa: F403

# The props types (one per construct: `WorkersProps` for `Workers`) are exported here too.
_PROPS = (
    "AdminUserProps",
    "AirflowProps",
    "ApiServerProps",
    "ComponentProps",
    "Container",
    "DagProcessorProps",
    "DbCleanProps",
    "DisruptionBudgetProps",
    "EnvFrom",
    "EnvVar",
    "ExternalBrokerProps",
    "ExternalDatabaseProps",
    "FlowerProps",
    "GitSyncDags",
    "Image",
    "ImageDags",
    "IngressProps",
    "IngressRoute",
    "JobsProps",
    "LogGroomerProps",
    "LogsProps",
    "LogsVolumeProps",
    "PodOptions",
    "PostgresProps",
    "RabbitMQProps",
    "RedisProps",
    "RemoteLoggingProps",
    "ReplicatedProps",
    "Resources",
    "SchedulerProps",
    "SecretKeyRef",
    "SecretsProps",
    "ServiceAccountProps",
    "SpreadProps",
    "TriggererProps",
    "Volume",
    "VolumeDags",
    "WorkersProps",
)
__all__ = ["AIRFLOW_VERSION", "Airflow", "UserError", *_PROPS]


def __getattr__(name: str) -> Any:
    """Import the constructs (and so the jsii runtime, ~1 s) only when they are used: a values
    file with an error is reported before Node.js even starts."""
    if name == "Airflow":
        from kube_airflow.airflow import Airflow

        return Airflow
    if name == "UserError":
        from kube_airflow.errors import UserError

        return UserError
    if name in _PROPS:
        from kube_airflow import props

        return getattr(props, name)
    raise AttributeError(f"module 'kube_airflow' has no attribute {name!r}")
