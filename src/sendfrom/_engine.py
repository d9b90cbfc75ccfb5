"""Plans, and the sync and async runners that carry them out.

A provider adapter never does I/O. Each operation is a *plan*: a generator that yields a ``Call``
(which generated endpoint to call, with which arguments), receives the ``httpx.Response`` (or has
the mapped ``sendfrom`` error thrown into it), and finally returns the result. ``SyncRunner`` and
``AsyncRunner`` are the only places that send, so sync and async share everything but the I/O:
retries, error mapping and every mapping decision live once.
"""

from __future__ import annotations

import email.utils
import json
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from pydantic import BaseModel

from sendfrom._ratelimit import RateLimiter, asyncio_sleep
from sendfrom._redact import redact_url
from sendfrom.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ResponseFormatError,
    SendfromError,
    status_error_class,
)

if TYPE_CHECKING:
    from sendfrom.providers.base import Adapter

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

_IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_RETRY_STATUSES = frozenset({408, 429})
_REQUEST_ID_HEADERS = ("x-request-id", "x-amzn-requestid", "request-id", "cf-ray")
MAX_RETRY_AFTER = 60.0
_MAX_BACKOFF_EXPONENT = 62
"""Doubling stops here: ``2**attempt`` past ~1024 no longer converts to a float (OverflowError),
and any sane ``max_delay`` is reached long before 2**62 times ``initial_delay``."""


@dataclass(frozen=True, slots=True)
class Call:
    """One request a plan asks for: a generated endpoint module and its arguments."""

    operation: str
    """The public operation it serves, e.g. "identities.get" (for errors and logs)."""
    endpoint: ModuleType
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return str(self.endpoint.METHOD)


Plan = Generator[Call, httpx.Response, T]
"""An operation: yields calls, is sent their responses, returns its result."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list, and the plan for the next page (None on the last page)."""

    items: Sequence[T]
    next: Plan[Page[T]] | None


# ---- responses -> models or errors


def request_context(provider: str, operation: str, request: httpx.Request) -> dict[str, str]:
    """What every ``APIError`` says of the request: provider, operation, method, redacted URL."""
    return {
        "provider": provider,
        "operation": operation,
        "request_method": request.method,
        "request_url": redact_url(str(request.url)),
    }


_TOO_DEEP = "is JSON nested too deeply to read"
_MAX_ERROR_BODY_DEPTH = 64
"""An error body nested deeper is kept as text: it is walked recursively later (key scrubbing,
pickling, copies) and would hit the recursion limit there; real ones nest two or three levels.
A 2xx body is not checked (that walk would cost as much as parsing, on every response): only
pydantic reads it, which guards its own recursion."""


