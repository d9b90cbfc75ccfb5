"""Postbox: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from typing import Any

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, EmailDomain, VerificationStatus
from sendfrom.providers._mapping import status_from, verified_or_pending
from sendfrom_generated.postbox import readers, shapes

NAME = "postbox"
_STATUS = {
    "pending": VerificationStatus.PENDING,
    "active": VerificationStatus.VERIFIED,
    "failed": VerificationStatus.FAILED,
}
# What is read of each response (readers type only what specs/reads/postbox.yaml names).
DOMAIN: WireShape[readers.Domain] = WireShape(shapes.Domain, readers.Domain)
DOMAIN_LIST: WireShape[readers.DomainList] = WireShape(shapes.DomainList, readers.DomainList)
RECORD_LIST: WireShape[readers.RecordList] = WireShape(shapes.RecordList, readers.RecordList)


# ---- pure mappers


def record_from_wire(record: readers.DnsRecord) -> DnsRecord:
    """A record Postbox asks for; ``found`` (null before the first check) is its status."""
    return DnsRecord(
        purpose=record["kind"],
        type=record["type"],
        name=record["host"],
        value=record["value"],
        status=verified_or_pending(record["found"]),
    )


def domain_from_wire(domain: readers.Domain, raw: dict[str, Any]) -> EmailDomain:
    """A Postbox domain as an ``EmailDomain`` (a status word sendfrom does not know: UNKNOWN)."""
    return EmailDomain(
        provider=NAME,
        id=domain["id"],
        name=domain["name"],
        status=status_from(domain["status"], _STATUS),
        status_raw=domain["status"],
        description=domain["note"],
        checks={r["kind"]: verified_or_pending(r["found"]) for r in domain["records"]},
        dns_records=[record_from_wire(r) for r in domain["records"]],
        created_at=domain["created_at"],
        updated_at=domain["updated_at"],
        raw=raw,
    )
