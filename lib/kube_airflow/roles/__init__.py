"""One module per Airflow role and Job: the api-server, scheduler, dag-processor, triggerer,
Celery workers, Flower, the KubernetesExecutor's task pods, and the one-shot Jobs."""
