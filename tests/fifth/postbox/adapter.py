"""Postbox: sending domains under https://api.postbox.example/v1 (made up: see ``postbox``).

Auth is ``Authorization: Bearer``. Postbox has no sender identities. Lists are cursor-paged: each
page says where the next one starts (``next_cursor``), null on the last. Every domain operation is
native; ``verify`` looks the records up again and returns the domain with the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom.models import DnsRecord, EmailDomain
from sendfrom.providers.base import Adapter, Fetched, Support
from sendfrom_generated.postbox import models as wire
from sendfrom_generated.postbox.api.domains import (
    create_domain,
    delete_domain,
    get_domain,
    list_domain_records,
    list_domains,
    update_domain,
    verify_domain,
)

from .mappers import DOMAIN, DOMAIN_LIST, NAME, RECORD_LIST, domain_from_wire, record_from_wire

_NO_IDENTITIES = "Postbox manages sending domains only; it has no sender identities"
_PAGE_SIZE = 20  # the largest page the spec allows: fewest requests


class PostboxAdapter(Adapter):
    """Maps the unified API onto Postbox's domains."""

    name = NAME
    generated = "sendfrom_generated.postbox"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "domains.list": Support.NATIVE,
        "domains.get": Support.NATIVE,
        "domains.create": Support.NATIVE,
        "domains.update": Support.NATIVE,
        "domains.delete": Support.NATIVE,
        "domains.verify": Support.NATIVE,
        "domains.dns_records": Support.NATIVE,
        "domains.find": Support.EMULATED,  # the base adapter's: list and filter
    }
    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {"domains.list": (1, 20)}
    rate_limit: ClassVar[RateLimit | None] = RateLimit(10, per=1.0)
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "domains.create": {"name": "name", "note": "description"},
        "domains.update": {"note": "description"},
    }
    notes: ClassVar[Mapping[str, str]] = {
        op: _NO_IDENTITIES
        for op in (
            "identities.list",
            "identities.get",
            "identities.create",
            "identities.update",
            "identities.delete",
            "identities.resend_verification",
        )
    }

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # {"error": {"code", "message", "fields": {field: [problem, ...]}}}
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            fields = error.get("fields")
            return error["message"], fields if isinstance(fields, dict) else {}
        return super().error_details(body)

    def _domain(self, op: str, response: Any) -> EmailDomain:
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        limit = page_size or _PAGE_SIZE
        return self.paginate(lambda cursor: self._domain_page(cursor, limit), "")

    def _domain_page(self, cursor: str, limit: int) -> Plan[Fetched[EmailDomain, str]]:
        op = "domains.list"
        kwargs: dict[str, Any] = {"limit": limit}
        if cursor:  # "": the first page
            kwargs["cursor"] = cursor
        response = yield Call(op, list_domains, kwargs)
        page, raw = self.read(op, DOMAIN_LIST, response)
        items = [domain_from_wire(d, r) for d, r in zip(page["data"], raw["data"], strict=True)]
        return Fetched(items, frozenset(d.id for d in items), page["next_cursor"])

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        op = "domains.get"
        response = yield Call(op, get_domain, {"domain_id": domain_id})
        return self._domain(op, response)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        op = "domains.create"
        body: dict[str, Any] = {"name": name}
        if description is not None:
            body["note"] = description
        payload = self.request_body(op, wire.DomainCreateRequest, body, options)
        response = yield Call(op, create_domain, {"body": payload})
        return self._domain(op, response)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        op = "domains.update"
        body = {"note": changes["description"]} if "description" in changes else {}
        payload = self.request_body(op, wire.DomainUpdateRequest, body, options)
        response = yield Call(op, update_domain, {"domain_id": domain_id, "body": payload})
        return self._domain(op, response)

    def delete_domain(self, domain_id: str) -> Plan[None]:
        yield Call("domains.delete", delete_domain, {"domain_id": domain_id})

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        op = "domains.verify"
        response = yield Call(op, verify_domain, {"domain_id": domain_id})
        return self._domain(op, response)

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        op = "domains.dns_records"
        response = yield Call(op, list_domain_records, {"domain_id": domain_id})
        records, _ = self.read(op, RECORD_LIST, response)
        return [record_from_wire(r) for r in records["data"]]
