"""A provider's own request limit, as a simulator enforces it (``Simulator(rate_limit=...)``).

A moving window of the requests admitted (by arrival time): past ``requests`` in any ``per``
seconds, a request is refused (the provider's 429) and does not count, as MailerSend's 429
"clears within the minute" (inferred: specs/README.md).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from sendfrom._ratelimit import RateLimit, parse_rate_limit
from sendfrom.errors import ConfigurationError

__all__ = ["Throttle", "enforced_limit"]


def enforced_limit(provider: str, text: str | None) -> RateLimit | None:
    """A simulator's ``--rate-limit``: a rate (``"20/2s"``), ``true`` (the provider's documented
    limit) or ``false``/absent (none)."""
    if text is None:
        return None
    limit = parse_rate_limit(text, "--rate-limit")
    if limit is True:
        from sendfrom.providers import adapter_class

        documented = adapter_class(provider).rate_limit
        if documented is None:
            raise ConfigurationError(
                f"--rate-limit: {provider} documents no rate limit; give one, e.g. '10/s'"
            )
        return documented
    return limit or None


class Throttle:
    """Counts admitted requests in a moving window; not thread-safe (the simulator's lock is)."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._times: deque[float] = deque()
        self.admitted = 0
        self.rejected = 0
        """Requests refused with a 429."""

    def admit(self) -> int | None:
        """Admit one request: the requests left in the window after it, or None (refused)."""
        now = self._clock()
        while self._times and self._times[0] <= now - self.limit.per:
            self._times.popleft()
        if len(self._times) >= self.limit.requests:
            self.rejected += 1
            return None
        self._times.append(now)
        self.admitted += 1
        return self.limit.requests - len(self._times)

    def retry_after(self) -> float:
        """Seconds until the oldest admitted request leaves the window."""
        if not self._times:
            return 0.0
        return max(0.0, self._times[0] + self.limit.per - self._clock())
