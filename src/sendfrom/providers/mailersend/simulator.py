"""A MailerSend simulator: ``/v1`` identities and domains as the recorded traffic shows them.

Laravel envelopes (``{"data": ...}``), length-aware pagination (``page``, ``limit`` 10..100, else
422), 201 on create, 204 ``text/html`` on delete, ``{"message"}`` errors and Laravel validation
errors with "(and N more errors)". Identities and domains start unverified.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any, ClassVar, cast
from urllib.parse import urlencode

import httpx

from sendfrom._ratelimit import RateLimit
from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.mailersend._payloads import (
    DEFAULT_SETTINGS,
    dns_records,
    required_errors,
    window,
)
from sendfrom.providers.mailersend.mappers import dns_records_from_wire
from sendfrom.testing._core import SimRequest, SimulatedHTTPError, Simulator, route
from sendfrom.testing._throttle import Throttle
from sendfrom.testing._wire import paginate
from sendfrom_generated.mailersend import readers
from sendfrom_generated.mailersend.api.api_quota import (
    get_api_quota,
)
from sendfrom_generated.mailersend.api.domains import (
    create_domain,
    delete_domain,
    get_domain,
    get_domain_dns_records,
    list_domain_recipients,
    list_domains,
    update_domain_settings,
    verify_domain,
)
from sendfrom_generated.mailersend.api.identities import (
    create_identity,
    delete_identity,
    delete_identity_by_email,
    get_identity,
    get_identity_by_email,
    list_identities,
    resend_identity_verification,
    update_identity,
    update_identity_by_email,
)

_CHECKS = ("dkim", "spf", "mx", "tracking")
_THROTTLED = "You cannot create a resource at the moment. Please wait a while before retrying."
_MAX_LENGTH = 191


class MailerSendSimulator(Simulator):
    """MailerSend's ``/v1/identities`` and ``/v1/domains``."""

    provider: ClassVar[str] = "mailersend"
    base_url: ClassVar[str] = "https://api.mailersend.com/v1"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.identities: dict[str, dict[str, Any]] = {}
        self.domains: dict[str, dict[str, Any]] = {}

    # ---- wire helpers

    def _stamp(self) -> str:
        return self.now().strftime("%Y-%m-%dT%H:%M:%S.000000Z")

    def _new_id(self) -> str:
        return self.token(16)

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        if status == 422 or fields:
            fields = fields or {"request": [message]}
            messages = [m for values in fields.values() for m in values]
            first, more = messages[0], len(messages) - 1
            if more:
                first += f" (and {more} more error{'s' if more > 1 else ''})"
            return self.json(status, {"message": first, "errors": fields})
        return self.json(status, {"message": message})

    def throttled(self, throttle: Throttle) -> httpx.Response:
        """MailerSend's 429: its recorded throttle message, the X-RateLimit headers and no
        ``Retry-After`` (a recorded 429 carried none)."""
        headers = self.rate_limit_headers(throttle.limit, 0)
        return self.json(429, {"message": _THROTTLED}, headers)

    def rate_limit_headers(self, limit: RateLimit, left: int) -> dict[str, str]:
        """``X-RateLimit-Limit``/``-Remaining``, as recorded on MailerSend's answers."""
        return {"X-RateLimit-Limit": str(limit.requests), "X-RateLimit-Remaining": str(left)}

    def _not_found(self) -> SimulatedHTTPError:
        return SimulatedHTTPError(404, "Resource not found.")

    def _page(self, request: SimRequest, resource: str, items: list[Any]) -> httpx.Response:
        page = request.int_query("page", 1, 1)
        limit = request.int_query("limit", 25, 10, 100)
        data = list(paginate(items, page, limit))
        last = max(1, -(-len(items) // limit))
        path = f"{request.base_url}/{resource}"  # never the real API's: links lead back here

        def link(number: int) -> str:
            return f"{path}?{urlencode({'page': number})}"

        first_index = (page - 1) * limit + 1
        meta = {
            "current_page": page,
            "from": first_index if data else None,
            "last_page": last,
            "links": [
                {"url": link(page - 1) if page > 1 else None, "label": "&laquo; Previous",
                 "active": False},
                *({"url": link(n) if n else None, "label": str(n) if n else "...",
                   "active": n == page} for n in window(page, last)),
                {"url": link(page + 1) if page < last else None, "label": "Next &raquo;",
                 "active": False},
            ],
            "path": path,
            "per_page": limit,
            "to": first_index + len(data) - 1 if data else None,
            "total": len(items),
        }  # fmt: skip
        links = {
            "first": link(1),
            "last": link(last),
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < last else None,
        }
        return self.json(200, {"data": data, "links": links, "meta": meta})

    # ---- identities

    def _identity(self, request: SimRequest) -> dict[str, Any]:
        key = request.params.get("identity_id")
        if key is not None:
            found = self.identities.get(key)
        else:
            email = request.params["email"].lower()
            found = next((i for i in self.identities.values() if i["email"] == email), None)
        if found is None:
            raise self._not_found()
        return found

    def _check_identity_fields(self, body: dict[str, Any], errors: dict[str, list[str]]) -> None:
        if "name" in body and body["name"] is None:
            errors.setdefault("name", []).append("The name field must be a string.")
        for name in ("email", "name", "reply_to_email"):
            value = body.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > _MAX_LENGTH):
                errors.setdefault(name, []).append(
                    f"The {name.replace('_', ' ')} must not be greater than {_MAX_LENGTH} "
                    "characters."
                )
        for name in ("email", "reply_to_email"):
            value = body.get(name)
            if isinstance(value, str) and "@" not in value:
                errors.setdefault(name, []).append(
                    f"The {name.replace('_', ' ')} must be a valid email address."
                )
        note = body.get("personal_note")
        if note is not None and (not isinstance(note, str) or len(note) > 250):
            errors.setdefault("personal_note", []).append(
                "The personal note must not be greater than 250 characters."
            )

    @route(list_identities)
    def list_identities(self, request: SimRequest) -> httpx.Response:
        items = list(self.identities.values())
        domain_id = request.query.get("domain_id")
        if domain_id:
            items = [i for i in items if i["domain"]["id"] == domain_id]
        return self._page(request, "identities", items)

    @route(create_identity)
    def create_identity(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        errors = required_errors(body, "domain_id", "email", "name")
        self._check_identity_fields(body, errors)
        domain = self.domains.get(str(body.get("domain_id")))
        if "domain_id" not in errors and domain is None:
            errors["domain_id"] = ["The selected domain id is invalid."]
        email = str(body.get("email") or "").lower()
        if not errors and any(i["email"] == email for i in self.identities.values()):
            errors["email"] = ["The email has already been taken."]
        if not errors and domain and not email.endswith("@" + domain["name"]):
            errors["email"] = ["The email must belong to the selected domain."]
        if errors or domain is None:
            raise SimulatedHTTPError(422, "validation", errors)
        identity = {
            "id": self._new_id(),
            "email": email,
            "name": body["name"],
            "reply_to_email": body.get("reply_to_email"),
            "reply_to_name": body.get("reply_to_name"),
            "is_verified": False,
            "resends": 0,
            "add_note": bool(body.get("add_note", False)),
            "personal_note": body.get("personal_note"),
            "domain": {"id": domain["id"], "name": domain["name"]},
        }
        self.identities[identity["id"]] = identity
        return self.json(201, {"data": identity})

    @route(get_identity)
    @route(get_identity_by_email)
    def get_identity(self, request: SimRequest) -> httpx.Response:
        return self.json(200, {"data": self._identity(request)})

    @route(update_identity)
    @route(update_identity_by_email)
    def update_identity(self, request: SimRequest) -> httpx.Response:
        identity = self._identity(request)
        body = request.json()
        errors: dict[str, list[str]] = {}
        self._check_identity_fields(body, errors)
        if errors:
            raise SimulatedHTTPError(422, "validation", errors)
        fields = ("name", "reply_to_email", "reply_to_name", "add_note", "personal_note")
        identity.update({k: body[k] for k in fields if k in body})
        return self.json(200, {"data": identity})

    @route(delete_identity)
    @route(delete_identity_by_email)
    def delete_identity(self, request: SimRequest) -> httpx.Response:
        del self.identities[self._identity(request)["id"]]
        return httpx.Response(204, headers={"content-type": "text/html; charset=UTF-8"})

    @route(resend_identity_verification)
    def resend_identity_verification(self, request: SimRequest) -> httpx.Response:
        identity = self._identity(request)
        if identity["is_verified"]:
            raise SimulatedHTTPError(422, "The identity is already verified.", {})
        identity["resends"] += 1
        return self.json(200, {"data": identity})

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        if identity_id not in self.identities:
            super()._set_identity_status(identity_id, status)
        # MailerSend reports only a boolean: a failed identity is simply not verified.
        self.identities[identity_id]["is_verified"] = status is VerificationStatus.VERIFIED

    # ---- domains

    def _domain(self, request: SimRequest) -> dict[str, Any]:
        found = self.domains.get(request.params["domain_id"])
        if found is None:
            raise self._not_found()
        return found

    @route(list_domains)
    def list_domains(self, request: SimRequest) -> httpx.Response:
        items = list(self.domains.values())
        verified = request.query.get("verified")
        if verified is not None:
            wanted = verified.lower() in {"1", "true"}
            items = [d for d in items if d["is_verified"] is wanted]
        return self._page(request, "domains", items)

    @route(create_domain)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        errors = required_errors(body, "name")
        name = body.get("name")
        if not errors and (not isinstance(name, str) or "." not in name or " " in name):
            errors["name"] = ["The name format is invalid."]
        elif not errors and any(d["name"] == name for d in self.domains.values()):
            errors["name"] = ["The name has already been taken."]
        if errors:
            raise SimulatedHTTPError(422, "validation", errors)
        settings = copy.deepcopy(DEFAULT_SETTINGS)
        for key in ("return_path_subdomain", "custom_tracking_subdomain",
                    "inbound_routing_subdomain"):  # fmt: skip
            if isinstance(body.get(key), str):
                settings[key] = body[key]
        stamp = self._stamp()
        domain: dict[str, Any] = {
            "id": self._new_id(),
            "name": str(name).lower(),
            "dkim": None,
            "spf": None,
            "mx": None,
            "tracking": None,
            "is_verified": False,
            "is_cname_verified": False,
            "is_dns_active": False,
            "is_cname_active": False,
            "is_tracking_allowed": False,
            "has_not_queued_messages": False,
            "not_queued_messages_count": 0,
            "domain_stats": {"total": 0, "queued": 0, "sent": 0, "rejected": 0, "delivered": 0},
            "domain_settings": settings,
            "created_at": stamp,
            "updated_at": stamp,
        }
        self.domains[domain["id"]] = domain
        # The create response has its own shape (recorded): no stats or timestamps, extra flags.
        created = {
            k: v
            for k, v in domain.items()
            if k not in {"is_cname_verified", "is_cname_active", "is_tracking_allowed",
                         "has_not_queued_messages", "not_queued_messages_count", "domain_stats",
                         "created_at", "updated_at"}
        }  # fmt: skip
        created |= {"is_trial_domain": False, "can": {"manage": True}, "totals": [],
                    "is_dkim_txt": None, "show_dkim_info": False,
                    "is_being_verified": False}  # fmt: skip
        return self.json(201, {"data": created})

    def _full(self, domain: dict[str, Any]) -> dict[str, Any]:
        # GET and list leave out `mx` (only the create response carries it).
        return {k: v for k, v in domain.items() if k != "mx"}

    @route(get_domain)
    def get_domain(self, request: SimRequest) -> httpx.Response:
        return self.json(200, {"data": self._full(self._domain(request))})

    @route(delete_domain)
    def delete_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        del self.domains[domain["id"]]
        for key in [k for k, i in self.identities.items() if i["domain"]["id"] == domain["id"]]:
            del self.identities[key]
        return httpx.Response(204, headers={"content-type": "text/html; charset=UTF-8"})

    @route(update_domain_settings)
    def update_domain_settings(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = request.json()
        settings = domain["domain_settings"]
        errors = {
            key: [f"The {key.replace('_', ' ')} field must be true or false."]
            for key, value in body.items()
            if isinstance(settings.get(key), bool) and not isinstance(value, bool)
        }
        if errors:
            raise SimulatedHTTPError(422, "validation", errors)
        settings.update({k: v for k, v in body.items() if k in settings})
        domain["updated_at"] = self._stamp()
        return self.json(200, {"data": self._full(domain)})

    @route(get_domain_dns_records)
    def get_domain_dns_records(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        return self.json(200, {"data": dns_records(domain)})

    @route(verify_domain)
    def verify_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        self.check_domain_dns(domain["id"])
        # A re-check reads DNS: checks that were never run become false until records appear.
        for check in _CHECKS:
            if domain[check] is None:
                domain[check] = False
        checks = {check: bool(domain[check]) for check in _CHECKS}
        checks |= {"cname": domain["is_cname_verified"], "rp_cname": domain["is_verified"]}
        # MailerSend's message does not follow the checks (recorded); neither does this one.
        return self.json(200, {"message": "The domain is verified.", "data": checks})

    @route(list_domain_recipients)
    def list_domain_recipients(self, request: SimRequest) -> httpx.Response:
        self._domain(request)
        return self._page(request, f"domains/{request.params['domain_id']}/recipients", [])

    @route(get_api_quota)
    def get_api_quota(self, request: SimRequest) -> httpx.Response:
        midnight = self.now().replace(hour=0, minute=0, second=0, microsecond=0)
        reset = midnight + timedelta(days=1)
        body = {"quota": 100000, "remaining": 100000 - len(self.requests),
                "reset": reset.strftime("%Y-%m-%dT%H:%M:%SZ")}  # fmt: skip
        return self.json(200, body)

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        domain = self.domains.get(domain_id)
        if domain is None:
            return super().domain_records(domain_id)
        return dns_records_from_wire(cast("readers.DomainDnsRecords", dns_records(domain)))

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        found = status is VerificationStatus.VERIFIED
        checked = status is not VerificationStatus.PENDING
        for check in ("dkim", "spf"):
            domain[check] = found if checked else None
        domain["is_verified"] = domain["is_dns_active"] = found
        domain["updated_at"] = self._stamp()
