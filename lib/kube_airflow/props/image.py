"""Container image references, checked as container runtimes parse them (the
distribution/reference grammar)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from kube_airflow.props.model import Model
from kube_airflow.versions import AIRFLOW_IMAGE_REPOSITORY, AIRFLOW_VERSION

_REGISTRY_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_REGISTRY = rf"(?:{_REGISTRY_PART}(?:\.{_REGISTRY_PART})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_REPOSITORY = re.compile(rf"^(?:{_REGISTRY}/)?{_PATH_PART}(?:/{_PATH_PART})*$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")
_HEX64 = re.compile(r"^[a-f0-9]{64}$")


def _check_repository(value: str) -> str:
    if len(value) > 255 or not _REPOSITORY.match(value):
        raise ValueError(
            "must be an image repository: an optional registry host (and :port), then lowercase "
            "'/'-separated path components of letters and digits joined by '.', '_', '__' or "
            "'-', e.g. registry.example.com:5000/team/airflow"
        )
    return value


def _check_tag(value: str) -> str:
    if value.startswith("sha256:") or _HEX64.match(value):
        raise ValueError(
            "this is a digest, not a tag: give it as image.digest ('sha256:' and 64 hex "
            "digits) and keep a tag (the Jobs' names carry it)"
        )
    if value == "latest" or not _TAG.match(value):
        raise ValueError(f"image tag {value!r} must be a pinned tag (not 'latest'), [A-Za-z0-9_.-]")
    return value


def _check_image_ref(value: str) -> str:
    """A whole pinned reference, as the data stores and git-sync take it."""
    name, at, digest = value.partition("@")
    repository, colon, tag = name.rpartition(":")
    if not colon or "/" in tag:
        repository, tag = name, ""
    if not (
        _REPOSITORY.match(repository)
        and len(name) <= 255
        and _TAG.match(tag)
        and tag != "latest"
        and (not at or _DIGEST.match(digest))
    ):
        raise ValueError(
            "must be a pinned image reference, REPOSITORY:TAG or REPOSITORY:TAG@sha256:<64 hex "
            "digits>: a lowercase repository and a tag other than 'latest', e.g. postgres:17.7"
        )
    return value


ImageRef = Annotated[str, AfterValidator(_check_image_ref)]


class Image(Model):
    """A container image; pin a tag (and build your own from image/ for your DAGs)."""

    repository: str = Field(default=AIRFLOW_IMAGE_REPOSITORY, description="Image repository.")
    tag: str = Field(default=AIRFLOW_VERSION, description="Image tag; never 'latest'.")
    digest: str | None = Field(
        default=None, description="Optional sha256:... digest, pinning the image by content."
    )
    pull_policy: Literal["IfNotPresent", "Always", "Never"] = Field(
        default="IfNotPresent", description="imagePullPolicy."
    )

    @field_validator("repository")
    @classmethod
    def _repository(cls, v: str) -> str:
        return _check_repository(v)

    @field_validator("digest")
    @classmethod
    def _digest(cls, v: str | None) -> str | None:
        if v is not None and not _DIGEST.match(v):
            raise ValueError(f"digest {v!r} must be 'sha256:' followed by 64 hex digits")
        return v

    @field_validator("tag")
    @classmethod
    def _tag(cls, v: str) -> str:
        return _check_tag(v)

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}" + (f"@{self.digest}" if self.digest else "")
