"""``RecordCheck``: what DNS says about one record a provider asked for."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sendfrom.models import DnsRecord, _Model

__all__ = ["CheckState", "RecordCheck"]

CheckState = Literal["ok", "missing", "mismatch", "error"]


class RecordCheck(_Model):
    """One record looked up in DNS.

    ``state``: ``ok`` (published as asked); ``missing`` (no such name, no record of the type, or
    no TXT record of the kind: no ``v=spf1`` one for SPF); ``mismatch`` (something of the kind is
    published, but different: ``found`` lists it, ``detail`` says how); ``error`` (the lookup
    failed: timeout, SERVFAIL, no usable nameserver; ``detail`` says which)."""

    record: DnsRecord
    state: CheckState
    found: list[str] = Field(default_factory=list)
    """What is published of the record's kind (TXT strings joined; CNAME and MX targets in lower
    case without the trailing dot; MX as ``"<priority> <host>"``)."""
    detail: str = ""

    @property
    def ok(self) -> bool:
        """True when the record is published as the provider asks."""
        return self.state == "ok"
