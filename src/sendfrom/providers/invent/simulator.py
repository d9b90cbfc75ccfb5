"""An Invent simulator: an org's email identities (list, update), domains (create) and contacts
(``simulator_contacts``).

Bare JSON arrays paged by ``page``/``take`` (1..100) with ``pagination-*`` headers, NestJS-style
``{statusCode, message, error}`` errors (inferred, as in the spec). Invent's API has no identity
create, so tests seed identities with ``add_identity`` as if made in Invent's dashboard.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from sendfrom.models import VerificationStatus
from sendfrom.providers.invent.simulator_contacts import InventContacts
from sendfrom.testing._core import (
    SimRequest,
    SimulatedHTTPError,
    Simulator,
    route,
)
from sendfrom.testing._wire import nestjs_error, paginate
from sendfrom_generated.invent.api.domains import (
    create_domain,
)
from sendfrom_generated.invent.api.identities import (
    list_identities,
    update_identity,
)

_WORDS = {
    VerificationStatus.PENDING: "PENDING",
    VerificationStatus.VERIFIED: "VERIFIED",
    VerificationStatus.FAILED: "FAILED",
}
_NAME_MAX = 255


class InventSimulator(Simulator, InventContacts):
    """Invent's ``/orgs/{org_id}/emails/...`` and ``/orgs/{org_id}/contacts/...`` (any org id is
    the simulated org)."""

    provider: ClassVar[str] = "invent"
    invalid_status: ClassVar[int] = 400
    base_url: ClassVar[str] = "https://api.useinvent.com"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.identities: dict[str, dict[str, Any]] = {}
        self.domains: dict[str, dict[str, Any]] = {}
        self.contacts: dict[str, dict[str, Any]] = {}
        self.segments: dict[str, dict[str, Any]] = {}

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        return self.json(status, nestjs_error(status, message, fields))

    def _stamp(self) -> str:
        return self.now().strftime("%Y-%m-%dT%H:%M:%SZ")

    def _new_id(self) -> str:
        return "c" + self.token(24)

    # ---- seeding (Invent's API cannot create identities)

    def add_identity(self, email: str, name: str | None = None) -> dict[str, Any]:
        """Add an identity (and its domain, if new), pending, as Invent's dashboard would."""
        with self._lock:
            domain_name = email.rpartition("@")[2].lower()
            domain = next(
                (d for d in self.domains.values() if d["domain"] == domain_name), None
            ) or self._new_domain(domain_name)
            stamp = self._stamp()
            identity: dict[str, Any] = {
                "id": self._new_id(),
                "email": email.lower(),
                "name": name,
                "status": "PENDING",
                "domain": domain,
                "is_default": not self.identities,
                "click_tracking": False,
                "open_tracking": False,
                "verified_at": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
            self.identities[identity["id"]] = identity
            return identity

    def _new_domain(self, name: str) -> dict[str, Any]:
        stamp = self._stamp()
        domain: dict[str, Any] = {
            "id": self._new_id(),
            "domain": name,
            "dkim_status": "PENDING",
            "dkim_tokens": [
                {"name": f"{token}._domainkey.{name}", "value": f"{token}.dkim.useinvent.com"}
                for token in (self.token(32) for _ in range(3))
            ],
            "verified_at": None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.domains[domain["id"]] = domain
        return domain

    # ---- routes

    @route(list_identities)
    def list_identities(self, request: SimRequest) -> httpx.Response:
        page = request.int_query("page", 1, 1)
        take = request.int_query("take", 10, 1, 100)
        items = list(self.identities.values())
        search = (request.query.get("search") or "").lower()
        if len(search) > 256:
            raise SimulatedHTTPError(400, "search must be shorter than or equal to 256 characters")
        if search:
            items = [
                i for i in items if search in i["email"] or search in (i["name"] or "").lower()
            ]
        headers = {
            "pagination-count": str(len(items)),
            "pagination-page": str(page),
            "pagination-take": str(take),
        }
        return self.json(200, list(paginate(items, page, take)), headers)

    @route(update_identity)
    def update_identity(self, request: SimRequest) -> httpx.Response:
        identity = self.identities.get(request.params["identity_id"])
        if identity is None:
            raise SimulatedHTTPError(404, "Email identity not found")
        body = request.json()
        errors: dict[str, list[str]] = {}
        name = body.get("name")
        if "name" in body and (not isinstance(name, str) or len(name) > _NAME_MAX):
            errors["name"] = [f"name must be a string of at most {_NAME_MAX} characters"]
        for flag in ("is_default", "click_tracking", "open_tracking"):
            if flag in body and not isinstance(body[flag], bool):
                errors[flag] = [f"{flag} must be a boolean value"]
        if errors:
            raise SimulatedHTTPError(400, "Bad Request", errors)
        if body.get("is_default") is True:
            for other in self.identities.values():
                other["is_default"] = False
        fields = ("name", "is_default", "click_tracking", "open_tracking")
        identity.update({k: body[k] for k in fields if k in body})
        identity["updated_at"] = self._stamp()
        return self.json(200, identity)

    @route(create_domain)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        name = request.json().get("domain")
        if not isinstance(name, str) or not 1 <= len(name) <= 512 or "." not in name:
            raise SimulatedHTTPError(
                400, "Bad Request", {"domain": ["domain must be a valid domain"]}
            )
        if any(d["domain"] == name.lower() for d in self.domains.values()):
            raise SimulatedHTTPError(400, "Bad Request", {"domain": ["domain already exists"]})
        return self.json(200, self._new_domain(name.lower()))

    # ---- hooks

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        identity = self.identities.get(identity_id)
        if identity is None:
            super()._set_identity_status(identity_id, status)
            return
        identity["status"] = _WORDS.get(status, "PENDING")
        identity["verified_at"] = self._stamp() if status is VerificationStatus.VERIFIED else None

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        domain["dkim_status"] = _WORDS.get(status, "PENDING")
        domain["verified_at"] = self._stamp() if status is VerificationStatus.VERIFIED else None
