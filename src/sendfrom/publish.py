"""Publish a domain's DNS records with octoDNS, into whatever DNS host an octoDNS config names.

    from sendfrom.publish import publish
    result = publish(client.domains.dns_records(domain.id), domain.name, "octodns.yaml")
    print(result.describe())                     # the plan: nothing has changed yet
    publish(records, domain.name, "octodns.yaml", apply=True)   # octoDNS's --doit

It is octoDNS's own machinery (``octodns.manager.Manager``, the zone's configured targets,
``provider.plan`` / ``provider.apply``) with one difference from ``octodns-sync``: the desired
state is the target's *existing* records plus sendfrom's (the zone's sources and processors are
not used), so nothing is ever deleted or replaced. A record at a name and type that already
exists gets sendfrom's values added to it (an SPF TXT record gets the ``include:`` merged in
before its ``all``); a CNAME that would clash with what is there is skipped and reported, never
forced. Records are relative to the zone the
config names: ``mail.example.com`` publishes into ``example.com.`` if that is the zone configured.

Needs the ``octodns`` extra (``pip install "sendfrom[octodns]"``) and, for a DNS host other than
octoDNS's YAML files, that host's octoDNS provider package. ``import sendfrom`` never loads this.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from sendfrom.dns import DEFAULT_TTL, to_octodns
from sendfrom.dns._names import bare
from sendfrom.errors import ConfigurationError, SendfromError
from sendfrom.models import DnsRecord

__all__ = [
    "Change",
    "Conflict",
    "PublishResult",
    "TargetPlan",
    "apublish",
    "merge_spf",
    "publish",
    "quiet_octodns",
]

INSTALL_HINT = 'publishing needs octoDNS: pip install "sendfrom[octodns]"'


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


def publish(
    records: Iterable[DnsRecord],
    domain: str,
    config: str | PathLike[str],
    *,
    apply: bool = False,
) -> PublishResult:
    """Plan adding ``records`` (a domain's ``dns_records``) to the zone of ``domain`` in the
    octoDNS ``config`` file, on each of the zone's targets; make the changes if ``apply``.

    Errors: ``ConfigurationError`` (octoDNS missing, an unreadable config, no zone covering
    ``domain``, an unknown target); ``SendfromError`` when a DNS host refuses the plan or the
    changes (its octoDNS provider's error is the ``__cause__``)."""
    records = list(records)
    manager = _manager(Path(config))
    zone_name = _zone_for(manager, domain, Path(config))
    zone_config = manager.config["zones"][zone_name]
    wanted = to_octodns(records, zone_name)
    plans: list[TargetPlan] = []
    octodns_plans: list[tuple[Any, Any]] = []
    for target in _targets(manager, zone_name, zone_config, Path(config)):
        summary, plan = _plan_target(manager, target, zone_name, zone_config, wanted)
        plans.append(summary)
        if plan is not None:
            octodns_plans.append((target, plan))
    if apply:
        for target, plan in octodns_plans:
            try:
                plan.raise_if_unsafe()
                target.apply(plan)
            except Exception as error:  # any DNS host's failure, as sendfrom reports errors
                raise SendfromError(
                    f"octoDNS target {target.id!r} could not apply the changes to {zone_name}: "
                    f"{error}"
                ) from error
    return PublishResult(zone_name, tuple(plans), apply, octodns_plans)


async def apublish(
    records: Iterable[DnsRecord],
    domain: str,
    config: str | PathLike[str],
    *,
    apply: bool = False,
) -> PublishResult:
    """``publish`` in a worker thread: octoDNS's providers block, the event loop must not."""
    return await asyncio.to_thread(publish, list(records), domain, config, apply=apply)


@contextmanager
def quiet_octodns() -> Iterator[None]:
    """For applications: octoDNS logs advice at WARNING on loggers of its own names ("Zone",
    "Manager", ...), which Python prints on stderr when logging is not configured. Within this,
    it is not printed (a handler that drops it); octoDNS's failures still raise."""
    root = logging.getLogger()
    handler = logging.NullHandler()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


# ---- the octoDNS config


def _manager(config: Path) -> Any:
    try:
        from octodns.manager import Manager
    except ImportError:
        raise ConfigurationError(INSTALL_HINT) from None
    if not config.is_file():
        raise ConfigurationError(f"octoDNS config {config}: no such file")
    try:
        return Manager(str(config))
    except Exception as error:  # octoDNS raises many kinds for a bad config: say which file
        raise ConfigurationError(f"octoDNS config {config}: {error}") from error


def _zone_for(manager: Any, domain: str, config: Path) -> str:
    """The configured zone that holds ``domain``: the zone itself or its nearest parent."""
    from octodns.idna import idna_encode

    name = bare(idna_encode(domain)) + "."
    zones = [z for z in manager.config["zones"] if not z.startswith("*")]
    holding = [z for z in zones if name == z.lower() or name.endswith("." + z.lower())]
    if not holding:
        listed = ", ".join(sorted(zones)) or "none"
        raise ConfigurationError(
            f"octoDNS config {config} has no zone for {domain} (its zones: {listed})"
        )
    return str(max(holding, key=len))


def _targets(manager: Any, zone_name: str, zone_config: Any, config: Path) -> list[Any]:
    from octodns.provider.base import BaseProvider

    if "alias" in zone_config:
        raise ConfigurationError(
            f"octoDNS config {config}: zone {zone_name} is an alias of {zone_config['alias']}; "
            "publish to that zone instead"
        )
    names = zone_config.get("targets") or []
    if not names:
        raise ConfigurationError(f"octoDNS config {config}: zone {zone_name} has no targets")
    targets = []
    for name in names:
        target = manager.providers.get(name)
        if not isinstance(target, BaseProvider):
            raise ConfigurationError(
                f"octoDNS config {config}: target {name!r} of zone {zone_name} is not a "
                "provider that can be written to"
            )
        targets.append(target)
    return targets


# ---- one target: existing + ours, then octoDNS's plan


def _plan_target(
    manager: Any, target: Any, zone_name: str, zone_config: Any, wanted: dict[str, Any]
) -> tuple[TargetPlan, Any]:
    try:
        existing = manager.get_zone(zone_name)
        exists = target.populate(existing, target=True, lenient=True)
        desired = existing.copy()
        conflicts: list[Conflict] = []
        touched: set[tuple[str, str]] = set()
        for name, entries in wanted.items():
            for entry in entries if isinstance(entries, list) else [entries]:
                conflict = _add(desired, name, entry)
                if conflict is None:
                    touched.add((name, entry["type"]))
                else:
                    conflicts.append(conflict)
        # No processors: they shape a sync from the config's sources, which publishing does not
        # read, and a target-zone filter would hide records from octoDNS's view of the existing
        # zone, which a file-writing target (YamlProvider) then drops when it writes the zone.
        lenient = bool(zone_config.get("lenient", False))
        plan = target.plan(desired, processors=[], lenient=lenient)
    except ConfigurationError:
        raise
    except Exception as error:
        raise SendfromError(
            f"octoDNS target {target.id!r} could not plan {zone_name}: {error}"
        ) from error
    plan = _only_additions(plan, touched)
    changes = tuple(_change(c) for c in plan.changes) if plan is not None else ()
    summary = TargetPlan(target.id, changes, tuple(conflicts), bool(exists))
    return summary, plan


def _add(zone: Any, name: str, entry: dict[str, Any]) -> Conflict | None:
    """Add one of sendfrom's records to ``zone`` without replacing anything there: a new record,
    or the existing one at this name and type with sendfrom's values added."""
    from octodns.record import Record

    kind = entry["type"]
    ours: list[Any] = entry["values"] if "values" in entry else [entry["value"]]
    here = zone.get(name)
    fqdn = f"{name}.{zone.name}" if name else zone.name
    shown = fqdn.rstrip(".")
    others = [r for r in here if r._type != kind]
    clash = (kind == "CNAME" and others) or any(r._type == "CNAME" for r in others)
    if clash:
        kinds = ", ".join(sorted({r._type for r in here}))
        return Conflict(shown, kind, _text(ours[0]), f"{shown} already has {kinds} records")
    current = zone.get_type(name, kind)
    if current is None:
        data = {"ttl": DEFAULT_TTL, **entry}
        zone.add_record(Record.new(zone, name, data, lenient=True))
        return None
    if kind == "CNAME":
        if bare(current.value) == bare(ours[0]):
            return None
        return Conflict(shown, kind, ours[0], f"{shown} is a CNAME to {current.value}")
    values = _merged(kind, _data_values(current), ours)
    data = {**current.data, "type": kind, "values": values}
    data.pop("value", None)
    zone.add_record(Record.new(zone, name, data, lenient=True), replace=True)
    return None


def _data_values(record: Any) -> list[Any]:
    if record._type == "MX":
        return [{"preference": v.preference, "exchange": v.exchange} for v in record.values]
    return list(record.values)


def _merged(kind: str, values: list[Any], ours: Sequence[Any]) -> list[Any]:
    """``values`` with each of ``ours`` added (an SPF value merged into the SPF record there)."""
    merged = list(values)
    for value in ours:
        if kind == "MX":
            if not any(bare(v["exchange"]) == bare(value["exchange"]) for v in merged):
                merged.append(value)
            continue
        spf_at = next((i for i, v in enumerate(merged) if _is_spf(v)), None)
        if kind in {"TXT", "SPF"} and _is_spf(value) and spf_at is not None:
            merged[spf_at] = merge_spf(merged[spf_at], value)
        elif value not in merged:
            merged.append(value)
    return merged


def _is_spf(value: Any) -> bool:
    return isinstance(value, str) and value.lower().split(" ", 1)[0] == "v=spf1"


_ALL = {"all", "+all", "-all", "~all", "?all"}


def merge_spf(existing: str, ours: str) -> str:
    """``existing`` SPF with the mechanisms of ``ours`` it lacks (``include:``, ...) inserted
    before its ``all`` (or its ``redirect=``); its own terms and qualifier stay as they are.

    >>> merge_spf("v=spf1 mx ~all", "v=spf1 include:_spf.example.net -all")
    'v=spf1 mx include:_spf.example.net ~all'
    """
    terms = existing.split()
    have = {t.lower() for t in terms}
    new = [
        t
        for t in ours.split()[1:]
        if t.lower() not in have and t.lower() not in _ALL and not t.lower().startswith("redirect=")
    ]
    end = next(
        (i for i, t in enumerate(terms) if t.lower() in _ALL or t.lower().startswith("redirect=")),
        len(terms),
    )
    return " ".join(terms[:end] + new + terms[end:])


def _only_additions(plan: Any, touched: set[tuple[str, str]]) -> Any:
    """``plan`` keeping only the creates and updates of records sendfrom added to: whatever
    else a target or processor would change (a delete, a rewrite) is left alone."""
    if plan is None:
        return None
    from octodns.provider.plan import Plan
    from octodns.record import Create, Update

    kept = [
        c
        for c in plan.changes
        if isinstance(c, Create | Update) and (c.record.name, c.record._type) in touched
    ]
    if len(kept) == len(plan.changes):
        return plan
    if not kept:
        return None
    return Plan(
        plan.existing,
        plan.desired,
        kept,
        plan.exists,
        update_pcent_threshold=plan.update_pcent_threshold,
        delete_pcent_threshold=plan.delete_pcent_threshold,
        meta=plan.meta,
    )


def _text(value: Any) -> str:
    if isinstance(value, dict):  # MX
        return f"{value.get('preference', '')} {value.get('exchange', '')}".strip()
    return str(value)


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


def _change(change: Any) -> Change:
    from octodns.record import Create

    record = change.record
    return Change(
        "create" if isinstance(change, Create) else "update",
        record.fqdn.rstrip("."),
        record._type,
        _values(change.existing),
        _values(change.new),
    )
