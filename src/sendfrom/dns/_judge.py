"""What a lookup's answer means for the record asked for: pure rules, no DNS traffic.

The rules (DESIGN.md, "DNS"): CNAME targets and MX hosts compare without case and trailing dot;
MX compares the priority too; a TXT record's strings are joined before comparing; an SPF record is
``ok`` when the one published ``v=spf1`` record has the ``include:`` mechanisms asked for (a
``redirect=`` to the domain counts as its include), and two or more ``v=spf1`` records are a
mismatch (RFC 7208, 3.2: a permerror); any other TXT value (DKIM, DMARC, ownership token) must be
published exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sendfrom.dns._names import bare
from sendfrom.dns._result import CheckState, RecordCheck
from sendfrom.models import DnsRecord

__all__ = ["Answer", "judge", "spf_redirect"]


@dataclass(frozen=True)
class Answer:
    """What DNS said for a record's name and type: the values published, or why there are none.

    ``values`` are in ``RecordCheck.found``'s form; ``state``/``detail`` are set when the lookup
    found nothing (``missing``) or failed (``error``)."""

    values: Sequence[str] = ()
    state: CheckState | None = None
    detail: str = ""
    via: str | None = None
    """The name a CNAME led to, when the resolver followed one."""


def judge(record: DnsRecord, answer: Answer) -> RecordCheck:
    """The ``RecordCheck`` of ``record`` given what DNS answered for it."""
    if answer.state is not None:
        return RecordCheck(record=record, state=answer.state, detail=answer.detail)
    kind = record.type.upper()
    if kind == "TXT":
        state, found, detail = _txt(record, list(answer.values))
    elif kind == "MX":
        state, found, detail = _mx(record, list(answer.values))
    else:
        state, found, detail = _target(record, list(answer.values))
    if answer.via is not None:
        followed = f"{bare(record.name)} is a CNAME to {answer.via}"
        detail = f"{detail} ({followed})" if detail else followed
    return RecordCheck(record=record, state=state, found=found, detail=detail)


Verdict = tuple[CheckState, list[str], str]


def _nothing(record: DnsRecord, what: str) -> Verdict:
    return "missing", [], f"no {what} at {bare(record.name)}"


def _target(record: DnsRecord, values: list[str]) -> Verdict:
    """CNAME (and any other type): the target, without case or trailing dot."""
    kind = record.type.upper()
    if not values:
        return _nothing(record, f"{kind} record")
    if bare(record.value) in {bare(v) for v in values}:
        return "ok", values, ""
    return "mismatch", values, f"{kind} is {', '.join(values)}, not {bare(record.value)}"


def _mx(record: DnsRecord, values: list[str]) -> Verdict:
    """MX: the host (without case or trailing dot) and, if the provider gives one, the priority."""
    if not values:
        return _nothing(record, "MX record")
    host = bare(record.value)
    priorities = []
    for value in values:
        priority, _, exchange = value.partition(" ")
        if bare(exchange) == host:
            if record.priority is None or int(priority) == record.priority:
                return "ok", values, ""
            priorities.append(priority)
    if priorities:
        return (
            "mismatch",
            values,
            (f"MX {host} has priority {', '.join(priorities)}, not {record.priority}"),
        )
    return "mismatch", values, f"no MX record points to {host}"


_V_TAG = re.compile(r"\s*v\s*=\s*([^\s;]+)", re.IGNORECASE)
_TAG = re.compile(r"\s*([\w.-]+)\s*=")
_SPF = "v=spf1"


def _kind(value: str) -> str | None:
    """What sort of TXT record ``value`` is: ``v=spf1``, ``v=dkim1``, ``v=dmarc1``, ``name=`` for
    a ``name=...`` token, None for a bare token."""
    version = _V_TAG.match(value)
    if version:
        return "v=" + version[1].lower()
    tag = _TAG.match(value)
    return tag[1].lower() + "=" if tag else None


def _own_name(name: str) -> bool:
    """A name only this record uses (``sel._domainkey.x``, ``_dmarc.x``): every TXT there is it."""
    return bare(name).startswith("_") or "._domainkey." in bare(name)


def _txt(record: DnsRecord, values: list[str]) -> Verdict:
    if not values:
        return _nothing(record, "TXT record")
    wanted = record.value
    if _kind(wanted) == _SPF or record.purpose == "spf":
        return _spf(record, [v for v in values if _kind(v) == _SPF])
    kind = _kind(wanted)
    same = values if _own_name(record.name) else [v for v in values if _kind(v) == kind]
    if wanted in values:
        return "ok", same, ""
    if not same:
        what = f"{kind} TXT record" if kind else "TXT record of this kind"
        others = f" (other TXT records there: {len(values)})"
        return "missing", [], f"no {what} at {bare(record.name)}{others}"
    return "mismatch", same, _txt_difference(wanted, same)


def _txt_difference(wanted: str, found: list[str]) -> str:
    squeeze = re.compile(r"\s+")
    for value in found:
        if value.strip("\"'") == wanted:
            return "the value is published with quote marks as part of its text: remove them"
        if squeeze.sub("", value) == squeeze.sub("", wanted):
            return "the value differs only in whitespace: publish it exactly as given"
    return "the published value differs from the one asked for"


def _includes(spf: str) -> list[str]:
    """The ``include:`` domains of an SPF record (lower case, no trailing dot), with
    a ``-``/``~``/``?`` qualifier kept so that a failing include never counts as one."""
    found = []
    for term in spf.split()[1:]:
        qualifier = term[0] if term[0] in "+-~?" else ""
        mechanism, _, domain = term.lstrip("+-~?").partition(":")
        if mechanism.lower() == "include" and domain:
            found.append(qualifier.replace("+", "") + bare(domain))
    return found


def spf_redirect(spf: str) -> str | None:
    """The domain of a published record's ``redirect=`` modifier, when it takes effect: it
    hands the whole policy to that domain's record, so the senders an ``include:`` of it would
    allow are allowed. RFC 7208, 6.1: a redirect is ignored when the record has an ``all``."""
    terms = spf.split()[1:]
    if any(t.lstrip("+-~?").lower() == "all" for t in terms):
        return None
    for term in terms:
        modifier, equals, domain = term.partition("=")
        if equals and modifier.lower() == "redirect" and domain:
            return bare(domain)
    return None


def _spf(record: DnsRecord, published: list[str]) -> Verdict:
    if not published:
        return "missing", [], f"no v=spf1 TXT record at {bare(record.name)}"
    if len(published) > 1:
        return (
            "mismatch",
            published,
            (
                f"{len(published)} SPF (v=spf1) records are published at {bare(record.name)}: "
                "RFC 7208 makes that a permanent error; merge them into one"
            ),
        )
    (spf,) = published
    required = _includes(record.value)
    have = set(_includes(spf))
    redirect = spf_redirect(spf)
    if redirect is not None:
        have.add(redirect)
    if not required:  # no include asked for: the mechanisms asked for, except "all"
        terms = {t.lower() for t in spf.split()[1:]}
        lacking = [t for t in record.value.split()[1:] if t.lower() not in terms]
        lacking = [t for t in lacking if t.lstrip("+-~?").lower() != "all"]
    else:
        lacking = [f"include:{d}" for d in required if d not in have]
    if lacking:
        return "mismatch", published, f"the SPF record lacks {' '.join(lacking)}"
    return "ok", published, ""
