"""When and how long to wait before trying a request again."""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from sendfrom._ratelimit import asyncio_sleep

_IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_RETRY_STATUSES = frozenset({408, 429})
MAX_RETRY_AFTER = 60.0
_MAX_BACKOFF_EXPONENT = 62
"""Doubling stops here: ``2**attempt`` past ~1024 no longer converts to a float (OverflowError),
and any sane ``max_delay`` is reached long before 2**62 times ``initial_delay``."""


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


_RESET_HEADERS = ("ratelimit-reset", "x-ratelimit-reset")
_UNIX_TIME_FROM = 1_000_000_000.0
"""A reset at or past this (2001-09-09) is a Unix time (SendGrid's, GitHub's), below it a number
of seconds (the IETF RateLimit draft's, Resend's): no window lasts thirty years."""


def throttle_wait(headers: httpx.Headers, status: int, now: float) -> float | None:
    """How long a provider asks to wait before the next request, in seconds, or None.

    ``Retry-After`` when given. A 429 without it may still say when the rate-limit window resets
    (``RateLimit-Reset`` or ``X-RateLimit-Reset``, seconds left or a Unix time): that is the wait.
    On any other status a reset header only describes the window, which is not a request to wait.
    """
    after = retry_after_seconds(headers.get("retry-after"), now)
    if after is not None or status != 429:
        return after
    for name in _RESET_HEADERS:
        try:
            reset = float(headers.get(name, ""))
        except ValueError:
            continue
        if math.isfinite(reset):
            return max(0.0, reset - now if reset >= _UNIX_TIME_FROM else reset)
    return None


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Idempotent methods are retried on connection errors, 408, 429 and 5xx. POST is retried only on
    429 and on connect failures (the request provably never left): a retried create could make a
    duplicate. The provider's wait (``throttle_wait``: ``Retry-After``, or a 429's rate-limit
    reset) is honoured up to 60 s; otherwise capped exponential backoff with
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
            after = throttle_wait(response.headers, response.status_code, self.now())
            if after is not None:
                return min(after, MAX_RETRY_AFTER)
        exponent = min(attempt, _MAX_BACKOFF_EXPONENT)
        backoff: float = min(self.initial_delay * 2**exponent, self.max_delay)
        return backoff * (0.75 + 0.25 * float(self.jitter()))
