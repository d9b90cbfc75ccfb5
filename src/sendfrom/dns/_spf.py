"""SPF records as RFC 7208 reads them: the one parser behind ``sendfrom.dns.check`` (is the
published record right?) and ``sendfrom.publish`` (is the record it would write right?).

The rules it applies: mechanisms after ``all`` are never evaluated (5.1), so an ``include:``
there does not count; ``redirect=`` or ``exp=`` given twice is a permanent error (6); more than
10 DNS-querying terms (``include``, ``a``, ``mx``, ``ptr``, ``exists``, ``redirect``) is a
permanent error (4.6.4). The limit is counted on the record's own terms, wherever they stand:
nested includes are not followed (that would need a lookup per include), so a record under the
limit here may still exceed it once its includes' own terms are counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendfrom.dns._names import bare

__all__ = [
    "LOOKUP_LIMIT",
    "Term",
    "after_all",
    "all_term",
    "evaluated",
    "include",
    "is_spf",
    "lookups",
    "passing_includes",
    "permanent_errors",
    "redirect",
    "terms",
]

LOOKUP_LIMIT = 10
"""RFC 7208, 4.6.4: at most this many DNS-querying terms in one evaluation."""
_QUERYING = frozenset({"include", "a", "mx", "ptr", "exists"})  # mechanisms; and redirect=
_ONCE = ("redirect", "exp")  # RFC 7208, 6: each at most once in a record
_QUALIFIERS = "+-~?"
_MODIFIER = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*)=(.*)", re.DOTALL)


@dataclass(frozen=True)
class Term:
    """One term of an SPF record after ``v=spf1``: a mechanism or a ``name=value`` modifier."""

    text: str
    """As published."""
    name: str
    """Lower case: ``include``, ``all``, ``ip4``, ``redirect``, ..."""
    value: str = ""
    """What follows the name's ``:`` or ``/`` (mechanism) or ``=`` (modifier), as published."""
    qualifier: str = ""
    """A mechanism's result: ``+`` (also when none is written), ``-``, ``~`` or ``?``; ``""``
    for a modifier."""
    separator: str = ""

    @property
    def modifier(self) -> bool:
        return not self.qualifier

    @property
    def domain(self) -> str:
        """The value as a name compares: no case, no trailing dot (``include:X.`` is ``x``)."""
        return bare(self.value)

    @property
    def key(self) -> str:
        """What makes two terms the same: ``+include:x.`` and ``include:X`` share one."""
        qualifier = "" if self.qualifier == "+" else self.qualifier
        return f"{qualifier}{self.name}{self.separator}{self.domain}"


def is_spf(value: object) -> bool:
    """Whether ``value`` is an SPF record: it starts with ``v=spf1`` then a space or its end."""
    return isinstance(value, str) and value.split(" ", 1)[0].lower() == "v=spf1"


def _term(text: str) -> Term:
    modifier = _MODIFIER.fullmatch(text)
    if modifier:
        return Term(text, modifier[1].lower(), modifier[2], separator="=")
    qualifier = text[0] if text[0] in _QUALIFIERS else "+"
    body = text.lstrip(_QUALIFIERS)
    name, separator, value = body.partition(":")
    if not separator:
        name, separator, value = body.partition("/")  # a/24, mx/24//64
    return Term(text, name.lower(), value, qualifier, separator)


def include(domain: str) -> Term:
    """The ``include:`` mechanism of ``domain``."""
    return _term(f"include:{domain}")


def terms(record: str) -> list[Term]:
    """The terms of ``record`` after its ``v=spf1``, in order."""
    return [_term(t) for t in record.split()[1:]]


def all_term(parsed: list[Term]) -> Term | None:
    """The first ``all`` mechanism (``-all``, ``~ALL``, ``all``, ...), if there is one."""
    return next((t for t in parsed if not t.modifier and t.name == "all"), None)


def evaluated(parsed: list[Term]) -> list[Term]:
    """The mechanisms an evaluation can reach: those before the first ``all`` (RFC 7208, 5.1)."""
    mechanisms = []
    for term in parsed:
        if term.modifier:
            continue
        if term.name == "all":
            break
        mechanisms.append(term)
    return mechanisms


def after_all(parsed: list[Term]) -> list[Term]:
    """The mechanisms after the first ``all``: never evaluated."""
    first = all_term(parsed)
    if first is None:
        return []
    rest = parsed[parsed.index(first) + 1 :]
    return [t for t in rest if not t.modifier]


def passing_includes(parsed: list[Term]) -> list[str]:
    """The domains of the ``include:`` mechanisms that can pass (``+`` qualifier, written or
    not) among ``parsed``: a ``-``/``~``/``?`` include never authorises a sender."""
    return [t.domain for t in parsed if t.name == "include" and t.qualifier == "+" and t.domain]


def redirect(record: str) -> str | None:
    """The domain of ``record``'s ``redirect=`` modifier, when it takes effect: it hands the
    whole policy to that domain's record, so the senders an ``include:`` of it would allow are
    allowed. RFC 7208, 6.1: a redirect is ignored when the record has an ``all``."""
    parsed = terms(record)
    if all_term(parsed) is not None:
        return None
    return next((t.domain for t in parsed if t.modifier and t.name == "redirect" and t.value), None)


def lookups(parsed: list[Term]) -> int:
    """The DNS-querying terms among ``parsed`` (RFC 7208, 4.6.4), wherever they stand; the
    records of its includes are not looked up, so their terms are not counted."""
    return sum(t.name == "redirect" if t.modifier else t.name in _QUERYING for t in parsed)


def permanent_errors(record: str) -> list[str]:
    """What makes ``record`` a permanent error (RFC 7208, 6 and 4.6.4), one sentence each."""
    parsed = terms(record)
    found = []
    for name in _ONCE:
        times = sum(t.modifier and t.name == name for t in parsed)
        if times > 1:
            found.append(
                f"{name}= is given {times} times: RFC 7208 (6) allows it once, more is a "
                "permanent error"
            )
    count = lookups(parsed)
    if count > LOOKUP_LIMIT:
        found.append(
            f"{count} DNS-querying terms (include, a, mx, ptr, exists, redirect): RFC 7208 "
            f"(4.6.4) allows at most {LOOKUP_LIMIT}, more is a permanent error (the record's own "
            "terms are counted, its includes are not followed)"
        )
    return found
