"""DNS names as the providers give them: absolute, with or without the trailing dot.

Every provider's mapper gives absolute names (``mta.example.com``, ``s1._domainkey.example.com``):
a record has no zone of its own, so a name is read as absolute. ``@`` and the empty name (the
origin of a zone the record does not know) are the exception: ``to_bind`` writes ``@`` as it is
(the zone file's ``$ORIGIN`` gives it a meaning), ``to_octodns`` reads it as the zone's apex, and
``check`` refuses it (nothing to look up).
"""

from __future__ import annotations

import ipaddress
import re

from sendfrom.errors import InvalidRequestError

__all__ = ["ORIGIN", "absolute", "bare", "nameserver", "natural_key", "relative_to"]

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


def nameserver(text: object) -> tuple[str, int] | None:
    """``"host"``, ``"host:port"``, ``"[v6]:port"`` or a bare IPv6 address as (host, port);
    None if ``text`` is none of these."""
    host, port = _split_nameserver(text) if isinstance(text, str) else (None, None)
    if host is None or port is None or not 0 < port < 65536:
        return None
    return host, port


def _split_nameserver(text: str) -> tuple[str | None, int | None]:
    text = text.strip()
    host, port = text, "53"
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket:
            return None, None
        if rest:
            if not rest.startswith(":"):
                return None, None
            port = rest[1:]
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not port.isdecimal():
        return None, None
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return None, None
    elif re.fullmatch(r"[\d.]+", host):  # an IPv4 address, never a name to look up
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return None, None
    elif not _HOST.fullmatch(host):
        return None, None
    return host, int(port)


_HOST = re.compile(r"(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?")
