"""Bad input: a clear error naming the field, the bad value and what is allowed; nothing written."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cdk8s import App, Chart
from cdk8s import Testing as Cdk8sTesting

from kube_airflow import Airflow
from kube_airflow.errors import UserError
from kube_airflow.props import AirflowProps, Resources, WorkersProps
from kube_airflow.props.values import load_props, merge
from tests.airflow.config_description import OPTIONS
from tests.airflow.test_airflow_semantics import airflow
from tests.conftest import ROOT

S3_LOGS = {"kind": "s3", "base_folder": "s3://logs/airflow", "conn_id": "s3_logs"}
BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    ("git-sync without repo", {"dags": {"mode": "git-sync"}}, ["dags.repo: ", "needs 'repo'"]),
    (
        "ssh key without known_hosts",
        {
            "dags": {
                "mode": "git-sync",
                "repo": "git@h:r.git",
                "ssh": {"key": {"name": "k", "key": "id"}},
            }
        },
        ["dags.ssh.known_hosts: ", "known_hosts"],
    ),
    (
        "ssh key with https url",
        {
            "dags": {
                "mode": "git-sync",
                "repo": "https://h/r.git",
                "ssh": {"key": {"name": "k", "key": "i"}, "known_hosts": {"name": "k", "key": "h"}},
            }
        },
        ["dags.repo: ", "SSH repo URL", "'https://h/r.git'"],
    ),
    ("volume without claim", {"dags": {"mode": "volume"}}, ["  dags: ", "'claim'", "'size'"]),
    ("dags folder", {"dags": {"folder": "/opt/airflow"}}, ["dags.folder: ", "'/opt/airflow'"]),
    ("unknown dags mode", {"dags": {"mode": "s3"}}, ["dags", "'s3'", "git-sync", "volume"]),
    ("prefix not a DNS label", {"prefix": "Air_flow"}, ["prefix", "'Air_flow'", "DNS label"]),
    ("prefix too long", {"prefix": "a" * 31}, ["prefix", "at most 30"]),
    ("namespace", {"namespace": "-x"}, ["namespace", "'-x'"]),
    (
        "unknown config key",
        {"config": {"core": {"paralelism": 8}}},
        ["config.core.paralelism: ", "[core]", "did you mean 'parallelism'"],
    ),
    (
        "unknown config section",
        {"config": {"schedulr": {"x": 1}}},
        ["config.schedulr: ", "did you mean [scheduler]?", "config_provider_sections"],
    ),
    (
        "managed config key",
        {"config": {"core": {"fernet_key": "x"}}},
        ["config.core.fernet_key", "secrets.fernet_key"],
    ),
    (
        "external db with both url and host",
        {
            "database": {
                "type": "external",
                "host": "db",
                "password": {"name": "a", "key": "b"},
                "connection": {"name": "c", "key": "d"},
            }
        },
        ["database", "not both"],
    ),
    (
        "pgbouncer with a database name its [databases] line cannot hold",
        {"pgbouncer": {"enabled": True}, "database": {"database": "air flow"}},
        ["database.database: ", "for PgBouncer's [databases] line", "(got 'air flow')"],
    ),
    (
        "pgbouncer with a URL option it cannot carry",
        {
            "pgbouncer": {"enabled": True},
            "database": {
                "type": "external",
                "host": "db",
                "password": {"name": "a", "key": "b"},
                "query": {"sslmode": "verify-full", "connect_timeout": "5"},
            },
        },
        [
            "database.query.sslmode: PgBouncer verifies the database's certificate only with a "
            "CA bundle: set pgbouncer.server_ca",
            "database.query.connect_timeout: PgBouncer carries only sslmode (disable, allow, "
            "prefer, require, verify-ca, verify-full) to the database: drop 'connect_timeout', "
            "or set pgbouncer.enabled: false (got '5')",
        ],
    ),
    ("pgbouncer pool mode", {"pgbouncer": {"pool_mode": "statement"}}, ["pgbouncer.pool_mode: "]),
    (
        "pgbouncer pool size",
        {"pgbouncer": {"default_pool_size": 0}},
        ["pgbouncer.default_pool_size: "],
    ),
    (
        "external db without password",
        {"database": {"type": "external", "host": "db"}},
        ["database", "'password'"],
    ),
    ("unknown broker", {"broker": {"type": "kafka"}}, ["broker", "'kafka'", "rabbitmq", "redis"]),
    (
        "flower ingress without flower",
        {"flower": {"enabled": False}, "ingress": {"enabled": True, "flower": {"host": "f"}}},
        ["ingress.flower: ", "flower.enabled"],
    ),
    (
        "bad quantity",
        {
            "workers": {
                "resources": {"cpu_request": "lots", "memory_request": "1Gi", "memory_limit": "2Gi"}
            }
        },
        ["workers.resources.cpu_request", "'lots'", "quantity"],
    ),
    ("latest tag", {"image": {"tag": "latest"}}, ["image.tag", "'latest'"]),
    ("unknown field", {"workers": {"replica": 3}}, ["workers.replica", "Extra inputs"]),
    (
        "negative replicas",
        {"workers": {"replicas": -1}},
        ["workers.replicas", "-1", "greater than or equal to 0"],
    ),
    (
        "ingress path",
        {"ingress": {"enabled": True, "api_server": {"host": "a", "path": "x/"}}},
        ["ingress.api_server.path", "'x/'"],
    ),
    ("repository with two tags", {"image": {"repository": "foo:bar"}}, ["image.repository: "]),
    ("upper-case repository", {"image": {"repository": "Foo/Bar"}}, ["lowercase", "'Foo/Bar'"]),
    (
        "digest given as a tag",
        {"image": {"tag": "sha256:" + "a" * 64}},
        ["image.tag: ", "a digest, not a tag", "image.digest"],
    ),
    (
        "replicas beyond int32",
        {"workers": {"replicas": 3_000_000_000}},
        ["workers.replicas: ", "2147483647", "3000000000"],
    ),
    ("replicas given as a boolean", {"workers": {"replicas": True}}, ["workers.replicas: "]),
    (
        "ingress host",
        {"ingress": {"enabled": True, "api_server": {"host": "Bad Host!"}}},
        ["ingress.api_server.host: ", "DNS name", "'Bad Host!'"],
    ),
    (
        "ingress routes on one host and path",
        {"ingress": {"enabled": True, "api_server": {"host": "a"}, "flower": {"host": "a"}}},
        ["ingress.flower.path: ", "api_server's host and path"],
    ),
    (
        "config value of the wrong type",
        {"config": {"core": {"parallelism": "banana"}}},
        ["config.core.parallelism: ", "must be an integer", "'banana'"],
    ),
    (
        "config boolean",
        {"config": {"core": {"lazy_load_plugins": "maybe"}}},
        ["config.core.lazy_load_plugins: ", "must be a boolean"],
    ),
    (
        "config float",
        {"config": {"scheduler": {"scheduler_idle_sleep_time": "soon"}}},
        ["config.scheduler.scheduler_idle_sleep_time: ", "must be a float"],
    ),
    (
        "config key that moved section",
        {"config": {"scheduler": {"parsing_processes": 4}}},
        ["config.scheduler.parsing_processes: ", "moved to [dag_processor] parsing_processes"],
    ),
    (
        "config key of a removed section that moved to a managed one",
        {"config": {"webserver": {"secret_key": "x"}}},
        ["config.webserver.secret_key: ", "[api] secret_key", "secrets.api_secret_key"],
    ),
    (
        "config key Airflow 3 removed",
        {"config": {"core": {"check_slas": True}}},
        ["config.core.check_slas: ", "removed", "SLA"],
    ),
    (
        "config value on two lines in a provider section",
        {"config_provider_sections": ["mine"], "config": {"mine": {"a": "x\ny"}}},
        ["config.mine.a: ", "one line"],
    ),
    (
        "config value that is a list",
        {"config": {"core": {"parallelism": [1]}}},
        ["config.core.parallelism: ", "string, a number or a boolean"],
    ),
    (
        "IPv6 database host",
        {"database": {"type": "external", "host": "::1", "password": {"name": "a", "key": "b"}}},
        ["database.host: ", "IPv6", "'::1'"],
    ),
    (
        "database host with a space",
        {
            "database": {
                "type": "external",
                "host": "db host",
                "password": {"name": "a", "key": "b"},
            }
        },
        ["database.host: ", "DNS name or an IPv4 address", "'db host'"],
    ),
    (
        "option of another database type",
        {"database": {"port": 5433}},
        ["database.port: ", "an option of type 'external', not of type 'postgres'"],
    ),
    (
        "text read as a number",
        {"image": {"tag": 3.1}},
        ["image.tag: ", "YAML read it as the number 3.1", "quotes"],
    ),
    (
        "memory in millibytes",
        {"workers": {"resources": {"memory_limit": "512m"}}},
        ["workers.resources.memory_limit: ", "milli", "0.512 bytes; 512Mi?"],
    ),
    (
        "request above limit",
        {"scheduler": {"resources": {"memory_request": "1Gi"}}},
        ["scheduler.resources.memory_request: ", "above memory_limit 768Mi"],
    ),
    (
        "toleration without key",
        {"workers": {"tolerations": [{"value": "x"}]}},
        ["workers.tolerations.0.operator: ", "Exists"],
    ),
    (
        "node selector key",
        {"workers": {"node_selector": {"bad key": "x"}}},
        ["workers.node_selector.bad key: ", "label or annotation key"],
    ),
    (
        "secret key with a space",
        {"secrets": {"fernet_key": {"name": "s", "key": "a b"}}},
        ["secrets.fernet_key.key: ", "Secret key"],
    ),
    (
        "git ref",
        {"dags": {"mode": "git-sync", "repo": "https://h/r.git", "ref": "main branch"}},
        ["dags.ref: ", "as git names them"],
    ),
    (
        "dags folder on a mounted folder",
        {"dags": {"mode": "volume", "claim": "c", "folder": "/opt/kube-airflow"}},
        ["dags.folder: ", "'/opt/kube-airflow'"],
    ),
    (
        "volume sub_path",
        {"dags": {"mode": "volume", "claim": "c", "sub_path": "../x"}},
        ["dags.sub_path: ", "'..'"],
    ),
    (
        "env with two sources",
        {"workers": {"env": [{"name": "A", "value": "1", "secret": {"name": "s", "key": "k"}}]}},
        ["workers.env.0.value: ", "env A needs exactly one of 'value', 'secret', 'config_map'"],
    ),
    (
        "env name",
        {"pod_defaults": {"env": [{"name": "1X", "value": "1"}]}},
        ["pod_defaults.env.0.name: ", "environment variable name", "'1X'"],
    ),
    (
        "volume without source",
        {"scheduler": {"volumes": [{"name": "v", "mount_path": "/v"}]}},
        ["scheduler.volumes.0.secret: ", "volume v needs exactly one of"],
    ),
    (
        "selector label",
        {"api_server": {"pod_labels": {"app.kubernetes.io/component": "x"}}},
        ["api_server.pod_labels.app.kubernetes.io/component: ", "select pods by"],
    ),
    (
        "affinity operator without values",
        {
            "workers": {
                "affinity": {
                    "node_affinity": {
                        "required_during_scheduling_ignored_during_execution": [
                            {"match_expressions": [{"key": "zone", "operator": "In"}]}
                        ]
                    }
                }
            }
        },
        ["match_expressions.0.values: ", "operator In needs at least one value"],
    ),
    (
        "sidecar image",
        {"flower": {"sidecars": [{"name": "x", "image": "Bad:latest"}]}},
        ["flower.sidecars.0.image: ", "pinned image reference"],
    ),
    (
        "cron schedule with four fields",
        {"db_clean": {"schedule": "0 3 * *"}},
        ["db_clean.schedule: ", "has 4 fields", "five", "@daily", "(got '0 3 * *')"],
    ),
    (
        "cron minute out of range",
        {"db_clean": {"schedule": "61 * * * *"}},
        ["db_clean.schedule: ", "bad minute field '61'", "0-59"],
    ),
    (
        "cron macro",
        {"db_clean": {"schedule": "@often"}},
        ["db_clean.schedule: ", "@hourly", "(got '@often')"],
    ),
    (
        "db clean table",
        {"db_clean": {"tables": ["dagrun"]}},
        ["db_clean.tables.0: ", "'dag_run'", "(got 'dagrun')"],
    ),
    (
        "db clean retention",
        {"db_clean": {"retention_days": 0}},
        ["db_clean.retention_days: ", "greater than or equal to 1"],
    ),
    (
        "schedule time zone",
        {"db_clean": {"time_zone": "Mars/Base"}},
        ["db_clean.time_zone: ", "tz database", "(got 'Mars/Base')"],
    ),
    (
        "flower with the KubernetesExecutor alone",
        {"executor": "KubernetesExecutor", "flower": {"enabled": True}},
        ["flower.enabled: ", "is for Celery", "'CeleryExecutor,KubernetesExecutor'"],
    ),
    (
        "broker with the KubernetesExecutor alone",
        {"executor": "KubernetesExecutor", "broker": {"type": "redis"}},
        [
            "  broker: ",
            "runs no Celery workers, broker or Flower",
            "remove it",
            "(got {'type': 'redis'})",
        ],
    ),
    (
        "workers with the KubernetesExecutor alone",
        {"executor": "KubernetesExecutor", "workers": {"replicas": 4}},
        ["  workers: ", "is for Celery", "(got {'replicas': 4})"],
    ),
    (
        "flower ingress with the KubernetesExecutor alone",
        {
            "executor": "KubernetesExecutor",
            "ingress": {"enabled": True, "api_server": {"host": "a.b"}, "flower": {"host": "f.b"}},
        },
        ["ingress.flower: ", "runs no Flower", "(got 'f.b')"],
    ),
    (
        "unknown executor",
        {"executor": "LocalExecutor"},
        ["executor: ", "'KubernetesExecutor'", "'CeleryExecutor,KubernetesExecutor'"],
    ),
    (
        "managed executor config",
        {"config": {"kubernetes_executor": {"pod_template_file": "/x.yaml"}}},
        ["config.kubernetes_executor.pod_template_file", "task_pods"],
    ),
    (
        "probe timing",
        {"triggerer": {"probes": {"liveness": {"period_seconds": 0}}}},
        ["triggerer.probes.liveness.period_seconds: ", "(got 0)"],
    ),
    (
        "budget with both bounds",
        {"scheduler": {"pdb": {"max_unavailable": 1, "min_available": 1}}},
        ["scheduler.pdb.max_unavailable: ", "not both"],
    ),
    (
        "budget with neither bound",
        {"workers": {"pdb": {"max_unavailable": None}}},
        ["workers.pdb.max_unavailable: ", "give max_unavailable or min_available"],
    ),
    (
        "budget percent out of range",
        {"api_server": {"pdb": {"max_unavailable": "150%"}}},
        ["api_server.pdb.max_unavailable: ", "from 0% to 100%", "(got '150%')"],
    ),
    (
        "budget count as text",
        {"api_server": {"pdb": {"min_available": "1"}}},
        ["api_server.pdb.min_available: ", "a count of pods"],
    ),
    (
        "budget never met",
        {"triggerer": {"replicas": 2, "pdb": {"min_available": 3}}},
        ["triggerer.pdb.min_available: ", "more than replicas (2)", "(got 3)"],
    ),
    (
        "spread preset",
        {"dag_processor": {"spread": {"preset": "strict"}}},
        ["dag_processor.spread.preset: ", "'soft', 'hard' or 'none'"],
    ),
    (
        "flower basic auth",
        {"flower": {"basic_auth": {"name": "Flower"}}},
        ["flower.basic_auth.key: "],
    ),
    (
        "sign-in kind",
        {"auth": {"type": "saml"}},
        ["auth: ", "'saml'", "'db', 'oauth', 'ldap', 'config_map'"],
    ),
    (
        "ldap server not an ldap URI",
        {"auth": {"type": "ldap", "server": "http://ldap", "search": "dc=x"}},
        [
            "auth.server: must be an LDAP server URI: ldap://host[:port] or ldaps://",
            "'http://ldap'",
        ],
    ),
    (
        "ldap without search base",
        {"auth": {"type": "ldap", "server": "ldap://ldap"}},
        ["auth.search: Field required"],
    ),
    (
        "ldap bind user without password",
        {"auth": {"type": "ldap", "server": "ldap://l", "search": "dc=x", "bind_user": "cn=a"}},
        ["auth.bind_password: is required with bind_user"],
    ),
    (
        "ldap starttls on ldaps",
        {"auth": {"type": "ldap", "server": "ldaps://l", "search": "dc=x", "use_starttls": True}},
        ["auth.use_starttls: StartTLS is for ldap://"],
    ),
    (
        "ldap CA without TLS",
        {
            "auth": {
                "type": "ldap",
                "server": "ldap://l",
                "search": "dc=x",
                "tls_ca": {"name": "ca", "key": "ca.crt"},
            }
        },
        ["auth.tls_ca: a CA bundle needs TLS"],
    ),
    (
        "oauth without providers",
        {"auth": {"type": "oauth", "providers": []}},
        ["auth.providers: List should have at least 1 item"],
    ),
    (
        "oauth azure without tenant",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "azure",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                    }
                ],
            }
        },
        ["auth.providers.0.tenant_id: is required with provider azure"],
    ),
    (
        "oidc without metadata URL, and an http one",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "oidc",
                        "name": "corp",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                    },
                    {
                        "provider": "oidc",
                        "name": "other",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                        "server_metadata_url": "http://idp/x",
                    },
                ],
            }
        },
        [
            "auth.providers.0.server_metadata_url: is required with provider oidc",
            "auth.providers.1.server_metadata_url: must be an https:// URL without spaces (got 'http://idp/x')",
        ],
    ),
    (
        "oidc provider named like a built-in one",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "oidc",
                        "name": "google",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                        "server_metadata_url": "https://idp/x",
                    }
                ],
            }
        },
        ["auth.providers.0.name: FAB reads a provider of this name", "(got 'google')"],
    ),
    (
        "oauth option of another provider",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "google",
                        "realm": "x",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                    }
                ],
            }
        },
        ["auth.providers.0.realm: is not an option of provider google"],
    ),
    (
        "oauth provider twice",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "github",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                    },
                    {
                        "provider": "github",
                        "client_id": "b",
                        "client_secret": {"name": "s", "key": "k"},
                    },
                ],
            }
        },
        ["auth.providers.1.name: is given twice"],
    ),
    (
        "oauth unknown provider",
        {
            "auth": {
                "type": "oauth",
                "providers": [
                    {
                        "provider": "facebook",
                        "client_id": "a",
                        "client_secret": {"name": "s", "key": "k"},
                    }
                ],
            }
        },
        ["auth.providers.0.provider: ", "'oidc'", "(got 'facebook')"],
    ),
    (
        "self-registration with database sign-in",
        {"auth": {"user_registration": True}},
        ["auth.user_registration: ", "an option of type 'oauth' or type 'ldap', not of type 'db'"],
    ),
    (
        "role mapping to an empty role",
        {
            "auth": {
                "type": "ldap",
                "server": "ldap://l",
                "search": "x",
                "roles_mapping": {"g": [""]},
            }
        },
        ["auth.roles_mapping.g.0: must be one line of text"],
    ),
    (
        "webserver_config.py ConfigMap without key",
        {"auth": {"type": "config_map", "config_map": {"name": "wc"}}},
        ["auth.config_map.key: Field required"],
    ),
    (
        "local settings ConfigMap name",
        {"local_settings": {"config_map": {"name": "Policies", "key": "a.py"}}},
        ["local_settings.config_map.name: must be a Kubernetes object name", "'Policies'"],
    ),
    (
        "fab config_file",
        {"config": {"fab": {"config_file": "/x.py"}}},
        ["config.fab.config_file", "is managed: use auth"],
    ),
    (
        "autoscaling kind",
        {"workers": {"autoscaling": {"kind": "vpa"}}},
        ["workers.autoscaling: ", "'none', 'keda', 'hpa'", "(got {'kind': 'vpa'})"],
    ),
    (
        "autoscaling without kind",
        {"workers": {"autoscaling": {"max_replicas": 4}}},
        [
            "workers.autoscaling: ",
            "needs kind: 'none', 'keda' or 'hpa'",
            "(got {'max_replicas': 4})",
        ],
    ),
    (
        "replicas beside an autoscaler",
        {"workers": {"replicas": 3, "autoscaling": {"kind": "keda"}}},
        ["workers.replicas: ", "autoscaling.kind 'keda'", "remove replicas", "(got 3)"],
    ),
    (
        "api-server autoscaling kind",
        {"api_server": {"autoscaling": {"kind": "keda"}}},
        ["api_server.autoscaling: ", "'none', 'hpa'", "(got {'kind': 'keda'})"],
    ),
    (
        "api-server autoscaling without kind",
        {"api_server": {"autoscaling": {"max_replicas": 4}}},
        ["api_server.autoscaling: ", "needs kind: 'none' or 'hpa'", "(got {'max_replicas': 4})"],
    ),
    (
        "api-server replicas beside an autoscaler",
        {"api_server": {"replicas": 2, "autoscaling": {"kind": "hpa"}}},
        [
            "api_server.replicas: ",
            "decides the number of api-servers",
            "remove replicas",
            "(got 2)",
        ],
    ),
    (
        "api-server budget above the autoscaler's minimum",
        {"api_server": {"autoscaling": {"kind": "hpa"}, "pdb": {"min_available": 2}}},
        ["api_server.pdb.min_available: ", "more than autoscaling.min_replicas (1)", "(got 2)"],
    ),
    (
        "autoscaling bounds reversed",
        {"workers": {"autoscaling": {"kind": "keda", "min_replicas": 5, "max_replicas": 2}}},
        ["workers.autoscaling.min_replicas: ", "more than max_replicas (2)", "(got 5)"],
    ),
    (
        "hpa to zero",
        {"workers": {"autoscaling": {"kind": "hpa", "min_replicas": 0}}},
        ["workers.autoscaling.min_replicas: ", "greater than or equal to 1", "(got 0)"],
    ),
    (
        "keda negative cooldown",
        {"workers": {"autoscaling": {"kind": "keda", "cooldown_seconds": -1}}},
        ["workers.autoscaling.cooldown_seconds: ", "(got -1)"],
    ),
    (
        "keda polling every 0 s",
        {"workers": {"autoscaling": {"kind": "keda", "polling_interval_seconds": 0}}},
        ["workers.autoscaling.polling_interval_seconds: ", "(got 0)"],
    ),
    (
        "keda operator namespace",
        {"workers": {"autoscaling": {"kind": "keda", "operator_namespace": "KEDA"}}},
        ["workers.autoscaling.operator_namespace: ", "(got 'KEDA')"],
    ),
    (
        "hpa cpu target",
        {"workers": {"autoscaling": {"kind": "hpa", "cpu_utilization": 0}}},
        ["workers.autoscaling.cpu_utilization: ", "(got 0)"],
    ),
    (
        "keda option on an hpa",
        {"workers": {"autoscaling": {"kind": "hpa", "cooldown_seconds": 60}}},
        ["workers.autoscaling.cooldown_seconds: ", "an option of kind 'keda', not of kind 'hpa'"],
    ),
    (
        "keda on a database URL",
        {
            "workers": {"autoscaling": {"kind": "keda"}},
            "database": {"type": "external", "connection": {"name": "db", "key": "url"}},
        },
        ["database.connection: ", "cannot read a whole SQLAlchemy URL", "kind: hpa"],
    ),
    (
        "keda broker queue on an external broker",
        {
            "workers": {"autoscaling": {"kind": "keda", "broker_queue": True}},
            "broker": {"type": "external", "url": {"name": "b", "key": "url"}},
        },
        ["workers.autoscaling.broker_queue: ", "in-cluster rabbitmq or redis", "(got True)"],
    ),
    (
        "metrics scrape interval",
        {"metrics": {"service_monitor": {"interval": "30 seconds"}}},
        ["metrics.service_monitor.interval: ", "Prometheus duration", "(got '30 seconds')"],
    ),
    (
        "metrics zero interval",
        {"metrics": {"service_monitor": {"interval": "0s"}}},
        ["metrics.service_monitor.interval: ", "(got '0s')"],
    ),
    (
        "metrics statsd prefix",
        {"metrics": {"statsd_prefix": "Air.flow"}},
        ["metrics.statsd_prefix: ", "lowercase letters", "(got 'Air.flow')"],
    ),
    (
        "metrics service monitor label",
        {"metrics": {"service_monitor": {"labels": {"release": "prom etheus"}}}},
        ["metrics.service_monitor.labels.release: ", "'prom etheus'"],
    ),
    ("metrics image", {"metrics": {"image": "prom/statsd-exporter:v0:31"}}, ["metrics.image: "]),
    ("metrics enabled", {"metrics": {"enabled": "sometimes"}}, ["metrics.enabled: "]),
    (
        "statsd host set twice",
        {"metrics": {"enabled": True}, "config": {"metrics": {"statsd_host": "statsd.example"}}},
        ["config.metrics.statsd_host: ", "is set by metrics.enabled", "'statsd.example'"],
    ),
    (
        "logs volume without claim or size",
        {"logs": {"volume": {"storage_class": "nfs"}}},
        ["logs.volume.claim: ", "'claim'", "'size'", "exactly one"],
    ),
    (
        "logs volume with both claim and size",
        {"logs": {"volume": {"claim": "logs", "size": "10Gi"}}},
        ["logs.volume.claim: ", "exactly one", "(got 'logs')"],
    ),
    (
        "logs volume claim with a storage class",
        {"logs": {"volume": {"claim": "logs", "storage_class": "nfs"}}},
        ["logs.volume.storage_class: ", "created claim", "(got 'nfs')"],
    ),
    (
        "logs volume size",
        {"logs": {"volume": {"size": "10G B"}}},
        ["logs.volume.size: ", "Kubernetes quantity"],
    ),
    (
        "log retention without a volume",
        {"logs": {"retention_days": 7}},
        ["logs.retention_days: ", "set logs.volume too", "(got 7)"],
    ),
    (
        "log groomer without a volume",
        {"logs": {"groomer": {"schedule": "@daily"}}},
        ["logs.groomer: ", "set logs.volume too"],
    ),
    (
        "log retention of zero days",
        {"logs": {"volume": {"size": "1Gi"}, "retention_days": 0}},
        ["logs.retention_days: ", "greater than or equal to 1"],
    ),
    (
        "log groomer schedule",
        {"logs": {"volume": {"size": "1Gi"}, "groomer": {"schedule": "hourly"}}},
        ["logs.groomer.schedule: ", "five"],
    ),
    (
        "remote logging kind",
        {"logs": {"remote": {"kind": "ftp"}}},
        ["logs.remote.kind: ", "'s3'", "'opensearch'", "(got 'ftp')"],
    ),
    (
        "remote logging without kind",
        {"logs": {"remote": {"base_folder": "s3://logs"}}},
        ["logs.remote.kind: ", "required"],
    ),
    (
        "s3 remote logging without connection",
        {"logs": {"remote": {"kind": "s3", "base_folder": "s3://logs/airflow"}}},
        ["logs.remote.conn_id: ", "needs conn_id"],
    ),
    (
        "s3 remote logging without base folder",
        {"logs": {"remote": {"kind": "s3", "conn_id": "aws_default"}}},
        ["logs.remote.base_folder: ", "needs base_folder", "s3://bucket/airflow"],
    ),
    (
        "remote base folder of another scheme",
        {"logs": {"remote": {"kind": "gcs", "base_folder": "s3://logs", "conn_id": "gcp"}}},
        ["logs.remote.base_folder: ", "gs://<bucket>[/path] for kind gcs", "(got 's3://logs')"],
    ),
    (
        "remote base folder with a bad bucket",
        {"logs": {"remote": {"kind": "s3", "base_folder": "s3://My Bucket", "conn_id": "aws"}}},
        ["logs.remote.base_folder: ", "s3://<bucket>[/path]"],
    ),
    (
        "remote connection id",
        {"logs": {"remote": {"kind": "s3", "base_folder": "s3://logs", "conn_id": "my-conn"}}},
        ["logs.remote.conn_id: ", "AIRFLOW_CONN_<ID>", "(got 'my-conn')"],
    ),
    (
        "remote connection secret",
        {"logs": {"remote": {**S3_LOGS, "connection": {"name": "Logs", "key": "uri"}}}},
        ["logs.remote.connection.name: ", "(got 'Logs')"],
    ),
    (
        "search engine option on an object store",
        {"logs": {"remote": {**S3_LOGS, "host": "https://es:9200"}}},
        ["logs.remote.host: ", "elasticsearch/opensearch, not kind s3"],
    ),
    (
        "object store option on elasticsearch",
        {"logs": {"remote": {"kind": "elasticsearch", "host": "http://es:9200", "conn_id": "x"}}},
        ["logs.remote.conn_id: ", "object stores", "not kind elasticsearch"],
    ),
    (
        "elasticsearch without host",
        {"logs": {"remote": {"kind": "elasticsearch"}}},
        ["logs.remote.host: ", "exactly one of host", "host_secret"],
    ),
    (
        "elasticsearch host with credentials",
        {"logs": {"remote": {"kind": "elasticsearch", "host": "https://u:pw5ecret@es:9200"}}},
        ["logs.remote.host: ", "without credentials", "host_secret", "'https://***@es:9200'"],
    ),
    (
        "opensearch password without username",
        {
            "logs": {
                "remote": {
                    "kind": "opensearch",
                    "host": "https://os",
                    "password": {"name": "os", "key": "password"},
                }
            }
        },
        ["logs.remote.password: ", "username and password together"],
    ),
    (
        "remote index name",
        {"logs": {"remote": {"kind": "opensearch", "host": "https://os", "target_index": "Logs"}}},
        ["logs.remote.target_index: ", "(got 'Logs')"],
    ),
    (
        "keda scale to zero without a log store",
        {"workers": {"autoscaling": {"kind": "keda", "min_replicas": 0}}},
        ["workers.autoscaling.min_replicas: ", "logs.volume or logs.remote", "(got 0)"],
    ),
    (
        "a task may run longer than a stopping worker waits",
        {"config": {"core": {"default_task_execution_timeout": 900}}},
        [
            "workers.termination_grace_period_seconds: ",
            "default_task_execution_timeout (900 s)",
            "(got 600)",
        ],
    ),
    (
        "a task may run longer than RabbitMQ keeps its message",
        {
            "config": {"core": {"default_task_execution_timeout": "3600"}},
            "workers": {"termination_grace_period_seconds": 3600},
            "broker": {"type": "rabbitmq", "consumer_timeout_seconds": 1800},
        },
        [
            "broker.consumer_timeout_seconds: ",
            "default_task_execution_timeout (3600 s)",
            "(got 1800)",
        ],
    ),
    (
        "a consumer timeout RabbitMQ cannot hold",
        {"broker": {"type": "rabbitmq", "consumer_timeout_seconds": 3_000_000}},
        ["broker.consumer_timeout_seconds: ", "less than or equal to 2147483"],
    ),
    (
        "remote logging through config",
        {"config": {"logging": {"remote_logging": True}}},
        ["config.logging.remote_logging", "use logs.remote"],
    ),
    (
        "result backend through config",
        {"config": {"celery": {"result_backend": "redis://r:6379/1"}}},
        ["config.celery.result_backend", "use result_backend"],
    ),
    (
        "results in RabbitMQ",
        {"result_backend": {"type": "broker"}},
        ["result_backend.type: ", "in-cluster Redis", "(got 'broker')"],
    ),
    (
        "results role with the database's URL in a Secret",
        {
            "database": {"type": "external", "connection": {"name": "db", "key": "url"}},
            "result_backend": {"type": "database_role"},
        },
        ["result_backend.type: ", "database.host", "(got 'database_role')"],
    ),
    (
        "external results without a URL",
        {"result_backend": {"type": "external"}},
        ["result_backend.url: ", "type external"],
    ),
    (
        "a role's name for results in Redis",
        {"broker": {"type": "redis"}, "result_backend": {"type": "broker", "user": "r"}},
        ["result_backend.user: ", "for type database_role", "(got 'r')"],
    ),
    (
        "an egress range with host bits",
        {"network_policies": {"egress": {"allow": [{"to": [{"cidr": "10.1.2.3/16"}]}]}}},
        ["network_policies.egress.allow.0.to.0.cidr: ", "host bits zero", "(got '10.1.2.3/16')"],
    ),
    (
        "results without Celery",
        {"executor": "KubernetesExecutor", "result_backend": {"type": "broker"}},
        ["result_backend: ", "is for Celery"],
    ),
]


@pytest.mark.parametrize(("case", "values", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_named(case: str, values: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(UserError) as error:
        load_props(values)
    for fragment in expected:
        assert fragment in str(error.value), f"{case}: {fragment!r} missing from:\n{error.value}"
    assert "5ecret" not in str(error.value), "a password typed into a value is echoed"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"workers": {"volumes": [{"name": "logs", "empty_dir": "1Gi"}]}},
            "workers.volumes.0.name: is taken by a volume of this deployment (got 'logs')",
        ),
        (
            {"scheduler": {"volumes": [{"name": "x", "empty_dir": "1Gi", "mount_path": "/tmp"}]}},
            "scheduler.volumes.0.mount_path: is already mounted in the main container (got '/tmp')",
        ),
        (
            {
                "pod_defaults": {
                    "sidecars": [
                        {
                            "name": "s",
                            "image": "busybox:1.37.0",
                            "volume_mounts": [{"name": "nope", "mount_path": "/n"}],
                        }
                    ]
                }
            },
            "jobs.sidecars.0.volume_mounts.0.name: is not a volume of this pod",
        ),
    ],
)
def test_pod_options_that_clash_with_ours_are_refused_at_synth(
    values: dict[str, Any], expected: str
) -> None:
    from cdk8s import App, Chart

    from kube_airflow import Airflow

    chart = Chart(App(), "chart")
    with pytest.raises(UserError, match=re.escape(expected)):
        Airflow(chart, "airflow", values)
    assert chart.node.children == [], "a half-built deployment was left in the chart"


def test_cli_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("config:\n  core:\n    paralelism: 8\n")
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(values), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "did you mean 'parallelism'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [values], "no temporary directory left behind"


def test_cli_keeps_previous_output_on_error(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "airflow.k8s.yaml").write_text("previous\n")
    values = tmp_path / "values.yaml"
    values.write_text("prefix: NOPE\n")
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(values), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert (out / "airflow.k8s.yaml").read_text() == "previous\n"


def test_set_and_image_reach_the_props(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("workers:\n  replicas: 3\n  concurrency: 8\n")
    merged = merge(
        [str(values)], ["workers.replicas=5", "flower.enabled=false"], "reg.example.com:5000/a:1.2"
    )
    props = load_props(merged)
    assert (props.workers.replicas, props.workers.concurrency) == (5, 8)
    assert props.flower.enabled is False
    assert props.image.ref == "reg.example.com:5000/a:1.2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "workers.replicas"], "expected PATH=VALUE"),
        (["--set", "workers.replicas=many"], "workers.replicas"),
        (["--image", "no-tag"], "expected REPOSITORY:TAG"),
        (["--values", "/nonexistent.yaml"], "/nonexistent.yaml"),
    ],
)
def test_cli_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "main.py", *args, "--out", str(tmp_path / "d")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_errors_name_the_source_of_the_bad_value(tmp_path: Path) -> None:
    first, second = tmp_path / "base.yaml", tmp_path / "prod.yaml"
    first.write_text("workers:\n  replicas: 2\n")
    second.write_text("workers:\n  replicas: -2\n")
    result = subprocess.run(
        [sys.executable, "main.py", "--values", str(first), "--values", str(second),
         "--set", "flower.enabled=maybe", "--out", str(tmp_path / "d")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{second}: workers.replicas: Input should be greater than or equal to 0 (got -2)" in (
        result.stderr
    )
    assert "--set flower.enabled=maybe: flower.enabled:" in result.stderr


def test_library_users_get_the_same_error_and_no_half_built_chart() -> None:
    chart = Cdk8sTesting.chart()
    with pytest.raises(UserError, match=r"workers\.replicas: .* \(got -1\)"):
        Airflow(chart, "airflow", {"workers": {"replicas": -1}})
    assert Cdk8sTesting.synth(chart) == []
    assert len(chart.node.children) == 0


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """main.py in this process (no second interpreter and jsii runtime): exit code, stderr."""
    import main

    code = main.main(args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--image", "foo:bar:baz"], "--image foo:bar:baz: image.repository: must be an image"),
        (["--image", "Foo/Bar:1.0"], "--image Foo/Bar:1.0: image.repository: must be an image"),
        (["--image", "repo@sha256:" + "a" * 64], "a digest needs a tag too"),
        (["--image", "repo:1@sha256:abc"], "image.digest: digest 'sha256:abc' must be"),
        (["--set", "image.tag=3.10"], "YAML reads 3.10 as a number: quote it, --set image.tag="),
        (["--set", "workers.replicas=3000000000"], "less than or equal to 2147483647"),
        (["--set", "database.port=5433"], "database.port: Extra inputs are not permitted: 'port'"),
        (["--set", "dags.mode=git-sync"], "--set dags.mode=git-sync: dags.repo: git-sync needs"),
        (["--set", "config.scheduler.parsing_processes=2"], "set config.dag_processor.parsing"),
    ],
)
def test_cli_refuses_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, stderr = run_main([*args, "--out", str(tmp_path / "d")], capsys)
    assert (code, message in stderr) == (2, True), stderr
    assert list(tmp_path.iterdir()) == []


def test_dist_has_normal_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mask = os.umask(0o022)
    try:
        assert run_main(["--out", str(tmp_path / "dist")], capsys)[0] == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "dist").stat().st_mode) == 0o755


def test_one_resources_field_keeps_the_role_defaults() -> None:
    props = load_props(merge([], ["workers.resources.memory_limit=2Gi"]))
    assert props.workers.resources == Resources(
        cpu_request="200m",
        memory_request="512Mi",
        cpu_limit="2",
        memory_limit="2Gi",
        ephemeral_storage_request="512Mi",
    )
    # And one size of the scratch volumes keeps the other's.
    disk = load_props(merge([], ["workers.disk.tmp=3Gi"])).workers.disk
    assert (disk.tmp, disk.logs) == ("3Gi", "4Gi")
    assert load_props({}).workers.resources.memory_limit == "1536Mi"


def test_image_digest_from_the_command_line() -> None:
    digest = "sha256:" + "0" * 64
    props = load_props(merge([], [], f"registry.example.com/airflow:1.2@{digest}"))
    assert props.image.ref == f"registry.example.com/airflow:1.2@{digest}"


def test_library_validates_a_props_instance_too() -> None:
    """`model_copy(update=...)` skips pydantic's validation; the construct does not."""
    chart = Cdk8sTesting.chart()
    bad = AirflowProps().model_copy(update={"prefix": "Bad_Prefix"})
    with pytest.raises(UserError, match=r"prefix: prefix 'Bad_Prefix' must be a DNS label"):
        Airflow(chart, "airflow", bad)
    with pytest.raises(UserError, match=r"workers\.replicas: Input should be a valid integer"):
        Airflow(chart, "airflow", AirflowProps().model_copy(update={"workers": {"replicas": "x"}}))
    assert len(chart.node.children) == 0


