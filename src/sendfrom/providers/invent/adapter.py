"""Invent: email identities and domains under https://api.useinvent.com/orgs/{org_id} (Bearer).

``org_id`` defaults to "c", the org the key was issued for. Lists are bare arrays paged with
``page``/``take`` (at most 100), totals in ``pagination-*`` headers. Invent's public reference
shows identity list and update and domain create only: identity get is emulated (list and filter),
and the operations no public page shows are unsupported rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom.models import EmailDomain, SenderIdentity
from sendfrom.providers.base import Adapter, Fetched, Support, same_address
from sendfrom.providers.invent.mappers import (
    DOMAIN,
    IDENTITY,
    IDENTITY_LIST,
    NAME,
    PAGE_SIZE,
    domain_from_wire,
    has_next,
    identity_from_wire,
)
from sendfrom_generated.invent import models as wire
from sendfrom_generated.invent.api.domains import create_domain
from sendfrom_generated.invent.api.identities import list_identities, update_identity

_NO_PUBLIC_PAGE = "Invent's public API reference shows no endpoint for it"


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
        "identities.find": Support.NATIVE,
    }
    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {
        "identities.list": (1, PAGE_SIZE),  # `take`: 1..100 in the spec
    }
    rate_limit: ClassVar[RateLimit | None] = RateLimit(500, per=60.0)
    """The documented general limit: 500 requests a minute (per IP)."""
    poll: ClassVar[Mapping[str, str]] = {"identities": "identities.get"}
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.update": {
            "reply_to_email": "Invent identities have no reply-to address",
            "reply_to_name": "Invent identities have no reply-to name",
        },
        "domains.create": {"description": "Invent domains have no description"},
    }
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {400: ("already exists",)}
    """A domain already added is a 400 (inferred: NestJS validation; see specs/README.md)."""
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
        "domains.find": _NO_PUBLIC_PAGE + " (nor for domains.list, to find it in)",
    }

    @property
    def org_id(self) -> str:
        return self.settings.org_id or "c"

    def scope(self, setting: str) -> str | None:
        return self.org_id if setting == "org_id" else super().scope(setting)

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # Undocumented; NestJS-style bodies carry `message` as a string or a list of strings.
        if isinstance(body, dict) and isinstance(body.get("message"), list):
            return "; ".join(str(m) for m in body["message"]), {}
        return super().error_details(body)

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda page: self._identity_page(domain_id, page, size), 1)

    def _identity_page(
        self,
        domain_id: str | None,
        page: int,
        size: int,
        search: str | None = None,
        op: str = "identities.list",
    ) -> Plan[Fetched[SenderIdentity, int]]:
        kwargs: dict[str, Any] = {"org_id": self.org_id, "page": page, "take": size}
        if search is not None:
            kwargs["search"] = search
        response = yield Call(op, list_identities, kwargs)
        identities, raw = self.read(op, IDENTITY_LIST, response)
        items = [
            identity_from_wire(i, r)
            for i, r in zip(identities, raw, strict=True)
            # Invent cannot filter by domain on the server: filter the page here.
            if domain_id is None or i["domain"]["id"] == domain_id
        ]
        more = bool(identities) and has_next(response, page, len(identities), size)
        return Fetched(items, frozenset(i["id"] for i in identities), page + 1 if more else None)

    def find_identity(self, email: str) -> Plan[SenderIdentity | None]:
        # Invent's `search` narrows the list to identities whose address or name contains the
        # text (a substring match): the exact address is then picked from those few.
        wanted = same_address(email)
        found = self.paginate(
            lambda page: self._identity_page(
                None, page, PAGE_SIZE, email.lower(), "identities.find"
            ),
            1,
        )
        return self.first(found, lambda identity: same_address(identity.email) == wanted)

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
        op = "identities.update"
        payload = self.request_body(op, wire.IdentityUpdateRequest, changes, options)
        kwargs = {"org_id": self.org_id, "identity_id": identity_id, "body": payload}
        response = yield Call(op, update_identity, kwargs)
        identity, raw = self.read(op, IDENTITY, response)
        return identity_from_wire(identity, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del description  # Invent takes none: the client refuses it before planning
        op = "domains.create"
        payload = self.request_body(op, wire.DomainCreateRequest, {"domain": name}, options)
        response = yield Call(op, create_domain, {"org_id": self.org_id, "body": payload})
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)
