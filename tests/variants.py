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
    # KEDA to zero on the database and RabbitMQ's queue (the task logs on a shared volume, as
    # scaling to zero requires); KEDA beside PgBouncer with the
    # KubernetesExecutor first (the query then counts only tasks that ask for Celery) and Redis.
    "keda": {
        "workers": {
            "autoscaling": {
                "kind": "keda",
                "min_replicas": 0,
                "max_replicas": 8,
                "broker_queue": True,
            },
        },
        "config": {"operators": {"default_queue": "etl"}},
        "logs": {"volume": {"size": "10Gi"}},
    },
    "keda-redis-pgbouncer": {
        "executor": "KubernetesExecutor,CeleryExecutor",
        "broker": {"type": "redis"},
        "pgbouncer": {"enabled": True},
        "workers": {"concurrency": 8, "autoscaling": {"kind": "keda", "broker_queue": True}},
    },
    # The HorizontalPodAutoscalers of both roles that have one.
    "hpa": {
        "workers": {"autoscaling": {"kind": "hpa", "max_replicas": 6, "cpu_utilization": 70}},
        "api_server": {"autoscaling": {"kind": "hpa", "min_replicas": 2, "max_replicas": 5}},
    },
    # Worker sets beside the default workers: a high-memory pool on its own nodes, scaled by
    # KEDA on its two queues; a fixed pool that shares its queue with another set.
    "worker-sets": {
        "workers": {
            "concurrency": 8,
            "sets": [
                {
                    "name": "highmem",
                    "queues": ["highmem", "reports"],
                    "concurrency": 2,
                    "resources": {"memory_request": "4Gi", "memory_limit": "8Gi"},
                    "node_selector": {"example.com/pool": "highmem"},
                    "tolerations": [
                        {"key": "highmem", "operator": "Exists", "effect": "NoSchedule"}
                    ],
                    "autoscaling": {"kind": "keda", "max_replicas": 4},
                },
                {"name": "team-a", "queues": ["team-a"], "replicas": 1, "share_queues": True},
                {"name": "team-a-spare", "queues": ["team-a"], "share_queues": True},
            ],
        },
        "pgbouncer": {"enabled": True},
    },
    "pgbouncer": {"pgbouncer": {"enabled": True}},
    # OpenTelemetry metrics and traces beside statsd, into our collector, extended by the
    # user's exporters.
    "otel": {
        "metrics": {"enabled": True},
        "otel": {
            "metrics": True,
            "traces": True,
            "config_map": {"name": "otel-exporters", "key": "exporters.yaml"},
        },
    },
    # Edge workers beside Celery, on their own queue, in this deployment.
    "edge": {
        "executor": "CeleryExecutor,EdgeExecutor",
        "edge": {"queues": ["edge", "remote-site"], "concurrency": 4, "replicas": 2},
    },
    # Edge workers written alone, for another namespace or cluster: the api-server's URL and a
    # copy of its JWT secret.
    "edge-standalone": {
        "namespace": "airflow-edge",
        "executor": "EdgeExecutor",
        "secrets": {"jwt_secret": {"name": "airflow-jwt", "key": "jwt-secret"}},
        "edge": {
            "standalone": True,
            "api_url": "https://airflow.example.com/edge_worker/v1/rpcapi",
            "queues": ["remote-site"],
        },
    },
    # The statsd exporter with a ServiceMonitor (a CRD kind: test_crds.py checks it on a server).
    "metrics": {
        "metrics": {
            "enabled": True,
            "statsd_prefix": "airflow_prod",
            "service_monitor": {
                "enabled": True,
                "interval": "15s",
                "labels": {"release": "prometheus"},
            },
            "node_selector": {"example.com/pool": "monitoring"},
        }
    },
    "pgbouncer-external-url": {
        "database": {"type": "external", "connection": {"name": "db", "key": "url"}},
        "pgbouncer": {"enabled": True, "pool_mode": "session", "default_pool_size": 20},
    },
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
        "result_backend": {"password": {"name": "celery-results", "key": "password"}},
        "admin_user": {"password": {"name": "admin", "key": "password"}},
        "flower": {"basic_auth": {"name": "flower", "key": "auth"}},
    },
    "git-sync-ssh": {
        "dags": {
            "mode": "git-sync",
            "repo": "git@github.com:example/dags.git",
            "ref": "v1.4.0",
            "sub_path": "airflow/dags",
            "ssh": {
                "key": {"name": "git-deploy-key", "key": "id_ed25519"},
                "known_hosts": {"name": "git-known-hosts", "key": "known_hosts"},
            },
        }
    },
    "git-sync-https": {
        "dags": {
            "mode": "git-sync",
            "repo": "https://git.example.com/data/dags.git",
            "period_seconds": 30,
            "https": {
                "username": {"name": "git-https", "key": "username"},
                "password": {"name": "git-https", "key": "token"},
            },
        }
    },
    "dags-volume": {"dags": {"mode": "volume", "claim": "shared-dags", "sub_path": "prod"}},
    "dags-volume-created": {
        "dags": {"mode": "volume", "size": "5Gi", "folder": "/opt/airflow/shared-dags"}
    },
    "argocd": {"gitops": "argocd"},
    # No Celery at all: no workers, broker or Flower; the task pods get the DAGs from git-sync
    # in an init container only.
    "kubernetes-executor": {
        "executor": "KubernetesExecutor",
        "dags": {
            "mode": "git-sync",
            "repo": "https://git.example.com/data/dags.git",
            "https": {
                "username": {"name": "git-https", "key": "username"},
                "password": {"name": "git-https", "key": "token"},
            },
        },
        "task_pods": {
            "env": [{"name": "REGION", "value": "eu-west-1"}],
            "resources": {"memory_limit": "2Gi"},
            "node_selector": {"example.com/pool": "tasks"},
        },
        "cleanup_pods": {"schedule": "@hourly"},
    },
    "multi-executor": {
        "executor": "CeleryExecutor,KubernetesExecutor",
        "broker": {"type": "redis"},
        "service_account": {"per_role": True},
        "task_pods": {"service_account_annotations": {"example.com/role": "task"}},
    },
    "db-clean": {
        "db_clean": {
            "enabled": True,
            "schedule": "30 2 * * SUN",
            "time_zone": "Europe/Berlin",
            "retention_days": 30,
            "skip_archive": True,
            "tables": ["dag_run", "log", "xcom"],
            "node_selector": {"example.com/pool": "batch"},
        }
    },
    # Task logs that outlive their pods: a created logs volume with its groomer (its own pod
    # options), and remote logging to S3 with the connection from the user's Secret.
    "logs": {
        "executor": "CeleryExecutor,KubernetesExecutor",
        "logs": {
            "volume": {"size": "20Gi", "storage_class": "nfs"},
            "retention_days": 7,
            "groomer": {"schedule": "@daily", "node_selector": {"example.com/pool": "batch"}},
            "remote": {
                "kind": "s3",
                "base_folder": "s3://example-airflow-logs/prod",
                "conn_id": "s3_logs",
                "connection": {"name": "airflow-logs-s3", "key": "connection"},
                "delete_local_copy": True,
            },
        },
    },
    # Every extension point at once: defaults for all pods, a role's own additions on top.
    "pod-options": {
        "pod_defaults": {
            "env": [{"name": "HTTPS_PROXY", "value": "http://proxy.example.internal:3128"}],
            "pod_annotations": {"example.com/team": "data"},
            "pod_labels": {"example.com/cost-center": "42"},
            "image_pull_secrets": ["registry-creds"],
            "priority_class_name": "airflow-default",
            "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "airflow"}],
        },
        "service_account": {
            "per_role": True,
            "annotations": {"iam.gke.io/gcp-service-account": "airflow@p.iam.gserviceaccount.com"},
        },
        "workers": {
            "env": [
                {"name": "API_TOKEN", "secret": {"name": "tokens", "key": "api"}},
                {"name": "REGION", "config_map": {"name": "site", "key": "region"}},
            ],
            "env_from": [{"config_map": "site", "prefix": "SITE_"}],
            "volumes": [
                {"name": "certs", "secret": "ca-bundle", "mount_path": "/etc/ssl/extra"},
                {"name": "shipper-state", "empty_dir": "64Mi"},
            ],
            "sidecars": [
                {
                    "name": "log-shipper",
                    "image": "fluent/fluent-bit:3.2.10",
                    "args": ["-i", "tail", "-p", "path=/logs/*", "-o", "stdout"],
                    "volume_mounts": [
                        {"name": "logs", "mount_path": "/logs"},
                        {"name": "shipper-state", "mount_path": "/state", "read_only": False},
                    ],
                }
            ],
            "init_containers": [
                {"name": "warm-cache", "image": "busybox:1.37.0", "command": ["true"]}
            ],
            "affinity": {
                "pod_anti_affinity": {
                    "preferred_during_scheduling_ignored_during_execution": [
                        {
                            "weight": 100,
                            "pod_affinity_term": {
                                "label_selector": {
                                    "match_labels": {"app.kubernetes.io/component": "worker"}
                                },
                                "topology_key": "kubernetes.io/hostname",
                            },
                        }
                    ]
                }
            },
            "probes": {"liveness": {"period_seconds": 60, "failure_threshold": 5}},
            "service_account_annotations": {"example.com/role": "worker"},
        },
        "jobs": {"node_selector": {"example.com/pool": "batch"}},
        "database": {"pod_annotations": {"backup.example.com/enabled": "true"}},
    },
    # Disruption budgets and spread: each form of budget, each preset, the user's own affinity
    # kept beside the preset's.
    "placement": {
        "api_server": {
            "replicas": 3,
            "pdb": {"min_available": 2},
            "affinity": {
                "node_affinity": {
                    "required_during_scheduling_ignored_during_execution": [
                        {
                            "match_expressions": [
                                {"key": "example.com/pool", "operator": "In", "values": ["web"]}
                            ]
                        }
                    ]
                },
                "pod_anti_affinity": {
                    "preferred_during_scheduling_ignored_during_execution": [
                        {
                            "weight": 50,
                            "pod_affinity_term": {
                                "label_selector": {
                                    "match_labels": {"app.kubernetes.io/component": "scheduler"}
                                },
                                "topology_key": "kubernetes.io/hostname",
                            },
                        }
                    ]
                },
            },
        },
        "scheduler": {
            "replicas": 2,
            "pdb": {"max_unavailable": "50%"},
            "spread": {"preset": "hard", "topology_key": "topology.kubernetes.io/zone"},
        },
        "workers": {"replicas": 4, "pdb": {"min_available": "75%"}},
        "triggerer": {"pdb": {"enabled": False}, "spread": {"preset": "none"}},
        "flower": {"basic_auth": {"name": "flower-users", "key": "users"}},
    },
    "sign-in-ldap": {
        "auth": {
            "type": "ldap",
            "server": "ldaps://ldap.example.com:636",
            "tls_ca": {"name": "ldap-ca", "key": "ca.crt"},
            "bind_user": "cn=airflow,ou=services,dc=example,dc=com",
            "bind_password": {"name": "ldap-bind", "key": "password"},
            "search": "ou=people,dc=example,dc=com",
            "search_filter": "(memberOf=cn=airflow,ou=groups,dc=example,dc=com)",
            "user_registration": True,
            "user_registration_role": "Viewer",
            "roles_mapping": {
                "cn=airflow-admins,ou=groups,dc=example,dc=com": ["Admin"],
                "cn=airflow-ops,ou=groups,dc=example,dc=com": ["Op"],
            },
            "roles_sync_at_login": True,
        }
    },
    "sign-in-config-map": {
        "executor": "CeleryExecutor,KubernetesExecutor",
        "auth": {
            "type": "config_map",
            "config_map": {"name": "airflow-webserver", "key": "webserver_config.py"},
        },
        "local_settings": {
            "config_map": {"name": "airflow-policies", "key": "airflow_local_settings.py"}
        },
        "api_server": {"env": [{"name": "OIDC_SECRET", "secret": {"name": "oidc", "key": "s"}}]},
    },
}
