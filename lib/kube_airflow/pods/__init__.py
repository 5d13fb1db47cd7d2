"""What every Airflow pod shares: `AirflowPods` (the image, config, secrets, volumes and the wait
for migrations), the `Role` base with its intent methods, and how DAG files reach the pods."""
