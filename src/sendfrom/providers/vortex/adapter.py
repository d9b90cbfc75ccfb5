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
from sendfrom.errors import ConfigurationError
from sendfrom.models import DnsRecord, EmailDomain
from sendfrom.providers.base import Adapter, Fetched, Support
from sendfrom.providers.vortex.mappers import (
    DOMAIN,
    DOMAIN_LIST,
    NAME,
    domain_from_wire,
)
from sendfrom_generated.vortex import models as wire
from sendfrom_generated.vortex.api.email_domains import (
    check_domain_dkim_status,
    create_domain,
    list_domains,
    update_domain,
)

_NO_IDENTITIES = "Vortex manages email domains only; it has no sender identities"
_NO_PUBLIC_PAGE = "Vortex's public API reference shows no endpoint for it"


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
        "domains.find": Support.EMULATED,
    }
    poll: ClassVar[Mapping[str, str]] = {"domains": "domains.verify"}
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "domains.list": {"page_size": "Vortex picks the page size of its lists"},
    }
    rate_limit: ClassVar[RateLimit | None] = None
    """Vortex documents no rate limit: ``rate_limit=True`` asks for an explicit ``RateLimit``."""
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {400: ("already exists",)}
    """A domain already added is a 400 (inferred: NestJS validation; see specs/README.md)."""
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
                "identities.find",
            )
        },
        "domains.get": "emulated: lists domains and picks the one with that id",
        "domains.dns_records": "emulated: from the domain's verificationToken and dkimTokens",
        "domains.delete": _NO_PUBLIC_PAGE,
        "domains.find": "emulated: lists domains and picks the one with that name",
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

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        del page_size  # the server picks it: the client refuses it before planning
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
        return domain.dns_records or []
