"""The deployments every static check runs over: the default and each significant variant."""

from __future__ import annotations

from typing import Any

VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "external-db": {
        "database": {
            "type": "external",
            "host": "db.example.internal",
            "database": "airflow_prod",
            "user": "airflow",
            "password": {"name": "prod-db", "key": "password"},
            "query": {"sslmode": "require"},
        }
    },
    "external-db-url": {
        "database": {"type": "external", "connection": {"name": "db", "key": "url"}}
    },
    "redis": {"broker": {"type": "redis"}},
    "external-broker": {"broker": {"type": "external", "url": {"name": "mq", "key": "url"}}},
    "ingress": {
        "ingress": {
            "enabled": True,
            "class_name": "nginx",
            "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt"},
            "api_server": {"host": "airflow.example.com", "path": "/airflow", "tls_secret": "tls"},
            "flower": {"host": "airflow.example.com", "path": "/flower", "tls_secret": "tls"},
        }
    },
    "prefix": {"prefix": "team-b", "namespace": "data", "create_namespace": False},
    "schedulers": {"scheduler": {"replicas": 3}, "api_server": {"replicas": 2}},
    "existing-secrets": {
        "secrets": {
            "fernet_key": {"name": "airflow-keys", "key": "fernet"},
            "api_secret_key": {"name": "airflow-keys", "key": "api"},
            "jwt_secret": {"name": "airflow-keys", "key": "jwt"},
        },
        "database": {"password": {"name": "pg", "key": "password"}},
        "broker": {"password": {"name": "mq", "key": "password"}},
        "admin_user": {"password": {"name": "admin", "key": "password"}},
    },
}