def parse_json(provider: str, operation: str, response: httpx.Response) -> Any:
    """The JSON body of a 2xx response, or ``ResponseFormatError``."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:  # not JSON, or deeper than Python recurses
        problem = _TOO_DEEP if isinstance(exc, RecursionError) else f"is not JSON ({exc})"
        raise ResponseFormatError(
            f"the response body {problem}",
            body=response.content,
            **request_context(provider, operation, response.request),
        ) from None


def status_error(
    adapter: Adapter, operation: str, response: httpx.Response, *, unreadable: str | None = None
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
    cls = status_error_class(response.status_code)
    return cls(
        message,
        status_code=response.status_code,
        body=body,
        request_id=request_id,
        fields=fields,
        retry_after=retry_after_seconds(response.headers.get("retry-after"), time.time()),
        **request_context(adapter.name, operation, response.request),
    )


def undecodable_error(
    adapter: Adapter, call: Call, exc: httpx.DecodingError
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
        return response.text, f"the body {_TOO_DEEP}"
    except ValueError:  # not JSON (an HTML page from a proxy): its text
        return response.text, None
    if _nests_deeper(body, _MAX_ERROR_BODY_DEPTH):
        return response.text, f"the body {_TOO_DEEP}"
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


# ---- retries


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds, whether given as seconds or as an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Idempotent methods are retried on connection errors, 408, 429 and 5xx. POST is retried only on
    429 and on connect failures (the request provably never left): a retried create could make a
    duplicate. ``Retry-After`` is honoured up to 60 s; otherwise capped exponential backoff with
    jitter. ``sleep``, ``asleep``, ``now`` and ``jitter`` are injectable so tests never wait.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    asleep: Callable[[float], Awaitable[None]] = asyncio_sleep
    now: Callable[[], float] = time.time
    jitter: Callable[[], float] = random.random

    def should_retry_status(self, method: str, status: int) -> bool:
        if status == 429:
            return True
        return method in _IDEMPOTENT and (status in _RETRY_STATUSES or status >= 500)

    def should_retry_transport(self, method: str, exc: httpx.TransportError) -> bool:
        never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
        return never_sent or method in _IDEMPOTENT

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        if response is not None:
            after = retry_after_seconds(response.headers.get("retry-after"), self.now())
            if after is not None:
                return min(after, MAX_RETRY_AFTER)
        exponent = min(attempt, _MAX_BACKOFF_EXPONENT)
        backoff: float = min(self.initial_delay * 2**exponent, self.max_delay)
        return backoff * (0.75 + 0.25 * float(self.jitter()))


def transport_error(adapter: Adapter, call: Call, exc: httpx.TransportError) -> APIConnectionError:
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


# ---- secrets


def _scrubbed(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return value.replace(secret, "***")
    if isinstance(value, bytes):
        return value.replace(secret.encode(), b"***")
    if isinstance(value, dict):
        return {_scrubbed(k, secret): _scrubbed(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrubbed(v, secret) for v in value)
    return value


def _shows(error: BaseException, secret: str) -> bool:
    """Whether a foreign exception (not ours to rewrite) would show ``secret`` when printed."""
    try:
        return secret in str(error) or secret in repr(error) or secret in repr(vars(error))
    except Exception:  # an exception that cannot print itself: assume the worst
        return True


def scrub(error: BaseException, secret: str | None) -> None:
    """Replace ``secret`` by ``***`` in ``error`` and in every exception chained to it, in place.

    For the provider that echoes the key back ("invalid key ms-live-...") in an error body. A
    traceback prints the whole chain (``__cause__`` and ``__context__``, e.g. the 404 a plan
    caught before raising its own error), so each ``sendfrom`` error in it is scrubbed, and a
    foreign exception that would show the key is cut from the chain. A context raised ``from
    None`` (the pydantic or JSON error behind a ``ResponseFormatError``, which holds the whole
    body) is dropped: it is never shown, only kept. Keys of any length are scrubbed.
    """
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.__suppress_context__:
            current.__context__ = None
        if secret and isinstance(current, SendfromError):
            current.args = _scrubbed(current.args, secret)
            for name, value in list(vars(current).items()):
                setattr(current, name, _scrubbed(value, secret))
        for link in ("__cause__", "__context__"):
            linked: BaseException | None = getattr(current, link)
            if linked is None:
                continue
            if secret and not isinstance(linked, SendfromError) and _shows(linked, secret):
                setattr(current, link, None)
            else:
                pending.append(linked)


# ---- runners


class _Runner:
    def __init__(
        self,
        adapter: Adapter,
        client: Any,
        policy: RetryPolicy,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.adapter = adapter
        self.client = client  # the provider's generated Client
        self.policy = policy
        self.limiter = limiter
        """Client-side rate limit (None: off); every attempt, retries included, takes a slot."""
        key = adapter.settings.api_key
        self._secret = key.get() if key is not None else None

    def _closed(self, call: Call) -> APIConnectionError:
        """Sending on a closed client (or on a ``with_options`` copy of one)."""
        return APIConnectionError(
            "the client is closed (with_options copies share the pool of the client they were "
            "made from, and close with it)",
            provider=self.adapter.name,
            operation=call.operation,
            request_method=call.method,
            request_url=f"{self.adapter.name}:{call.operation}",
        )

    def _outcome(
        self, call: Call, attempt: int, response: httpx.Response | None, exc: Exception | None
    ) -> tuple[httpx.Response | SendfromError, float | None]:
        """What one attempt came to, and how long to wait before the next (None: stop)."""
        last = attempt >= self.policy.max_retries
        error: APIError
        if isinstance(exc, httpx.DecodingError):
            error, response = undecodable_error(self.adapter, call, exc)
            if response is None:  # a 2xx or an unknown status: a format error, not retried
                return error, None
        elif isinstance(exc, httpx.TransportError):
            failure = transport_error(self.adapter, call, exc)
            if last or not self.policy.should_retry_transport(call.method, exc):
                return failure, None
            return failure, self.policy.delay(attempt, None)
        else:
            assert response is not None
            if response.status_code < 300:
                return response, None
            error = status_error(self.adapter, call.operation, response)
        if last or not self.policy.should_retry_status(call.method, response.status_code):
            return error, None
        return error, self.policy.delay(attempt, response)


class SyncRunner(_Runner):
    """Carries out plans with blocking I/O."""

    def send(self, call: Call) -> httpx.Response:
        attempt = 0
        while True:
            response: httpx.Response | None = None
            exc: Exception | None = None
            if self.limiter is not None:
                self.limiter.acquire()
            try:
                response = call.endpoint.sync_detailed(client=self.client, **call.kwargs)
            except (httpx.TransportError, httpx.DecodingError) as error:
                exc = error
            except RuntimeError:
                if not self.client.get_httpx_client().is_closed:
                    raise
                raise self._closed(call) from None
            result, wait = self._outcome(call, attempt, response, exc)
            if wait is None:
                if isinstance(result, SendfromError):
                    raise result
                return result
            self.policy.sleep(wait)
            attempt += 1

    def run(self, plan: Plan[T]) -> T:
        try:
            call = next(plan)
            while True:
                try:
                    response = self.send(call)
                except SendfromError as exc:
                    scrub(exc, self._secret)  # before the plan sees (and may chain) it
                    call = plan.throw(exc)
                else:
                    call = plan.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result
        except SendfromError as error:
            scrub(error, self._secret)
            raise

    def iterate(self, plan: Plan[Page[T]] | None) -> Iterator[T]:
        while plan is not None:
            page = self.run(plan)
            yield from page.items
            plan = page.next


class AsyncRunner(_Runner):
    """Carries out plans on the event loop; waits never block it."""

    async def send(self, call: Call) -> httpx.Response:
        attempt = 0
        while True:
            response: httpx.Response | None = None
            exc: Exception | None = None
            if self.limiter is not None:
                await self.limiter.aacquire()
            try:
                response = await call.endpoint.asyncio_detailed(client=self.client, **call.kwargs)
            except (httpx.TransportError, httpx.DecodingError) as error:
                exc = error
            except RuntimeError:
                if not self.client.get_async_httpx_client().is_closed:
                    raise
                raise self._closed(call) from None
            result, wait = self._outcome(call, attempt, response, exc)
            if wait is None:
                if isinstance(result, SendfromError):
                    raise result
                return result
            await self.policy.asleep(wait)
            attempt += 1

    async def run(self, plan: Plan[T]) -> T:
        try:
            call = next(plan)
            while True:
                try:
                    response = await self.send(call)
                except SendfromError as exc:
                    scrub(exc, self._secret)  # before the plan sees (and may chain) it
                    call = plan.throw(exc)
                else:
                    call = plan.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result
        except SendfromError as error:
            scrub(error, self._secret)
            raise

    async def iterate(self, plan: Plan[Page[T]] | None) -> AsyncIterator[T]:
        while plan is not None:
            page = await self.run(plan)
            for item in page.items:
                yield item
            plan = page.next