def test_building_a_prop_model_raises_user_error() -> None:
    with pytest.raises(UserError, match=r"invalid props:\n  workers\.replicas: .* \(got -1\)"):
        AirflowProps(workers={"replicas": -1})
    with pytest.raises(UserError, match=r"invalid WorkersProps:\n  replicas: .* \(got -1\)"):
        WorkersProps(replicas=-1)
    with pytest.raises(UserError, match=r"dags\.folder: "):
        AirflowProps(dags={"mode": "volume", "claim": "c", "folder": "/"})


def test_two_deployments_may_not_share_prefix_and_namespace() -> None:
    app = App()
    first, second = Chart(app, "first"), Chart(app, "second")
    Airflow(first, "airflow", {})
    same = "Airflow 'first/airflow' and 'second/airflow' both have prefix 'airflow' in namespace"
    with pytest.raises(UserError, match=same):
        Airflow(second, "airflow", {})
    with pytest.raises(UserError, match="both create the Namespace 'airflow'"):
        Airflow(second, "airflow", {"prefix": "other"})
    assert len(second.node.children) == 0
    Airflow(second, "airflow", {"prefix": "other", "create_namespace": False})


def test_a_charts_namespace_is_honoured() -> None:
    app = App()
    chart = Chart(app, "platform", namespace="data")
    Airflow(chart, "airflow", {})
    docs = Cdk8sTesting.synth(chart)
    namespaces = [d["metadata"] for d in docs if d["kind"] == "Namespace"]
    assert [(m["name"], "namespace" in m) for m in namespaces] == [("data", False)]
    assert {d["metadata"]["namespace"] for d in docs if d["kind"] != "Namespace"} == {"data"}
    elsewhere = Chart(app, "elsewhere", namespace="data")
    with pytest.raises(UserError, match="'other' differs from the namespace of Chart 'elsewhere'"):
        Airflow(elsewhere, "airflow", {"prefix": "b", "namespace": "other"})
    Airflow(elsewhere, "airflow", {"prefix": "b", "namespace": "data", "create_namespace": False})


def test_config_options_match_the_pinned_airflow(tmp_path: Path) -> None:
    """The option types and moved options synth checks against come from the pinned Airflow.
    After a version bump: python -m tests.airflow.config_description --write"""
    code = (
        "import json; from tests.airflow.config_description import render_options;"
        "print(json.dumps(render_options()))"
    )
    assert OPTIONS.read_text() == airflow(code, {"PYTHONPATH": str(ROOT)}, tmp_path)


def test_kubernetes_executor_props_survive_a_dump() -> None:
    """A dump leaves out the Celery settings, which the KubernetesExecutor alone refuses."""
    props = load_props({"executor": "KubernetesExecutor", "task_pods": {"env": []}})
    assert "workers" not in props.model_dump()
    assert load_props(props.model_dump()) == props
    assert load_props(AirflowProps().model_dump()).workers.replicas == 2
