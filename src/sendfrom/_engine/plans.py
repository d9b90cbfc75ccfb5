"""Plans: what an operation asks for (``Call``), and one page of a list (``Page``).

A provider adapter never does I/O. Each operation is a *plan*: a generator that yields a ``Call``
(which generated endpoint to call, with which arguments), receives the ``httpx.Response`` (or has
the mapped ``sendfrom`` error thrown into it), and finally returns the result.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Generic, TypeVar

import httpx

T = TypeVar("T")


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


def primed(plan: Plan[T]) -> Plan[T]:
    """``plan`` with everything before its first request run now.

    An adapter checks its arguments in a plan's body, before its first ``yield``; a composed
    operation (``ensure``: find, then create) would otherwise reach those checks only after its
    first requests were sent. Priming builds the first ``Call`` (no I/O) so that a bad argument
    raises before anything is sent; the returned plan then yields that call and carries on.
    """
    try:
        first = next(plan)
    except StopIteration as done:
        return _returning(done.value)
    return _resumed(plan, first)


def _returning(value: T) -> Plan[T]:
    return value
    yield  # a generator that sends nothing


def _resumed(plan: Plan[T], first: Call) -> Plan[T]:
    call = first
    while True:
        try:
            response = yield call
        except GeneratorExit:
            plan.close()
            raise
        except BaseException as error:  # the runner's mapped error goes on into the plan
            try:
                call = plan.throw(error)
            except StopIteration as done:
                thrown: T = done.value
                return thrown
        else:
            try:
                call = plan.send(response)
            except StopIteration as done:
                result: T = done.value
                return result


# Not named ...Error: it never reaches the user; the wait turns it into WaitTimeoutError.
class RetryPastDeadline(Exception):  # noqa: N818
    """A retry the runner did not make: its wait would end past the caller's deadline
    (``wait_until_verified``). ``error`` is the provider's answer that asked for it."""

    def __init__(self, error: Exception, retry_in: float) -> None:
        super().__init__(error, retry_in)
        self.error = error
        self.retry_in = retry_in
