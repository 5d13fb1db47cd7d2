"""The backing services: PostgreSQL and the Celery broker, in the cluster or outside it."""

from __future__ import annotations

import ipaddress
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.props.image import ImageRef
from kube_airflow.props.kube import DnsSubdomain, Resources, SecretKeyRef, Size, resources
from kube_airflow.props.model import Int, Line, Model, empty_dict
from kube_airflow.props.pod_options import ComponentProps
from kube_airflow.props.roles import ReplicatedProps
from kube_airflow.versions import PGBOUNCER_IMAGE, POSTGRES_IMAGE, RABBITMQ_IMAGE, REDIS_IMAGE

_HOST_PART = r"[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"^{_HOST_PART}(\.{_HOST_PART})*\.?$")


def ip_version(value: str) -> int | None:
    try:
        return ipaddress.ip_address(value.strip("[]")).version
    except ValueError:
        return None


def _check_host(value: str) -> str:
    """A database host goes into the connection URL as it is: a name or an IPv4 address."""
    if ip_version(value) == 6:
        raise ValueError("an IPv6 address is not supported: give a DNS name that resolves to it")
    if ip_version(value) is None and (len(value) > 253 or not _HOST_NAME.match(value)):
        raise ValueError(
            "must be a DNS name or an IPv4 address: letters, digits, '-' and '.', "
            "e.g. db.example.internal"
        )
    return value


class Persistent(ComponentProps):
    """A backing service that keeps its data on a PersistentVolumeClaim."""

    storage: Size = Field(default="8Gi", description="Size of the data volume.")
    storage_class: DnsSubdomain | None = Field(
        default=None, description="StorageClass; default cluster's."
    )
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))


class PostgresProps(Persistent):
    """PostgreSQL run by this deployment: a StatefulSet with a PersistentVolumeClaim."""

    type: Literal["postgres"] = "postgres"
    image: ImageRef = Field(default=POSTGRES_IMAGE, description="Pinned postgres image.")
    database: Line = Field(default="airflow", description="Database created for Airflow.")
    user: Line = Field(default="airflow", description="Role Airflow connects as.")
    password: SecretKeyRef | None = Field(
        default=None, description="Existing Secret key holding the password; default generated."
    )
    resources: Resources = Field(default=resources("100m", "128Mi", "1", "512Mi"))


class ExternalDatabaseProps(Model):
    """A PostgreSQL you run elsewhere: host/port/db/user + password Secret, or a whole URL."""

    type: Literal["external"] = "external"
    host: str | None = Field(default=None, description="Database host name.")
    port: Int = Field(default=5432, ge=1, le=65535)
    database: Line = Field(default="airflow")
    user: Line = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Secret key with the password.")
    connection: SecretKeyRef | None = Field(
        default=None,
        description="Secret key with a whole SQLAlchemy URL, instead of host/user/password.",
    )
    query: dict[str, str] = Field(
        default_factory=empty_dict,
        description="libpq options in the URL, e.g. {sslmode: require}; Airflow's async engine "
        "gets only sslmode (as asyncpg's ssl).",
    )

    @field_validator("host")
    @classmethod
    def _host(cls, v: str | None) -> str | None:
        return None if v is None else _check_host(v)

    @model_validator(mode="after")
    def _one_way(self) -> ExternalDatabaseProps:
        if self.connection is None and (self.host is None or self.password is None):
            raise ValueError(
                "an external database needs either 'connection' (a Secret key holding the whole "
                "URL) or both 'host' and 'password' (a Secret key holding the password)"
            )
        if self.connection is not None and (self.host is not None or self.password is not None):
            raise ValueError(
                "give either 'connection' or 'host' + 'password' for the external database, "
                "not both"
            )
        return self


# The longest consumer_timeout taken: 2**31 - 1 ms (about 24.8 days), which a signed 32-bit
# setting holds; longer is no timeout (None).
RABBITMQ_CONSUMER_TIMEOUT_MAX = (2**31 - 1) // 1000


class RabbitMQProps(Persistent):
    """RabbitMQ run by this deployment (the original kube-airflow's broker, and the default)."""

    type: Literal["rabbitmq"] = "rabbitmq"
    image: ImageRef = Field(default=RABBITMQ_IMAGE)
    storage: Size = Field(default="2Gi", description="Size of the data volume.")
    user: Line = Field(default="airflow")
    vhost: Line = Field(default="airflow")
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")
    resources: Resources = Field(default=resources("100m", "160Mi", "1", "512Mi"))
    consumer_timeout_seconds: Int | None = Field(
        default=None,
        ge=60,
        le=RABBITMQ_CONSUMER_TIMEOUT_MAX,
        description="RabbitMQ's consumer_timeout: how long a worker may hold a task's message "
        "unacknowledged. Airflow acknowledges it when the task ends (`[celery] "
        "task_acks_late`); past the timeout RabbitMQ closes the worker's channel, which stops "
        "the worker and every task running on it (RabbitMQ's own default is 30 minutes). "
        "Default none: no timeout (Airflow bounds a task's run itself, with execution_timeout).",
    )


