"""Vortex: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from typing import Any

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, EmailDomain, VerificationStatus
from sendfrom.providers._mapping import status_from
from sendfrom_generated.vortex import readers, shapes

NAME = "vortex"
_STATUS = {
    "pending": VerificationStatus.PENDING,
    "waiting_for_user": VerificationStatus.PENDING,
    "waiting_for_provider": VerificationStatus.PENDING,
    "verified": VerificationStatus.VERIFIED,
    "failed": VerificationStatus.FAILED,
    "provider_failed": VerificationStatus.FAILED,
}
# What is read of each response (readers type only what specs/reads/vortex.yaml names).
DOMAIN: WireShape[readers.EmailDomain] = WireShape(shapes.EmailDomain, readers.EmailDomain)
DOMAIN_LIST: WireShape[list[readers.EmailDomain]] = WireShape(
    list[shapes.EmailDomain], list[readers.EmailDomain]
)


# ---- pure mappers


def domain_status(domain: readers.EmailDomain) -> VerificationStatus:
    """``isVerified`` wins; else failed if the token or DKIM check failed; else pending, unless
    either word is one sendfrom does not know (e.g. ``expired``): then UNKNOWN, not a guess."""
    if domain["isVerified"]:
        return VerificationStatus.VERIFIED
    words = (domain["tokenVerificationStatus"], domain["dkimStatus"])
    statuses = {status_from(word, _STATUS) for word in words if word is not None}
    if VerificationStatus.FAILED in statuses:
        return VerificationStatus.FAILED
    if VerificationStatus.UNKNOWN in statuses:
        return VerificationStatus.UNKNOWN
    return VerificationStatus.PENDING


def dns_records_from_wire(domain: readers.EmailDomain) -> list[DnsRecord]:
    """The ownership TXT record and one DKIM TXT record per ``dkimTokens`` entry.

    Vortex documents only that the token goes into a TXT record; the record names used here (the
    domain itself, and ``<key>._domainkey.<domain>`` for DKIM) are inferred: see specs/README.md.
    """
    records = []
    name, token = domain["domain"], domain["verificationToken"]
    if token:
        records.append(
            DnsRecord(
                purpose="ownership",
                type="TXT",
                name=name,
                value=token,
                status=status_from(domain["tokenVerificationStatus"], _STATUS),
            )
        )
    dkim_word = domain["dkimStatus"]
    dkim_status = status_from(dkim_word, _STATUS) if dkim_word else None
    for selector, key in (domain["dkimTokens"] or {}).items():
        records.append(
            DnsRecord(
                purpose="dkim",
                type="TXT",
                name=f"{selector}._domainkey.{name}",
                value=key,
                status=dkim_status,
            )
        )
    return records


def domain_from_wire(domain: readers.EmailDomain, raw: dict[str, Any]) -> EmailDomain:
    """A Vortex email domain as an ``EmailDomain``."""
    reported = {
        "ownership": domain["tokenVerificationStatus"],
        "dkim": domain["dkimStatus"],
        "spf": domain["spfCheckStatus"],
        "dmarc": domain["dmarcStatus"],
    }
    return EmailDomain(
        provider=NAME,
        id=domain["id"],
        name=domain["domain"],
        status=domain_status(domain),
        status_raw=domain["tokenVerificationStatus"],
        description=domain["description"],
        is_default=domain["isDefault"],
        active=not domain["deactivated"],
        checks={k: status_from(v, _STATUS) for k, v in reported.items() if v is not None},
        dns_records=dns_records_from_wire(domain),
        created_at=domain["createdAt"],
        updated_at=domain["modifiedAt"],
        raw=raw,
    )
