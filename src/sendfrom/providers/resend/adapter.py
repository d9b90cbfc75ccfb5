"""Resend: sending domains under https://api.resend.com (Bearer token), from Resend's own spec.

Resend has no sender identities: any address at a verified domain may send. A domain's ``status``
word and each of its ``records[]`` carry their own status. Lists are cursor-paged (``limit`` up to
100, ``after`` = the last id seen, ``has_more``). Verification is asynchronous: ``verify`` asks
Resend to re-check and answers only the id, so the fresh domain is fetched after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom.errors import APIStatusError, AuthenticationError
from sendfrom.models import DnsRecord, EmailDomain
from sendfrom.providers.base import Adapter, Fetched, Support
from sendfrom.providers.resend.mappers import (
    CREATED,
    DOMAIN,
    DOMAIN_LIST,
    NAME,
    PAGE_SIZE,
    UPDATED,
    VERIFIED,
    domain_from_wire,
)
from sendfrom_generated.resend import models as wire
from sendfrom_generated.resend.api.domains import (
    domains_create,
    domains_get,
    domains_list,
    domains_remove,
    domains_update,
    domains_verify,
)

_NO_IDENTITIES = (
    "Resend has no sender identities: any address at a verified domain sends (verify the domain)"
)
_NO_DESCRIPTION = "Resend domains have no description (their settings: provider_options)"


class ResendAdapter(Adapter):
    """Maps the unified API onto Resend's ``/domains``."""

    name = NAME
    generated = "sendfrom_generated.resend"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "domains.list": Support.NATIVE,
        "domains.get": Support.NATIVE,
        "domains.create": Support.NATIVE,
        "domains.update": Support.NATIVE,
        "domains.delete": Support.NATIVE,
        "domains.verify": Support.NATIVE,
        "domains.dns_records": Support.EMULATED,
        "domains.find": Support.EMULATED,
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
        "domains.dns_records": "emulated: the records[] of the domain (one get)",
        "domains.find": "emulated: lists domains and picks the one with that name",
    }
    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {"domains.list": (1, PAGE_SIZE)}
    rate_limit: ClassVar[RateLimit | None] = RateLimit(2, per=1.0)
    """Resend's documented default: 2 requests a second per team (resend.com/docs, rate limit)."""
    poll: ClassVar[Mapping[str, str]] = {"domains": "domains.verify"}
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "domains.create": {"description": _NO_DESCRIPTION},
        "domains.update": {"description": _NO_DESCRIPTION},
    }
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {
        status: ("registered already", "already registered", "already exists")
        for status in (400, 403, 422)
    }
    """A domain name already taken is a 403 validation_error ("The example.com domain has been
    registered already."; inferred, see specs/README.md); Resend's validation_error is a 400 or
    a 403 and its field errors a 422, so the same words say so at each; any 409 is a conflict."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "domains.create": {"name": "name"},
        "domains.update": {},  # no description: the settings are provider_options
    }

    def error_class(self, status: int, body: Any) -> type[APIStatusError] | None:
        """A wrong key is a 403 ``invalid_api_key`` (resend.com/docs, errors): the key's fault,
        so an ``AuthenticationError`` as on every provider (``.status_code`` stays 403)."""
        name = body.get("name") if isinstance(body, dict) else None
        return AuthenticationError if status == 403 and name == "invalid_api_key" else None

    # domains

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda after: self._domain_page(after, size), "")

    def _domain_page(self, after: str, size: int) -> Plan[Fetched[EmailDomain, str]]:
        op = "domains.list"
        kwargs: dict[str, Any] = {"limit": size}
        if after:
            kwargs["after"] = after
        response = yield Call(op, domains_list, kwargs)
        body, raw = self.read(op, DOMAIN_LIST, response)
        items = [domain_from_wire(d, r) for d, r in zip(body["data"], raw["data"], strict=True)]
        # `has_more` is the cursor's own answer; an answer without it ends on a short page.
        more = body.get("has_more", len(items) >= size) and bool(items)
        return Fetched(items, frozenset(d.id for d in items), items[-1].id if more else None)

    def find_domain(self, name: str) -> Plan[EmailDomain | None]:
        """List, then get the match: a list item has no records, and the domain ``find`` and
        ``ensure`` return is the whole one, records and all (one more request, when found)."""
        listed = yield from super().find_domain(name)
        if listed is None:
            return None
        return (yield from self._fetch("domains.find", listed.id))

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self._fetch("domains.get", domain_id)

    def _fetch(self, op: str, domain_id: str) -> Plan[EmailDomain]:
        response = yield Call(op, domains_get, {"domain_id": domain_id})
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del description  # Resend takes none: the client refuses it before planning
        op = "domains.create"
        payload = self.request_body(op, wire.CreateDomainRequest, {"name": name.lower()}, options)
        response = yield Call(op, domains_create, {"body": payload})
        domain, raw = self.read(op, CREATED, response)
        return domain_from_wire(domain, raw)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del changes  # no description here: the client refuses it before planning
        op = "domains.update"
        payload = self.request_body(op, wire.UpdateDomainOptions, {}, options)
        response = yield Call(op, domains_update, {"domain_id": domain_id, "body": payload})
        self.read(op, UPDATED, response)  # only the id: the domain itself is fetched
        return (yield from self._fetch(op, domain_id))

    def delete_domain(self, domain_id: str) -> Plan[None]:
        yield Call("domains.delete", domains_remove, {"domain_id": domain_id})

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        op = "domains.verify"
        response = yield Call(op, domains_verify, {"domain_id": domain_id})
        self.read(op, VERIFIED, response)  # only the id: the check runs asynchronously
        return (yield from self._fetch(op, domain_id))

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        domain = yield from self._fetch("domains.dns_records", domain_id)
        return domain.dns_records or []  # the spec does not require records[]: none is none
