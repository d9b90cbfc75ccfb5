"""Client-side rate limiting: at most ``requests`` requests in any ``per`` seconds.

Opt-in (``connect(..., rate_limit=True)`` or ``rate_limit=RateLimit(...)``). The limiter is a
sliding-window log of reservations: a request may go at once while fewer than ``requests`` went in
the last ``per`` seconds, else at the moment the oldest of them leaves the window. It allows a full
burst of ``requests`` and, unlike a token bucket of the same size, never lets more than
``requests`` through in any window of ``per`` seconds, which is how providers word their limits
("60 requests a minute"). Every attempt takes a slot, retries included.

A slot counts from when its request really went, not from when it was reserved: the runner says
when the answer came back (``done``), and the slot moves to that moment less the fastest round trip
seen. Providers count arrivals, and a request can leave well after its slot (a thread waiting for
the GIL or a core, a slow connection); counted from its reservation, the request that refills the
window could reach the provider before the one it replaces had left it: a 429.

Reservations are taken under a lock and never wait while holding it, so one limiter is safe to
share between threads (sync client) and between tasks (async client); the waiting itself is
``sleep`` (blocking, sync) or ``asleep`` (awaited, async: the event loop is never blocked).

With ``storage`` (a URI, e.g. ``"redis://host:6379/0"``) the limit is shared by every process and
host using that store: see ``_shared_ratelimit`` (the ``limits`` library, imported only then).
Either limiter also slows down when the provider says the budget is spent (``budget_spent``).

Why this limiter stays for the in-process case rather than ``limits``' ``memory://`` storage:
``limits`` counts windows in whole seconds (``per=0.5`` cannot be said), keeps ``time.time`` (its
clock cannot be injected, so tests would really wait), and only tests or takes an entry (a waiter
polls), where this one reserves a future slot under a lock and sleeps exactly once; and ``import
sendfrom`` would load it for everyone.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from sendfrom._redact import redact_url
from sendfrom._values import finite_seconds, shown
from sendfrom.errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Limiter",
    "RateLimit",
    "RateLimiter",
    "StoreUnreachableError",
    "asyncio_sleep",
    "budget_spent",
    "parse_rate_limit",
    "redact_uri",
]


async def asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first awaited: sync clients never load asyncio (~15 ms)."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` requests in any ``per`` seconds, e.g. ``RateLimit(60, per=60.0)``.

    ``storage``: a URI naming a store shared by every process and host using the same key (e.g.
    ``"redis://host:6379/0"``; extra ``sendfrom[redis]``), so that together they stay within one
    limit; None: this process's own limit. ``now``, ``sleep`` and ``asleep`` are injectable (like
    ``RetryPolicy``'s) so tests never wait (a shared limit keeps the store's clock: ``time.time``).
    """

    requests: int
    per: float = 1.0
    # Everything after ``per`` is keyword-only (DESIGN.md: ``RateLimit(requests, per, *,
    # storage=None)``): ``RateLimit(60, 60, "redis://...")`` must not make a URI the clock.
    storage: str | None = field(default=None, kw_only=True)
    now: Callable[[], float] = field(
        default=time.monotonic, repr=False, compare=False, kw_only=True
    )
    sleep: Callable[[float], None] = field(
        default=time.sleep, repr=False, compare=False, kw_only=True
    )
    asleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio_sleep, repr=False, compare=False, kw_only=True
    )
    margin: float | None = field(default=None, repr=False, compare=False, kw_only=True)
    """Seconds a request waits past the moment the window frees; None: 2.5% of ``per``, at most
    0.25 s. Providers count arrivals, which trail the moments the limiter gives by a varying few
    milliseconds (a thread descheduled, a new connection): without a margin, the request that
    refills the window can arrive before the one it replaces has left the provider's window."""

    def __post_init__(self) -> None:
        requests: object = self.requests
        per: object = self.per
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ConfigurationError(
                f"rate_limit: requests must be a whole number >= 1, not {shown(requests)}"
            )
        seconds = finite_seconds(per)
        if seconds is None or seconds <= 0:
            raise ConfigurationError(
                f"rate_limit: per must be a finite number of seconds > 0, not {shown(per)}"
            )
        object.__setattr__(self, "per", seconds)
        margin: object = self.margin
        wait = finite_seconds(margin)
        if margin is not None and (wait is None or wait < 0):
            raise ConfigurationError(
                f"rate_limit: margin must be a finite number of seconds >= 0, not {shown(margin)}"
            )
        if self.storage is not None:
            check_storage(self.storage, "rate_limit storage")
            if not self.per.is_integer():
                # limits counts a window in whole seconds (RateLimitItemPerSecond's multiples)
                raise ConfigurationError(
                    f"rate_limit: a shared limit (storage=...) needs per in whole seconds, "
                    f"not {self.per:g}"
                )

    @property
    def wait_margin(self) -> float:
        """``margin`` in seconds, its default worked out."""
        return min(self.per * 0.025, 0.25) if self.margin is None else float(self.margin)

    def __str__(self) -> str:
        shared = f", shared through {redact_uri(self.storage)}" if self.storage else ""
        return f"{self.requests} requests per {self.per:g} s{shared}"

    def __repr__(self) -> str:
        """Never the store's password (``redis://:***@host``)."""
        shared = f", storage={redact_uri(self.storage)!r}" if self.storage else ""
        return f"RateLimit(requests={self.requests}, per={self.per!r}{shared})"


