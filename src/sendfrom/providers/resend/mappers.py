"""Resend: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, EmailDomain, VerificationStatus
from sendfrom.providers._mapping import status_from
from sendfrom_generated.resend import readers, shapes

NAME = "resend"
PAGE_SIZE = 100  # the largest `limit` Resend's spec allows
_STATUS = {
    "verified": VerificationStatus.VERIFIED,
    "pending": VerificationStatus.PENDING,
    "not_started": VerificationStatus.PENDING,
    "failed": VerificationStatus.FAILED,
    "temporary_failure": VerificationStatus.FAILED,
}
"""DESIGN §3: any other word (``partially_verified``, ``partially_failed``, ...) is UNKNOWN."""

# What is read of each response (readers type only what specs/reads/resend.yaml names).
DOMAIN: WireShape[readers.Domain] = WireShape(shapes.Domain, readers.Domain)
CREATED: WireShape[readers.CreateDomainResponse] = WireShape(
    shapes.CreateDomainResponse, readers.CreateDomainResponse
)
DOMAIN_LIST: WireShape[readers.ListDomainsResponse] = WireShape(
    shapes.ListDomainsResponse, readers.ListDomainsResponse
)
VERIFIED: WireShape[readers.VerifyDomainResponse] = WireShape(
    shapes.VerifyDomainResponse, readers.VerifyDomainResponse
)
UPDATED: WireShape[readers.UpdateDomainResponseSuccess] = WireShape(
    shapes.UpdateDomainResponseSuccess, readers.UpdateDomainResponseSuccess
)


# ---- pure mappers


def purpose_of(record: str, kind: str) -> str:
    """DESIGN §3: Resend's ``record`` (and type) -> the unified purpose.

    SPF comes as two records: the MX of the return-path subdomain and its SPF TXT.
    """
    word = record.lower()
    if word == "spf":
        return "return_path" if kind.upper() == "MX" else "spf"
    if word.startswith("receiving"):  # Receiving (a domain's records), Receiving MX (webhooks)
        return "inbound"
    if word.startswith("tracking"):  # Tracking (CNAME) and TrackingCAA
        return "tracking"
    return word  # "dkim", or a word Resend adds later, kept as it is


def full_name(name: str, domain: str) -> str:
    """A record name Resend answers relative to the zone (``send``, ``resend._domainkey.mail``)
    completed into the full name, no trailing dot (DESIGN §3: "completed with the domain").

    For a subdomain (``mail.example.com``) Resend writes names relative to the parent zone
    (``send.mail``): when the name ends in the domain's own first labels, those are not repeated.
    A zone is never taken to be a single label (``send`` at ``send.com`` is ``send.send.com``).
    See specs/README.md, Resend, "inferred".
    """
    name = name.strip().rstrip(".")
    domain = domain.rstrip(".")
    if name in ("", "@") or name.lower() == domain.lower():
        return domain
    if name.lower().endswith(f".{domain.lower()}"):
        return name
    labels, zone = name.split("."), domain.split(".")
    for overlap in range(min(len(labels), len(zone) - 2), 0, -1):
        if [x.lower() for x in labels[-overlap:]] == [x.lower() for x in zone[:overlap]]:
            return ".".join([*labels, *zone[overlap:]])
    return f"{name}.{domain}"


def record_value(kind: str, value: str) -> str:
    """The value to publish: Resend quotes its SPF TXT value (``"v=spf1 ... ~all"``) as a zone
    file would; the quotes are presentation, not content."""
    if kind.upper() == "TXT" and len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if '"' not in inner:
            return inner
    return value


def dns_records_from_wire(records: Iterable[readers.DomainRecord], domain: str) -> list[DnsRecord]:
    """Each of a domain's ``records[]`` as a ``DnsRecord`` with its own status."""
    return [
        DnsRecord(
            purpose=purpose_of(r["record"], r["type"]),
            type=r["type"].upper(),
            name=full_name(r["name"], domain),
            value=record_value(r["type"], r["value"]),
            priority=r.get("priority"),
            status=status_from(r["status"], _STATUS),
        )
        for r in records
    ]


def _worst(statuses: list[VerificationStatus]) -> VerificationStatus:
    for status in (
        VerificationStatus.FAILED,
        VerificationStatus.UNKNOWN,
        VerificationStatus.PENDING,
    ):
        if status in statuses:
            return status
    return VerificationStatus.VERIFIED


def checks_from(records: list[DnsRecord]) -> dict[str, VerificationStatus]:
    """One check per purpose: verified when all its records are, failed when any failed."""
    by_purpose: dict[str, list[VerificationStatus]] = {}
    for record in records:
        if record.status is not None:
            by_purpose.setdefault(record.purpose, []).append(record.status)
    return {purpose: _worst(statuses) for purpose, statuses in by_purpose.items()}


def timestamp(text: str) -> datetime | None:
    """Resend's ``created_at``: the spec says only "string"; its examples are PostgreSQL
    timestamptz text ("2023-04-26 20:21:26.347412+00"), which ISO 8601 reads. Text that is no
    timestamp is "not reported" (None), not a failed call: the spec allows any string."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _sending(capabilities: Mapping[str, Any] | None) -> bool | None:
    """``active``: whether sending is enabled (``capabilities.sending``); None if unreported."""
    word = (capabilities or {}).get("sending")
    return None if not isinstance(word, str) else word.lower() == "enabled"


def domain_from_wire(
    domain: readers.Domain | readers.CreateDomainResponse | readers.ListDomainsResponseData,
    raw: dict[str, Any],
) -> EmailDomain:
    """A Resend domain as an ``EmailDomain``; a list item has no records (``dns_records=None``)."""
    # A list item has no `records` key in its TypedDict at all, hence the cast.
    wire_records = cast("list[readers.DomainRecord] | None", domain.get("records"))
    records = None if wire_records is None else dns_records_from_wire(wire_records, domain["name"])
    return EmailDomain(
        provider=NAME,
        id=domain["id"],
        name=domain["name"],
        status=status_from(domain["status"], _STATUS),
        status_raw=domain["status"],
        description=None,
        is_default=None,
        active=_sending(domain.get("capabilities")),
        checks=checks_from(records or []),
        dns_records=records,
        created_at=timestamp(domain["created_at"]),
        raw=raw,
    )
