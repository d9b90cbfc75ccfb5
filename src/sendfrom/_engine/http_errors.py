"""Responses and transport failures as ``sendfrom.errors`` exceptions (the only mapping of them)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx

from sendfrom._engine.plans import Call
from sendfrom._engine.provider import ProviderSide
from sendfrom._engine.retry import throttle_wait
from sendfrom._redact import redact_url
from sendfrom.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ConflictError,
    ResponseFormatError,
    status_error_class,
)

_REQUEST_ID_HEADERS = ("x-request-id", "x-amzn-requestid", "request-id", "cf-ray")


def request_context(provider: str, operation: str, request: httpx.Request) -> dict[str, str]:
    """What every ``APIError`` says of the request: provider, operation, method, redacted URL."""
    return {
        "provider": provider,
        "operation": operation,
        "request_method": request.method,
        "request_url": redact_url(str(request.url)),
    }


TOO_DEEP = "is JSON nested too deeply to read"
_MAX_ERROR_BODY_DEPTH = 64
"""An error body nested deeper is kept as text: it is walked recursively later (key scrubbing,
pickling, copies) and would hit the recursion limit there; real ones nest two or three levels.
A 2xx body is not checked (that walk would cost as much as parsing, on every response): only
pydantic reads it, which guards its own recursion."""


def status_error(
    adapter: ProviderSide,
    operation: str,
    response: httpx.Response,
    *,
    unreadable: str | None = None,
) -> APIStatusError:
    """The ``sendfrom.errors`` exception for an error response, read with the adapter's rules.

    Any status from 300 up is an error: a 3xx is an ``APIStatusError`` (no subclass fits it).
    ``unreadable``: why the body could not be read (then it is left alone; the message says why).
    """
    body: Any = None
    if unreadable is None:
        body, unreadable = _error_body(response)
    message, fields = adapter.error_details(body) if unreadable is None else (None, {})
    if not message:
        message = response.reason_phrase or "error"
        snippet = _readable(body) if isinstance(body, str) and unreadable is None else ""
        if snippet:
            message = f"{message}: {snippet}"
    if unreadable is not None:
        message = f"{message} ({unreadable})"
    if 300 <= response.status_code < 400:
        # Redirects are never followed (a 302 turns a DELETE into a GET, and a custom auth header
        # goes along to the new host): say where it pointed, so a wrong base_url is easy to spot.
        location = response.headers.get("location")
        where = f" to {redact_url(location)}" if location else ""
        message = f"{message} (a redirect{where}; sendfrom does not follow redirects)"
    request_id = next(
        (response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None
    )
    cls = adapter.error_class(response.status_code, body) or status_error_class(
        response.status_code
    )
    if adapter.is_conflict(response.status_code, message, fields):
        cls = ConflictError  # "already exists", whatever status the provider says it with
    return cls(
        message,
        status_code=response.status_code,
        body=body,
        request_id=request_id,
        fields=fields,
        retry_after=throttle_wait(response.headers, response.status_code, time.time()),
        **request_context(adapter.name, operation, response.request),
    )


def undecodable_error(
    adapter: ProviderSide, call: Call, exc: httpx.DecodingError
) -> tuple[APIError, httpx.Response | None]:
    """The error for a body httpx could not decode as its ``Content-Encoding`` says, and the
    response when it is an error status (to decide on a retry), else None.

    The generated transport keeps the response (status and headers; the body is lost) on the
    error. An error status keeps its class: the status says what went wrong and the body only
    details it, as with an empty body. A 2xx is a ``ResponseFormatError``, and so is a status
    never seen (httpx decoded a canned response inside a ``MockTransport`` handler): claiming
    a status class would be a guess.
    """
    response = getattr(exc, "response", None)  # UndecodableBodyError, in the transport
    known = response if isinstance(response, httpx.Response) else None
    encoding = known.headers.get("content-encoding") if known is not None else None
    said = f"Content-Encoding ({encoding})" if encoding else "Content-Encoding"
    why = f"the body does not decode as its {said} says: {exc}"
    if known is not None and known.status_code >= 300:
        return status_error(adapter, call.operation, known, unreadable=why), known
    try:
        request = exc.request
    except RuntimeError:  # raised before httpx attached a request
        request = httpx.Request(call.method, "about:blank")
    context = request_context(adapter.name, call.operation, request)
    return ResponseFormatError(why, body=b"", **context), None


def _error_body(response: httpx.Response) -> tuple[Any, str | None]:
    """An error response's body (its JSON, else its text), and why it cannot be read, if so."""
    if not response.content:
        return None, None
    try:
        body = json.loads(response.content)
    except RecursionError:
        return response.text, f"the body {TOO_DEEP}"
    except ValueError:  # not JSON (an HTML page from a proxy): its text
        return response.text, None
    if _nests_deeper(body, _MAX_ERROR_BODY_DEPTH):
        return response.text, f"the body {TOO_DEEP}"
    return body, None


def _nests_deeper(value: Any, limit: int) -> bool:
    """Whether JSON ``value`` nests more than ``limit`` levels (level by level: no recursion)."""
    level = [value]
    for _ in range(limit):  # after n rounds: the values inside n containers
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return any(isinstance(item, dict | list) for item in level)


def _readable(text: str) -> str:
    """One line of a non-JSON error body: an HTML page's title, or its text without tags."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    plain = title.group(1) if title else re.sub(r"<[^>]+>", " ", text)
    return " ".join(plain.split())[:200]


def transport_error(
    adapter: ProviderSide, call: Call, exc: httpx.TransportError
) -> APIConnectionError:
    """The ``sendfrom.errors`` exception for an httpx transport failure."""
    try:
        request = exc.request
    except RuntimeError:  # raised before httpx attached a request
        request = httpx.Request(call.method, "about:blank")
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return cls(
        f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__,
        **request_context(adapter.name, call.operation, request),
    )


def as_called(error: APIError, operation: str, request: tuple[str, str] | None) -> None:
    """Label ``error`` with the operation the caller called, and a real request, in place.

    An emulated operation (a get served by listing) makes other operations' requests: a failure
    of one of them is reported as the operation called, with that request's method and URL. An
    error a plan raises itself (nothing found by the listing) names no request: it gets the last
    one sent (``request``: its method and redacted URL), never a made-up URL.
    """
    error._relabel(operation, request)