class RedisProps(Persistent):
    """Redis run by this deployment, as the Celery broker."""

    type: Literal["redis"] = "redis"
    image: ImageRef = Field(default=REDIS_IMAGE)
    storage: Size = Field(default="1Gi", description="Size of the data volume.")
    password: SecretKeyRef | None = Field(default=None, description="Default generated.")
    resources: Resources = Field(default=resources("50m", "32Mi", "500m", "256Mi"))


class ExternalBrokerProps(Model):
    """A broker you run elsewhere, given as a Secret key holding the whole Celery broker URL."""

    type: Literal["external"] = "external"
    url: SecretKeyRef = Field(description="Secret key holding e.g. amqp://user:pass@host/vhost.")


# PostgreSQL's limit on a role's name (NAMEDATALEN - 1).
ROLE_NAME_MAX = 63


class ResultBackendProps(Model):
    """Where Celery keeps each task's state for the scheduler (`[celery] result_backend`): what
    the workers must be able to write, so what a task's code on a worker can reach."""

    type: Literal["auto", "database_role", "broker", "metadata_database", "external"] = Field(
        default="auto",
        description="`database_role`: the result tables in Airflow's database, written by a "
        "PostgreSQL role that may touch nothing else (a Job creates it); `broker`: the "
        "in-cluster Redis broker; `metadata_database`: Airflow's own database login, which the "
        "workers then hold; `external`: a whole URL from a Secret (`url`). `auto`: `broker` "
        "with the in-cluster Redis, `metadata_database` when the database is a whole URL from "
        "a Secret (its host is unknown at synth), else `database_role`.",
    )
    user: Line | None = Field(
        default=None,
        max_length=ROLE_NAME_MAX,
        description="database_role: the role's name; default `<database>_celery_results`.",
    )
    password: SecretKeyRef | None = Field(
        default=None, description="database_role: Secret key with its password; default generated."
    )
    url: SecretKeyRef | None = Field(
        default=None,
        description="external: Secret key holding the whole Celery result backend URL.",
    )

    @model_validator(mode="after")
    def _fields_of_type(self) -> ResultBackendProps:
        if (self.type == "external") != (self.url is not None):
            message = "a Secret key holding the URL goes with type external, and only with it"
            raise located([(("url",), message, self.url.name if self.url else None)])
        role = ("auto", "database_role")
        for field in ("user", "password"):
            if getattr(self, field) is not None and self.type not in role:
                message = f"is for type database_role, not {self.type}"
                raise located([((field,), message, str(getattr(self, field)))])
        return self


# What PgBouncer can carry from the Airflow side to the database (its own server_tls_sslmode);
# the verifying modes need the CA bundle (pgbouncer.server_ca) in the PgBouncer pod.
PGBOUNCER_SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
PGBOUNCER_VERIFYING = ("verify-ca", "verify-full")
# A database or user name PgBouncer's [databases] line and auth file take without quoting.
PGBOUNCER_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")


class PgBouncerProps(ReplicatedProps):
    """PgBouncer in front of the database (in the cluster or external): every Airflow pod's
    `[database] sql_alchemy_conn` (and so the Celery result backend) goes through it; the
    migration Job connects straight to PostgreSQL. Off by default. Like the replicated roles, it
    has a disruption budget and spreads over the nodes."""

    enabled: bool = Field(default=False, description="Run PgBouncer and connect through it.")
    image: ImageRef = Field(default=PGBOUNCER_IMAGE, description="Pinned PgBouncer image.")
    replicas: Int = Field(default=1, ge=1, le=10, description="PgBouncer pods (stateless).")
    pool_mode: Literal["transaction", "session"] = Field(
        default="transaction",
        description="When a server connection returns to the pool: after each transaction (as "
        "the official chart) or when the client disconnects.",
    )
    default_pool_size: Int = Field(
        default=10, ge=1, le=10000, description="Server connections per database and user."
    )
    max_client_conn: Int = Field(
        default=100, ge=1, le=100000, description="Client connections PgBouncer accepts."
    )
    server_ca: SecretKeyRef | None = Field(
        default=None,
        description="Secret key holding the CA bundle PgBouncer checks the database's "
        "certificate with; needed for sslmode verify-ca or verify-full.",
    )
    resources: Resources = Field(default=resources("20m", "16Mi", "500m", "64Mi"))
