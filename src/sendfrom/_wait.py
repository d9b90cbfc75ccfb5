"""``wait_until_verified``: the polling loop's state, shared by the sync and async resources.

The resources own the I/O (run a poll, sleep with the runner); a ``Wait`` decides everything else:
which plan polls, what each state means, and how long to sleep before the next poll. The interval
starts at ``interval`` and grows 1.5x per poll up to ``interval_cap(interval)``; no sleep runs past
the deadline, and at the deadline ``WaitTimeoutError`` carries the last state seen.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar, overload

from sendfrom._engine import MAX_RETRY_AFTER, AsyncRunner, Plan, RetryPastDeadline, SyncRunner
from sendfrom._values import finite_seconds, shown
from sendfrom.errors import (
    InvalidRequestError,
    RateLimitError,
    VerificationFailedError,
    WaitTimeoutError,
)
from sendfrom.models import EmailDomain, SenderIdentity, VerificationStatus

__all__ = [
    "GROWTH",
    "MAX_INTERVAL",
    "OnPoll",
    "Poll",
    "Wait",
    "check_wait_args",
    "interval_cap",
    "run_wait",
]

T = TypeVar("T", SenderIdentity, EmailDomain)
OnPoll = Callable[[T], object] | None
"""Called with every state polled (pending ones included), before it is judged."""

GROWTH = 1.5
"""Each sleep is this many times the one before, up to the cap."""
MAX_INTERVAL = 60.0
"""The cap on the interval, unless ``interval`` itself is larger (see ``interval_cap``)."""


def interval_cap(interval: float) -> float:
    """The longest sleep between polls: six times ``interval``, at most 60 s, never below
    ``interval`` (10 s grows 10, 15, 22.5, 33.75, 50.6, 60, 60...)."""
    return max(interval, min(interval * 6, MAX_INTERVAL))


def _seconds(name: str, value: object) -> float:
    seconds = finite_seconds(value)
    if seconds is None:
        raise InvalidRequestError(
            f"{name} must be a finite number of seconds, not {shown(value)}",
            {name: ["must be a finite number of seconds"]},
        )
    if seconds <= 0:
        raise InvalidRequestError(f"{name} must be above 0, not {value!r}", {name: ["must be > 0"]})
    return seconds


def check_wait_args(timeout: object, interval: object, on_poll: object) -> tuple[float, float]:
    """``timeout`` and ``interval`` as floats, or ``InvalidRequestError`` before sending."""
    seconds = _seconds("timeout", timeout), _seconds("interval", interval)
    if on_poll is not None and not callable(on_poll):
        raise InvalidRequestError(
            f"on_poll must be callable or None, not {on_poll!r}", {"on_poll": ["must be callable"]}
        )
    return seconds


Poll = Callable[[T | None], Plan[T]]
"""A fresh plan of one poll, given the state the previous poll saw (None: the first), which a
provider may reuse where its answer says nothing changed (fewer requests a poll)."""


class Wait(Generic[T]):
    """One ``wait_until_verified`` call: polls ``poll(last)`` (a fresh plan each time)."""

    def __init__(
        self,
        poll: Poll[T],
        operation: str,
        via: str,
        *,
        timeout: float,
        interval: float,
        on_poll: OnPoll[T],
        now: Callable[[], float],
    ) -> None:
        self.poll: Poll[T] = poll
        self.operation = operation
        """The operation called (e.g. "domains.wait_until_verified"): errors and logs name it."""
        self.via = via
        """The operation each poll is (e.g. "domains.verify")."""
        self._on_poll: OnPoll[T] = on_poll
        self._now = now
        self._deadline = now() + timeout
        self._interval = interval
        self._cap = interval_cap(interval)
        self._asked: float | None = None  # a 429's Retry-After, for the next sleep only
        self.last: T | None = None

    def seen(self, obj: T) -> T | None:
        """``obj`` once verified; None while pending; ``VerificationFailedError`` once failed."""
        self.last = obj
        if self._on_poll is not None:
            self._on_poll(obj)
        if obj.status == VerificationStatus.VERIFIED:
            return obj
        if obj.status == VerificationStatus.FAILED:
            raise VerificationFailedError(
                f"{self.operation}: {obj.id} failed verification", last=obj
            )
        return None

    def next_poll(self) -> Plan[T]:
        """The plan of the next poll, which knows the last state seen."""
        return self.poll(self.last)

    @property
    def deadline(self) -> float:
        """When the wait ends (the runner's clock): no retry inside a poll sleeps past it."""
        return self._deadline

    def throttled(self, exc: RateLimitError) -> None:
        """A 429 the runner's retries did not get past: wait its ``Retry-After`` (capped at 60 s,
        like every Retry-After) and poll again."""
        asked = exc.retry_after
        self._asked = None if asked is None else min(asked, MAX_RETRY_AFTER)

    def cut_short(self, stop: RetryPastDeadline) -> WaitTimeoutError:
        """The timeout to raise when the provider asks for a retry that would end past the
        deadline: waiting for it could not give an answer in time."""
        what = f"{self.last.id} is still {self.last.status}" if self.last else "no answer"
        return WaitTimeoutError(
            f"{self.operation}: timed out waiting for verification ({what}; the provider asked "
            f"to retry in {stop.retry_in:.0f} s, past the deadline)",
            last=self.last,
        )

    def next_sleep(self) -> float:
        """Seconds to sleep before the next poll (never past the deadline), or, at the deadline,
        ``WaitTimeoutError`` with the last state seen."""
        left = self._deadline - self._now()
        if left <= 0:
            what = f"{self.last.id} is still {self.last.status}" if self.last else "no answer"
            raise WaitTimeoutError(
                f"{self.operation}: timed out waiting for verification ({what})", last=self.last
            )
        wanted = self._interval if self._asked is None else self._asked
        self._asked = None
        self._interval = min(self._interval * GROWTH, self._cap)
        return min(wanted, left)


@overload
def run_wait(wait: Wait[T], runner: SyncRunner) -> T: ...
@overload
def run_wait(wait: Wait[T], runner: AsyncRunner) -> Coroutine[Any, Any, T]: ...
def run_wait(wait: Wait[T], runner: SyncRunner | AsyncRunner) -> T | Coroutine[Any, Any, T]:
    """Poll until ``wait`` ends: the object once verified, or its ``WaitError`` (a coroutine
    with the async runner, so the sync and async resources read alike)."""
    if isinstance(runner, AsyncRunner):
        return _arun_wait(wait, runner)
    return _run_wait(wait, runner)


def _run_wait(wait: Wait[T], runner: SyncRunner) -> T:
    while True:
        try:
            done = wait.seen(runner.run(wait.next_poll(), wait.operation, deadline=wait.deadline))
        except RetryPastDeadline as stop:
            raise wait.cut_short(stop) from stop.error
        except RateLimitError as exc:
            wait.throttled(exc)
        else:
            if done is not None:
                return done
        runner.sleep(wait.next_sleep())


async def _arun_wait(wait: Wait[T], runner: AsyncRunner) -> T:
    """``run_wait`` on the event loop: every sleep is the runner's async one."""
    while True:
        try:
            polled = await runner.run(wait.next_poll(), wait.operation, deadline=wait.deadline)
            done = wait.seen(polled)
        except RetryPastDeadline as stop:
            raise wait.cut_short(stop) from stop.error
        except RateLimitError as exc:
            wait.throttled(exc)
        else:
            if done is not None:
                return done
        await runner.sleep(wait.next_sleep())