def check_storage(value: object, setting: str) -> str:
    """A store URI, checked for its shape (``scheme://...``); the store itself at connect."""
    if not isinstance(value, str) or "://" not in value or not value.split("://")[0]:
        shown = redact_uri(value) if isinstance(value, str) else repr(value)
        raise ConfigurationError(
            f"{setting} must be a store URI such as 'redis://localhost:6379/0', not {shown}"
        )
    return value


def redact_uri(uri: str) -> str:
    """``uri`` without its password: ``redis://:***@host:6379/0`` (``redact_url``, the one
    masker, so ``?password=`` and ``?token=`` are hidden too)."""
    return redact_url(uri)


def budget_spent(response: httpx.Response) -> bool:
    """Whether the provider says the request budget is spent: a 429, or a remaining count of 0,
    in either header family: ``X-RateLimit-Remaining`` (MailerSend, SendGrid) or the IETF
    draft's ``RateLimit-Remaining`` (Resend)."""
    if response.status_code == 429:
        return True
    headers = response.headers
    remaining: str = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining", "")
    return remaining.strip() == "0"


class StoreUnreachableError(Exception):
    """The shared store failed; the runner turns it into an ``APIConnectionError``."""

    def __init__(self, message: str, uri: str) -> None:
        super().__init__(message)
        self.uri = uri
        """The store's URI, without its password."""


class Limiter(Protocol):
    """What a runner asks of a limiter (in-process or shared)."""

    limit: RateLimit

    def acquire(self) -> object:
        """Wait until a request may go; the ticket to give ``done`` once it has."""
        ...

    async def aacquire(self) -> object: ...

    def spent(self, hold: float | None = None) -> None: ...

    async def aspent(self, hold: float | None = None) -> None: ...

    def done(self, ticket: object) -> None: ...

    async def adone(self, ticket: object) -> None: ...


class _Slot:
    """One reservation: ``at``, the moment it counts from; ``went``, when its request could go."""

    __slots__ = ("at", "went")

    def __init__(self, at: float) -> None:
        self.at = at
        self.went = at


