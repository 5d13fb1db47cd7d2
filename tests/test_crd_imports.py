"""The CRD bindings in imports/ are importable and synthesize the kinds later features need."""

from __future__ import annotations

from typing import Any

from cdk8s import ApiObjectMetadata
from cdk8s import Testing as Cdk8sTesting
from kube_airflow_imports.scaledobjects.sh.keda import (
    ScaledObject,
    ScaledObjectSpec,
    ScaledObjectSpecScaleTargetRef,
    ScaledObjectSpecTriggers,
)
from kube_airflow_imports.servicemonitors.com.coreos.monitoring import (
    ServiceMonitor,
    ServiceMonitorSpec,
    ServiceMonitorSpecEndpoints,
    ServiceMonitorSpecSelector,
)
from kube_airflow_imports.triggerauthentications.sh.keda import (
    TriggerAuthentication,
    TriggerAuthenticationSpec,
    TriggerAuthenticationSpecSecretTargetRef,
)


def binding_objects() -> list[dict[str, Any]]:
    """One object of each imported kind, as later features will emit them."""
    chart = Cdk8sTesting.chart()
    ScaledObject(
        chart,
        "so",
        metadata=ApiObjectMetadata(name="airflow-worker"),
        spec=ScaledObjectSpec(
            scale_target_ref=ScaledObjectSpecScaleTargetRef(kind="StatefulSet", name="w"),
            triggers=[ScaledObjectSpecTriggers(type="postgresql", metadata={"query": "select 1"})],
        ),
    )
    TriggerAuthentication(
        chart,
        "ta",
        metadata=ApiObjectMetadata(name="pg"),
        spec=TriggerAuthenticationSpec(
            secret_target_ref=[
                TriggerAuthenticationSpecSecretTargetRef(parameter="password", name="s", key="k")
            ]
        ),
    )
    ServiceMonitor(
        chart,
        "sm",
        metadata=ApiObjectMetadata(name="statsd"),
        spec=ServiceMonitorSpec(
            endpoints=[ServiceMonitorSpecEndpoints(port="metrics")],
            selector=ServiceMonitorSpecSelector(match_labels={"app": "x"}),
        ),
    )
    return list(Cdk8sTesting.synth(chart))


def test_crd_bindings_synthesize() -> None:
    kinds = {(d["apiVersion"], d["kind"]) for d in binding_objects()}
    assert kinds == {
        ("keda.sh/v1alpha1", "ScaledObject"),
        ("keda.sh/v1alpha1", "TriggerAuthentication"),
        ("monitoring.coreos.com/v1", "ServiceMonitor"),
    }
