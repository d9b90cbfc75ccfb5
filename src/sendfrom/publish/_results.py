"""What ``publish`` reports: per target, the changes octoDNS makes and the records skipped."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Change", "Conflict", "PublishResult", "TargetPlan", "change_of"]


@dataclass(frozen=True)
class Change:
    """One record octoDNS will write: created, or an existing one with sendfrom's values added."""

    action: Literal["create", "update"]
    name: str
    """The record's absolute name, without the trailing dot."""
    type: str
    before: tuple[str, ...]
    """The values there now (empty for a create)."""
    after: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    """A record of sendfrom's that was not published because it would replace what is there."""

    name: str
    type: str
    value: str
    reason: str


@dataclass(frozen=True)
class TargetPlan:
    """What publishing does on one of the zone's octoDNS targets."""

    target: str
    """The provider's id in the octoDNS config."""
    changes: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]
    zone_exists: bool
    """Whether the target already had the zone (octoDNS creates it otherwise)."""


@dataclass(frozen=True)
class PublishResult:
    """The plan for every target of the zone, and whether it was applied."""

    zone: str
    """The octoDNS zone the records went into, e.g. ``example.com.``."""
    plans: tuple[TargetPlan, ...]
    applied: bool
    """True once the changes were made (``apply=True``); False for a plan only."""
    _octodns: list[tuple[Any, Any]] = field(default_factory=list, repr=False, compare=False)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(c for p in self.plans for c in p.changes)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (``--json``): zone, plans, applied. The octoDNS plans
        held for applying are left out (they are octoDNS objects, not data)."""
        return {
            "zone": self.zone,
            "plans": [asdict(p) for p in self.plans],
            "applied": self.applied,
        }

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(c for p in self.plans for c in p.conflicts)

    def describe(self) -> str:
        """The plan as text, one line a change or conflict (what the CLI prints)."""
        lines = []
        for plan in self.plans:
            lines.append(f"{plan.target} ({self.zone}{'' if plan.zone_exists else ', new zone'}):")
            for c in plan.changes:
                lines.append(f"  {c.action:<6} {c.name} {c.type} {' | '.join(c.after)}")
                if c.before:
                    lines.append(f"  {'was':<6} {c.name} {c.type} {' | '.join(c.before)}")
            for k in plan.conflicts:
                lines.append(f"  skip   {k.name} {k.type} {k.value}: {k.reason}")
            if not plan.changes and not plan.conflicts:
                lines.append("  nothing to do: every record is already there")
        return "\n".join(lines) + "\n"


def _values(record: Any) -> tuple[str, ...]:
    if record is None:
        return ()
    if record._type == "MX":
        return tuple(f"{v.preference} {v.exchange}" for v in record.values)
    values = getattr(record, "values", None)
    found = tuple(str(v) for v in values) if values is not None else (str(record.value),)
    if record._type in {"TXT", "SPF"}:  # as DNS has them, without octoDNS's escaping
        return tuple(v.replace("\\;", ";") for v in found)
    return found


def change_of(change: Any) -> Change:
    """An octoDNS ``Create`` or ``Update`` as a ``Change``."""
    from octodns.record import Create

    record = change.record
    return Change(
        "create" if isinstance(change, Create) else "update",
        record.fqdn.rstrip("."),
        record._type,
        _values(change.existing),
        _values(change.new),
    )
