"""TXT values as ``check`` reads them: which kind of record a value is, and how a published value
differs from the one asked for.

The kind is read without stray quote marks: a value copied from a zone file into a DNS host's
form often keeps its quotes as text (``"v=DMARC1; p=none"``, or ``"part1" "part2"`` for a long
DKIM key), and a DNS host may store them as strings of their own. That record is still the one
asked for, published wrong: a ``mismatch`` whose detail names the quote marks, never ``missing``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sendfrom.dns._names import bare

__all__ = ["difference", "kind", "own_name", "stray_quotes", "unquoted"]

_QUOTES = "\"'"
_STRAY = re.compile(r'^\s*["\']+|["\']+\s*$|"\s*"')
"""Quote marks that are no part of a record's value: around it, and where a copy put one
``"string"`` after another (``"p1" "p2"``, or ``"p1""p2"`` from two strings that each kept them)."""
_V_TAG = re.compile(r"\s*v\s*=\s*([^\s;]+)", re.IGNORECASE)
_TAG = re.compile(r"\s*([\w.-]+)\s*=")


def unquoted(value: str) -> str:
    """``value`` without its stray quote marks (itself when it has none)."""
    return _STRAY.sub("", value)


def stray_quotes(value: str) -> str:
    """The stray quote marks of ``value``, shown for a detail (``'"'``; ``""`` when none)."""
    marks = {c for found in _STRAY.finditer(value) for c in found[0] if c in _QUOTES}
    return " and ".join(m for m in _QUOTES if m in marks)


def kind(value: str) -> str | None:
    """What sort of TXT record ``value`` is, its stray quote marks aside: ``v=spf1``,
    ``v=dkim1``, ``v=dmarc1``, ``name=`` for a ``name=...`` token, None for a bare token."""
    plain = unquoted(value)
    version = _V_TAG.match(plain)
    if version:
        return "v=" + version[1].lower()
    tag = _TAG.match(plain)
    return tag[1].lower() + "=" if tag else None


def own_name(name: str) -> bool:
    """A name only this record uses (``sel._domainkey.x``, ``_dmarc.x``): every TXT there is it."""
    return bare(name).startswith("_") or "._domainkey." in bare(name)


def _quoted(marks: str) -> str:
    return f"stray quote marks ({marks}) as part of its text"


def difference(wanted: str, found: Sequence[str]) -> str:
    """How the values ``found`` (of ``wanted``'s kind) differ from ``wanted``: a ``detail``."""
    squeeze = re.compile(r"\s+")
    for value in found:
        plain, marks = unquoted(value), stray_quotes(value)
        if plain == wanted:
            return f"the value is published with {_quoted(marks)}: remove them"
        if squeeze.sub("", plain) == squeeze.sub("", wanted):
            also = f", and with {_quoted(marks)}" if marks else ""
            return f"the value differs only in whitespace{also}: publish it exactly as given"
    marks = next((m for m in map(stray_quotes, found) if m), "")
    if marks:
        return f"the published value differs from the one asked for, and carries {_quoted(marks)}"
    return "the published value differs from the one asked for"
