"""The props of task logs that outlive the pod that wrote them: a shared logs volume with a
groomer that deletes what is older than the retention, and remote logging to an object store
(S3, GCS, Azure Blob) or a search engine (Elasticsearch, OpenSearch)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator

from kube_airflow.errors import Problem, located
from kube_airflow.props.housekeeping import CronSchedule, ScheduledProps
from kube_airflow.props.kube import DnsSubdomain, Resources, SecretKeyRef, Size, resources
from kube_airflow.props.model import Int, Line, Model, rule

# The URL scheme Airflow's logging config picks each object store's handler by.
SCHEMES = {"s3": "s3://", "gcs": "gs://", "wasb": "wasb://"}
SEARCH_ENGINES = ("elasticsearch", "opensearch")
# Where each kind's code lives: the image needs it (the stand-in and a bare pip install of
# apache-airflow do not carry it).
PROVIDERS = {
    "s3": "apache-airflow-providers-amazon",
    "gcs": "apache-airflow-providers-google",
    "wasb": "apache-airflow-providers-microsoft-azure",
    "elasticsearch": "apache-airflow-providers-elasticsearch",
    "opensearch": "apache-airflow-providers-opensearch",
}
RETENTION_DAYS = 15
# A bucket (or container) and an optional path of plain segments.
_FOLDER = re.compile(
    r"^(s3|gs|wasb)://([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(/[A-Za-z0-9!_.*'()=/-]*)?$"
)
_HOST = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$")
# Airflow connection ids become env names (AIRFLOW_CONN_<ID>): letters, digits, '_'.
ConnId = Annotated[
    str,
    rule(
        lambda v: re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,127}", v) is not None,
        "must be an Airflow connection id of letters, digits and '_', starting with a letter "
        "(it becomes the variable AIRFLOW_CONN_<ID>)",
    ),
]
IndexName = Annotated[
    str,
    rule(
        lambda v: re.fullmatch(r"_all|[a-z0-9*][a-z0-9._*,-]{0,254}", v) is not None,
        "must be _all or index names or patterns: lowercase letters, digits, '.', '_', '-', "
        "'*', ','",
    ),
]


class LogsVolumeProps(Model):
    """A PersistentVolumeClaim at Airflow's base_log_folder in every pod that writes or serves
    logs: an existing `claim`, or one `<prefix>-logs` of `size` created (ReadWriteMany)."""

    claim: DnsSubdomain | None = Field(
        default=None,
        description="An existing PVC (ReadWriteMany when the pods run on several nodes).",
    )
    size: Size | None = Field(
        default=None, description="Create the PVC `<prefix>-logs` of this size instead."
    )
    storage_class: DnsSubdomain | None = Field(
        default=None,
        description="StorageClass of a created PVC; it must offer ReadWriteMany (NFS, CephFS, "
        "EFS, Azure Files, Filestore).",
    )

    @model_validator(mode="after")
    def _claim_or_size(self) -> LogsVolumeProps:
        if (self.claim is None) == (self.size is None):
            message = (
                "a logs volume needs either 'claim' (an existing PersistentVolumeClaim) or "
                "'size' (to create one), exactly one of them"
            )
            raise located([(("claim",), message, self.claim)])
        if self.claim is not None and self.storage_class is not None:
            message = "storage_class is for a created claim ('size'), not an existing 'claim'"
            raise located([(("storage_class",), message, self.storage_class)])
        return self


class LogGroomerProps(ScheduledProps):
    """The CronJob `<prefix>-log-groomer` (with a logs volume): deletes log files older than
    `logs.retention_days` and the folders they leave empty."""

    schedule: CronSchedule = Field(
        default="@hourly",
        description="Cron schedule: five fields (minute hour day-of-month month day-of-week) or "
        "a macro such as @hourly or @daily.",
    )
    # `find` over the volume: no Python, no Airflow.
    resources: Resources = Field(default=resources("10m", "32Mi", "500m", "128Mi"))


class RemoteLoggingProps(Model):
    """Task logs written to (and read back from) a store outside the cluster. The image must
    carry the kind's provider package (see the README)."""

    kind: Literal["s3", "gcs", "wasb", "elasticsearch", "opensearch"] = Field(
        description="s3, gcs, wasb (Azure Blob), elasticsearch or opensearch."
    )
    base_folder: Line | None = Field(
        default=None,
        description="Object stores: where the logs go, s3://bucket/path, gs://bucket/path or "
        "wasb://container/path ([logging] remote_base_log_folder).",
    )
    conn_id: ConnId | None = Field(
        default=None,
        description="Object stores: the Airflow connection with access to the store "
        "([logging] remote_log_conn_id), e.g. aws_default.",
    )
    connection: SecretKeyRef | None = Field(
        default=None,
        description="Object stores: a Secret key holding that connection (URI or JSON), given "
        "as AIRFLOW_CONN_<CONN_ID> to the pods that write or read logs. Unset: the connection "
        "comes from Airflow's database or secrets backend.",
    )
    delete_local_copy: bool = Field(
        default=False,
        description="Object stores: delete each local log file once uploaded "
        "([logging] delete_local_logs).",
    )
    host: Line | None = Field(
        default=None,
        description="Elasticsearch/OpenSearch: http(s)://host[:port], without credentials.",
    )
    host_secret: SecretKeyRef | None = Field(
        default=None,
        description="Elasticsearch: a Secret key holding the host URL with its credentials "
        "(https://user:password@host:9200), instead of `host`.",
    )
    port: Int | None = Field(
        default=None, ge=1, le=65535, description="OpenSearch: the port (default 9200)."
    )
    username: Line | None = Field(default=None, description="OpenSearch: the user name.")
    password: SecretKeyRef | None = Field(
        default=None, description="OpenSearch: a Secret key holding the user's password."
    )
    target_index: IndexName = Field(
        default="airflow-logs", description="Elasticsearch/OpenSearch: the index logs go to."
    )
    index_patterns: IndexName = Field(
        default="_all", description="Elasticsearch/OpenSearch: the indices logs are read from."
    )
    json_format: bool = Field(
        default=False, description="Elasticsearch/OpenSearch: log lines as JSON documents."
    )
    write_stdout: bool = Field(
        default=False,
        description="Elasticsearch/OpenSearch: tasks print their logs to stdout for your log "
        "shipper (Fluent Bit, Vector) instead of Airflow writing them to the index; Airflow "
        "then only reads.",
    )

    @property
    def object_store(self) -> bool:
        return self.kind in SCHEMES

    @model_validator(mode="after")
    def _fits_the_kind(self) -> RemoteLoggingProps:
        problems = self._object_store_problems() if self.object_store else self._search_problems()
        if problems:
            raise located(problems)
        return self

    def _object_store_problems(self) -> list[Problem]:
        scheme = SCHEMES[self.kind]
        problems: list[Problem] = []
        if self.base_folder is None:
            message = f"{self.kind} remote logging needs base_folder, e.g. {scheme}bucket/airflow"
            problems.append((("base_folder",), message, None))
        elif not self.base_folder.startswith(scheme) or not _FOLDER.match(self.base_folder):
            message = (
                f"must be {scheme}<bucket>[/path] for kind {self.kind} (a bucket name of "
                "lowercase letters, digits, '.', '-' and '_'; a path of plain segments)"
            )
            problems.append((("base_folder",), message, self.base_folder))
        if self.conn_id is None:
            message = (
                f"{self.kind} remote logging needs conn_id, the Airflow connection with access "
                "to the store (and `connection`, a Secret key holding it, unless Airflow has it)"
            )
            problems.append((("conn_id",), message, None))
        for field in ("host", "host_secret", "port", "username", "password"):
            if getattr(self, field) is not None:
                message = f"is for elasticsearch/opensearch, not kind {self.kind}: remove it"
                problems.append(((field,), message, getattr(self, field)))
        return problems

    def _search_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for field in ("base_folder", "conn_id", "connection"):
            if getattr(self, field) is not None:
                message = (
                    f"is for the object stores (s3, gcs, wasb), not kind {self.kind}: remove it"
                )
                problems.append(((field,), message, getattr(self, field)))
        if self.host is not None and not _HOST.match(self.host):
            message = (
                "must be http(s)://host[:port] without credentials (put those in a Secret: "
                "host_secret for elasticsearch, username and password for opensearch)"
            )
            problems.append((("host",), message, _without_credentials(self.host)))
        if self.kind == "elasticsearch":
            if (self.host is None) == (self.host_secret is None):
                message = (
                    "elasticsearch remote logging needs exactly one of host (a URL without "
                    "credentials) or host_secret (a Secret key holding the URL with them)"
                )
                problems.append((("host",), message, self.host and _without_credentials(self.host)))
            for field in ("port", "username", "password"):
                if getattr(self, field) is not None:
                    message = (
                        "is for opensearch: elasticsearch takes its port in the host URL and "
                        "its credentials in the URL of host_secret"
                    )
                    problems.append(((field,), message, getattr(self, field)))
        else:
            if self.host is None:
                message = "opensearch remote logging needs host, e.g. https://opensearch:9200"
                problems.append((("host",), message, None))
            if self.host_secret is not None:
                message = "is for elasticsearch: give opensearch's username and password"
                problems.append((("host_secret",), message, "host_secret"))
            if (self.username is None) != (self.password is None):
                message = "opensearch needs username and password together, or neither"
                problems.append((("password",), message, self.password))
        return problems


