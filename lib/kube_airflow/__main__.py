"""`python -m kube_airflow COMMAND`: the same as the installed `kube-airflow COMMAND`."""

import sys

from kube_airflow.cli.command import console

sys.exit(console())
