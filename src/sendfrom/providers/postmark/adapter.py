"""Postmark: domains and sender signatures under https://api.postmarkapp.com, from Postmark's own
Account-level API spec (Swagger 2.0, converted in the build).

The key is the Account API token, sent as ``X-Postmark-Account-Token``. Ids are integers on the
wire and strings here. Both lists page with ``count`` (1..500) and ``offset`` and say how many
there are (``TotalCount``). A domain is verified once its DKIM key and its return path are;
``verify`` asks Postmark for both checks (two requests) and the second answer is the fresh domain.
Every API error is a 422 whose ``ErrorCode`` says what it is (``error_class``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sendfrom._engine import Call, Page, Plan
from sendfrom.errors import APIStatusError, ConflictError, InvalidRequestError, NotFoundError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers.base import Adapter, Fetched, Support, same_address, same_domain
from sendfrom.providers.postmark.mappers import (
    DOMAIN,
    DOMAIN_LIST,
    NAME,
    PAGE_SIZE,
    SIGNATURE,
    SIGNATURE_LIST,
    domain_from_wire,
    full_domain_from_wire,
    identity_from_wire,
)
from sendfrom_generated.postmark import models as wire
from sendfrom_generated.postmark.api.domains_api import (
    create_domain,
    delete_domain,
    edit_domain,
    get_domain,
    list_domains,
    request_dkim_verification_for_domain,
    request_return_path_verification_for_domain,
)
from sendfrom_generated.postmark.api.sender_signatures_api import (
    create_sender_signature,
    delete_sender_signature,
    edit_sender_signature,
    get_sender_signature,
    list_sender_signatures,
    resend_sender_signature_confirmation_email,
)

NOT_FOUND_CODES = frozenset({501, 510})
"""ErrorCode 501: sender signature not found; 510: domain not found (Postmark's error codes)."""
CONFLICT_CODES = frozenset({504, 512})
"""ErrorCode 504: "Sender Signature already exists"; 512: the domain already exists (inferred:
Postmark's error-code list; no recording shows it, see specs/README.md)."""


def _domain_of(identity: SenderIdentity) -> str | None:
    return same_domain(identity.domain.name) if identity.domain is not None else None


_NO_DESCRIPTION = "Postmark domains have no description (their ReturnPathDomain: provider_options)"


class PostmarkAdapter(Adapter):
    """The unified API on Postmark's ``/domains`` and ``/senders`` (sender signatures)."""

    name = NAME
    generated = "sendfrom_generated.postmark"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "identities.list": Support.NATIVE,
        "identities.get": Support.NATIVE,
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
        "identities.list": "domain_id: the domain's name (one get), then the list filtered by it",
        "identities.find": "emulated: lists sender signatures and picks the one with that address",
        "domains.verify": "two requests: the DKIM check, then the return-path check",
        "domains.dns_records": "emulated: the DKIM, return-path and SPF fields of the domain",
        "domains.find": "emulated: lists domains and picks the one with that name",
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
        "identities.create": {"reply_to_name": "Postmark sender signatures have no reply-to name"},
        "identities.update": {
            "reply_to_name": "Postmark sender signatures have no reply-to name",
            "is_default": "Postmark sender signatures have no is_default",
            "click_tracking": "Postmark tracks clicks per message stream, not per signature",
            "open_tracking": "Postmark tracks opens per message stream, not per signature",
        },
        "domains.create": {"description": _NO_DESCRIPTION},
        "domains.update": {"description": _NO_DESCRIPTION},
    }
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.create": {
            "FromEmail": "email",
            "Name": "name",
            "ReplyToEmail": "reply_to_email",
        },
        "identities.update": {"Name": "name", "ReplyToEmail": "reply_to_email"},
        "domains.create": {"Name": "name"},
        "domains.update": {},  # no description: the return path is provider_options
    }

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # {"ErrorCode": 510, "Message": "..."}: one message, no per-field errors
        if isinstance(body, dict) and isinstance(body.get("Message"), str) and body["Message"]:
            return body["Message"], {}
        return super().error_details(body)

    def error_class(self, status: int, body: Any) -> type[APIStatusError] | None:
        code = body.get("ErrorCode") if isinstance(body, dict) else None
        if status != 422 or not isinstance(code, int):
            return None
        if code in NOT_FOUND_CODES:
            return NotFoundError
        if code in CONFLICT_CODES:
            return ConflictError
        return None

    @staticmethod
    def _next(offset: int, received: int, total: int) -> int | None:
        """Where the next page starts: after what was received, while TotalCount says more."""
        following = offset + received
        return following if received and following < total else None

    # identities (sender signatures)

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        size = page_size or PAGE_SIZE
        if domain_id is None:
            return self.paginate(lambda offset: self._signature_page(offset, size, None), 0)
        return self._of_domain(domain_id, size)

    def _of_domain(self, domain_id: str, size: int) -> Plan[Page[SenderIdentity]]:
        """The signatures at one domain: its name (one get), then the list filtered by it
        (signatures name their domain, not its id)."""
        domain = yield from self._fetch("identities.list", domain_id)
        name = same_domain(domain.name)
        return (yield from self.paginate(lambda at: self._signature_page(at, size, name), 0))

    def _signature_page(
        self, offset: int, size: int, domain: str | None
    ) -> Plan[Fetched[SenderIdentity, int]]:
        op = "identities.list"
        response = yield Call(op, list_sender_signatures, {"count": size, "offset": offset})
        body, raw = self.read(op, SIGNATURE_LIST, response)
        every = [
            identity_from_wire(s, r)
            for s, r in zip(body["SenderSignatures"], raw["SenderSignatures"], strict=True)
        ]
        items = [i for i in every if domain is None or _domain_of(i) == domain]
        following = self._next(offset, len(every), body["TotalCount"])
        return Fetched(items, frozenset(i.id for i in every), following)

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        return self._signature("identities.get", identity_id)

    def _signature(self, op: str, identity_id: str) -> Plan[SenderIdentity]:
        response = yield Call(op, get_sender_signature, {"signatureid": identity_id})
        signature, raw = self.read(op, SIGNATURE, response)
        return identity_from_wire(signature, raw)

    def find_identity(self, email: str) -> Plan[SenderIdentity | None]:
        wanted = same_address(email)
        pages = self.list_identities(None)
        return self.first(pages, lambda i: same_address(i.email) == wanted)

    def create_identity(
        self, fields: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.create"
        if fields.get("domain_id") is not None:
            # A signature belongs to the domain of its address: domain_id is checked, not sent.
            domain = yield from self._fetch(op, fields["domain_id"])
            if same_domain(domain.name) != same_domain(fields["email"].rpartition("@")[2]):
                message = f"{fields['email']} is not an address at {domain.name}"
                raise InvalidRequestError(message, {"domain_id": [message]})
        # Postmark requires a From name; without one, the address is the name (inferred).
        body: dict[str, Any] = {
            "FromEmail": fields["email"],
            "Name": fields.get("name") or fields["email"],
        }
        if fields.get("reply_to_email") is not None:
            body["ReplyToEmail"] = fields["reply_to_email"]
        payload = self.request_body(op, wire.SenderSignatureCreationModel, body, options)
        response = yield Call(op, create_sender_signature, {"body": payload})
        signature, raw = self.read(op, SIGNATURE, response)
        return identity_from_wire(signature, raw)

    def update_identity(
        self, identity_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.update"
        if "name" in changes and not changes["name"]:
            raise InvalidRequestError(
                "a Postmark sender signature's name cannot be removed",
                {"name": ["Postmark requires a From name; give a new one"]},
            )
        body: dict[str, Any] = {}
        if "name" in changes:
            body["Name"] = changes["name"]
        if "reply_to_email" in changes:
            body["ReplyToEmail"] = changes["reply_to_email"] or ""  # "": none (Postmark's null)
        payload = self.request_body(op, wire.SenderSignatureEditingModel, body, options)
        kwargs = {"signatureid": identity_id, "body": payload}
        response = yield Call(op, edit_sender_signature, kwargs)
        signature, raw = self.read(op, SIGNATURE, response)
        return identity_from_wire(signature, raw)

    def delete_identity(self, identity_id: str) -> Plan[None]:
        op = "identities.delete"
        yield Call(op, delete_sender_signature, {"signatureid": identity_id})

    def resend_verification(self, identity_id: str) -> Plan[None]:
        op = "identities.resend_verification"
        yield Call(op, resend_sender_signature_confirmation_email, {"signatureid": identity_id})

    # domains

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        size = page_size or PAGE_SIZE
        return self.paginate(lambda offset: self._domain_page(offset, size), 0)

    def _domain_page(self, offset: int, size: int) -> Plan[Fetched[EmailDomain, int]]:
        op = "domains.list"
        response = yield Call(op, list_domains, {"count": size, "offset": offset})
        body, raw = self.read(op, DOMAIN_LIST, response)
        items = [
            domain_from_wire(d, r) for d, r in zip(body["Domains"], raw["Domains"], strict=True)
        ]
        following = self._next(offset, len(items), body["TotalCount"])
        return Fetched(items, frozenset(d.id for d in items), following)

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
        response = yield Call(op, get_domain, {"domainid": domain_id})
        domain, raw = self.read(op, DOMAIN, response)
        return full_domain_from_wire(domain, raw)

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del description  # Postmark takes none: the client refuses it before planning
        op = "domains.create"
        payload = self.request_body(op, wire.DomainCreationModel, {"Name": name.lower()}, options)
        response = yield Call(op, create_domain, {"body": payload})
        domain, raw = self.read(op, DOMAIN, response)
        return full_domain_from_wire(domain, raw)

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        del changes  # no description here: the client refuses it before planning
        op = "domains.update"
        payload = self.request_body(op, wire.DomainEditingModel, {}, options)
        response = yield Call(op, edit_domain, {"domainid": domain_id, "body": payload})
        domain, raw = self.read(op, DOMAIN, response)
        return full_domain_from_wire(domain, raw)

    def delete_domain(self, domain_id: str) -> Plan[None]:
        op = "domains.delete"
        yield Call(op, delete_domain, {"domainid": domain_id})

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        op = "domains.verify"
        response = yield Call(op, request_dkim_verification_for_domain, {"domainid": domain_id})
        self.read(op, DOMAIN, response)
        # The return-path check answers the domain as it is after both checks: the fresh state.
        response = yield Call(
            op, request_return_path_verification_for_domain, {"domainid": domain_id}
        )
        domain, raw = self.read(op, DOMAIN, response)
        return full_domain_from_wire(domain, raw)

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        domain = yield from self._fetch("domains.dns_records", domain_id)
        return domain.dns_records or []
