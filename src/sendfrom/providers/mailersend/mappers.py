"""MailerSend: what is read of each response, and the pure mappers to the unified models.

No I/O: each function maps validated wire values (the generated readers) to ``sendfrom.models``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sendfrom._reading import WireShape
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers._mapping import verified_or_pending
from sendfrom_generated.mailersend import readers, shapes

PAGE_SIZE = 100  # the largest `limit` MailerSend accepts
NAME = "mailersend"


# ---- what is read of each response (the readers type only what specs/reads/mailersend.yaml
# names; see sendfrom._reading)

IDENTITY: WireShape[readers.IdentityEnvelope] = WireShape(
    shapes.IdentityEnvelope, readers.IdentityEnvelope
)
IDENTITY_LIST: WireShape[readers.IdentityList] = WireShape(
    shapes.IdentityList, readers.IdentityList
)
DOMAIN: WireShape[readers.DomainEnvelope] = WireShape(shapes.DomainEnvelope, readers.DomainEnvelope)
DOMAIN_LIST: WireShape[readers.DomainList] = WireShape(shapes.DomainList, readers.DomainList)
VERIFICATION: WireShape[readers.DomainVerificationResponse] = WireShape(
    shapes.DomainVerificationResponse, readers.DomainVerificationResponse
)
DNS_RECORDS: WireShape[readers.DomainDnsRecordsEnvelope] = WireShape(
    shapes.DomainDnsRecordsEnvelope, readers.DomainDnsRecordsEnvelope
)


# ---- pure mappers

# Built by the models' own validators (``BaseModel.__pydantic_validator__``, a documented
# attribute) from a dict: the fastest public way (`make bench`, "mapping"), ~25% less than
# ``model_validate``'s wrapper, and still a full validation; ``raw`` is not copied.
_identity = cast(
    "Callable[[dict[str, Any]], SenderIdentity]",
    SenderIdentity.__pydantic_validator__.validate_python,
)
_email_domain = cast(
    "Callable[[dict[str, Any]], EmailDomain]", EmailDomain.__pydantic_validator__.validate_python
)


RefMemo = dict[tuple[str, str], DomainRef]
"""The ``DomainRef``s made while mapping one page: frozen, so one domain's identities share one.
Per page, not process-wide, so nothing held grows with the number of domains seen."""


def _domain_ref(domain_id: str, name: str, memo: RefMemo | None) -> DomainRef:
    if memo is None:
        return DomainRef(id=domain_id, name=name)
    found = memo.get((domain_id, name))
    if found is None:
        found = memo[domain_id, name] = DomainRef(id=domain_id, name=name)
    return found


def identity_from_wire(
    identity: readers.Identity, raw: dict[str, Any], memo: RefMemo | None = None
) -> SenderIdentity:
    """A MailerSend identity as a ``SenderIdentity`` (``memo``: shared across one page)."""
    domain = identity["domain"]
    return _identity(
        {
            "provider": NAME,
            "id": identity["id"],
            "email": identity["email"],
            "name": identity["name"],
            "status": verified_or_pending(identity["is_verified"]),
            "status_raw": None,
            "domain": _domain_ref(domain["id"], domain["name"], memo),
            "reply_to_email": identity["reply_to_email"],
            "reply_to_name": identity["reply_to_name"],
            "raw": raw,
        }
    )


def domain_from_wire(domain: readers.Domain, raw: dict[str, Any]) -> EmailDomain:
    """A MailerSend domain as an ``EmailDomain`` (its DNS records come from ``dns_records``).

    A check MailerSend reports as null (every check of a new domain) is left out of ``checks``.
    """
    flags = {
        "dkim": domain["dkim"],
        "spf": domain["spf"],
        "mx": domain.get("mx"),
        "tracking": domain["tracking"],
    }
    checks = {name: verified_or_pending(flag) for name, flag in flags.items() if flag is not None}
    return _email_domain(
        {
            "provider": NAME,
            "id": domain["id"],
            "name": domain["name"],
            "status": verified_or_pending(domain["is_verified"]),
            "status_raw": None,
            "active": not domain["domain_settings"]["send_paused"],
            "checks": checks,
            "created_at": domain.get("created_at"),
            "updated_at": domain.get("updated_at"),
            "raw": raw,
        }
    )


def with_verification(domain: EmailDomain, result: readers.DomainVerification) -> EmailDomain:
    """``domain`` with the per-check results of a fresh ``/verify``."""
    checks = {
        **domain.checks,
        "dkim": verified_or_pending(result["dkim"]),
        "spf": verified_or_pending(result["spf"]),
        "mx": verified_or_pending(result["mx"]),
        "tracking": verified_or_pending(result["tracking"]),
        "return_path": verified_or_pending(result["rp_cname"]),
    }
    return domain.model_copy(update={"checks": checks})


def unchanged_since(last: EmailDomain, checked: EmailDomain) -> bool:
    """Whether a fresh ``/verify`` (``checked``: ``last`` with its results) shows that a pending
    domain cannot have changed, so a wait need not fetch it again (inferred, specs/README.md).

    ``is_verified`` follows the DNS checks ``/verify`` reports; while these are the same as at the
    last poll and DKIM or SPF (both needed to send) still fails, the domain is as it was. Once
    both pass, or any check moves, the domain is fetched: its ``is_verified`` may have flipped.
    """
    needed = (checked.checks.get("dkim"), checked.checks.get("spf"))
    return (
        last.status is VerificationStatus.PENDING
        and checked.checks == last.checks
        and any(status is not VerificationStatus.VERIFIED for status in needed)
    )


_RECORD_PURPOSES = (
    ("dkim", "dkim"),
    ("dkim_ms1", "dkim"),
    ("dkim_ms2", "dkim"),
    ("spf", "spf"),
    ("return_path", "return_path"),
    ("custom_tracking", "tracking"),
    ("inbound_routing", "inbound"),
)


def dns_records_from_wire(records: readers.DomainDnsRecords) -> list[DnsRecord]:
    """MailerSend's ``/dns-records`` as ``DnsRecord``s (priority arrives as a string).

    Both shapes work: the one ``dkim`` record of before 2026, and the two DKIM CNAMEs
    (``dkim_ms1``, ``dkim_ms2``) since, beside which the retired ``dkim`` still comes with every
    field null. An absent entry, or one with a null field, is no record to publish.
    """
    result = []
    for key, purpose in _RECORD_PURPOSES:
        record = cast("readers.DnsRecord | None", records.get(key))  # every key here is a record
        if record is None:
            continue
        hostname, kind, value = record["hostname"], record["type"], record["value"]
        if not (hostname and kind and value):
            continue
        priority = record.get("priority")
        result.append(
            DnsRecord(
                purpose=purpose,
                type=kind.upper(),
                name=hostname,
                value=value,
                priority=int(priority) if priority and priority.isdecimal() else None,
            )
        )
    return result


def has_next(
    meta: readers.PaginationMeta | None,
    links: readers.PaginationLinks | None,
    n: int,
    size: int = PAGE_SIZE,
) -> bool:
    if meta is not None:
        return meta["current_page"] < meta["last_page"]
    if links is not None:
        return links["next"] is not None
    return n >= size
