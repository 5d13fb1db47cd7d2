"""The Edge workers' props: Airflow 3's EdgeExecutor (apache-airflow-providers-edge3), whose
workers reach only the api-server over HTTP(S), with no broker and no database: sites behind a
firewall, other clusters. In this deployment beside the other roles, or written alone
(`standalone`) for another namespace or cluster."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field

from kube_airflow.errors import Problem
from kube_airflow.props.kube import DiskProps, Resources, disk, resources
from kube_airflow.props.model import INT32_MAX, INT64_MAX, Int, rule
from kube_airflow.props.roles import ReplicatedProps
from kube_airflow.props.workers import Queues

# The edge API's path below the api-server's base URL (the provider's plugin mounts it there).
EDGE_API_PATH = "/edge_worker/v1/rpcapi"
# [edge] drain_kill_grace_sec, the provider's default: after the drain timeout the worker sends
# its tasks SIGTERM, and SIGKILL this long after.
DRAIN_KILL_GRACE_SECONDS = 30
# What the stop leaves for the preStop command's own start (an Airflow CLI) and the exit.
STOP_MARGIN_SECONDS = 30


def _edge_api_url(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and parts.path.rstrip("/").endswith(EDGE_API_PATH)
        and not parts.query
        and not parts.fragment
    )


EdgeApiUrl = Annotated[
    str,
    rule(
        _edge_api_url,
        f"must be the http:// or https:// URL of the api-server's edge API, ending in "
        f"{EDGE_API_PATH}, e.g. https://airflow.example.com{EDGE_API_PATH}",
    ),
]


class EdgeProps(ReplicatedProps):
    """Edge workers, with `EdgeExecutor` in `executor`: Deployment `<prefix>-edge-worker` of
    `airflow edge worker`, which takes tasks of its queues from the api-server's edge API, runs
    them, and sends their logs there. The api-server serves that API (`[edge] api_enabled`)."""

    replicas: Int = Field(default=1, ge=0, le=INT32_MAX, description="Edge worker pods.")
    queues: Queues = Field(
        default_factory=lambda: ["default"],
        min_length=1,
        description="`airflow edge worker --queues`: the queues its workers take. A task picks "
        'one with its `queue` argument, and the EdgeExecutor with `executor="EdgeExecutor"` '
        "unless it comes first in `executor`.",
    )
    concurrency: Int = Field(
        default=8, ge=1, le=256, description="`--concurrency`: tasks a worker runs at once."
    )
    termination_grace_period_seconds: Int = Field(
        default=600,
        ge=2 * STOP_MARGIN_SECONDS + DRAIN_KILL_GRACE_SECONDS,
        le=INT64_MAX,
        description="Time for a stopping worker to drain: it takes no new task and lets its "
        "running ones finish. Tasks still running this long less 60 s after the stop began "
        "are terminated ([edge] drain_timeout_sec), and killed 30 s later.",
    )
    resources: Resources = Field(default=resources("200m", "512Mi", "2", "1536Mi", "512Mi"))
    disk: DiskProps = Field(
        default=disk("1Gi", "4Gi"),
        description="Its scratch volumes, shared by its concurrent tasks: /tmp, their "
        "temporary files; logs, their logs (sent to the api-server as they grow), groomed.",
    )
    api_url: EdgeApiUrl | None = Field(
        default=None,
        description="[edge] api_url: the edge API as the workers reach it. By default the "
        "api-server's Service in this namespace; required with `standalone`, where the "
        "api-server is elsewhere (its Ingress, say).",
    )
    standalone: bool = Field(
        default=False,
        description="Write only the edge workers (their Deployment, configuration, "
        "ServiceAccount, disruption budget and NetworkPolicy), for another namespace or "
        "cluster than the deployment's; they need `api_url` and `secrets.jwt_secret`, a copy "
        "of the deployment's JWT secret.",
    )

    @property
    def drain_timeout_seconds(self) -> int:
        """[edge] drain_timeout_sec: the drain, the kill grace and a margin fit the grace."""
        grace = self.termination_grace_period_seconds
        return int(grace - DRAIN_KILL_GRACE_SECONDS - STOP_MARGIN_SECONDS)


# The [edge] options the props set (worker_concurrency is the worker's --concurrency, which
# wins over it): given in `config` too, the api-server and the workers would disagree.
MANAGED = {
    "api_enabled": "executor",
    "api_url": "edge.api_url",
    "drain_timeout_sec": "edge.termination_grace_period_seconds",
    "drain_kill_grace_sec": "edge.termination_grace_period_seconds",
    "worker_concurrency": "edge.concurrency",
}


def edge_config_problems(on: bool, config: dict[str, dict[str, Any]]) -> list[Problem]:
    """What the props set in [edge], given in `config` too."""
    given = config.get("edge", {}) if on else {}
    return [
        (("config", "edge", key), f"is set by {prop}: remove it", given[key])
        for key, prop in MANAGED.items()
        if key in given
    ]
