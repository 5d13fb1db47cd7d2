"""One Ingress publishing the api-server and, if asked, flower."""

from __future__ import annotations

from cdk8s_plus_27 import k8s
from constructs import Construct

from kube_airflow.core import components
from kube_airflow.core.config import API_SERVER_PORT, FLOWER_PORT
from kube_airflow.core.naming import Names
from kube_airflow.props import IngressProps, IngressRoute

COMPONENT = components.INGRESS


class Ingress(Construct):
    """Ingress `<prefix>-ingress`; routes sharing a host share one rule."""

    def __init__(self, scope: Construct, id: str, *, props: IngressProps, names: Names) -> None:
        super().__init__(scope, id)
        routes: list[tuple[IngressRoute, str, int]] = []
        if props.api_server is not None:
            routes.append((props.api_server, names.api_server_service, API_SERVER_PORT))
        if props.flower is not None:
            routes.append((props.flower, names.flower_service, FLOWER_PORT))
        hosts: dict[str, list[k8s.HttpIngressPath]] = {}
        for route, service, number in routes:
            hosts.setdefault(route.host, []).append(_path(route, service, number))
        tls = sorted({(r.tls_secret, r.host) for r, _, _ in routes if r.tls_secret})
        self.ingress = k8s.KubeIngress(
            self,
            "ingress",
            metadata=names.meta(COMPONENT, annotations=props.annotations or None),
            spec=k8s.IngressSpec(
                ingress_class_name=props.class_name,
                rules=[
                    k8s.IngressRule(host=host, http=k8s.HttpIngressRuleValue(paths=paths))
                    for host, paths in hosts.items()
                ],
                tls=[k8s.IngressTls(secret_name=s, hosts=[h]) for s, h in tls] or None,
            ),
        )


def _path(route: IngressRoute, service: str, number: int) -> k8s.HttpIngressPath:
    return k8s.HttpIngressPath(
        path=route.path,
        path_type="Prefix",
        backend=k8s.IngressBackend(
            service=k8s.IngressServiceBackend(
                name=service, port=k8s.ServiceBackendPort(number=number)
            )
        ),
    )
