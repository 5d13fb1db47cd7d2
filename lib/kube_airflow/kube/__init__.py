"""Generic Kubernetes building blocks, with nothing of Airflow in them: spec parts (probes,
quantities, security contexts, volumes), the L1 workload classes and Services, placement
(disruption budgets, spread, affinity), the user's pod options as pod spec parts, and the
checkov findings accepted on purpose."""
