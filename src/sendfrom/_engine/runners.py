"""The sync and async runners: the only places that send.

``SyncRunner`` and ``AsyncRunner`` carry out plans, so sync and async share everything but the I/O:
retries, error mapping and every mapping decision live once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import httpx

from sendfrom._engine.http_errors import (
    as_called,
    status_error,
    transport_error,
    undecodable_error,
)
from sendfrom._engine.plans import Call, Page, Plan, RetryPastDeadline
from sendfrom._engine.provider import ProviderSide
from sendfrom._engine.retry import RetryPolicy, throttle_wait
from sendfrom._ratelimit import Limiter, StoreUnreachableError, budget_spent
from sendfrom._redact import redact_url, scrub
from sendfrom.errors import (
    APIConnectionError,
    APIError,
    SendfromError,
)

T = TypeVar("T")

log = logging.getLogger("sendfrom")
"""One DEBUG line per request, one INFO line per retry (DESIGN, Logging)."""


def _method_and_url(last: httpx.Request | APIError | None) -> tuple[str, str] | None:
    """The method and redacted URL of the last request a plan sent (worked out only when needed)."""
    if isinstance(last, APIError):
        return last.request_method, last.request_url
    return None if last is None else (last.method, redact_url(str(last.url)))


class _Runner:
    def __init__(
        self,
        adapter: ProviderSide,
        client: Any,
        policy: RetryPolicy,
        limiter: Limiter | None = None,
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
            request_url=self._url_of(call),
        )

    def _unreachable(self, call: Call, error: StoreUnreachableError) -> APIConnectionError:
        """The shared rate-limit store failed: loud, never a silent fall-back to no limit."""
        return APIConnectionError(
            str(error),
            provider=self.adapter.name,
            operation=call.operation,
            request_method=call.method,
            request_url=self._url_of(call),  # not sent: the store failed
        )

    def _url_of(self, call: Call) -> str:
        """The redacted URL ``call`` would have gone to (an error raised before sending names a
        real URL too, never a made-up one); the base URL if the endpoint cannot say."""
        base: str = self.client.base_url
        build = getattr(call.endpoint, "_get_kwargs", None)  # what sync_detailed sends
        try:
            path = build(**call.kwargs)["url"] if build is not None else ""
        except (TypeError, KeyError, ValueError):
            path = ""
        return redact_url(base + str(path))

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Every retry of the plans run inside ends by ``seconds`` from now (``RetryPastDeadline``
        past it): the CLI's ``--wait-timeout`` covers its first request as well as the wait."""
        token = _DEADLINE.set(self.policy.now() + seconds)
        try:
            yield
        finally:
            _DEADLINE.reset(token)

    def _stop_short(self, result: object, wait: float, deadline: float | None) -> None:
        """Raise ``RetryPastDeadline`` when waiting ``wait`` s would pass ``deadline`` (or the one
        ``within`` set): a wait keeps its timeout, whatever ``Retry-After`` a provider sends."""
        outer = _DEADLINE.get()
        if outer is not None:
            deadline = outer if deadline is None else min(deadline, outer)
        if deadline is not None and self.policy.now() + wait > deadline:
            assert isinstance(result, SendfromError)
            scrub(result, self._secret)
            raise RetryPastDeadline(result, wait)

    def _settle(
        self,
        call: Call,
        attempt: int,
        started: float,
        response: httpx.Response | None,
        exc: Exception | None,
    ) -> tuple[httpx.Response | SendfromError, float | None]:
        """``_outcome``, logged: one DEBUG line per attempt, one INFO line per retry (never the
        key: the URL is redacted, and no header is logged)."""
        result, wait = self._outcome(call, attempt, response, exc)
        level = logging.DEBUG if wait is None else logging.INFO
        if not log.isEnabledFor(level):
            return result, wait  # no redaction or formatting on the hot path when nobody listens
        elapsed_ms = (time.perf_counter() - started) * 1000
        if isinstance(result, httpx.Response):
            url, what = redact_url(str(result.request.url)), str(result.status_code)
        else:
            url = getattr(result, "request_url", "")
            status = getattr(result, "status_code", None)
            what = str(status) if status is not None else type(result).__name__
        log.debug(
            "%s %s %s -> %s in %.1f ms (attempt %d)",
            call.operation, call.method, url, what, elapsed_ms, attempt + 1,
        )  # fmt: skip
        if wait is not None:
            log.info(
                "%s %s %s: %s; retrying in %.2f s (retry %d of %d)",
                call.operation, call.method, url, what, wait, attempt + 1,
                self.policy.max_retries,
            )  # fmt: skip
        return result, wait

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


_DEADLINE: ContextVar[float | None] = ContextVar("sendfrom_deadline", default=None)


