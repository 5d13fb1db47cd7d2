"""kube-airflow: Apache Airflow 3 on Kubernetes as typed cdk8s constructs."""

import os

# jsii's Node.js runtime prints a large banner about the Node version to every user's terminal;
# it says nothing about Airflow, so silence it unless the user chose otherwise.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
os.environ.setdefault("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

from kube_airflow.airflow import Airflow
from kube_airflow.props import AirflowProps
from kube_airflow.versions import AIRFLOW_VERSION

__all__ = ["AIRFLOW_VERSION", "Airflow", "AirflowProps"]
