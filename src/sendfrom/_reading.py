"""Reading a response body: tolerant by default, strict on request, drift made visible.

Each response schema has two generated ``TypedDict``s (``make generate``): its *shape*, the whole
spec, and its *reader*, in which only the properties the mappers read keep their spec types
(``specs/reads/<provider>.yaml``). A body is first validated against the shape. When it conforms
(the usual case) that result is used. When it does not:

* strict (``connect(strict=True)``, ``SENDFROM_STRICT=1``): ``ResponseFormatError``;
* tolerant (the default): each deviation is logged once on ``sendfrom.drift``, and the body is
  validated against the reader, so only a deviation in a field the mapping reads fails the call.

``TypedDict``s are validated by pydantic into plain dicts (no model instances), which is what keeps
reading fast; the caller keeps the parsed JSON as ``raw``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx
from pydantic import TypeAdapter, ValidationError
from pydantic_core import from_json

from sendfrom._engine.http_errors import TOO_DEEP, request_context
from sendfrom.errors import ResponseFormatError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["WireShape", "drift_log", "parse_json", "read_body", "read_model"]

T = TypeVar("T")

drift_log = logging.getLogger("sendfrom.drift")
"""One WARNING per new deviation from a spec: provider, operation, JSON path, what was expected."""

_reported: set[tuple[str, str, str]] = set()
_reported_lock = threading.Lock()


class WireShape(Generic[T]):
    """A response schema as two validators: its whole ``shape`` and its ``reader`` (``T``)."""

    def __init__(self, shape: Any, reader: type[T] | Any) -> None:
        self.shape = shape
        self.reader = reader

    @cached_property
    def strict_validator(self) -> TypeAdapter[Any]:
        # Built on first use: a TypeAdapter costs milliseconds, and most are never needed.
        return TypeAdapter(self.shape)

    @cached_property
    def reader_validator(self) -> TypeAdapter[T]:
        return TypeAdapter(self.reader)


def parse_json(provider: str, operation: str, response: httpx.Response) -> Any:
    """The JSON body of a 2xx response, or ``ResponseFormatError``."""
    content = response.content
    try:
        # pydantic-core's parser is a third faster than json's (`make bench`, "mapping"); what it
        # refuses (a BOM, UTF-16, nesting past its 200 levels) json decides, as it always did.
        return from_json(content, cache_strings="keys")
    except ValueError:
        pass
    try:
        return json.loads(content)
    except (ValueError, RecursionError) as exc:  # not JSON, or deeper than Python recurses
        problem = TOO_DEEP if isinstance(exc, RecursionError) else f"is not JSON ({exc})"
        raise ResponseFormatError(
            f"the response body {problem}",
            body=response.content,
            **request_context(provider, operation, response.request),
        ) from None


def json_path(location: tuple[int | str, ...]) -> str:
    """A pydantic error location as a JSON path, list indices as ``[*]`` ("data[*].name")."""
    path = ""
    for part in location:
        path += "[*]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "<body>"


def _summary(errors: list[ErrorDetails]) -> str:
    shown = "; ".join(f"{json_path(e['loc'])}: {e['msg']}" for e in errors[:5])
    more = len(errors) - 5
    return f"{shown} (and {more} more)" if more > 0 else shown


def report_drift(
    provider: str,
    operation: str,
    errors: list[ErrorDetails],
    why: str = "sendfrom does not read this field",
) -> None:
    """Log each deviation once per (provider, operation, path) per process.

    Only the path and what the spec expects are logged, never the value that was sent: a body may
    hold anything, a key echoed back included.
    """
    for error in errors:
        path = json_path(error["loc"])
        key = (provider, operation, path)
        with _reported_lock:
            if key in _reported:
                continue
            _reported.add(key)
        drift_log.warning(
            "%s %s: the response deviates from the spec at %s: %s [%s]; %s, so the call goes on "
            "(strict=True would fail it)",
            provider,
            operation,
            path,
            error["msg"],
            error["type"],
            why,
        )


def read_body(
    shape: WireShape[T],
    raw: Any,
    *,
    strict: bool,
    context: Callable[[], dict[str, Any]],
    body: bytes,
) -> T:
    """``raw`` (parsed JSON) validated as ``shape``: tolerant, or ``strict``; see the module doc.

    ``context()`` names the provider, operation and request for the ``ResponseFormatError`` and
    the drift log: asked only then (its redacted URL costs a tenth of a page's read).
    """
    try:
        return cast(T, shape.strict_validator.validate_python(raw))
    except ValidationError as exc:
        full_errors = exc.errors(include_url=False, include_input=False)
    except RecursionError:
        full_errors = [_too_deep()]
    if strict:
        raise _format_error(full_errors, context(), body, strict=True)
    try:
        result = shape.reader_validator.validate_python(raw)
    except ValidationError as exc:
        raise _format_error(
            exc.errors(include_url=False, include_input=False), context(), body, strict=False
        ) from None
    except RecursionError:
        raise _format_error([_too_deep()], context(), body, strict=False) from None
    said = context()
    report_drift(said["provider"], said["operation"], full_errors)
    return result


def _too_deep() -> ErrorDetails:
    return cast("ErrorDetails", {"loc": (), "msg": "nested too deeply", "type": "recursion"})


def _format_error(
    errors: list[ErrorDetails], context: dict[str, Any], body: bytes, *, strict: bool
) -> ResponseFormatError:
    what = "spec" if strict else "spec in a field sendfrom reads"
    return ResponseFormatError(
        f"the response does not match the {context['provider']} {what}: {_summary(errors)}",
        body=body,
        **context,
    )


def read_model(
    validator: TypeAdapter[T], raw: Any, *, strict: bool, context: dict[str, Any], body: bytes
) -> T:
    """``raw`` read as a wire model (``client.call``): tolerant, or ``strict``.

    The model is the whole spec, so it is also the shape check. When the body deviates: strict
    fails; tolerant reads each deviating *optional* field as absent (a required but nullable one
    as null), logs every deviation once on ``sendfrom.drift``, and fails only when the model
    cannot be built without a value the spec requires (a required field is what any caller of
    the operation reads).
    """
    try:
        return validator.validate_python(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    except RecursionError:
        raise _format_error([_too_deep()], context, body, strict=strict) from None
    if strict:
        raise _format_error(errors, context, body, strict=True)
    pruned = json.loads(body)  # a fresh copy to cut the deviating fields out of
    dropped = dict(filter(None, (_drop(pruned, error["loc"]) for error in errors)))
    while True:
        try:
            result = validator.validate_python(pruned)
            break
        except ValidationError as exc:
            again = exc.errors(include_url=False, include_input=False)
        # A required field that was dropped may still take null (required but nullable): the
        # deviation then reads as null rather than failing. Each field gets that chance once.
        retry = [dropped.pop(tuple(e["loc"])) for e in again if tuple(e["loc"]) in dropped]
        if not retry or any(e["type"] != "missing" for e in again):
            failing = [tuple(e["loc"]) for e in again]
            required = [e for e in errors if any(_within(e["loc"], f) for f in failing)]
            raise _format_error(required or again, context, body, strict=False) from None
        for parent, key in retry:
            parent[key] = None
    why = "an optional field: client.call reads it as absent"
    report_drift(context["provider"], context["operation"], errors, why)
    return result


def _drop(
    value: Any, location: tuple[int | str, ...]
) -> tuple[tuple[int | str, ...], tuple[dict[str, Any], str]] | None:
    """Remove the object key deepest along ``location`` (the parts past the JSON, such as a
    union member's name, are pydantic's own); return its location, its object and its key.
    List items are never dropped: nothing would say that one was."""
    walked: list[int | str] = []
    parent: dict[str, Any] | None = None
    key = ""
    at = 0
    for part in location:
        if isinstance(value, dict) and isinstance(part, str) and part in value:
            parent, key, value = value, part, value[part]
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            parent, value = None, value[part]
        else:
            break
        walked.append(part)
        if parent is not None:
            at = len(walked)
    if parent is None or key not in parent:
        return None
    parent.pop(key)
    return tuple(walked[:at]), (parent, key)


def _within(location: tuple[int | str, ...], prefix: tuple[int | str, ...]) -> bool:
    """Whether ``location`` is ``prefix`` or lies inside it."""
    return tuple(location[: len(prefix)]) == prefix
