"""The SPF record ``publish`` writes: sendfrom's mechanisms merged into the one there, and a
refusal of any record that ``sendfrom.dns.check`` would then refuse. Both read SPF with the
check's own parser (``sendfrom.dns._spf``), so what one writes the other accepts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sendfrom.dns import _spf as spf_rules
from sendfrom.errors import InvalidRequestError

__all__ = ["check_spf", "is_spf", "merge_spf"]

is_spf = spf_rules.is_spf


def merge_spf(existing: str, ours: str) -> str:
    """``existing`` SPF with the mechanisms of ``ours`` it lacks (``include:``, ...) inserted
    before its ``all`` (or its ``redirect=``); its own terms and qualifier stay as they are.

    A mechanism is there when ``sendfrom.dns.check`` counts it: before ``all``, compared
    without case, trailing dot or ``+`` qualifier (``+include:x.`` is ``include:x``). A copy
    after ``all``, where it is never evaluated (RFC 7208, 5.1), moves before it.

    >>> merge_spf("v=spf1 mx ~all", "v=spf1 include:_spf.example.net -all")
    'v=spf1 mx include:_spf.example.net ~all'
    >>> merge_spf("v=spf1 -all include:_spf.example.net", "v=spf1 include:_spf.example.net ~all")
    'v=spf1 include:_spf.example.net -all'
    """
    head = existing.split(maxsplit=1)[0]
    parsed = spf_rules.terms(existing)
    have = {t.key for t in spf_rules.evaluated(parsed)}
    redirect = spf_rules.redirect(existing)
    if redirect is not None:  # it hands the policy to that domain: as good as its include
        have.add(spf_rules.include(redirect).key)
    new: list[spf_rules.Term] = []
    for term in spf_rules.terms(ours):
        if not term.modifier and term.name != "all" and term.key not in have:
            new.append(term)
            have.add(term.key)  # ours twice is added once
    if not new:
        return existing
    moved = {t.key for t in new}
    dead = {id(t) for t in spf_rules.after_all(parsed) if t.key in moved}
    kept = [t for t in parsed if id(t) not in dead]
    end = next(
        (
            i
            for i, t in enumerate(kept)
            if t.name == "redirect" or (t.name == "all" and t.qualifier)
        ),
        len(kept),
    )
    texts = [t.text for t in kept]
    return " ".join([head, *texts[:end], *(t.text for t in new), *texts[end:]])


def check_spf(shown: str, before: Sequence[Any], after: Sequence[Any]) -> None:
    """``InvalidRequestError`` when the TXT values about to be written at ``shown`` (``after``,
    replacing ``before``) hold a new or changed SPF record that ``sendfrom.dns.check`` would
    refuse: a second one, or a permanent error (``sendfrom.dns._spf``: over 10 DNS-querying
    terms, ``redirect=``/``exp=`` twice). ``publish`` calls it while planning, so that nothing is
    pushed to any target then."""
    spfs = [str(v).replace("\\;", ";") for v in after if is_spf(v)]
    if all(v in before for v in after if is_spf(v)):
        return  # no SPF record is written here: what is there stays as it was
    if len(spfs) > 1:
        problems = [f"{len(spfs)} SPF (v=spf1) records, a permanent error (RFC 7208, 3.2)"]
    else:
        problems = spf_rules.permanent_errors(spfs[0])
    if not problems:
        return
    raise InvalidRequestError(
        f"publishing would write the SPF record {' | '.join(spfs)!r} at {shown}, which "
        f"sendfrom.dns.check would refuse: {'; '.join(problems)}. Nothing was published: fix "
        "the SPF record there first",
        {"records": [f"{shown}: the SPF record would be a permanent error"]},
    )
