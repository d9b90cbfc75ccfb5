"""SendGrid: authenticated domains and verified senders under https://api.sendgrid.com (Bearer).

From Twilio's own specs (Domain Authentication and Verified Senders, one derived spec). A domain's
``valid`` flag and each of its ``dns`` entries' ``valid`` say what is verified; a sender's
``verified`` flag too. Domains are offset-paged (``limit``/``offset``), senders cursor-paged
(``limit``/``lastSeenID``, ascending ids); neither says whether more follow, so a short page ends
the list. Ids are integers on the wire and strings here. ``on_behalf_of`` (a subuser's username,
or ``account-id <id>``) goes out as the ``on-behalf-of`` header on every request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom.errors import InvalidRequestError, NotFoundError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers.base import Adapter, Fetched, Support, same_address, same_domain
from sendfrom.providers.sendgrid.mappers import (
    DOMAIN,
    DOMAIN_LIST,
    NAME,
    PAGE_SIZE,
    REQUIRED_TO_CREATE,
    SENDER,
    SENDER_LIST,
    VALIDATION,
    domain_from_wire,
    identity_from_wire,
    unchanged_since,
)
from sendfrom_generated.sendgrid import models as wire
from sendfrom_generated.sendgrid.api.domain_authentication import (
    authenticate_domain,
    delete_authenticated_domain,
    get_authenticated_domain,
    list_authenticated_domain,
    update_authenticated_domain,
    validate_authenticated_domain,
)
from sendfrom_generated.sendgrid.api.sender_verification import (
    create_verified_sender,
    delete_verified_sender,
    list_verified_sender,
    resend_verified_sender,
    update_verified_sender,
)

_NO_DOMAIN = "SendGrid's verified senders belong to no authenticated domain"
_NO_DESCRIPTION = "SendGrid domains have no description (their settings: provider_options)"


class SendGridAdapter(Adapter):
    """The unified API on SendGrid's ``/v3/whitelabel/domains`` and ``/v3/verified_senders``."""

    name = NAME
    generated = "sendfrom_generated.sendgrid"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "identities.list": Support.NATIVE,
        "identities.get": Support.EMULATED,
        "identities.create": Support.NATIVE,
        "identities.update": Support.NATIVE,
        "identities.delete": Support.NATIVE,
        "identities.resend_verification": Support.NATIVE,
        "identities.find": Support.EMULATED,
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
        "identities.get": "emulated: the list filtered by id (GET /v3/verified_senders?id=)",
        "identities.create": (
            "needs nickname, address, city and country in provider_options "
            "(SendGrid asks senders for a postal address)"
        ),
        "identities.find": "emulated: lists senders and picks the one with that address",
        "domains.dns_records": "emulated: the dns entries of the domain (one get)",
        "domains.find": "emulated: the list's domain search, then the exact name",
    }
    required_options: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "identities.create": REQUIRED_TO_CREATE,
    }
    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {
        "identities.list": (1, PAGE_SIZE),
        "domains.list": (1, PAGE_SIZE),
    }
    poll: ClassVar[Mapping[str, str]] = {
        "domains": "domains.verify",
        "identities": "identities.get",
    }
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.list": {"domain_id": _NO_DOMAIN},
        "identities.create": {"domain_id": _NO_DOMAIN},
        "identities.update": {
            "is_default": "SendGrid verified senders have no is_default",
            "click_tracking": "SendGrid verified senders have no click_tracking (account settings)",
            "open_tracking": "SendGrid verified senders have no open_tracking (account settings)",
        },
        "domains.create": {"description": _NO_DESCRIPTION},
        "domains.update": {"description": _NO_DESCRIPTION},
    }
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {
        400: ("already exists", "already been taken", "duplicate"),
    }
    """A taken sender address or domain is a 400 whose error says so (inferred from SendGrid's
    error pages, see specs/README.md, "Already exists"); any 409 is a conflict too."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.create": {
            "from_email": "email",
            "from_name": "name",
            "reply_to": "reply_to_email",
            "reply_to_name": "reply_to_name",
        },
        "identities.update": {
            "from_name": "name",
            "reply_to": "reply_to_email",
            "reply_to_name": "reply_to_name",
        },
        "domains.create": {"domain": "name"},
        "domains.update": {},  # no description: the settings are provider_options
    }

    def request_headers(self) -> dict[str, str]:
        on_behalf_of = self.settings.on_behalf_of
        return {"on-behalf-of": on_behalf_of} if on_behalf_of else {}

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # {"errors": [{"field": "from_email" | null, "message": "..."}], "id"?: "..."}
        if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
            return super().error_details(body)
        messages: list[str] = []
        fields: dict[str, list[str]] = {}
        for error in body["errors"]:
            if isinstance(error, str) and error:
                messages.append(error)  # some endpoints list bare messages
                continue
            if not isinstance(error, dict) or not isinstance(error.get("message"), str):
                continue
            messages.append(error["message"])
            if isinstance(error.get("field"), str) and error["field"]:
                fields.setdefault(error["field"], []).append(error["message"])
        return ("; ".join(messages) or None), fields

    def _wire_id(self, operation: str, what: str, value: str) -> str:
        """An id for a query parameter SendGrid types as an integer (``?id=``): an id that is no
        whole number names no sender, and cannot be sent (a path segment can: SendGrid answers)."""
        if value.isascii() and value.isdigit():
            return value
        raise NotFoundError(
            f"{what} {value!r} not found: SendGrid ids are whole numbers",
            status_code=404,
            body=None,
            provider=self.name,
            operation=operation,
            request_method="",  # nothing was sent
            request_url="",
        )

    # identities

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        del domain_id  # refused before planning (unsupported_arguments)
        size = page_size or PAGE_SIZE
        return self.paginate(lambda after: self._sender_page(after, size), 0)

    def _sender_page(self, after: int, size: int) -> Plan[Fetched[SenderIdentity, int]]:
        op = "identities.list"
        kwargs: dict[str, Any] = {"limit": size}
        if after:
            kwargs["last_seen_id"] = after
        response = yield Call(op, list_verified_sender, kwargs)
        body, raw = self.read(op, SENDER_LIST, response)
        items = [
            identity_from_wire(s, r) for s, r in zip(body["results"], raw["results"], strict=True)
        ]
        # `lastSeenID` continues after the largest id seen; a short page is the last.
        last = max((int(s["id"]) for s in body["results"]), default=0)
        more = len(items) >= size and last > after
        return Fetched(items, frozenset(i.id for i in items), last if more else None)

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        return self._sender("identities.get", identity_id)

    def _sender(self, op: str, identity_id: str) -> Plan[SenderIdentity]:
        wanted = self._wire_id(op, "identity", identity_id)
        response = yield Call(op, list_verified_sender, {"id": int(wanted)})
        body, raw = self.read(op, SENDER_LIST, response)
        for sender, sender_raw in zip(body["results"], raw["results"], strict=True):
            if str(sender["id"]) == wanted:  # `id=` filters; an answer that did not is checked
                return identity_from_wire(sender, sender_raw)
        raise NotFoundError(
            f"identity {identity_id!r} not found",
            status_code=404,
            body=None,  # emulated, as the find of every emulated get
            provider=self.name,
            operation=op,
            request_method="",  # the runner names the request sent (the filtered list)
            request_url="",
        )

    def find_identity(self, email: str) -> Plan[SenderIdentity | None]:
        wanted = same_address(email)
        pages = self.list_identities(None)
        return self.first(pages, lambda i: same_address(i.email) == wanted)

    def create_identity(
        self, fields: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.create"
        self.missing_options(op, options)
        body: dict[str, Any] = {
            "from_email": fields["email"],
            # SendGrid requires a reply-to; without one, replies go to the sender (inferred).
            "reply_to": fields.get("reply_to_email") or fields["email"],
        }
        for key, unified in (("from_name", "name"), ("reply_to_name", "reply_to_name")):
            if fields.get(unified) is not None:
                body[key] = fields[unified]
        payload = self.request_body(op, wire.VerifiedSenderRequest, body, options)
        response = yield Call(op, create_verified_sender, {"body": payload})
        sender, raw = self.read(op, SENDER, response)
        return identity_from_wire(sender, raw)

    def update_identity(
        self, identity_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.update"
        if "reply_to_email" in changes and changes["reply_to_email"] is None:
            raise InvalidRequestError(
                "a SendGrid sender's reply-to cannot be removed",
                {"reply_to_email": ["SendGrid requires a reply-to address; give a new one"]},
            )
        body: dict[str, Any] = {}
        for key, unified in (
            ("from_name", "name"),
            ("reply_to", "reply_to_email"),
            ("reply_to_name", "reply_to_name"),
        ):
            if unified in changes:
                body[key] = changes[unified] or ""  # "" clears a name: SendGrid has no null
        payload = self.request_body(op, wire.VerifiedSenderUpdateRequest, body, options)
        response = yield Call(op, update_verified_sender, {"id": identity_id, "body": payload})
        sender, raw = self.read(op, SENDER, response)
        return identity_from_wire(sender, raw)

    def delete_identity(self, identity_id: str) -> Plan[None]:
        op = "identities.delete"
        yield Call(op, delete_verified_sender, {"id": identity_id})

    def resend_verification(self, identity_id: str) -> Plan[None]:
        op = "identities.resend_verification"
        yield Call(op, resend_verified_sender, {"id": identity_id})

    # domains

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda offset: self._domain_page(offset, size, None), 0)

    def _domain_page(
        self, offset: int, size: int, search: str | None
    ) -> Plan[Fetched[EmailDomain, int]]:
        op = "domains.list" if search is None else "domains.find"
        # The account's own domains: a parent's list holds its subusers' too, which are theirs
        # to manage (on_behalf_of reaches them); a find or an ensure must not pick one.
        kwargs: dict[str, Any] = {"limit": size, "offset": offset, "exclude_subusers": True}
        if search is not None:
            kwargs["domain"] = search
        response = yield Call(op, list_authenticated_domain, kwargs)
        body, raw = self.read(op, DOMAIN_LIST, response)
        items = [domain_from_wire(d, r) for d, r in zip(body, raw, strict=True)]
        more = len(items) >= size
        return Fetched(items, frozenset(d.id for d in items), offset + len(items) if more else None)

    def find_domain(self, name: str) -> Plan[EmailDomain | None]:
        """SendGrid's list searches by domain (``domain=``): the exact name is picked from what
        it finds, so a search that matches more (``mail.example.com``) finds only the one."""
        wanted = same_domain(name)
        pages = self.paginate(lambda offset: self._domain_page(offset, PAGE_SIZE, wanted), 0)
        return self.first(pages, lambda d: same_domain(d.name) == wanted)

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self._fetch("domains.get", domain_id)

    def _fetch(self, op: str, domain_id: str) -> Plan[EmailDomain]:
        response = yield Call(op, get_authenticated_domain, {"domain_id": domain_id})
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del description  # SendGrid takes none: the client refuses it before planning
        op = "domains.create"
        payload = self.request_body(
            op, wire.AuthenticateDomainRequest, {"domain": name.lower()}, options
        )
        response = yield Call(op, authenticate_domain, {"body": payload})
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del changes  # no description here: the client refuses it before planning
        op = "domains.update"
        payload = self.request_body(op, wire.UpdateAuthenticatedDomainRequest, {}, options)
        kwargs = {"domain_id": domain_id, "body": payload}
        response = yield Call(op, update_authenticated_domain, kwargs)
        domain, raw = self.read(op, DOMAIN, response)
        return domain_from_wire(domain, raw)

    def delete_domain(self, domain_id: str) -> Plan[None]:
        op = "domains.delete"
        yield Call(op, delete_authenticated_domain, {"domain_id": domain_id})

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self.reverify_domain(domain_id, None)

    def reverify_domain(self, domain_id: str, last: EmailDomain | None) -> Plan[EmailDomain]:
        # validate answers the flags, not the domain: fetched unless none of them moved.
        op = "domains.verify"
        response = yield Call(op, validate_authenticated_domain, {"id": domain_id})
        validation, _ = self.read(op, VALIDATION, response)
        if last is not None and unchanged_since(last, validation):
            return last
        return (yield from self._fetch(op, domain_id))

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        domain = yield from self._fetch("domains.dns_records", domain_id)
        return domain.dns_records or []
