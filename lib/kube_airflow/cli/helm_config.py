"""The chart's `config` (airflow.cfg sections), DAG delivery and logs volume, read as ours."""

from __future__ import annotations

import math
import re
from typing import Any

from kube_airflow.cli.helm_chart import Adopted, Conversion, Reader
from kube_airflow.props.airflow_config import MANAGED, known_options

# The options Airflow 3.3.2 and its providers mark sensitive (their config.yml): a value of them
# would be written into a ConfigMap in plain text (tests/cli/test_from_helm.py reads the list
# back from the installed Airflow).
SENSITIVE = frozenset({
    "core.fernet_key", "core.asset_manager_kwargs", "database.sql_alchemy_conn",
    "database.sql_alchemy_conn_async", "database.sql_alchemy_engine_args",
    "logging.remote_task_handler_kwargs", "secrets.backend_kwargs", "api.secret_key",
    "workers.secrets_backend_kwargs", "api_auth.jwt_secret", "sentry.sentry_dsn",
    "celery.broker_url", "celery.flower_basic_auth", "celery.result_backend",
    "celery_broker_transport_options.sentinel_kwargs",
    "celery_result_backend_transport_options.sentinel_kwargs",
    # Their deprecated names, which Airflow still reads.
    "core.sql_alchemy_conn", "webserver.secret_key", "atlas.password", "opensearch.password",
})  # fmt: skip
# A Go duration as git-sync takes it: 5s, 1m30s, 500ms.
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}


def config(r: Reader, c: Conversion, metrics: bool) -> dict[str, dict[str, Any]]:
    """Each option the chart's `config` sets that Airflow 3.3.2 knows and that is not ours to
    set; the others, each with its reason."""
    found: dict[str, dict[str, Any]] = {}
    for section, options in (r.values.get("config") or {}).items():
        for key, value in (options or {}).items():
            path = f"config.{section}.{key}"
            if path in r.read:  # read for a prop of ours (worker_concurrency)
                continue
            r.get(path)
            if (why := _not_carried(section, key, value, metrics)) is not None:
                c.dropped.append((path, why))
            elif value is not None and value != "":
                found.setdefault(section, {})[key] = value if _plain(value) else str(value)
    return found


def _not_carried(section: str, key: str, value: Any, metrics: bool) -> str | None:
    if "{{" in str(value):
        return "a template of the chart's own wiring; set here from the props"
    if (section, key) in MANAGED:
        return f"set here from the props: {MANAGED[(section, key)]}"
    if f"{section}.{key}" in SENSITIVE:
        return (
            "a secret Airflow would read from a plain ConfigMap here: give it as "
            f"AIRFLOW__{section.upper()}__{key.upper()} from your Secret (pod_defaults.env)"
        )
    if metrics and section == "metrics" and key.startswith("statsd_"):
        return "set here from metrics (metrics.statsd_prefix for the prefix)"
    if key not in known_options().get(section, []):
        return (
            "not an option of Airflow 3.3.2 or of the providers the official image ships "
            "(a provider of yours: list its section in config_provider_sections)"
        )
    return None


def _plain(value: Any) -> bool:
    return isinstance(value, (bool, int, float))


def git_sync(r: Reader, c: Conversion, release: str, secret: str) -> dict[str, Any] | None:
    """dags.gitSync (with the chart's defaults where a key is left out) or dags.persistence."""
    if r.get("dags.gitSync.enabled"):
        return _git(r, c, release, secret)
    if r.get("dags.persistence.enabled"):
        return _volume(r, c)
    return None


def _git(r: Reader, c: Conversion, release: str, secret: str) -> dict[str, Any]:
    git = "dags.gitSync"
    ref = r.first(f"{git}.ref", f"{git}.branch", default="v2-2-stable")
    if (rev := r.get(f"{git}.rev")) not in (None, "HEAD"):
        ref = rev
    dags: dict[str, Any] = {
        "mode": "git-sync",
        "repo": r.get(f"{git}.repo", "https://github.com/apache/airflow.git"),
        "ref": str(ref),
        "sub_path": r.get(f"{git}.subPath", "tests/dags"),
        "depth": r.get(f"{git}.depth", 1),
    }
    tag = str(r.get("images.gitSync.tag", "v4"))
    # git-sync v3 waits `wait` seconds (when set); v4 takes `period`.
    wait = r.get(f"{git}.wait") if tag.startswith("v3") else None
    dags["period_seconds"] = sync_seconds(wait or None, r.get(f"{git}.period", "5s"))
    r.get(f"{git}.wait")
    if r.given("images.gitSync.repository"):
        dags["image"] = f"{r.get('images.gitSync.repository')}:{tag}"
    if key := r.get(f"{git}.sshKeySecret"):
        dags["ssh"] = {"key": {"name": key, "key": "gitSshKey"}}
        if r.given(f"{git}.knownHosts"):
            dags["ssh"]["known_hosts"] = {"name": secret, "key": "known-hosts"}
            c.adopted.append(_known_hosts(release))
    if name := r.get(f"{git}.credentialsSecret"):
        spelled = "GIT_SYNC_" if tag.startswith("v3") else "GITSYNC_"
        dags["https"] = {
            "username": {"name": name, "key": f"{spelled}USERNAME"},
            "password": {"name": name, "key": f"{spelled}PASSWORD"},
        }
    return dags


def _known_hosts(release: str) -> Adopted:
    """The chart writes knownHosts into its airflow.cfg ConfigMap, `<release>-airflow-config`
    in the templates read here (`<release>-config` tried too)."""
    return Adopted(
        "known-hosts", f"{release}-airflow-config", "known_hosts", "git-sync's known_hosts",
        config_map=True, alternatives=(f"{release}-config",),
    )  # fmt: skip


def sync_seconds(wait: Any, period: Any) -> int:
    """git-sync's period in whole seconds (at least 5, as ours allows): the older `wait` in
    seconds, else the Go duration `period`."""
    if wait is not None:
        return max(5, math.ceil(float(wait)))
    text = str(period)
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return 60  # not a duration git-sync would take either: ours
    return max(5, math.ceil(sum(float(n) * _UNIT[u] for n, u in parts)))


def _volume(r: Reader, c: Conversion) -> dict[str, Any]:
    at = "dags.persistence"
    claim = r.get(f"{at}.existingClaim")
    dags = {
        "mode": "volume",
        "claim": claim,
        "size": None if claim else str(r.get(f"{at}.size", "1Gi")),
        "storage_class": r.get(f"{at}.storageClassName"),
        "sub_path": r.get(f"{at}.subPath"),
    }
    if claim is None:
        c.notes.append("dags is a new claim: copy the DAG files from the release's claim into it")
    return {k: v for k, v in dags.items() if v is not None}


def logs_volume(r: Reader, c: Conversion) -> dict[str, Any] | None:
    if r.get("logs.persistence.enabled"):
        volume = {
            "claim": r.get("logs.persistence.existingClaim"),
            "size": None
            if r.given("logs.persistence.existingClaim")
            else r.get("logs.persistence.size", "100Gi"),
            "storage_class": r.get("logs.persistence.storageClassName"),
        }
        if volume["claim"] is None:
            c.notes.append("logs.volume is a new claim: the release's logs stay on its own claim")
        return {"volume": {k: v for k, v in volume.items() if v is not None}}
    return None
