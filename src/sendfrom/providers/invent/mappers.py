"""Invent: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from typing import Any

import httpx

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers._mapping import status_from
from sendfrom_generated.invent import readers, shapes

NAME = "invent"
PAGE_SIZE = 100  # the largest `take` Invent accepts
_STATUS = {
    "pending": VerificationStatus.PENDING,
    "verified": VerificationStatus.VERIFIED,
    "failed": VerificationStatus.FAILED,
}
# What is read of each response (readers type only what specs/reads/invent.yaml names).
IDENTITY: WireShape[readers.EmailIdentity] = WireShape(shapes.EmailIdentity, readers.EmailIdentity)
IDENTITY_LIST: WireShape[list[readers.EmailIdentity]] = WireShape(
    list[shapes.EmailIdentity], list[readers.EmailIdentity]
)
DOMAIN: WireShape[readers.EmailDomain] = WireShape(shapes.EmailDomain, readers.EmailDomain)


# ---- pure mappers


def dns_records_from_wire(domain: readers.EmailDomain) -> list[DnsRecord]:
    """Invent's ``dkim_tokens`` as DKIM CNAME records."""
    word = domain.get("dkim_status")
    status = status_from(word, _STATUS) if word else None
    return [
        DnsRecord(purpose="dkim", type="CNAME", name=t["name"], value=t["value"], status=status)
        for t in domain["dkim_tokens"] or []
    ]


def domain_from_wire(domain: readers.EmailDomain, raw: dict[str, Any]) -> EmailDomain:
    """An Invent email domain as an ``EmailDomain`` (DKIM is its only check)."""
    word = domain.get("dkim_status")
    status = status_from(word, _STATUS)
    return EmailDomain(
        provider=NAME,
        id=domain["id"],
        name=domain["domain"],
        status=status,
        status_raw=word,
        checks={"dkim": status} if word is not None else {},
        dns_records=dns_records_from_wire(domain),
        created_at=domain["created_at"],
        updated_at=domain["updated_at"],
        verified_at=domain["verified_at"],
        raw=raw,
    )


def identity_from_wire(identity: readers.EmailIdentity, raw: dict[str, Any]) -> SenderIdentity:
    """An Invent email identity as a ``SenderIdentity``."""
    word = identity.get("status")
    domain = identity["domain"]
    return SenderIdentity(
        provider=NAME,
        id=identity["id"],
        email=identity["email"],
        name=identity["name"],
        status=status_from(word, _STATUS),
        status_raw=word,
        domain=DomainRef(id=domain["id"], name=domain["domain"]),
        is_default=identity["is_default"],
        click_tracking=identity["click_tracking"],
        open_tracking=identity["open_tracking"],
        created_at=identity["created_at"],
        updated_at=identity["updated_at"],
        verified_at=identity["verified_at"],
        raw=raw,
    )


def has_next(response: httpx.Response, page: int, count: int, size: int = PAGE_SIZE) -> bool:
    total = response.headers.get("pagination-count")
    if total is not None and total.isdecimal():  # not isdigit: int("²") fails
        return page * size < int(total)
    return count >= size  # no headers: a full page may have a successor