class LogsProps(Model):
    """Task logs that outlive the pod that wrote them. By default each pod keeps its logs in an
    emptyDir: a Celery worker serves them while it lives, a KubernetesExecutor task's log is gone
    with its pod."""

    volume: LogsVolumeProps | None = Field(
        default=None,
        description="A shared PersistentVolumeClaim at the logs folder of the api-server, "
        "scheduler, dag-processor, triggerer, workers and task pods.",
    )
    retention_days: Int = Field(
        default=RETENTION_DAYS,
        ge=1,
        le=36500,
        description="With a volume: the groomer deletes log files older than this many days.",
    )
    groomer: LogGroomerProps = Field(
        default_factory=LogGroomerProps,
        description="With a volume: the CronJob that deletes old logs, and its pod options.",
    )
    remote: RemoteLoggingProps | None = Field(
        default=None,
        description="Remote logging: `kind` s3, gcs, wasb, elasticsearch or opensearch.",
    )

    @property
    def outlive_workers(self) -> bool:
        """True when a task's log survives the pod that ran it (a shared volume or remote
        logging): only then may workers scale to zero without losing logs the UI shows."""
        return self.volume is not None or self.remote is not None

    @model_validator(mode="after")
    def _groomer_needs_a_volume(self) -> LogsProps:
        if self.volume is not None:
            return self
        # Compared with the defaults: a dump of the whole props (main.py's defaults layer, a
        # copy) sets every field.
        defaults = {"retention_days": RETENTION_DAYS, "groomer": LogGroomerProps()}
        problems: list[Problem] = [
            ((field,), "is for the logs volume: set logs.volume too, or remove it", value)
            for field, default in defaults.items()
            if (value := getattr(self, field)) != default
        ]
        if problems:
            raise located(problems)
        return self


def _without_credentials(url: str) -> str:
    """The URL as an error may repeat it: a password typed into it is not echoed."""
    return re.sub(r"//[^/@]*@", "//***@", url)
