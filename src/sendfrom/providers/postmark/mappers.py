"""Postmark: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from typing import Any

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers._mapping import verified_or_pending
from sendfrom_generated.postmark import readers, shapes

NAME = "postmark"
PAGE_SIZE = 500
"""What sendfrom asks per page: the largest ``count`` both lists allow (1..500)."""

# What is read of each response (readers type only what specs/reads/postmark.yaml names).
DOMAIN: WireShape[readers.DomainExtendedInformation] = WireShape(
    shapes.DomainExtendedInformation, readers.DomainExtendedInformation
)
DOMAIN_LIST: WireShape[readers.DomainListingResults] = WireShape(
    shapes.DomainListingResults, readers.DomainListingResults
)
SIGNATURE: WireShape[readers.SenderSignatureExtendedInformation] = WireShape(
    shapes.SenderSignatureExtendedInformation, readers.SenderSignatureExtendedInformation
)
SIGNATURE_LIST: WireShape[readers.SenderListingResults] = WireShape(
    shapes.SenderListingResults, readers.SenderListingResults
)

# ---- pure mappers


def dns_records_from_wire(domain: readers.DomainExtendedInformation) -> list[DnsRecord]:
    """The records a domain asks for (DESIGN §3): DKIM TXT, return-path CNAME, SPF TXT.

    During a DKIM rotation (and before a new domain's first key is verified) Postmark puts the
    key to publish in ``DKIMPendingHost``/``DKIMPendingTextValue``: that pair is the record, and
    it is pending until Postmark moves it to ``DKIMHost``. The return path is a record only once a
    ``ReturnPathDomain`` is set. An empty pair (Postmark's "none") is no record.
    """
    records: list[DnsRecord] = []
    pending_host = domain.get("DKIMPendingHost") or ""
    if pending_host and domain.get("DKIMPendingTextValue"):
        records.append(
            DnsRecord(
                purpose="dkim",
                type="TXT",
                name=pending_host.rstrip("."),
                value=domain.get("DKIMPendingTextValue") or "",
                status=VerificationStatus.PENDING,
            )
        )
    elif domain.get("DKIMHost") and domain.get("DKIMTextValue"):
        records.append(
            DnsRecord(
                purpose="dkim",
                type="TXT",
                name=(domain.get("DKIMHost") or "").rstrip("."),
                value=domain.get("DKIMTextValue") or "",
                status=verified_or_pending(domain["DKIMVerified"]),
            )
        )
    return_path = domain.get("ReturnPathDomain") or ""
    if return_path and domain.get("ReturnPathDomainCNAMEValue"):
        records.append(
            DnsRecord(
                purpose="return_path",
                type="CNAME",
                name=return_path.rstrip("."),
                value=(domain.get("ReturnPathDomainCNAMEValue") or "").rstrip("."),
                status=verified_or_pending(domain["ReturnPathDomainVerified"]),
            )
        )
    if domain.get("SPFHost") and domain.get("SPFTextValue"):
        records.append(
            DnsRecord(
                purpose="spf",
                type="TXT",
                name=(domain.get("SPFHost") or "").rstrip("."),
                value=domain.get("SPFTextValue") or "",
                status=verified_or_pending(domain["SPFVerified"]),
            )
        )
    return records


def domain_from_wire(
    domain: readers.DomainExtendedInformation | readers.DomainInformation,
    raw: dict[str, Any],
    records: list[DnsRecord] | None = None,
) -> EmailDomain:
    """A domain as an ``EmailDomain``: verified when DKIM and the return path are (SPF is a
    check only, DESIGN §3), else pending (Postmark has flags, no failed state). ``records``:
    None for a list item, which carries no records."""
    dkim, return_path = domain["DKIMVerified"], domain["ReturnPathDomainVerified"]
    return EmailDomain(
        provider=NAME,
        id=str(domain["ID"]),
        name=domain["Name"],
        status=verified_or_pending(dkim and return_path),
        status_raw=None,  # flags, no status word
        description=None,
        is_default=None,
        active=None,
        checks={
            "dkim": verified_or_pending(dkim),
            "return_path": verified_or_pending(return_path),
            "spf": verified_or_pending(domain["SPFVerified"]),
        },
        dns_records=records,
        raw=raw,
    )


def full_domain_from_wire(
    domain: readers.DomainExtendedInformation, raw: dict[str, Any]
) -> EmailDomain:
    """A domain with its records (every answer but the list's)."""
    return domain_from_wire(domain, raw, dns_records_from_wire(domain))


def identity_from_wire(
    signature: readers.SenderSignatureExtendedInformation | readers.SenderSignatureInformation,
    raw: dict[str, Any],
) -> SenderIdentity:
    """A sender signature as a ``SenderIdentity``: ``Confirmed`` (its owner clicked the
    confirmation email) is verified, else pending. Its ``Domain`` is a name, not a domain id;
    an empty ``ReplyToEmailAddress`` (Postmark's "none") is None."""
    return SenderIdentity(
        provider=NAME,
        id=str(signature["ID"]),
        email=signature["EmailAddress"],
        name=signature["Name"] or None,
        status=verified_or_pending(signature["Confirmed"]),
        status_raw=None,
        domain=DomainRef(id=None, name=signature["Domain"]) if signature["Domain"] else None,
        reply_to_email=signature.get("ReplyToEmailAddress") or None,
        reply_to_name=None,  # Postmark has no reply-to name
        raw=raw,
    )
