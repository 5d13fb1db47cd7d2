"""Where the official Airflow image keeps things: its user and the folders Airflow reads. The
props (a DAGs folder's default), the airflow.cfg we render and the pods' mounts all follow it."""

AIRFLOW_UID = 50000  # the image's `airflow` user; its group is 0, as the entrypoint requires
AIRFLOW_HOME = "/opt/airflow"
DAGS_FOLDER = f"{AIRFLOW_HOME}/dags"
LOGS_FOLDER = f"{AIRFLOW_HOME}/logs"
