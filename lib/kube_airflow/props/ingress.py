"""Where the Ingress publishes the api-server and Flower."""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from kube_airflow.errors import located
from kube_airflow.props.kube import DnsSubdomain, QualifiedName, dns_subdomain
from kube_airflow.props.model import Model, empty_dict
from kube_airflow.props.stores import ip_version

PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")


def _check_ingress_host(value: str) -> str:
    name = value.removeprefix("*.")
    if ip_version(value) is not None or not dns_subdomain(name):
        raise ValueError(
            "must be a DNS name such as airflow.example.com (a leading '*.' for a wildcard): "
            "lowercase letters, digits, '-' and '.', not an IP address"
        )
    return value


def _check_url_path(value: str) -> str:
    segments = value.split("/")[1:]
    if value != "/" and not (
        value.startswith("/")
        and all(PATH_SEGMENT.match(s) and s not in {".", ".."} for s in segments)
    ):
        raise ValueError(
            f"path {value!r} must be '/' or start with '/' and not end with '/': "
            "segments of letters, digits, '-', '.', '_' and '~', none of them '.' or '..'"
        )
    return value


class IngressRoute(Model):
    """Where one Service is published."""

    host: str = Field(description="Host name, e.g. airflow.example.com.")
    path: str = Field(default="/", description="Path prefix; the UI is served below it.")
    tls_secret: DnsSubdomain | None = Field(default=None, description="TLS Secret for the host.")

    @field_validator("host")
    @classmethod
    def _host(cls, v: str) -> str:
        return _check_ingress_host(v)

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        return _check_url_path(v)


class IngressProps(Model):
    """An Ingress for the api-server and, optionally, flower."""

    enabled: bool = False
    class_name: DnsSubdomain | None = Field(
        default=None, description="ingressClassName; default cluster's."
    )
    annotations: dict[QualifiedName, str] = Field(default_factory=empty_dict)
    api_server: IngressRoute | None = None
    flower: IngressRoute | None = None

    @model_validator(mode="after")
    def _has_route(self) -> IngressProps:
        if self.enabled and self.api_server is None and self.flower is None:
            raise ValueError("ingress is enabled but neither 'api_server' nor 'flower' has a host")
        api, flower = self.api_server, self.flower
        if api and flower and (api.host, api.path) == (flower.host, flower.path):
            raise located(
                [(("flower", "path"), "is the api_server's host and path too", flower.path)]
            )
        return self
