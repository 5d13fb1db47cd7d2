"""The base of every props model, and the plain value types all of them use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from kube_airflow.errors import invalid

# Longest suffix we append to the prefix is "-bootstrap-secrets" (18) and StatefulSet names must
# stay <= 52 characters so the pods' controller-revision-hash label fits in 63: 30 leaves room.
PREFIX_MAX_LENGTH = 30
# Replicas and most counts are int32 in the Kubernetes API; durations in seconds are int64.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


class Model(BaseModel):
    """Base for every props model: unknown fields are errors, instances are immutable, and
    building one directly raises UserError like every other way in."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise invalid(error, type(self)) from None

    # pydantic calls an overridden __init__ for each nested model it validates, which would cut
    # every nested error's path short; marked as the base one (as pydantic's own RootModel does),
    # nested models are still built by pydantic itself.
    vars(__init__)["__pydantic_base_init__"] = True

    @field_validator("resources", "disk", mode="before", check_fields=False)
    @classmethod
    def _resources(cls, v: object, info: ValidationInfo) -> object:
        """`resources: {memory_limit: 2Gi}` keeps the role's other defaults (the field's default
        is a Resources model); `disk` likewise."""
        default = cls.model_fields[str(info.field_name)].default
        if isinstance(v, dict) and isinstance(default, BaseModel):
            return {**default.model_dump(), **v}
        return v


def rule(ok: Callable[[str], bool], message: str) -> AfterValidator:
    """A string check with its message; the error line adds the path and the bad value."""

    def check(value: str) -> str:
        if not ok(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


def one_line(value: str) -> bool:
    return value != "" and all(c.isprintable() or c == "\t" for c in value)


Int = Annotated[int, Strict()]  # YAML's `true` is not one replica
Line = Annotated[str, rule(one_line, "must be one line of text, not empty")]
Word = Annotated[
    str,
    rule(
        lambda v: one_line(v) and not any(c.isspace() for c in v),
        "must be one word: not empty, no spaces or control characters",
    ),
]


# Default factories of the empty list and mapping. Not `list` and `dict` themselves: pydantic
# inspects a factory's signature for every field of every model that has one, and a builtin's
# signature is parsed from its text each time (about half a millisecond: a third of the props'
# import time went there).
def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}


def deep_merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """`top` over `base`: mappings merged key by key, anything else (lists too) replaced."""
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out