class SyncRunner(_Runner):
    """Carries out plans with blocking I/O."""

    def send(self, call: Call, deadline: float | None = None) -> httpx.Response:
        attempt = 0
        while True:
            response: httpx.Response | None = None
            exc: Exception | None = None
            ticket: object = None
            if self.limiter is not None:
                # The pool first (made on first use: ~80 ms of TLS set-up), so the slot is taken
                # right before the request leaves: the provider counts arrivals, not slots.
                self.client.get_httpx_client()
                try:
                    ticket = self.limiter.acquire()
                except StoreUnreachableError as error:
                    raise self._unreachable(call, error) from None
            started = time.perf_counter()
            try:
                response = call.endpoint.sync_detailed(client=self.client, **call.kwargs)
            except (httpx.TransportError, httpx.DecodingError) as error:
                exc = error
            except RuntimeError:
                if not self.client.get_httpx_client().is_closed:
                    raise
                raise self._closed(call) from None
            if self.limiter is not None and response is not None:
                try:
                    # The slot counts from when the request went (a failed attempt's slot stays
                    # as reserved: its time would be no round trip, and it may never have left).
                    self.limiter.done(ticket)
                    if budget_spent(response):
                        # every worker sharing the limit waits, not just this one
                        self.limiter.spent(_hold(response))
                except StoreUnreachableError as error:
                    raise self._unreachable(call, error) from None
            result, wait = self._settle(call, attempt, started, response, exc)
            if wait is None:
                if isinstance(result, SendfromError):
                    raise result
                return result
            self._stop_short(result, wait, deadline)
            self.policy.sleep(wait)
            attempt += 1

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` with the policy's (injectable) sleep."""
        self.policy.sleep(seconds)

    def run(
        self, plan: Plan[T], operation: str | None = None, *, deadline: float | None = None
    ) -> T:
        """Carry out ``plan``; its errors name ``operation`` (the one the caller called). No
        retry sleeps past ``deadline`` (``policy.now()`` time): ``RetryPastDeadline`` instead."""
        last: httpx.Request | APIError | None = None  # the last request sent (or its error)
        try:
            call = next(plan)
            while True:
                try:
                    response = self.send(call, deadline)
                except SendfromError as exc:
                    scrub(exc, self._secret)  # before the plan sees (and may chain) it
                    if isinstance(exc, APIError):
                        last = exc
                    call = plan.throw(exc)
                else:
                    last = response.request
                    call = plan.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result
        except SendfromError as error:
            if operation is not None and isinstance(error, APIError):
                as_called(error, operation, _method_and_url(last))
            scrub(error, self._secret)
            raise

    def iterate(self, plan: Plan[Page[T]] | None, operation: str | None = None) -> Iterator[T]:
        while plan is not None:
            page = self.run(plan, operation)
            yield from page.items
            plan = page.next


class AsyncRunner(_Runner):
    """Carries out plans on the event loop; waits never block it."""

    async def send(self, call: Call, deadline: float | None = None) -> httpx.Response:
        attempt = 0
        while True:
            response: httpx.Response | None = None
            exc: Exception | None = None
            ticket: object = None
            if self.limiter is not None:
                self.client.get_async_httpx_client()  # the pool first (see SyncRunner.send)
                try:
                    ticket = await self.limiter.aacquire()
                except StoreUnreachableError as error:
                    raise self._unreachable(call, error) from None
            started = time.perf_counter()
            try:
                response = await call.endpoint.asyncio_detailed(client=self.client, **call.kwargs)
            except (httpx.TransportError, httpx.DecodingError) as error:
                exc = error
            except RuntimeError:
                if not self.client.get_async_httpx_client().is_closed:
                    raise
                raise self._closed(call) from None
            if self.limiter is not None and response is not None:
                try:
                    await self.limiter.adone(ticket)
                    if budget_spent(response):
                        await self.limiter.aspent(_hold(response))
                except StoreUnreachableError as error:
                    raise self._unreachable(call, error) from None
            result, wait = self._settle(call, attempt, started, response, exc)
            if wait is None:
                if isinstance(result, SendfromError):
                    raise result
                return result
            self._stop_short(result, wait, deadline)
            await self.policy.asleep(wait)
            attempt += 1

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` with the policy's (injectable) async sleep: the loop goes on."""
        await self.policy.asleep(seconds)

    async def run(
        self, plan: Plan[T], operation: str | None = None, *, deadline: float | None = None
    ) -> T:
        """Carry out ``plan``; its errors name ``operation`` (the one the caller called)."""
        last: httpx.Request | APIError | None = None  # the last request sent (or its error)
        try:
            call = next(plan)
            while True:
                try:
                    response = await self.send(call, deadline)
                except SendfromError as exc:
                    scrub(exc, self._secret)  # before the plan sees (and may chain) it
                    if isinstance(exc, APIError):
                        last = exc
                    call = plan.throw(exc)
                else:
                    last = response.request
                    call = plan.send(response)
        except StopIteration as stop:
            result: T = stop.value
            return result
        except SendfromError as error:
            if operation is not None and isinstance(error, APIError):
                as_called(error, operation, _method_and_url(last))
            scrub(error, self._secret)
            raise

    async def iterate(
        self, plan: Plan[Page[T]] | None, operation: str | None = None
    ) -> AsyncIterator[T]:
        while plan is not None:
            page = await self.run(plan, operation)
            for item in page.items:
                yield item
            plan = page.next


def _hold(response: httpx.Response) -> float | None:
    """How long a 429 asks every worker to hold off (its Retry-After or reset), or None."""
    if response.status_code != 429:
        return None
    return throttle_wait(response.headers, response.status_code, time.time())
