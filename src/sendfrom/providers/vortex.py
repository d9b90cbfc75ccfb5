"""Vortex: email domains under https://api.vortexsoftware.com/api/v1/accounts/{accountId}.

Auth is the ``x-api-key`` header (inferred from Vortex's SDKs). Vortex has no sender identities.
Lists are bare arrays paged by a ``start`` offset with a server-chosen page size: keep asking
until a page comes back empty. Domain get and dns_records are emulated from the list;
``verify`` runs ``checkDkimStatus``, which returns the domain's fresh state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom._reading import WireShape
from sendfrom.errors import ConfigurationError
from sendfrom.models import DnsRecord, EmailDomain, VerificationStatus
from sendfrom.providers.base import Adapter, Fetched, Support, status_from
from sendfrom_generated.vortex import models as wire
from sendfrom_generated.vortex import readers, shapes
from sendfrom_generated.vortex.api.email_domains import (
    check_domain_dkim_status,
    create_domain,
    list_domains,
    update_domain,
)

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
_NO_IDENTITIES = "Vortex manages email domains only; it has no sender identities"
_NO_PUBLIC_PAGE = "Vortex's public API reference shows no endpoint for it"


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


# ---- the adapter


class VortexAdapter(Adapter):
    """Maps the unified API onto Vortex's account email domains."""

    name = NAME
    generated = "sendfrom_generated.vortex"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "domains.list": Support.NATIVE,
        "domains.get": Support.EMULATED,
        "domains.create": Support.NATIVE,
        "domains.update": Support.NATIVE,
        "domains.verify": Support.NATIVE,
        "domains.dns_records": Support.EMULATED,
    }
    rate_limit: ClassVar[RateLimit | None] = None
    """Vortex documents no rate limit: ``rate_limit=True`` asks for an explicit ``RateLimit``."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "domains.create": {"domain": "name", "description": "description"},
        "domains.update": {"description": "description"},
    }
    notes: ClassVar[Mapping[str, str]] = {
        **{
            op: _NO_IDENTITIES
            for op in (
                "identities.list",
                "identities.get",
                "identities.create",
                "identities.update",
                "identities.delete",
                "identities.resend_verification",
            )
        },
        "domains.get": "emulated: lists domains and picks the one with that id",
        "domains.dns_records": "emulated: from the domain's verificationToken and dkimTokens",
        "domains.delete": _NO_PUBLIC_PAGE,
    }

    def check_settings(self) -> None:
        if not self.settings.account_id:
            raise ConfigurationError(
                "vortex needs an account id: pass account_id= or set SENDFROM_ACCOUNT_ID"
            )

    @property
    def account_id(self) -> str:
        return self.settings.account_id or ""

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        if isinstance(body, dict) and isinstance(body.get("message"), list):
            return "; ".join(str(m) for m in body["message"]), {}
        return super().error_details(body)

    def list_domains(self) -> Plan[Page[EmailDomain]]:
        return self.paginate(self._domain_page, 0)

    def _domain_page(self, start: int) -> Plan[Fetched[EmailDomain, int]]:
        op = "domains.list"
        response = yield Call(op, list_domains, {"account_id": self.account_id, "start": start})
        domains, raw = self.read(op, DOMAIN_LIST, response)
        items = [domain_from_wire(d, r) for d, r in zip(domains, raw, strict=True)]
        # The server picks the page size: only an empty page ends the list.
        following = start + len(items) if items else None
        return Fetched(items, frozenset(d.id for d in items), following)

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self.find(
            "domains.get",
            self.list_domains(),
            lambda domain: domain.id == domain_id,
            f"domain {domain_id!r}",
        )

    def _domain(self, op: str, response: Any) -> EmailDomain:
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        op = "domains.create"
        body: dict[str, Any] = {"domain": name}
        if description is not None:
            body["description"] = description
        payload = self.request_body(op, wire.EmailDomainCreateRequest, body, options)
        response = yield Call(op, create_domain, {"account_id": self.account_id, "body": payload})
        return self._domain(op, response)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        op = "domains.update"
        payload = self.request_body(op, wire.EmailDomainUpdateRequest, changes, options)
        kwargs = {"account_id": self.account_id, "id": domain_id, "body": payload}
        response = yield Call(op, update_domain, kwargs)
        return self._domain(op, response)

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        op = "domains.verify"
        kwargs = {"account_id": self.account_id, "id": domain_id}
        response = yield Call(op, check_domain_dkim_status, kwargs)
        return self._domain(op, response)

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        domain = yield from self.get_domain(domain_id)
        return domain.dns_records
