"""CAA records (RFC 8659): ``<flags> <tag> <value>``, as a provider writes one (Resend asks for
``0 issue "amazon.com"`` beside a tracking CNAME, so that its certificate authority may issue the
tracking domain's HTTPS certificate). Pure text work: no dnspython needed."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Caa", "parse"]

_FORM = re.compile(r"\s*(\d{1,3})\s+([A-Za-z0-9]+)\s+(.*?)\s*", re.DOTALL)


class Caa(NamedTuple):
    """One CAA record's data: its flags (0-255), its tag and its value (unquoted)."""

    flags: int
    tag: str
    value: str

    def rdata(self) -> str:
        """The zone-file form, the value quoted (what dnspython writes, and reads back)."""
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{self.flags} {self.tag} "{escaped}"'

    def same_as(self, other: Caa) -> bool:
        """RFC 8659, 4.1: a tag compares without case; flags and value exactly."""
        return (self.flags, self.tag.lower(), self.value) == (
            other.flags,
            other.tag.lower(),
            other.value,
        )


def parse(text: str) -> Caa:
    """``0 issue "amazon.com"`` (the value quoted or not) as a ``Caa``; ``ValueError`` if it is
    not one."""
    match = _FORM.fullmatch(text)
    if match is None or int(match[1]) > 255:
        raise ValueError(
            "a CAA value is '<flags 0-255> <tag> <value>', e.g. '0 issue \"ca.example\"'"
        )
    value = match[3]
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return Caa(int(match[1]), match[2], value)
