"""A Vortex simulator: an account's email domains (list by ``start`` offset, create, update,
re-check DKIM), every field of the documented ``EmailDomain`` shape, camelCase.

Authentication is ``x-api-key``. Errors are NestJS-style ``{statusCode, message, error}`` (inferred,
as in the spec). Lists come in pages of ``page_size`` (10 by default; the real size is unknown).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

import httpx

from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.vortex.mappers import dns_records_from_wire
from sendfrom.testing._core import (
    SimRequest,
    SimulatedHTTPError,
    Simulator,
    route,
)
from sendfrom.testing._wire import millisecond_stamp, nestjs_error
from sendfrom_generated.vortex import readers
from sendfrom_generated.vortex.api.email_domains import (
    check_domain_dkim_status,
    create_domain,
    list_domains,
    update_domain,
)

_STEPS = ("tokenVerification", "dkim", "spfCheck", "dmarc")


def _status_key(step: str) -> str:
    return {"tokenVerification": "tokenVerificationStatus", "dkim": "dkimStatus",
            "spfCheck": "spfCheckStatus", "dmarc": "dmarcStatus"}[step]  # fmt: skip


def _error_key(step: str) -> str:
    return {"tokenVerification": "tokenVerificationError", "dkim": "dkimError",
            "spfCheck": "spfCheckError", "dmarc": "dmarcError"}[step]  # fmt: skip


class VortexSimulator(Simulator):
    """Vortex's ``/api/v1/accounts/{accountId}/email-domains`` (domains kept per account)."""

    provider: ClassVar[str] = "vortex"
    invalid_status: ClassVar[int] = 400
    base_url: ClassVar[str] = "https://api.vortexsoftware.com"
    auth_header: ClassVar[str] = "x-api-key"
    auth_prefix: ClassVar[str] = ""
    connect_defaults: ClassVar[dict[str, str]] = {"account_id": "sim-account"}

    def __init__(self, *, page_size: int = 10, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_size = page_size
        self.domains: dict[str, dict[str, Any]] = {}
        self.organization_id = self.uuid()
        self.creator_id = self.uuid()

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        return self.json(status, nestjs_error(status, message, fields))

    def _stamp(self) -> str:
        return millisecond_stamp(self.now())

    def _account(self, request: SimRequest) -> list[dict[str, Any]]:
        account = request.params["account_id"]
        return [d for d in self.domains.values() if d["accountId"] == account]

    def _domain(self, request: SimRequest) -> dict[str, Any]:
        found = self.domains.get(request.params["id"])
        if found is None or found["accountId"] != request.params["account_id"]:
            raise SimulatedHTTPError(404, "Email domain not found")
        return found

    @route(list_domains)
    def list_domains(self, request: SimRequest) -> httpx.Response:
        start = request.int_query("start", 0, 0)
        return self.json(200, self._account(request)[start : start + self.page_size])

    @route(create_domain)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        name, description = body.get("domain"), body.get("description")
        if not isinstance(name, str) or "." not in name or " " in name:
            raise SimulatedHTTPError(400, "Bad Request", {"domain": ["domain must be a domain"]})
        if description is not None and not isinstance(description, str):
            raise SimulatedHTTPError(
                400, "Bad Request", {"description": ["description must be a string"]}
            )
        if any(d["domain"] == name.lower() for d in self._account(request)):
            raise SimulatedHTTPError(400, "Bad Request", {"domain": ["domain already exists"]})
        stamp = self._stamp()
        domain: dict[str, Any] = {
            "id": self.uuid(),
            "organizationId": self.organization_id,
            "accountId": request.params["account_id"],
            "creatorId": self.creator_id,
            "createdAt": stamp,
            "modifiedAt": stamp,
            "domain": name.lower(),
            "description": description,
            "verificationToken": f"vortex-verification={self.token(32)}",
            "dkimTokens": {"vortex1": f"v=DKIM1; k=rsa; p={self.token(64)}"},
            "isVerified": False,
            "isDefault": not self._account(request),
            "deactivated": False,
            "attributes": {},
        }
        for step in _STEPS:
            domain[_status_key(step)] = "waiting_for_user"
            domain[_error_key(step)] = {}
            domain[f"{step}Attempts"] = 0
            domain[f"{step}RequestedAt"] = stamp
            domain[f"{step}CompletedAt"] = None
        self.domains[domain["id"]] = domain
        return self.json(201, domain)

    @route(update_domain)
    def update_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = request.json()
        if "description" not in body:
            raise SimulatedHTTPError(
                400, "Bad Request", {"description": ["description must be provided"]}
            )
        if body["description"] is not None and not isinstance(body["description"], str):
            raise SimulatedHTTPError(
                400, "Bad Request", {"description": ["description must be a string"]}
            )
        domain["description"] = body["description"]
        domain["modifiedAt"] = self._stamp()
        return self.json(200, domain)

    @route(check_domain_dkim_status)
    def check_domain_dkim_status(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        stamp = self._stamp()
        domain["dkimAttempts"] += 1
        domain["dkimRequestedAt"] = domain["modifiedAt"] = stamp
        if domain["dkimStatus"] == "waiting_for_user":
            domain["dkimStatus"] = "waiting_for_provider"
        self.check_domain_dns(domain["id"])
        return self.json(200, domain)

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        domain = self.domains.get(domain_id)
        if domain is None:
            return super().domain_records(domain_id)
        return dns_records_from_wire(cast("readers.EmailDomain", domain))

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        word = {VerificationStatus.VERIFIED: "verified",
                VerificationStatus.FAILED: "failed"}.get(status, "waiting_for_user")  # fmt: skip
        stamp = self._stamp()
        for step in _STEPS:
            domain[_status_key(step)] = word
            domain[f"{step}CompletedAt"] = None if word == "waiting_for_user" else stamp
            domain[_error_key(step)] = (
                {"message": "record not found"} if status is VerificationStatus.FAILED else {}
            )
        domain["isVerified"] = status is VerificationStatus.VERIFIED
        domain["modifiedAt"] = stamp
