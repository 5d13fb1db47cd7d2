"""One module per backing service: PostgreSQL, RabbitMQ and Redis in the cluster (all three
built by data_store), and PgBouncer in front of the database."""
