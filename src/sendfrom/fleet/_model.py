"""What the fleet keeps and tells: the stages, the schedule, a domain's state, an event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

from sendfrom._values import finite_seconds, shown
from sendfrom.errors import InvalidRequestError
from sendfrom.models import VerificationStatus

Stage = Literal[
    "new", "created", "published", "dns_ok", "verified", "monitored", "failed", "removed"
]
STAGES: Final[tuple[Stage, ...]] = (
    "new",
    "created",
    "published",
    "dns_ok",
    "verified",
    "monitored",
    "failed",
    "removed",
)
"""In order: ``new`` → ``created`` (domains.ensure) → ``published`` (only with ``publish=``) →
``dns_ok`` (every record found in DNS) → ``verified`` (the provider says so) → ``monitored`` (the
identities ensured; re-checked every ``Schedule.recheck``); ``failed`` once the deadline passes
unverified; ``removed`` once ``remove`` stops tracking it."""

CHECKING: Final[frozenset[Stage]] = frozenset({"new", "created", "published", "dns_ok"})
"""The stages before ``verified``: the deadline runs."""

EventType = Literal[
    "domain.created",
    "domain.published",
    "domain.dns_ok",
    "domain.verified",
    "domain.failed",
    "domain.drifted",
    "identity.created",
    "identity.verified",
    "step.error",
]
EVENT_TYPES: Final[tuple[EventType, ...]] = (
    "domain.created",
    "domain.published",
    "domain.dns_ok",
    "domain.verified",
    "domain.failed",
    "domain.drifted",
    "identity.created",
    "identity.verified",
    "step.error",
)


def _seconds(name: str, value: object, *, least: float) -> float:
    seconds = finite_seconds(value)
    if seconds is None or not seconds >= least:
        raise InvalidRequestError(
            f"Schedule {name} must be a finite number of seconds >= {least:g}, not {shown(value)}",
            {name: [f"must be a finite number >= {least:g}"]},
        )
    return seconds


@dataclass(frozen=True)
class Schedule:
    """When a domain is checked, in seconds.

    ``first``: the gap after the first check that finds it not ready; each next gap is
    ``factor`` times longer, up to ``cap``. ``deadline``: how long a domain may take to verify
    (from ``add``, or from a drift) before it is ``failed``. ``recheck``: the gap between checks
    of a verified domain (its DNS records and the provider's status).
    """

    first: float = 60.0
    factor: float = 1.5
    cap: float = 14_400.0
    deadline: float = 259_200.0
    recheck: float = 86_400.0

    def __post_init__(self) -> None:
        for name, least in (("first", 0.0), ("factor", 1.0), ("cap", 0.0), ("deadline", 0.0)):
            object.__setattr__(self, name, _seconds(name, getattr(self, name), least=least))
        object.__setattr__(self, "recheck", _seconds("recheck", self.recheck, least=1.0))
        if self.cap < self.first:
            raise InvalidRequestError(
                f"Schedule cap ({self.cap:g}) must be at least first ({self.first:g})",
                {"cap": ["must be >= first"]},
            )

    def gap(self, attempts: int) -> float:
        """The wait after the ``attempts``-th check that found the domain not ready (1, 2, ...)."""
        exponent = max(0, attempts - 1)
        if self.factor == 1.0:
            return min(self.first, self.cap)
        # past the cap the power only grows: stop before it overflows a float
        gap = self.first
        for _ in range(exponent):
            gap *= self.factor
            if gap >= self.cap:
                return self.cap
        return min(gap, self.cap)


@dataclass(frozen=True)
class DomainState:
    """One tracked domain, as the store holds it."""

    domain: str
    """The name, in A-labels and lower case: the fleet's key for it."""
    provider: str
    profile: str | None
    key: str | None
    """Your own reference (a customer id), given to ``add``."""
    stage: Stage
    status: VerificationStatus
    """The provider's verification status, as last read."""
    domain_id: str | None
    """The provider's id, once created."""
    checks: dict[str, str]
    """The last local DNS check: ``"<TYPE> <name>"`` → ``ok``/``missing``/``mismatch``/``error``."""
    identities: dict[str, VerificationStatus]
    """Each address to ensure → its status (``unknown`` until it is created)."""
    attempts: int
    """Checks since the domain last moved forward (the schedule's gaps grow with it)."""
    next_check_at: datetime | None
    """When the next step is due (None: not scheduled: needs attention, failed or removed)."""
    deadline_at: datetime | None
    needs_attention: bool
    """A permanent error stopped it (``last_error`` says which) until ``retry``."""
    last_error: str | None
    updated_at: datetime
    identity_ids: dict[str, str] = field(default_factory=dict)
    """Each created address → the provider's identity id."""
    publish: str | None = None
    """The octoDNS config its records are published with (None: you publish them)."""


@dataclass(frozen=True)
class Event:
    """Something that happened to a domain, in the outbox: ``id`` orders them."""

    id: int
    at: datetime
    domain: str
    type: EventType
    data: dict[str, Any]
