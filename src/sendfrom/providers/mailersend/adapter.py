"""MailerSend: identities and domains under https://api.mailersend.com/v1 (Bearer token).

Verification is a boolean (``is_verified``): true is verified, false is pending; MailerSend has no
status word, so ``status_raw`` is None. Lists use Laravel pagination (``page``/``limit`` up to 100,
``meta``/``links``); single objects come wrapped in ``{"data": ...}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom.errors import InvalidRequestError, NotFoundError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers.base import Adapter, Fetched, Support, same_address
from sendfrom.providers.mailersend.mappers import (
    DNS_RECORDS,
    DOMAIN,
    DOMAIN_LIST,
    IDENTITY,
    IDENTITY_LIST,
    NAME,
    PAGE_SIZE,
    VERIFICATION,
    RefMemo,
    dns_records_from_wire,
    domain_from_wire,
    has_next,
    identity_from_wire,
    unchanged_since,
    with_verification,
)
from sendfrom_generated.mailersend import models as wire
from sendfrom_generated.mailersend.api.domains import (
    create_domain,
    delete_domain,
    get_domain,
    get_domain_dns_records,
    list_domains,
    update_domain_settings,
    verify_domain,
)
from sendfrom_generated.mailersend.api.identities import (
    create_identity,
    delete_identity,
    get_identity,
    get_identity_by_email,
    list_identities,
    resend_identity_verification,
    update_identity,
)

_NO_DESCRIPTION = "MailerSend domains have no description (their settings: provider_options)"


# ---- the adapter


class MailerSendAdapter(Adapter):
    """Maps the unified API onto MailerSend's identities and domains endpoints."""

    name = NAME
    generated = "sendfrom_generated.mailersend"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "identities.list": Support.NATIVE,
        "identities.get": Support.NATIVE,
        "identities.create": Support.NATIVE,
        "identities.update": Support.NATIVE,
        "identities.delete": Support.NATIVE,
        "identities.resend_verification": Support.NATIVE,
        "domains.list": Support.NATIVE,
        "domains.get": Support.NATIVE,
        "domains.create": Support.NATIVE,
        "domains.update": Support.NATIVE,
        "domains.delete": Support.NATIVE,
        "domains.verify": Support.NATIVE,
        "domains.dns_records": Support.NATIVE,
        "identities.find": Support.NATIVE,
        "domains.find": Support.EMULATED,
    }
    notes: ClassVar[Mapping[str, str]] = {
        "domains.find": "emulated: lists domains and picks the one with that name",
    }
    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {
        "identities.list": (10, PAGE_SIZE),  # `limit`: MailerSend answers 422 outside 10..100
        "domains.list": (10, PAGE_SIZE),
    }
    rate_limit: ClassVar[RateLimit | None] = RateLimit(60, per=60.0)
    """The default general API limit: 60 requests a minute per account (plans may raise it)."""
    poll: ClassVar[Mapping[str, str]] = {
        "domains": "domains.verify",
        "identities": "identities.get",
    }
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.update": {
            "is_default": "MailerSend identities have no is_default",
            "click_tracking": "MailerSend identities have no click_tracking (a domain setting)",
            "open_tracking": "MailerSend identities have no open_tracking (a domain setting)",
        },
        "domains.create": {"description": _NO_DESCRIPTION},
        "domains.update": {"description": _NO_DESCRIPTION},
    }
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {422: ("has already been taken",)}
    """A taken address or domain name is a 422 ("The email has already been taken.", recorded)."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.create": {
            "email": "email",
            "name": "name",
            "domain_id": "domain_id",
            "reply_to_email": "reply_to_email",
            "reply_to_name": "reply_to_name",
        },
        # The update request's `email` and `domain_id` have no unified argument: provider_options.
        "identities.update": {
            "name": "name",
            "reply_to_email": "reply_to_email",
            "reply_to_name": "reply_to_name",
        },
        "domains.create": {"name": "name"},
        "domains.update": {},  # MailerSend has no description: its settings are provider_options
    }

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # Laravel: {"message": "...", "errors": {"field.0": ["..."]}}
        if isinstance(body, dict):
            message = body.get("message") if isinstance(body.get("message"), str) else None
            errors = body.get("errors")
            fields = (
                {str(k): [str(m) for m in v] for k, v in errors.items() if isinstance(v, list)}
                if isinstance(errors, dict)
                else {}
            )
            return message, fields
        return None, {}

    # identities

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda page: self._identity_page(domain_id, page, size), 1)

    def _identity_page(
        self, domain_id: str | None, page: int, size: int
    ) -> Plan[Fetched[SenderIdentity, int]]:
        op = "identities.list"
        kwargs: dict[str, Any] = {"page": page, "limit": size}
        if domain_id is not None:
            kwargs["domain_id"] = domain_id
        response = yield Call(op, list_identities, kwargs)
        body, raw = self.read(op, IDENTITY_LIST, response)
        memo: RefMemo = {}
        pairs = zip(body["data"], raw["data"], strict=True)
        items = [identity_from_wire(i, r, memo) for i, r in pairs]
        more = bool(items) and has_next(body.get("meta"), body.get("links"), len(items), size)
        return Fetched(items, frozenset(i.id for i in items), page + 1 if more else None)

    def find_identity(self, email: str) -> Plan[SenderIdentity | None]:
        # One request by address. Lower case: MailerSend keeps addresses in lower case.
        op = "identities.find"
        try:
            response = yield Call(op, get_identity_by_email, {"email": email.lower()})
        except NotFoundError:
            return None  # this route's 404 is "no identity has that address"; nothing else is
        identity = self._identity(response, op)
        return identity if same_address(identity.email) == same_address(email) else None

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        response = yield Call("identities.get", get_identity, {"identity_id": identity_id})
        return self._identity(response, "identities.get")

    def _identity(self, response: Any, op: str) -> SenderIdentity:
        body, raw = self.read(op, IDENTITY, response)
        return identity_from_wire(body["data"], raw["data"])

    def create_identity(
        self, fields: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.create"
        body = {k: v for k, v in fields.items() if v is not None}
        payload = self.request_body(op, wire.IdentityCreateRequest, body, options)
        response = yield Call(op, create_identity, {"body": payload})
        return self._identity(response, op)

    def update_identity(
        self, identity_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        if "name" in changes and changes["name"] is None:
            # MailerSend requires a From name: it can be changed, not removed.
            raise InvalidRequestError(
                "a MailerSend identity's name cannot be removed",
                {"name": ["MailerSend requires a name; give a new one"]},
            )
        op = "identities.update"
        payload = self.request_body(op, wire.IdentityUpdateRequest, changes, options)
        response = yield Call(op, update_identity, {"identity_id": identity_id, "body": payload})
        return self._identity(response, op)

    def delete_identity(self, identity_id: str) -> Plan[None]:
        yield Call("identities.delete", delete_identity, {"identity_id": identity_id})

    def resend_verification(self, identity_id: str) -> Plan[None]:
        op = "identities.resend_verification"
        response = yield Call(op, resend_identity_verification, {"identity_id": identity_id})
        self._identity(response, op)  # a 2xx that is not an identity is a format error

    # domains

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda page: self._domain_page(page, size), 1)

    def _domain_page(self, page: int, size: int) -> Plan[Fetched[EmailDomain, int]]:
        op = "domains.list"
        response = yield Call(op, list_domains, {"page": page, "limit": size})
        body, raw = self.read(op, DOMAIN_LIST, response)
        items = [domain_from_wire(d, r) for d, r in zip(body["data"], raw["data"], strict=True)]
        more = bool(items) and has_next(body.get("meta"), body.get("links"), len(items), size)
        return Fetched(items, frozenset(d.id for d in items), page + 1 if more else None)

    def _domain(self, response: Any, op: str) -> EmailDomain:
        body, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(body["data"], raw["data"])

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        response = yield Call("domains.get", get_domain, {"domain_id": domain_id})
        return self._domain(response, "domains.get")

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del description  # MailerSend takes none: the client refuses it before planning
        op = "domains.create"
        payload = self.request_body(op, wire.DomainCreateRequest, {"name": name.lower()}, options)
        response = yield Call(op, create_domain, {"body": payload})
        return self._domain(response, op)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del changes  # no description here: the client refuses it before planning
        op = "domains.update"
        payload = self.request_body(op, wire.DomainSettingsUpdateRequest, {}, options)
        response = yield Call(op, update_domain_settings, {"domain_id": domain_id, "body": payload})
        return self._domain(response, op)

    def delete_domain(self, domain_id: str) -> Plan[None]:
        yield Call("domains.delete", delete_domain, {"domain_id": domain_id})

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self.reverify_domain(domain_id, None)

    def reverify_domain(self, domain_id: str, last: EmailDomain | None) -> Plan[EmailDomain]:
        # /verify answers the checks but not the domain: fetched unless they show no change.
        op = "domains.verify"
        response = yield Call(op, verify_domain, {"domain_id": domain_id})
        result, _ = self.read(op, VERIFICATION, response)
        if last is not None:
            checked = with_verification(last, result["data"])
            if unchanged_since(last, checked):
                return checked
        response = yield Call(op, get_domain, {"domain_id": domain_id})
        return with_verification(self._domain(response, op), result["data"])

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        op = "domains.dns_records"
        response = yield Call(op, get_domain_dns_records, {"domain_id": domain_id})
        body, _ = self.read(op, DNS_RECORDS, response)
        return dns_records_from_wire(body["data"])
