"""Space Invoices: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from typing import Any

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers._mapping import status_from
from sendfrom_generated.spaceinvoices import readers, shapes

NAME = "spaceinvoices"
_STATUS = {
    "verified": VerificationStatus.VERIFIED,
    "success": VerificationStatus.VERIFIED,
    "pending": VerificationStatus.PENDING,
    "notstarted": VerificationStatus.PENDING,
    "failed": VerificationStatus.FAILED,
    "temporaryfailure": VerificationStatus.FAILED,
}
ADDRESS: WireShape[readers.EmailAddress] = WireShape(shapes.EmailAddress, readers.EmailAddress)
"""The address as the domains read it (its domain's status and DKIM tokens)."""
ADDRESS_AS_IDENTITY: WireShape[readers.EmailAddressAsIdentity] = WireShape(
    shapes.EmailAddress, readers.EmailAddressAsIdentity
)
"""The same address as the identities read it: a change in its domain's fields is drift here."""
ADDRESS_STATUS: WireShape[readers.EmailAddressStatus] = WireShape(
    shapes.EmailAddressStatus, readers.EmailAddressStatus
)


# ---- pure mappers


def domain_of(email: str) -> str:
    """The domain part of an address, lower-cased."""
    return email.rpartition("@")[2].lower()


def identity_from_wire(
    address: readers.EmailAddressAsIdentity, raw: dict[str, Any]
) -> SenderIdentity:
    """The address as a ``SenderIdentity`` (requires ``id`` and ``email``)."""
    identity_id, email = address.get("id"), address.get("email")
    assert identity_id is not None
    assert email is not None
    domain = domain_of(email)
    word = address.get("emailVerificationStatus")
    return SenderIdentity(
        provider=NAME,
        id=identity_id,
        email=email,
        status=status_from(word, _STATUS),
        status_raw=word,
        domain=DomainRef(id=domain, name=domain),
        created_at=address.get("createdAt"),
        updated_at=address.get("updatedAt"),
        raw=raw,
    )


def dns_records_from_tokens(
    domain: str, tokens: list[str], status: VerificationStatus | None
) -> list[DnsRecord]:
    """SES Easy-DKIM: token ``t`` -> CNAME ``t._domainkey.<domain>`` -> ``t.dkim.amazonses.com``."""
    return [
        DnsRecord(
            purpose="dkim",
            type="CNAME",
            name=f"{t}._domainkey.{domain}",
            value=f"{t}.dkim.amazonses.com",
            status=status,
        )
        for t in tokens
    ]


def domain_from_wire(
    address: readers.EmailAddress, raw: dict[str, Any], status_word: str | None = None
) -> EmailDomain:
    """The address's domain as an ``EmailDomain``; ``status_word`` overrides (from /status)."""
    email = address.get("email")
    assert email is not None
    name = domain_of(email)
    word = status_word if status_word is not None else address.get("domainVerificationStatus")
    status = status_from(word, _STATUS)
    return EmailDomain(
        provider=NAME,
        id=name,
        name=name,
        status=status,
        status_raw=word,
        checks={"dkim": status} if word is not None else {},
        dns_records=dns_records_from_tokens(name, address.get("tokens") or [], status),
        created_at=address.get("createdAt"),
        updated_at=address.get("updatedAt"),
        raw=raw,
    )
