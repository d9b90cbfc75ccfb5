"""Invent: email identities and domains under https://api.useinvent.com/orgs/{org_id} (Bearer).

``org_id`` defaults to "c", the org the key was issued for. Lists are bare arrays paged with
``page``/``take`` (at most 100), totals in ``pagination-*`` headers. Invent's public reference
shows identity list and update and domain create only: identity get is emulated (list and filter),
and the operations no public page shows are unsupported rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom._reading import WireShape
from sendfrom.errors import UnsupportedOperationError
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers.base import Adapter, Fetched, Support, status_from
from sendfrom_generated.invent import models as wire
from sendfrom_generated.invent import readers, shapes
from sendfrom_generated.invent.api.domains import create_domain
from sendfrom_generated.invent.api.identities import list_identities, update_identity

NAME = "invent"
PAGE_SIZE = 100  # the largest `take` Invent accepts
_STATUS = {
    "pending": VerificationStatus.PENDING,
    "verified": VerificationStatus.VERIFIED,
    "failed": VerificationStatus.FAILED,
}
_NO_PUBLIC_PAGE = "Invent's public API reference shows no endpoint for it"
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


def _has_next(response: httpx.Response, page: int, count: int) -> bool:
    total = response.headers.get("pagination-count")
    if total is not None and total.isdecimal():  # not isdigit: int("²") fails
        return page * PAGE_SIZE < int(total)
    return count >= PAGE_SIZE  # no headers: a full page may have a successor


# ---- the adapter


class InventAdapter(Adapter):
    """Maps the unified API onto Invent's email identities and domains."""

    name = NAME
    generated = "sendfrom_generated.invent"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "identities.list": Support.NATIVE,
        "identities.get": Support.EMULATED,
        "identities.update": Support.NATIVE,
        "domains.create": Support.NATIVE,
    }
    rate_limit: ClassVar[RateLimit | None] = RateLimit(500, per=60.0)
    """The documented general limit: 500 requests a minute (per IP)."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.update": {
            "name": "name",
            "is_default": "is_default",
            "click_tracking": "click_tracking",
            "open_tracking": "open_tracking",
        },
        "domains.create": {"domain": "name"},
    }
    notes: ClassVar[Mapping[str, str]] = {
        "identities.get": "emulated: lists identities and picks the one with that id",
        "identities.create": _NO_PUBLIC_PAGE,
        "identities.delete": _NO_PUBLIC_PAGE,
        "identities.resend_verification": _NO_PUBLIC_PAGE,
        "domains.list": _NO_PUBLIC_PAGE,
        "domains.get": _NO_PUBLIC_PAGE + "; domains.create returns the domain with its records",
        "domains.update": _NO_PUBLIC_PAGE,
        "domains.delete": _NO_PUBLIC_PAGE,
        "domains.verify": _NO_PUBLIC_PAGE,
        "domains.dns_records": _NO_PUBLIC_PAGE
        + "; the EmailDomain from domains.create carries its dns_records",
    }

    @property
    def org_id(self) -> str:
        return self.settings.org_id or "c"

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # Undocumented; NestJS-style bodies carry `message` as a string or a list of strings.
        if isinstance(body, dict) and isinstance(body.get("message"), list):
            return "; ".join(str(m) for m in body["message"]), {}
        return super().error_details(body)

    def list_identities(self, domain_id: str | None) -> Plan[Page[SenderIdentity]]:
        return self.paginate(lambda page: self._identity_page(domain_id, page), 1)

    def _identity_page(
        self, domain_id: str | None, page: int
    ) -> Plan[Fetched[SenderIdentity, int]]:
        op = "identities.list"
        kwargs = {"org_id": self.org_id, "page": page, "take": PAGE_SIZE}
        response = yield Call(op, list_identities, kwargs)
        identities, raw = self.read(op, IDENTITY_LIST, response)
        items = [
            identity_from_wire(i, r)
            for i, r in zip(identities, raw, strict=True)
            # Invent cannot filter by domain on the server: filter the page here.
            if domain_id is None or i["domain"]["id"] == domain_id
        ]
        more = bool(identities) and _has_next(response, page, len(identities))
        return Fetched(items, frozenset(i["id"] for i in identities), page + 1 if more else None)

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        return self.find(
            "identities.get",
            self.list_identities(None),
            lambda identity: identity.id == identity_id,
            f"identity {identity_id!r}",
        )

    def update_identity(
        self, identity_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        unsupported = sorted({"reply_to_email", "reply_to_name"} & set(changes))
        if unsupported:
            raise UnsupportedOperationError(
                NAME, "identities.update", f"Invent identities have no {', '.join(unsupported)}"
            )
        op = "identities.update"
        payload = self.request_body(op, wire.IdentityUpdateRequest, changes, options)
        kwargs = {"org_id": self.org_id, "identity_id": identity_id, "body": payload}
        response = yield Call(op, update_identity, kwargs)
        identity, raw = self.read(op, IDENTITY, response)
        return identity_from_wire(identity, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        if description is not None:
            raise UnsupportedOperationError(
                NAME, "domains.create", "Invent domains have no description"
            )
        op = "domains.create"
        payload = self.request_body(op, wire.DomainCreateRequest, {"domain": name}, options)
        response = yield Call(op, create_domain, {"org_id": self.org_id, "body": payload})
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)
