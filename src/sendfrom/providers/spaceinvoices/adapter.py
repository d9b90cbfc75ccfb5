"""Space Invoices (v1): the one sender email address of an account or an organization.

The address is the one identity, and its domain is the one domain (id = the domain name). Auth is
the raw token in ``Authorization`` (no "Bearer"). With ``organization_id`` set, the organization's
address is used; without it, the account's. Status words are undocumented and mapped
case-insensitively, anything else is UNKNOWN. Each SES DKIM token ``t`` is the CNAME
``t._domainkey.<domain>`` -> ``t.dkim.amazonses.com``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any, ClassVar, TypeVar, cast

from sendfrom._engine import Call, Page, Plan
from sendfrom._ratelimit import RateLimit
from sendfrom._reading import WireShape
from sendfrom.errors import NotFoundError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers.base import Adapter, Support
from sendfrom.providers.spaceinvoices.mappers import (
    ADDRESS,
    ADDRESS_AS_IDENTITY,
    ADDRESS_STATUS,
    NAME,
    domain_from_wire,
    domain_of,
    identity_from_wire,
)
from sendfrom_generated.spaceinvoices import models as wire
from sendfrom_generated.spaceinvoices import readers
from sendfrom_generated.spaceinvoices.api.email_address import (
    create_email_address,
    create_organization_email_address,
    delete_email_address,
    delete_organization_email_address,
    get_email_address,
    get_email_address_status,
    get_organization_email_address,
    get_organization_email_address_status,
    resend_email_address_verification,
    resend_organization_email_address_verification,
)

A = TypeVar("A", readers.EmailAddress, readers.EmailAddressAsIdentity)
"""How an operation reads the one address: as an identity, or as a domain."""

_ONE_ADDRESS = "Space Invoices has one address per account or organization"
_ONE_PAGE = "Space Invoices lists are one page: the one address (the server's choice)"


# ---- the adapter


class SpaceInvoicesAdapter(Adapter):
    """Maps the unified API onto the account's (or organization's) email address."""

    name = NAME
    generated = "sendfrom_generated.spaceinvoices"
    capabilities: ClassVar[Mapping[str, Support]] = {
        "identities.list": Support.EMULATED,
        "identities.get": Support.EMULATED,
        "identities.create": Support.NATIVE,
        "identities.delete": Support.NATIVE,
        "identities.resend_verification": Support.NATIVE,
        "domains.list": Support.EMULATED,
        "domains.get": Support.EMULATED,
        "domains.verify": Support.NATIVE,
        "domains.dns_records": Support.EMULATED,
        "identities.find": Support.EMULATED,
        "domains.find": Support.EMULATED,
    }
    rate_limit: ClassVar[RateLimit | None] = RateLimit(100, per=1.0)
    """The documented hard limit: 100 requests a second."""
    poll: ClassVar[Mapping[str, str]] = {
        "domains": "domains.verify",
        "identities": "identities.get",
    }
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.create": dict.fromkeys(
            ("name", "domain_id", "reply_to_email", "reply_to_name"),
            "Space Invoices addresses take only an email (the domain is the address's own)",
        ),
        "identities.list": {"page_size": _ONE_PAGE},
        "domains.list": {"page_size": _ONE_PAGE},
    }
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {422: ("already exists",)}
    """An address already there is a 422 LoopBack ``ValidationError`` ("`email` already exists")."""
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {
        "identities.create": {"email": "email"},
    }
    notes: ClassVar[Mapping[str, str]] = {
        "identities.list": "emulated: the one address, if there is one",
        "identities.get": "emulated: the one address, if its id matches",
        "identities.update": "Space Invoices addresses cannot be changed; delete and create",
        "domains.list": "emulated: the one address's domain",
        "domains.get": "emulated: the one address's domain (id = the domain name)",
        "domains.create": _ONE_ADDRESS + "; its domain comes with identities.create",
        "domains.update": _ONE_ADDRESS + "; its domain has no settings",
        "domains.delete": _ONE_ADDRESS + "; identities.delete removes it with its domain",
        "domains.dns_records": "emulated: the CNAMEs of the address's SES DKIM tokens",
        "identities.find": "emulated: the one address, if it is that one",
        "domains.find": "emulated: the one address's domain, if it is that one",
    }

    def __init__(self, settings: Any, package: ModuleType) -> None:
        super().__init__(settings, package)
        org = settings.organization_id
        # The same five operations exist for the account and for one organization.
        self._scope: dict[str, Any] = {"id": org} if org else {}
        self._get = get_organization_email_address if org else get_email_address
        self._create = create_organization_email_address if org else create_email_address
        self._delete = delete_organization_email_address if org else delete_email_address
        self._status = get_organization_email_address_status if org else get_email_address_status
        self._resend = (
            resend_organization_email_address_verification
            if org
            else resend_email_address_verification
        )

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        # LoopBack: {"error": {"statusCode", "message", "details": {"messages": {field: [..]}}}}
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            message = error.get("message") if isinstance(error.get("message"), str) else None
            details = error.get("details")
            messages = details.get("messages") if isinstance(details, dict) else None
            fields = (
                {str(k): [str(m) for m in v] for k, v in messages.items() if isinstance(v, list)}
                if isinstance(messages, dict)
                else {}
            )
            return message, fields
        return super().error_details(body)

    def _address(self, op: str, shape: WireShape[A]) -> Plan[tuple[A, dict[str, Any]] | None]:
        """The one address read as ``shape`` (as an identity, or as a domain), or None when
        there is none (404, or an object with no email)."""
        try:
            response = yield Call(op, self._get, dict(self._scope))
        except NotFoundError:
            return None
        address, raw = self.read(op, shape, response)
        if address.get("id") is None or address.get("email") is None:
            return None
        return address, raw

    def _missing(self, op: str, what: str) -> NotFoundError:
        return NotFoundError(
            f"{what} not found",
            status_code=404,
            body=None,
            provider=NAME,
            operation=op,
            # No request failed: the runner names the last one sent (the read of the address).
            request_method="",
            request_url="",
        )

    # identities

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        del page_size  # one page, the one address: the client refuses it before planning
        found = yield from self._address("identities.list", ADDRESS_AS_IDENTITY)
        if found is None:
            return Page([], None)
        identity = identity_from_wire(*found)
        if domain_id is not None and identity.domain and identity.domain.id != domain_id.lower():
            return Page([], None)
        return Page([identity], None)

    def _identity(self, op: str, identity_id: str) -> Plan[SenderIdentity]:
        found = yield from self._address(op, ADDRESS_AS_IDENTITY)
        if found is None or found[0].get("id") != identity_id:
            raise self._missing(op, f"identity {identity_id!r}")
        return identity_from_wire(*found)

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        return self._identity("identities.get", identity_id)

    def create_identity(
        self, fields: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        op = "identities.create"
        payload = self.request_body(
            op, wire.EmailAddressCreateRequest, {"email": fields["email"]}, options
        )
        response = yield Call(op, self._create, {**self._scope, "body": payload})
        address, raw = self.read(op, ADDRESS_AS_IDENTITY, response)
        if address.get("id") is None or address.get("email") is None:
            # The account-level create is documented to answer `{}`: read the address back.
            found = yield from self._address(op, ADDRESS_AS_IDENTITY)
            if found is None:
                raise self._missing(op, f"the address {fields['email']!r} just created")
            address, raw = found
        return identity_from_wire(address, raw)

    def delete_identity(self, identity_id: str) -> Plan[None]:
        op = "identities.delete"
        yield from self._identity(
            op, identity_id
        )  # never delete an address the caller did not name
        yield Call(op, self._delete, dict(self._scope))

    def resend_verification(self, identity_id: str) -> Plan[None]:
        op = "identities.resend_verification"
        yield from self._identity(op, identity_id)
        yield Call(op, self._resend, {**self._scope, "body": {}})

    # domains

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        del page_size  # one page, the one address: the client refuses it before planning
        found = yield from self._address("domains.list", ADDRESS)
        return Page([domain_from_wire(*found)] if found else [], None)

    def _domain(self, op: str, domain_id: str) -> Plan[tuple[readers.EmailAddress, dict[str, Any]]]:
        found = yield from self._address(op, ADDRESS)
        if found is None or domain_of(found[0].get("email") or "") != domain_id.lower():
            raise self._missing(op, f"domain {domain_id!r}")
        return found

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        found = yield from self._domain("domains.get", domain_id)
        return domain_from_wire(*found)

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        return self.reverify_domain(domain_id, None)

    def reverify_domain(self, domain_id: str, last: EmailDomain | None) -> Plan[EmailDomain]:
        # /status answers the two words only; within a wait the address read at its first poll
        # (its id, email and tokens, which /status cannot change) is reused (specs/README.md).
        op = "domains.verify"
        known = last.raw if last is not None and last.id == domain_id.lower() else None
        if isinstance(known, dict) and isinstance(known.get("email"), str):
            address, raw = cast("readers.EmailAddress", known), known
        else:
            address, raw = yield from self._domain(op, domain_id)
        response = yield Call(op, self._status, dict(self._scope))
        status, _ = self.read(op, ADDRESS_STATUS, response)
        return domain_from_wire(address, raw, status_word=status["domainVerificationStatus"])

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        found = yield from self._domain("domains.dns_records", domain_id)
        return domain_from_wire(*found).dns_records or []
