"""`python -m kube_airflow COMMAND`: the same as the installed `kube-airflow COMMAND`."""

from kube_airflow.cli.command import console, exit_fast

exit_fast(console())