class RateLimiter:
    """The running state of one ``RateLimit``: the last ``requests`` reservations."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._slots: deque[_Slot] = deque(maxlen=limit.requests)
        self._lock = threading.Lock()
        self._fastest = float("inf")
        """The shortest time from a slot's request going to its answer: the trip's fixed part."""

    def _take(self) -> tuple[_Slot, float]:
        """The next free slot, and how many seconds to wait until it (0: go now)."""
        with self._lock:
            now = self.limit.now()
            at = now
            if len(self._slots) == self.limit.requests:
                at = max(now, self._slots[0].at + self.limit.per + self.limit.wait_margin)
            slot = _Slot(at)
            self._slots.append(slot)  # maxlen drops the oldest
            return slot, at - now

    def reserve(self) -> float:
        """Take the next free slot; returns how many seconds to wait until it (0: go now)."""
        return self._take()[1]

    def acquire(self) -> _Slot:
        """Wait (blocking) until a request may be sent; the slot is ``done``'s ticket."""
        slot, wait = self._take()
        if wait > 0:
            self.limit.sleep(wait)
        slot.went = self.limit.now()
        return slot

    async def aacquire(self) -> _Slot:
        """Wait (without blocking the event loop) until a request may be sent."""
        slot, wait = self._take()
        if wait > 0:
            await self.limit.asleep(wait)
        slot.went = self.limit.now()
        return slot

    def done(self, ticket: object) -> None:
        """The answer to ``ticket``'s request came back: the slot counts from when the request
        went at the latest, this moment less the fastest round trip seen (so a request that left
        late, or was answered late, pushes back the one that would replace it in the window)."""
        if not isinstance(ticket, _Slot):
            return
        with self._lock:
            now = self.limit.now()
            self._fastest = min(self._fastest, max(now - ticket.went, 0.0))
            ticket.at = max(ticket.at, now - self._fastest)

    async def adone(self, ticket: object) -> None:
        """``done`` (it never waits)."""
        self.done(ticket)

    def spent(self, hold: float | None = None) -> None:
        """The provider says the budget is spent: count the window as full from now, so the next
        request waits until its oldest one leaves it, and at least ``hold`` seconds (a 429's
        ``Retry-After``, when it asks for longer than the window)."""
        with self._lock:
            now = self.limit.now()
            at = max(now, now + (hold or 0.0) - self.limit.per - self.limit.wait_margin)
            if self._slots and self._slots[-1].at > at:
                return  # requests are already queued beyond then: the window is full
            per = self.limit.per
            while len(self._slots) < self.limit.requests or self._slots[0].at <= at - per:
                self._slots.append(_Slot(at))  # maxlen drops the oldest

    async def aspent(self, hold: float | None = None) -> None:
        """``spent`` (it never waits)."""
        self.spent(hold)


_UNITS = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "m": 60.0,
    "min": 60.0,
    "minute": 60.0,
    "h": 3600.0,
    "hour": 3600.0,
}
_RATE = re.compile(r"^(\d+)\s*/\s*(\d+(?:\.\d*)?)?\s*([a-z]*)$")
_ON = frozenset({"1", "true", "yes", "on"})
_OFF = frozenset({"0", "false", "no", "off", ""})


def parse_rate_limit(value: str, setting: str) -> RateLimit | bool:
    """A rate-limit setting from text: on/off (true/1, false/0) or ``"N/unit"``.

    ``"60/min"``, ``"100/s"``, ``"500/minute"``, ``"10/30"`` (10 per 30 s), ``"5/2m"``.
    """
    text = value.strip().lower()
    if text in _ON:
        return True
    if text in _OFF:
        return False
    match = _RATE.match(text.replace(" per ", "/"))
    if match:
        count, amount, unit = match.groups()
        if unit not in _UNITS and unit.endswith("s"):
            unit = unit[:-1]  # plural: "minutes", "secs"
        if unit in _UNITS or (not unit and amount):
            seconds = float(amount or 1) * _UNITS.get(unit, 1.0)
            try:
                return RateLimit(int(count), per=seconds)
            except ConfigurationError as exc:
                raise ConfigurationError(f"{setting}: {exc}") from None
    raise ConfigurationError(
        f"{setting} must be true/false or a rate like '60/min', '100/s' or '10/30' "
        f"(10 requests per 30 s), not {value!r}"
    )
