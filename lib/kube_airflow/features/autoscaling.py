"""The workers' autoscaler, when `workers.autoscaling` names one: KEDA (features/keda.py) or
an autoscaling/v2 HorizontalPodAutoscaler on CPU. Either owns the StatefulSet's replica count, which
the StatefulSet then leaves unset: written out, every `kubectl apply` would undo the scaling."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.props.autoscaling import HpaAutoscaling, KedaAutoscaling

COMPONENT = "worker"


class WorkerAutoscaler(Construct):
    """For `kind: keda`, ScaledObject `<prefix>-worker` and TriggerAuthentication
    `<prefix>-worker-database` (plus `<prefix>-worker-broker`); for `kind: hpa`, the
    HorizontalPodAutoscaler `<prefix>-worker`."""

    def __init__(self, scope: Construct, id: str, *, pods: AirflowPods, target: str) -> None:
        super().__init__(scope, id)
        self.pods, self.names, self.target = pods, pods.names, target
        scaling = pods.props.workers.autoscaling
        if isinstance(scaling, KedaAutoscaling):
            from kube_airflow.features.keda import KedaScaler

            self.keda = KedaScaler(self, "keda", pods=pods, target=target, scaling=scaling)
        elif isinstance(scaling, HpaAutoscaling):
            self._hpa(scaling)

    def _hpa(self, scaling: HpaAutoscaling) -> None:
        k8s.KubeHorizontalPodAutoscalerV2(
            self,
            "hpa",
            metadata=self.names.meta(COMPONENT),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=self._target_ref(),
                min_replicas=scaling.min_replicas,
                max_replicas=scaling.max_replicas,
                metrics=[
                    k8s.MetricSpecV2(
                        type="Resource",
                        resource=k8s.ResourceMetricSourceV2(
                            name="cpu",
                            target=k8s.MetricTargetV2(
                                type="Utilization", average_utilization=scaling.cpu_utilization
                            ),
                        ),
                    )
                ],
            ),
        )

    def _target_ref(self) -> k8s.CrossVersionObjectReferenceV2:
        return k8s.CrossVersionObjectReferenceV2(
            api_version="apps/v1", kind="StatefulSet", name=self.target
        )
