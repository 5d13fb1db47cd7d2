"""The one exception users see: a message naming the field, the bad value and what is allowed."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Sequence
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError


class UserError(ValueError):
    """Bad input (props, values file). Raised before any object is built."""


# Where the value at a prop path came from ("prod.yaml: "), or "" when unknown.
Source = Callable[[list[str]], str]
_GOT_MAX = 200


# One problem a check finds: its location relative to the model raising it, message, bad value.
Problem = tuple[Sequence[str | int], str, object]


def located(problems: Sequence[Problem]) -> ValidationError:
    """Validation errors at given locations: a check that spans several fields still names the
    one that is wrong, and pydantic prefixes the path of the model that raised it."""
    details = [
        InitErrorDetails(type=PydanticCustomError("prop", message), loc=tuple(loc), input=value)
        for loc, message, value in problems
    ]
    return ValidationError.from_exception_data("props", details)


def invalid(
    error: ValidationError, model: type[BaseModel], source: Source | None = None
) -> UserError:
    """One line per problem: `[source: ]path.to.field: message (got value)`, the path being the
    one a values file uses (no union tags such as `git-sync`)."""
    lines = dict.fromkeys(_line(detail, model, source) for detail in error.errors())
    title = "props" if model.__name__ == "AirflowProps" else model.__name__
    return UserError(f"invalid {title}:\n  " + "\n  ".join(lines))


def _line(detail: ErrorDetails, model: type[BaseModel], source: Source | None) -> str:
    path, hint = _walk(model, detail["loc"])
    where = source(path) if source else ""
    message = detail["msg"].removeprefix("Value error, ")
    if detail["type"] == "extra_forbidden":
        message += hint
    elif detail["type"] == "string_type":
        message += _quote_hint(detail["input"], where)
    # A whole-props input says nothing the message does not.
    got = f" (got {_short(detail['input'])})" if path else ""
    return f"{where}{'.'.join(path) or '(top level)'}: {message}{got}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _GOT_MAX else text[: _GOT_MAX - 3] + "..."


def _quote_hint(value: object, where: str) -> str:
    """YAML reads 3.10 as the number 3.1 and yes as true: a text prop then needs quotes."""
    if not isinstance(value, bool | int | float):
        return ""
    kind = "boolean" if isinstance(value, bool) else "number"
    if where.startswith("--set "):
        path, _, written = where.removeprefix("--set ").removesuffix(": ").partition("=")
        return f"; YAML reads {written} as a {kind}: quote it, --set {path}='\"{written}\"'"
    return f"; YAML read it as the {kind} {value!r}: write it in quotes"


def _walk(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[list[str], str]:
    """The prop path of a pydantic error location, and for an unknown field a hint: the variant
    it belongs to (`database.port` is an option of `type: external`) or the closest name."""
    path: list[str] = []
    node: Any = model
    variants: list[Any] = []  # the members of the union the current model was chosen from
    hint = ""
    for part in loc:
        node = _unwrap(node)
        members = _union_members(node)
        if members:  # the part is a union tag (`git-sync`) or member type (`str`): not a prop
            node, variants = _tagged(members, part), members
            continue
        if part != "[key]":
            # A key with a newline or control character would break the one-line message.
            path.append(str(part) if str(part).isprintable() else repr(part))
        if isinstance(node, type) and issubclass(node, BaseModel):
            if part not in node.model_fields:
                hint = _unknown_field_hint(str(part), node, variants)
            node = node.model_fields[part].annotation if part in node.model_fields else Any
        elif get_origin(node) in (dict, list):
            node = get_args(node)[-1]
        else:
            node = Any
        variants = []
    return path, hint


def _unwrap(node: Any) -> Any:
    """`X | None` and `Annotated[X, ...]` are X for finding fields."""
    if get_origin(node) is Annotated:
        return _unwrap(get_args(node)[0])
    members = _union_members(node, keep_single=True)
    return members[0] if members is not None and len(members) == 1 else node


def _union_members(node: Any, keep_single: bool = False) -> list[Any] | None:
    if get_origin(node) not in (typing.Union, types.UnionType):
        return None
    members = [m for m in get_args(node) if m is not type(None)]
    return members if keep_single or len(members) > 1 else None


def _tag(model: Any) -> str:
    """The field that tells a union's models apart (`type`, `mode`, `kind`), "" for other types."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        return next((name for name in ("type", "mode", "kind") if name in model.model_fields), "")
    return ""


def _tagged(members: list[Any], part: object) -> Any:
    for member in members:
        if _tag(member) and member.model_fields[_tag(member)].default == part:
            return member
    return Any


def _unknown_field_hint(name: str, model: type[BaseModel], variants: list[Any]) -> str:
    tag = _tag(model)
    owners = [m.model_fields[tag].default for m in variants if name in m.model_fields]
    if tag and owners:
        kinds = " or ".join(f"{tag} '{kind}'" for kind in owners)
        mine = model.model_fields[tag].default
        return f": '{name}' is an option of {kinds}, not of {tag} '{mine}'"
    close = difflib.get_close_matches(name, list(model.model_fields), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
