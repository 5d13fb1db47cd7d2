"""A role's autoscaler, when its `autoscaling` names one: for the workers KEDA (features/keda.py)
or an autoscaling/v2 HorizontalPodAutoscaler on CPU, for the api-server the HPA. Either owns the
workload's replica count, which the workload then leaves unset: written out, every `kubectl apply`
would undo the scaling."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.pods.airflow_pods import AirflowPods
from kube_airflow.props.autoscaling import Autoscaling, HpaAutoscaling, KedaAutoscaling
from kube_airflow.props.workers import WorkerSetProps


class Autoscaler(Construct):
    """For `kind: keda`, ScaledObject `<prefix>-<component>` and TriggerAuthentication
    `<prefix>-<component>-database` (plus `-broker`); for `kind: hpa`, the
    HorizontalPodAutoscaler `<prefix>-<component>`, on the `kind` workload of that name. `pool`:
    the worker set scaled (None for the default workers or another role)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        pods: AirflowPods,
        component: str,
        kind: str,
        scaling: Autoscaling,
        pool: WorkerSetProps | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.pods, self.names, self.component = pods, pods.names, component
        self.target = pods.names.of(component)
        if isinstance(scaling, KedaAutoscaling):
            from kube_airflow.features.keda import KedaScaler

            self.keda = KedaScaler(
                self, "keda", pods=pods, component=component, scaling=scaling, pool=pool
            )
        elif isinstance(scaling, HpaAutoscaling):
            self._hpa(scaling, kind)

    def _hpa(self, scaling: HpaAutoscaling, kind: str) -> None:
        k8s.KubeHorizontalPodAutoscalerV2(
            self,
            "hpa",
            metadata=self.names.meta(self.component),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(
                    api_version="apps/v1", kind=kind, name=self.target
                ),
                min_replicas=scaling.min_replicas,
                max_replicas=scaling.max_replicas,
                behavior=k8s.HorizontalPodAutoscalerBehaviorV2(
                    scale_down=k8s.HpaScalingRulesV2(
                        stabilization_window_seconds=scaling.scale_down_stabilization_seconds
                    )
                ),
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
