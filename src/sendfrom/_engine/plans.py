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
