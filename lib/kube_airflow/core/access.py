"""Which secrets the processes of each Airflow pod read, from Airflow 3.3's own code: each pod is
given only these (pods/airflow_pods.py builds the env from here), and docs/security.md shows the
table, checked against the output. A pod's processes include the user's code it runs (DAG files
in the dag-processor, triggers in the triggerer, tasks on the workers and in the task pods),
which can read whatever its pod holds: its environment, /proc/<pid>/environ of every process of
the same user, every file mounted.
"""

from __future__ import annotations

from kube_airflow.core import components

FERNET = "fernet-key"  # [core] fernet_key
API_SECRET_KEY = "api-secret-key"  # [api] secret_key
JWT_SECRET = "jwt-secret"  # [api_auth] jwt_secret
DATABASE = "database"  # Airflow's own database login
RESULTS = "results"  # [celery] result_backend: a role that may write only Celery's table
BROKER = "broker"  # [celery] broker_url

READS: dict[str, frozenset[str]] = {
    # Connections and variables through the REST and execution APIs (models.crypto.get_fernet),
    # DAG bundle URLs (models/dagbundle.py unsigns them with the Fernet key); FAB's session
    # (providers/fab/www/app.py), the tokens it signs to fetch logs from the log servers
    # (utils/log/file_task_handler.py) and its own continuation tokens ([api] secret_key); the
    # UI's and the tasks' JWTs (execution_api/app.py validates them).
    components.API_SERVER: frozenset({FERNET, API_SECRET_KEY, JWT_SECRET, DATABASE}),
    # Each executor signs its workloads' tokens (BaseExecutor.jwt_generator); tasks that start
    # in a trigger get an encrypted Trigger row (models/trigger.py); with Celery, the broker and
    # the task states (celery_executor_utils.BulkStateFetcher). No log server, no FAB.
    components.SCHEDULER: frozenset({FERNET, JWT_SECRET, DATABASE, BROKER, RESULTS}),
    # Writes the parsed DAGs; DAG code reads connections and variables through an execution API
    # run in-process (dag_processing/processor.py: InProcessExecutionAPI, no token), which
    # decrypts them; asset watchers' triggers are encrypted and bundle URLs signed
    # (dag_processing/bundles/manager.py) with the Fernet key.
    components.DAG_PROCESSOR: frozenset({FERNET, DATABASE}),
    # Decrypts the triggers' kwargs (models/trigger.py), serves the triggers' connections
    # in-process as above, and runs a log server, which checks the api-server's tokens signed
    # with [api] secret_key (utils/serve_logs/log_server.py).
    components.TRIGGERER: frozenset({FERNET, API_SECRET_KEY, DATABASE}),
    # Celery's worker: the broker and where it stores each task's state; the log server as
    # above. In Airflow 3 a task reads connections, variables and XComs through the execution API
    # with its workload's token (sdk/execution_time/supervisor.py), never the database: the
    # worker's command needs no database either (providers/celery/cli/celery_command.py checks
    # it only before Airflow 3).
    components.WORKER: frozenset({API_SECRET_KEY, BROKER, RESULTS}),
    # The EdgeExecutor's worker calls only the api-server's edge API, with tokens it signs
    # itself with the JWT secret (edge3's cli/api_client.py); a task's token comes with its job.
    # No database, broker or log server.
    components.EDGE_WORKER: frozenset({JWT_SECRET}),
    # Flower talks to the broker only.
    components.FLOWER: frozenset({BROKER}),
    # A KubernetesExecutor task: the workload, token included, is in its command line.
    components.TASK: frozenset(),
    # The CLI commands of the Jobs: the database only (no migration of 3.3 encrypts anything).
    components.DB_MIGRATE: frozenset({DATABASE}),
    components.CREATE_USER: frozenset({DATABASE}),
    components.DB_CLEAN: frozenset({DATABASE}),
    # Creates the result backend's role with Airflow's login (and sets the password the Job
    # gives it, roles/jobs.py); it uses no result backend itself.
    components.CELERY_RESULTS: frozenset({DATABASE}),
    # Lists and deletes pods through the Kubernetes API.
    components.CLEANUP_PODS: frozenset(),
}
