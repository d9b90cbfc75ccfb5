"""Client-side rate limiting: at most ``requests`` requests in any ``per`` seconds.

Opt-in (``connect(..., rate_limit=True)`` or ``rate_limit=RateLimit(...)``). The limiter is a
sliding-window log of reservations: a request may go at once while fewer than ``requests`` went in
the last ``per`` seconds, else at the moment the oldest of them leaves the window. It allows a full
burst of ``requests`` and, unlike a token bucket of the same size, never lets more than
``requests`` through in any window of ``per`` seconds, which is how providers word their limits
("60 requests a minute"). Every attempt takes a slot, retries included.

Reservations are taken under a lock and never wait while holding it, so one limiter is safe to
share between threads (sync client) and between tasks (async client); the waiting itself is
``sleep`` (blocking, sync) or ``asleep`` (awaited, async: the event loop is never blocked).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sendfrom.errors import ConfigurationError

__all__ = ["RateLimit", "RateLimiter", "asyncio_sleep", "parse_rate_limit"]


async def asyncio_sleep(seconds: float) -> None:
    """``asyncio.sleep``, imported when first awaited: sync clients never load asyncio (~15 ms)."""
    import asyncio

    await asyncio.sleep(seconds)


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` requests in any ``per`` seconds, e.g. ``RateLimit(60, per=60.0)``.

    ``now``, ``sleep`` and ``asleep`` are injectable (like ``RetryPolicy``'s) so tests never wait.
    """

    requests: int
    per: float = 1.0
    now: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    asleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio_sleep, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        requests: object = self.requests
        per: object = self.per
        if isinstance(requests, bool) or not isinstance(requests, int) or requests < 1:
            raise ConfigurationError(
                f"rate_limit: requests must be a whole number >= 1, not {requests!r}"
            )
        if (
            isinstance(per, bool)
            or not isinstance(per, int | float)
            or not math.isfinite(per)
            or per <= 0
        ):
            raise ConfigurationError(
                f"rate_limit: per must be a number of seconds > 0, not {per!r}"
            )
        object.__setattr__(self, "per", float(per))

    def __str__(self) -> str:
        return f"{self.requests} requests per {self.per:g} s"


class RateLimiter:
    """The running state of one ``RateLimit``: the times of the last ``requests`` reservations."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._slots: deque[float] = deque(maxlen=limit.requests)
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take the next free slot; returns how many seconds to wait until it (0: go now)."""
        with self._lock:
            now = self.limit.now()
            slot = now
            if len(self._slots) == self.limit.requests:
                slot = max(now, self._slots[0] + self.limit.per)
            self._slots.append(slot)  # maxlen drops the oldest
            return slot - now

    def acquire(self) -> None:
        """Wait (blocking) until a request may be sent."""
        wait = self.reserve()
        if wait > 0:
            self.limit.sleep(wait)

    async def aacquire(self) -> None:
        """Wait (without blocking the event loop) until a request may be sent."""
        wait = self.reserve()
        if wait > 0:
            await self.limit.asleep(wait)


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
