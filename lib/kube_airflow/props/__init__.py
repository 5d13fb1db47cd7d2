"""The typed props of an Airflow deployment: `AirflowProps`, one pydantic model, defaults
documented per field, and one props type per construct (`WorkersProps` for `Workers`, ...).

Validation happens here, before any cdk8s object exists, so bad input fails with a message naming
the field, the bad value and what is allowed, never with a jsii stack trace or a half-built chart.
Strings that reach the Kubernetes API are held to the API server's own rules (names, label keys,
quantities, image references), so what synth accepts, `kubectl apply` accepts too. The models
live beside the layer they describe: kube (Kubernetes values), image, roles, stores, dags,
ingress, airflow_config.
"""

from __future__ import annotations

from typing import Any

from pydantic import SerializerFunctionWrapHandler, model_serializer, model_validator

from kube_airflow.deprecation import Moved, resolve
from kube_airflow.errors import located
from kube_airflow.props.airflow_config import ConfigValue
from kube_airflow.props.auth import (
    ConfigMapAuthProps,
    DbAuthProps,
    LdapAuthProps,
    LocalSettingsProps,
    OAuthProps,
    OAuthProviderProps,
)
from kube_airflow.props.combinations import CELERY_ONLY, combination_problems
from kube_airflow.props.dags import GitHttps, GitSsh, GitSyncDags, ImageDags, VolumeDags
from kube_airflow.props.deployment import AirflowFields, SecretsProps
from kube_airflow.props.edge import EdgeProps
from kube_airflow.props.housekeeping import CleanupPodsProps, DbCleanProps
from kube_airflow.props.image import Image
from kube_airflow.props.ingress import IngressProps, IngressRoute
from kube_airflow.props.kube import DiskProps, Resources, SecretKeyRef, Toleration
from kube_airflow.props.logs import (
    LogGroomerProps,
    LogsProps,
    LogsVolumeProps,
    RemoteLoggingProps,
)
from kube_airflow.props.metrics import MetricsProps, ServiceMonitorProps
from kube_airflow.props.network import (
    EgressPeer,
    EgressPort,
    EgressProps,
    EgressRule,
    EgressTarget,
    NetworkPoliciesProps,
)
from kube_airflow.props.otel import OtelProps
from kube_airflow.props.placement import DisruptionBudgetProps, SpreadProps
from kube_airflow.props.pod_options import (
    ComponentProps,
    Container,
    EnvFrom,
    EnvVar,
    KeyRef,
    PodOptions,
    ServiceAccountProps,
    Volume,
    VolumeMount,
)
from kube_airflow.props.roles import (
    AdminUserProps,
    ApiServerProps,
    DagProcessorProps,
    FlowerProps,
    JobsProps,
    ReplicatedProps,
    SchedulerProps,
    TaskPodsProps,
    TriggererProps,
)
from kube_airflow.props.stores import (
    ExternalBrokerProps,
    ExternalDatabaseProps,
    Persistent,
    PgBouncerProps,
    PostgresProps,
    RabbitMQProps,
    RedisProps,
    ResultBackendProps,
)
from kube_airflow.props.workers import WorkerSetProps, WorkersProps

__all__ = [
    "AdminUserProps",
    "AirflowProps",
    "ApiServerProps",
    "CleanupPodsProps",
    "ComponentProps",
    "ConfigMapAuthProps",
    "ConfigValue",
    "Container",
    "DagProcessorProps",
    "DbAuthProps",
    "DbCleanProps",
    "DiskProps",
    "DisruptionBudgetProps",
    "EdgeProps",
    "EgressPeer",
    "EgressPort",
    "EgressProps",
    "EgressRule",
    "EgressTarget",
    "EnvFrom",
    "EnvVar",
    "ExternalBrokerProps",
    "ExternalDatabaseProps",
    "FlowerProps",
    "GitHttps",
    "GitSsh",
    "GitSyncDags",
    "Image",
    "ImageDags",
    "IngressProps",
    "IngressRoute",
    "JobsProps",
    "KeyRef",
    "LdapAuthProps",
    "LocalSettingsProps",
    "LogGroomerProps",
    "LogsProps",
    "LogsVolumeProps",
    "MetricsProps",
    "NetworkPoliciesProps",
    "OAuthProps",
    "OAuthProviderProps",
    "OtelProps",
    "Persistent",
    "PgBouncerProps",
    "PodOptions",
    "PostgresProps",
    "RabbitMQProps",
    "RedisProps",
    "RemoteLoggingProps",
    "ReplicatedProps",
    "Resources",
    "ResultBackendProps",
    "SchedulerProps",
    "SecretKeyRef",
    "SecretsProps",
    "ServiceAccountProps",
    "ServiceMonitorProps",
    "SpreadProps",
    "TaskPodsProps",
    "Toleration",
    "TriggererProps",
    "Volume",
    "VolumeDags",
    "VolumeMount",
    "WorkerSetProps",
    "WorkersProps",
]
# Names that left __all__, still importable with a warning (see kube_airflow/deprecation.py).
DEPRECATED: dict[str, Moved] = {}


def __getattr__(name: str) -> Any:
    if name in DEPRECATED:
        return resolve(__name__, name, DEPRECATED[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class AirflowProps(AirflowFields):
    """Everything an Airflow deployment can be told. Every field has a working default."""

    @model_serializer(mode="wrap")
    def _without_celery(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Without Celery, its settings are left out, and the edge workers' without the
        EdgeExecutor: they mean nothing, and given back to AirflowProps (a dump is a common way
        to copy props) they would be refused."""
        data = handler(self)
        if not self.celery and isinstance(data, dict):
            for field in (*CELERY_ONLY, "flower"):
                data.pop(field, None)
        if not self.edge_on and isinstance(data, dict):
            data.pop("edge", None)
        return data

    @model_validator(mode="after")
    def _possible(self) -> AirflowProps:
        """Props that cannot work together (props/combinations.py), all named in one error."""
        if problems := combination_problems(self):
            raise located(problems)
        return self
