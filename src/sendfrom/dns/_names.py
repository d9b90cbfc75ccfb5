"""DNS names as the providers give them: absolute, with or without the trailing dot.

Every provider's mapper gives absolute names (``mta.example.com``, ``s1._domainkey.example.com``):
a record has no zone of its own, so a name is read as absolute. ``@`` and the empty name (the
origin of a zone the record does not know) are the exception: ``to_bind`` writes ``@`` as it is
(the zone file's ``$ORIGIN`` gives it a meaning), ``to_octodns`` reads it as the zone's apex, and
``check`` refuses it (nothing to look up).
"""

from __future__ import annotations

import re

from sendfrom.errors import InvalidRequestError

__all__ = ["ORIGIN", "absolute", "bare", "natural_key", "relative_to"]

ORIGIN = "@"


def bare(name: str) -> str:
    """``name`` without surrounding blanks, trailing dot and case: for comparing names."""
    return name.strip().rstrip(".").lower()


def absolute(name: str) -> str:
    """``name`` with its trailing dot (the origin, ``@`` or empty, stays ``@``)."""
    name = name.strip()
    if name in {"", ORIGIN}:
        return ORIGIN
    return name if name.endswith(".") else name + "."


def relative_to(name: str, zone: str) -> str:
    """``name`` relative to ``zone`` ('' for the apex), or ``InvalidRequestError`` if it is not
    inside it. Compared without case; the result is lowercase (octoDNS keeps names so)."""
    plain, origin = bare(name), bare(zone)
    if plain in {"", ORIGIN} or plain == origin:
        return ""
    if origin and plain.endswith("." + origin):
        return plain[: -len(origin) - 1]
    raise InvalidRequestError(
        f"the record name {name!r} is not inside the zone {zone!r}",
        {"records": [f"{name} is outside {zone}"]},
    )


def natural_key(text: str) -> tuple[str | int, ...]:
    """Sorts as octoDNS's YAML provider wants its keys (natsort's default: ``a2`` before
    ``a10``): the runs of digits compare as numbers."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(re.split(r"(\d+)", text)))
