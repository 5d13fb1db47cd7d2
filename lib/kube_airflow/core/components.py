"""The components of a deployment, by the name each gives its objects (`<prefix>-<component>`) and
its `app.kubernetes.io/component` label. The one list: modules import these instead of spelling
the names (the ports are in config.PORTS)."""

from __future__ import annotations

# The Airflow roles.
API_SERVER = "api-server"
SCHEDULER = "scheduler"
DAG_PROCESSOR = "dag-processor"
TRIGGERER = "triggerer"
WORKER = "worker"
FLOWER = "flower"
TASK = "task"  # the KubernetesExecutor's task pods
EDGE_WORKER = "edge-worker"  # the EdgeExecutor's workers

# The one-shot Jobs and the CronJobs.
BOOTSTRAP_SECRETS = "bootstrap-secrets"
DB_MIGRATE = "db-migrate"
CREATE_USER = "create-user"
CELERY_RESULTS = "celery-results"
DB_CLEAN = "db-clean"
CLEANUP_PODS = "cleanup-pods"
LOG_GROOMER = "log-groomer"

# The backing services.
POSTGRES = "postgres"
RABBITMQ = "rabbitmq"
REDIS = "redis"
PGBOUNCER = "pgbouncer"

# Shared objects.
DAGS = "dags"
INGRESS = "ingress"

ROLES = (API_SERVER, SCHEDULER, DAG_PROCESSOR, TRIGGERER, WORKER, FLOWER, EDGE_WORKER)
JOBS = (BOOTSTRAP_SECRETS, DB_MIGRATE, CELERY_RESULTS, CREATE_USER)
DATA_STORES = (POSTGRES, RABBITMQ, REDIS)


def worker_set(name: str) -> str:
    """The component of the worker set `name` (workers.sets): its own label value, since the
    default workers' selector, immutable, would otherwise take in its pods."""
    return f"{WORKER}-{name}"


def role_of(component: str) -> str:
    """The role a pod component plays: a worker set's pods are workers."""
    return WORKER if component.startswith(f"{WORKER}-") else component
