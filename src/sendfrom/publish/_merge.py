"""Adding sendfrom's records to an octoDNS zone without deleting or replacing anything: values
added to an existing record of the same name and type, an SPF ``include:`` merged into the SPF
record there (``_spf``), a clashing CNAME or a second DKIM/DMARC record skipped; and a plan cut
down to those additions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sendfrom.dns import DEFAULT_TTL
from sendfrom.dns._names import bare
from sendfrom.publish._results import Conflict
from sendfrom.publish._spf import check_spf, is_spf, merge_spf

__all__ = ["add_record", "only_additions"]


_TEXT = {"TXT", "SPF"}  # the types an SPF record is published as (SPF: RFC 4408's, obsolete)


def add_record(zone: Any, name: str, entry: dict[str, Any]) -> Conflict | None:
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
        if kind in _TEXT:
            check_spf(shown, [], ours)
        data = {"ttl": DEFAULT_TTL, **entry}
        zone.add_record(Record.new(zone, name, data, lenient=True))
        return None
    if kind == "CNAME":
        if bare(current.value) == bare(ours[0]):
            return None
        return Conflict(shown, kind, ours[0], f"{shown} is a CNAME to {current.value}")
    for value in ours:
        rival = _rival(value, _data_values(current)) if kind == "TXT" else None
        if rival is not None:
            return Conflict(
                shown, kind, value, f"{shown} already has {rival!r}; a second one would void both"
            )
    values = _merged(kind, _data_values(current), ours)
    if kind in _TEXT:
        check_spf(shown, _data_values(current), values)
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
        spf_at = next((i for i, v in enumerate(merged) if is_spf(v)), None)
        if kind in _TEXT and is_spf(value) and spf_at is not None:
            merged[spf_at] = merge_spf(merged[spf_at], value)
        elif value not in merged:
            merged.append(value)
    return merged


_ONE_PER_NAME = re.compile(r"v=(DKIM1|DMARC1)\s*(\\?;|$)", re.IGNORECASE)
"""TXT kinds a name may hold only one of (RFC 6376 3.6.2.2, RFC 7489 6.6.3)."""


def _rival(value: Any, values: Sequence[Any]) -> str | None:
    """An existing DKIM or DMARC value at the name that ``value`` (of the same kind) would sit
    beside; resolvers would then ignore both, so it is not added."""
    kind = _ONE_PER_NAME.match(value) if isinstance(value, str) else None
    if kind is None:
        return None
    for there in values:
        same = _ONE_PER_NAME.match(there) if isinstance(there, str) else None
        if same is not None and same[1].upper() == kind[1].upper() and there != value:
            return str(there).replace("\\;", ";")
    return None


def only_additions(plan: Any, touched: set[tuple[str, str]]) -> Any:
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
