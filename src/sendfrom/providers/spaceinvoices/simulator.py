"""A Space Invoices simulator: the one sender address of the account and of each organization.

The raw key in ``Authorization`` (no "Bearer"), LoopBack 3 error envelopes
``{"error": {statusCode, name, message, ...}}``, the documented ``{}`` answer of the account-level
create, and SES-style status words (``Pending``, ``Success``, ``Failed``): the real words are
undocumented, so these are the inferred ones the spec describes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.spaceinvoices.mappers import dns_records_from_tokens, domain_of
from sendfrom.testing._core import (
    SimRequest,
    SimulatedHTTPError,
    Simulator,
    route,
)
from sendfrom.testing._wire import millisecond_stamp
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

_WORDS = {
    VerificationStatus.PENDING: "Pending",
    VerificationStatus.VERIFIED: "Success",
    VerificationStatus.FAILED: "Failed",
}
_ACCOUNT = ""  # the scope key of the account-level address


class SpaceInvoicesSimulator(Simulator):
    """Space Invoices' ``/v1/email-address`` and ``/v1/organizations/{id}/email-address``."""

    provider: ClassVar[str] = "spaceinvoices"
    base_url: ClassVar[str] = "https://api.spaceinvoices.com/v1"
    auth_prefix: ClassVar[str] = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.account_id = self.token(24, "0123456789abcdef")
        self.addresses: dict[str, dict[str, Any]] = {}
        """The address of each scope: ``""`` for the account, else the organization id."""

    def _authorized(self, request: httpx.Request) -> bool:
        # The key may also come as the `access_token` query parameter (documented).
        token = request.url.params.get("access_token")
        if token and (self._api_key is None or token == self._api_key):
            return True
        return super()._authorized(request)

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        detail: dict[str, Any] = {
            "statusCode": status,
            "name": "ValidationError" if fields else "Error",
            "message": message,
        }
        if fields:
            detail["details"] = {
                "context": "EmailAddress",
                "codes": {k: ["invalid"] for k in fields},
                "messages": fields,
            }
        return self.json(status, {"error": detail})

    def _stamp(self) -> str:
        return millisecond_stamp(self.now())

    @staticmethod
    def _scope(request: SimRequest) -> str:
        return request.params.get("id", _ACCOUNT)

    def _address(self, request: SimRequest) -> dict[str, Any]:
        found = self.addresses.get(self._scope(request))
        if found is None:
            raise SimulatedHTTPError(404, 'Unknown "EmailAddress" id "undefined".')
        return found

    @route(create_email_address)
    @route(create_organization_email_address)
    def create_email_address(self, request: SimRequest) -> httpx.Response:
        email = request.json().get("email")
        scope = self._scope(request)
        if not isinstance(email, str) or "@" not in email or " " in email.strip():
            raise SimulatedHTTPError(
                422,
                "The `EmailAddress` instance is not valid. Details: `email` is invalid.",
                {"email": ["is invalid"]},
            )
        if scope in self.addresses:
            raise SimulatedHTTPError(
                422,
                "The `EmailAddress` instance is not valid. Details: `email` already exists.",
                {"email": ["already exists"]},
            )
        stamp = self._stamp()
        address = {
            "createdAt": stamp,
            "updatedAt": stamp,
            "id": self.token(24, "0123456789abcdef"),
            "email": email.strip().lower(),
            "emailVerificationStatus": "Pending",
            "domainVerificationStatus": "Pending",
            "tokens": [self.token(32) for _ in range(3)],
            "accountId": self.account_id,
            "organizationId": scope or None,
        }
        self.addresses[scope] = address
        # Documented: the account-level create answers `{}`; the organization one, the object.
        return self.json(200, address if scope else {})

    @route(get_email_address)
    @route(get_organization_email_address)
    def get_email_address(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._address(request))

    @route(delete_email_address)
    @route(delete_organization_email_address)
    def delete_email_address(self, request: SimRequest) -> httpx.Response:
        removed = self.addresses.pop(self._scope(request), None)
        return self.json(200, {"count": 1 if removed else 0})

    @route(get_email_address_status)
    @route(get_organization_email_address_status)
    def get_email_address_status(self, request: SimRequest) -> httpx.Response:
        address = self._address(request)
        self.check_domain_dns(domain_of(address["email"]))  # SES checks on its own: seen here
        keys = ("emailVerificationStatus", "domainVerificationStatus")
        return self.json(200, {key: address[key] for key in keys})

    @route(resend_email_address_verification)
    @route(resend_organization_email_address_verification)
    def resend_email_address_verification(self, request: SimRequest) -> httpx.Response:
        address = self._address(request)
        request.json()  # the body is optional, but must be JSON when sent
        if address["emailVerificationStatus"] == "Success":
            raise SimulatedHTTPError(400, "The email address is already verified.")
        return self.json(200, {"success": True})

    def _find(self, key: str) -> dict[str, Any] | None:
        """An address by its id or by its domain name (the unified domain id)."""
        for address in self.addresses.values():
            if key in (address["id"], address["email"].rpartition("@")[2]):
                return address
        return None

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        address = self._find(identity_id)
        if address is None:
            super()._set_identity_status(identity_id, status)
            return
        address["emailVerificationStatus"] = _WORDS.get(status, "Pending")

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        address = self._find(domain_id)
        if address is None:
            return super().domain_records(domain_id)
        return dns_records_from_tokens(domain_of(address["email"]), address["tokens"], None)

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        address = self._find(domain_id)
        if address is None:
            super()._set_domain_status(domain_id, status)
            return
        address["domainVerificationStatus"] = _WORDS.get(status, "Pending")
