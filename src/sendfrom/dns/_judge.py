"""What a lookup's answer means for the record asked for: pure rules, no DNS traffic.

The rules (DESIGN.md, "DNS"): CNAME targets and MX hosts compare without case and trailing dot;
MX compares the priority too; a TXT record's strings are joined before comparing; an SPF record is
``ok`` when the one published ``v=spf1`` record has the ``include:`` mechanisms asked for before
its ``all`` (a ``redirect=`` to the domain counts as its include) and is no permanent error as
RFC 7208 reads it (``_spf``: ``redirect=``/``exp=`` twice, over 10 DNS-querying terms counted on
the record's own terms, nested includes not followed); two or more ``v=spf1`` records are a
mismatch (RFC 7208, 3.2: a permerror); any other TXT value (DKIM, DMARC, ownership token) must be
published exactly; a CAA record compares its flags, its tag without case and its value. Which TXT
record is which is read without stray quote marks (``_txt``): a value published with its quotes
as text is a mismatch that says so, never missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sendfrom.dns import _caa as caa
from sendfrom.dns import _spf as spf_rules
from sendfrom.dns import _txt as txt
from sendfrom.dns._names import bare
from sendfrom.dns._result import CheckState, RecordCheck
from sendfrom.dns._spf import Term
from sendfrom.models import DnsRecord

__all__ = ["Answer", "judge"]


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
    elif kind == "CAA":
        state, found, detail = _caa(record, list(answer.values))
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


def _caa(record: DnsRecord, values: list[str]) -> Verdict:
    """CAA: flags, tag (without case) and value, each published value read as RFC 8659 writes
    it (the value quoted or not)."""
    if not values:
        return _nothing(record, "CAA record")
    wanted = caa.parse(record.value)
    for value in values:
        try:
            if caa.parse(value).same_as(wanted):
                return "ok", values, ""
        except ValueError:
            continue  # not a CAA value this rule reads: it cannot be the one asked for
    return "mismatch", values, f"CAA is {', '.join(values)}, not {wanted.rdata()}"


def _txt(record: DnsRecord, values: list[str]) -> Verdict:
    if not values:
        return _nothing(record, "TXT record")
    wanted = record.value
    kind = txt.kind(wanted)
    if kind == _SPF or record.purpose == "spf":
        return _spf_txt(record, values)
    same = values if txt.own_name(record.name) else [v for v in values if txt.kind(v) == kind]
    if wanted in values:
        return "ok", same, ""
    if not same:
        what = f"{kind} TXT record" if kind else "TXT record of this kind"
        others = f" (other TXT records there: {len(values)})"
        return "missing", [], f"no {what} at {bare(record.name)}{others}"
    return "mismatch", same, txt.difference(wanted, same)


_SPF = "v=spf1"


def _spf_txt(record: DnsRecord, values: list[str]) -> Verdict:
    """The SPF records among ``values``: those resolvers read as SPF (``v=spf1`` first), or,
    when there are none, one that would be but for its stray quote marks (a mismatch)."""
    published = [v for v in values if spf_rules.is_spf(v)]
    lookalikes = [v for v in values if not spf_rules.is_spf(v) and txt.kind(v) == _SPF]
    if published or not lookalikes:
        return _spf(record, published)
    marks = txt.stray_quotes(lookalikes[0])
    if marks:
        why = f"is published with stray quote marks ({marks}) as part of its text"
        fix = "remove them"
    else:
        why = 'does not start with exactly "v=spf1 "'
        fix = "publish it as given"
    return (
        "mismatch",
        lookalikes,
        f"the SPF record {why}, so resolvers do not read it as SPF: {fix}",
    )


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
    problems = [*_spf_lacks(record.value, spf), *spf_rules.permanent_errors(spf)]
    if problems:
        return "mismatch", published, "; ".join(problems)
    return "ok", published, ""


def _spf_lacks(wanted: str, spf: str) -> list[str]:
    """What ``spf`` lacks of ``wanted``, and which of that stands after its ``all`` (RFC 7208,
    5.1: never evaluated, so it does not count)."""
    published = spf_rules.terms(spf)
    lacking = _lacking(spf_rules.terms(wanted), published, spf)
    late = {t.key: t for t in spf_rules.after_all(published)}
    final = spf_rules.all_term(published)
    problems = []
    absent = []
    for term in lacking:
        dead = late.get(term.key)
        if dead is None or final is None:
            absent.append(term.text)
            continue
        problems.append(
            f"{dead.text} comes after {final.text}: RFC 7208 (5.1) never evaluates the terms "
            f"after all; move it before {final.text}"
        )
    if absent:
        problems.insert(0, f"the SPF record lacks {' '.join(absent)}")
    return problems


def _lacking(asked: list[Term], published: list[Term], spf: str) -> list[Term]:
    """The ``include:`` terms asked for that ``published`` does not reach (a ``redirect=`` to
    the domain counts as its include); when none is asked for, the mechanisms asked for other
    than ``all``. Only the mechanisms before ``all`` are reached."""
    reached = spf_rules.evaluated(published)
    required = spf_rules.passing_includes(asked)
    if not required:
        keys = {t.key for t in reached}
        return [t for t in asked if not t.modifier and t.name != "all" and t.key not in keys]
    have = set(spf_rules.passing_includes(reached))
    redirect = spf_rules.redirect(spf)
    if redirect is not None:
        have.add(redirect)
    return [spf_rules.include(d) for d in dict.fromkeys(required) if d not in have]
