"""What every part of a deployment shares: the components' names and labels, the secrets and
where they come from, the database and broker connections, and airflow.cfg."""
