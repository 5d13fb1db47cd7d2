"""kube-airflow: Apache Airflow 3 on Kubernetes as typed cdk8s constructs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kube_airflow.quiet import quiet_jsii

quiet_jsii()  # before anything imports cdk8s (an installed package also does it at start-up)

# The props types (one per construct: `WorkersProps` for `Workers`) are exported here too. They
# are pydantic models: importing them does not start jsii's Node.js runtime.
from kube_airflow import props as _props  # noqa: E402
from kube_airflow.deprecation import Moved, resolve  # noqa: E402
from kube_airflow.props import *  # noqa: E402, F403
from kube_airflow.versions import AIRFLOW_VERSION, kube_airflow_version  # noqa: E402

if TYPE_CHECKING:
    from kube_airflow.airflow import Airflow
    from kube_airflow.errors import UserError

__all__ = ["AIRFLOW_VERSION", "Airflow", "UserError", *_props.__all__]
# Names that left __all__, still importable with a warning (see deprecation.py).
DEPRECATED: dict[str, Moved] = {}


def __getattr__(name: str) -> Any:
    """Import the constructs (and so the jsii runtime, ~1 s) only when they are used: a values
    file with an error is reported before Node.js even starts."""
    if name == "Airflow":
        from kube_airflow.airflow import Airflow

        return Airflow
    if name == "UserError":
        from kube_airflow.errors import UserError

        return UserError
    if name == "__version__":
        return kube_airflow_version()
    if name in DEPRECATED:
        return resolve(__name__, name, DEPRECATED[name])
    raise AttributeError(f"module 'kube_airflow' has no attribute {name!r}")
