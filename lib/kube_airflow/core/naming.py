"""Object names and labels: one place decides them, because names are public contract.

Every object is `<prefix>-<component>`; selectors use the instance label (the prefix), so two
deployments with different prefixes in one namespace never select each other's pods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdk8s_plus_27 import k8s

from kube_airflow.core import components
from kube_airflow.versions import AIRFLOW_VERSION

PART_OF = "airflow"
MANAGED_BY = "kube-airflow"


@dataclass(frozen=True)
class Names:
    """Derives every name and label of one deployment from its prefix and namespace."""

    prefix: str
    namespace: str

    def of(self, component: str) -> str:
        return f"{self.prefix}-{component}"

    def selector(self, component: str) -> dict[str, str]:
        """The labels a controller selects its pods by: immutable once applied."""
        return {
            "app.kubernetes.io/name": PART_OF,
            "app.kubernetes.io/instance": self.prefix,
            "app.kubernetes.io/component": component,
        }

    def labels(self, component: str) -> dict[str, str]:
        return {
            **self.selector(component),
            "app.kubernetes.io/part-of": PART_OF,
            "app.kubernetes.io/managed-by": MANAGED_BY,
            "app.kubernetes.io/version": AIRFLOW_VERSION,
        }

    def meta(
        self, component: str, name: str | None = None, annotations: dict[str, str] | None = None
    ) -> k8s.ObjectMeta:
        """Metadata of a namespaced object; its name defaults to `<prefix>-<component>`."""
        return k8s.ObjectMeta(
            name=name or self.of(component),
            namespace=self.namespace,
            labels=self.labels(component),
            annotations=annotations,
        )

    def job(self, component: str, revision: str) -> str:
        """A Job's name carries the image tag it runs: a Job's pod template is immutable, so a
        new image needs a new Job (which then runs again, as a migration must)."""
        slug = re.sub(r"[^a-z0-9]+", "-", revision.lower()).strip("-")
        name = f"{self.of(component)}-{slug}"[:63].rstrip("-")
        return name

    # The objects other constructs (and users) refer to.
    @property
    def config_map(self) -> str:
        return self.of("config")

    @property
    def generated_secret(self) -> str:
        return self.of("generated")

    @property
    def service_account(self) -> str:
        return self.of("airflow")

    @property
    def api_server_service(self) -> str:
        return self.of(components.API_SERVER)

    @property
    def flower_service(self) -> str:
        return self.of(components.FLOWER)

    @property
    def postgres_service(self) -> str:
        return self.of(components.POSTGRES)

    def service_host(self, service: str) -> str:
        """A Service's in-cluster DNS name, namespace-qualified so it resolves from anywhere."""
        return f"{service}.{self.namespace}.svc"
