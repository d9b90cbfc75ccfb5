"""SendGrid: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers._mapping import verified_or_pending
from sendfrom_generated.sendgrid import readers, shapes

NAME = "sendgrid"
PAGE_SIZE = 100
"""What sendfrom asks per page. SendGrid documents no largest ``limit`` for either list; 100 is
inferred to be within it (specs/README.md, SendGrid)."""

PURPOSES = {
    "mail_cname": "return_path",
    "dkim1": "dkim",
    "dkim2": "dkim",
    "dkim": "dkim",
    "subdomain_spf": "spf",
    "domain_spf": "spf",  # the root domain's, with custom_spf (upstream's AuthenticatedDomainSpf)
    "mail_server": "mx",
}
"""DESIGN §3: each key of a domain's ``dns`` -> the unified purpose (another key is kept as is)."""

REQUIRED_TO_CREATE = ("nickname", "address", "city", "country")
"""What SendGrid needs, besides the address, to create a verified sender (anti-spam law asks
for a postal address): given through ``provider_options`` (DESIGN §3)."""

# What is read of each response (readers type only what specs/reads/sendgrid.yaml names).
DOMAIN: WireShape[readers.AuthenticatedDomain] = WireShape(
    shapes.AuthenticatedDomain, readers.AuthenticatedDomain
)
DOMAIN_LIST: WireShape[list[readers.DomainAuthentication200Item]] = WireShape(
    list[shapes.DomainAuthentication200Item], list[readers.DomainAuthentication200Item]
)
VALIDATION: WireShape[readers.ValidateAuthenticatedDomainResponse] = WireShape(
    shapes.ValidateAuthenticatedDomainResponse, readers.ValidateAuthenticatedDomainResponse
)
SENDER: WireShape[readers.VerifiedSenderResponse] = WireShape(
    shapes.VerifiedSenderResponse, readers.VerifiedSenderResponse
)
SENDER_LIST: WireShape[readers.ListVerifiedSenderResponse] = WireShape(
    shapes.ListVerifiedSenderResponse, readers.ListVerifiedSenderResponse
)


# ---- pure mappers


def purpose_of(key: str) -> str:
    """A ``dns`` key (``mail_cname``, ``dkim1``, ...) as the unified purpose."""
    return PURPOSES.get(key, key)


def dns_records_from_wire(dns: Mapping[str, Any]) -> list[DnsRecord]:
    """Each entry of a domain's ``dns`` as a ``DnsRecord`` with its own ``valid`` as status.

    SendGrid writes full host names and lower-case types (``cname``); an entry that is not a
    record (no host or no data) is left out, not guessed at. MX priority is not reported (None).
    """
    records = []
    for key, entry in dns.items():
        if not isinstance(entry, Mapping) or not entry.get("host") or not entry.get("data"):
            continue
        records.append(
            DnsRecord(
                purpose=purpose_of(key),
                type=str(entry.get("type") or "").upper(),
                name=str(entry["host"]).rstrip("."),
                value=str(entry["data"]),
                status=verified_or_pending(entry.get("valid")),
            )
        )
    return records


def checks_from(records: list[DnsRecord]) -> dict[str, VerificationStatus]:
    """One check per purpose: its worst record's status (unknown before pending before verified)."""
    order = (VerificationStatus.UNKNOWN, VerificationStatus.PENDING, VerificationStatus.VERIFIED)
    checks: dict[str, VerificationStatus] = {}
    for record in records:
        status = record.status or VerificationStatus.UNKNOWN
        before = checks.get(record.purpose, VerificationStatus.VERIFIED)
        checks[record.purpose] = min(before, status, key=order.index)
    return checks


def domain_from_wire(
    domain: readers.AuthenticatedDomain | readers.DomainAuthentication200Item, raw: dict[str, Any]
) -> EmailDomain:
    """An authenticated domain as an ``EmailDomain``: ``valid`` true is verified, else pending.

    A ``dns`` key the reader does not name (one SendGrid adds later) is mapped from ``raw`` as
    it is, not dropped: a record to publish is never lost."""
    wire_dns = raw.get("dns") if isinstance(raw, dict) else None
    extra = (
        {k: v for k, v in wire_dns.items() if k not in domain["dns"]}
        if isinstance(wire_dns, dict)
        else {}
    )
    records = dns_records_from_wire({**domain["dns"], **extra})
    return EmailDomain(
        provider=NAME,
        id=str(domain["id"]),
        name=domain["domain"],
        status=verified_or_pending(domain["valid"]),
        status_raw=None,  # SendGrid has a flag, no status word
        description=None,
        is_default=domain["default"],
        active=None,
        checks=checks_from(records),
        dns_records=records,
        raw=raw,
    )


def identity_from_wire(
    sender: readers.VerifiedSenderResponse, raw: dict[str, Any]
) -> SenderIdentity:
    """A verified sender as a ``SenderIdentity``: ``verified`` true is verified, else pending.

    A verified sender belongs to no authenticated domain (``domain`` None); an empty
    ``from_name`` or ``reply_to_name`` (SendGrid's "none") is None.
    """
    return SenderIdentity(
        provider=NAME,
        id=str(sender["id"]),
        email=sender["from_email"],
        name=sender.get("from_name") or None,
        status=verified_or_pending(sender.get("verified")),
        status_raw=None,
        domain=None,
        reply_to_email=sender.get("reply_to") or None,
        reply_to_name=sender.get("reply_to_name") or None,
        raw=raw,
    )


def unchanged_since(last: EmailDomain, validation: Mapping[str, Any]) -> bool:
    """Whether a ``validate`` answer shows that ``last`` (a pending domain) is as it was, so a wait
    need not fetch it again (inferred, specs/README.md).

    The answer carries the domain's ``valid`` and each ``dns`` entry's ``valid`` under the same
    keys: all the fetched domain's status and record statuses come from. When each equals what
    ``last`` was read from, nothing ``domain_from_wire`` maps moved; any other shape is fetched.
    """
    dns = last.raw.get("dns") if isinstance(last.raw, Mapping) else None
    results = validation.get("validation_results")
    if last.status is not VerificationStatus.PENDING or not isinstance(dns, Mapping):
        return False
    if not isinstance(results, Mapping) or validation.get("valid") is not last.raw.get("valid"):
        return False
    entries = {k: v for k, v in dns.items() if isinstance(v, Mapping)}
    return set(results) == set(entries) and all(
        isinstance(result, Mapping)
        and isinstance(result.get("valid"), bool)
        and result["valid"] is entries[key].get("valid")
        for key, result in results.items()
    )
