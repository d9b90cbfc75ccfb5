"""A SendGrid simulator: authenticated domains and verified senders as Twilio's specs describe them.

Domains are offset-paged (``limit``/``offset``; ``domain=`` searches), senders cursor-paged
(``limit``/``lastSeenID``, ascending ids; ``id=`` filters); errors are ``{"errors": [{"field",
"message"}]}``; a 429 carries ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (Unix time).
A new domain's ``dns`` holds a CNAME return path and two DKIM CNAMEs (automatic security) or an MX,
an SPF TXT and a DKIM TXT (``automatic_security: false``), all ``valid: false`` until
``mark_domain``; ``validate`` answers per record and changes nothing. A new sender is unverified
until ``mark_identity`` (its owner clicking the link). Each ``on-behalf-of`` value is a subuser
with its own domains and senders (and the domains the parent made for it with ``username``);
without the header, the parent account, which lists its subusers' domains too unless
``exclude_subusers=true``.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import httpx

from sendfrom._ratelimit import RateLimit
from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.sendgrid.mappers import dns_records_from_wire
from sendfrom.testing._core import SimRequest, SimulatedHTTPError, Simulator, route
from sendfrom.testing._throttle import Throttle
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

_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENDER_LIMITS = {"nickname": 100, "from_email": 256, "from_name": 256, "reply_to": 256,
                  "reply_to_name": 256, "address": 100, "address2": 100, "state": 2,
                  "city": 150, "zip": 10, "country": 100}  # fmt: skip
_SENDER_REQUIRED = ("nickname", "from_email", "reply_to", "address", "city", "country")
_DOMAIN_FLAGS = ("custom_spf", "default", "automatic_security")
_OWNER = "_owner"  # which account (on-behalf-of value) an object belongs to; never answered


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != _OWNER}


class SendGridSimulator(Simulator):
    """SendGrid's ``/v3/whitelabel/domains`` and ``/v3/verified_senders`` (a parent account and
    its subusers)."""

    provider: ClassVar[str] = "sendgrid"
    base_url: ClassVar[str] = "https://api.sendgrid.com"
    invalid_status: ClassVar[int] = 400

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.domains: dict[int, dict[str, Any]] = {}
        self.senders: dict[int, dict[str, Any]] = {}
        self.user_id = 1_000_000 + self._random.randrange(9_000_000)
        self._next_domain = 100_000 + self._random.randrange(900_000)
        self._next_sender = 1_000 + self._random.randrange(9_000)

    # ---- wire helpers

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        errors: list[dict[str, str | None]] = [
            {"field": f, "message": m} for f, ms in (fields or {}).items() for m in ms
        ]
        errors = errors or [{"field": None, "message": message}]
        for error in errors:  # the Verified Senders file requires an error_id on each
            error["error_id"] = self.token(12)
        return self.json(status, {"errors": errors})

    def unauthorized(self, request: httpx.Request) -> httpx.Response:
        """SendGrid's 401s, as reported from real traffic: "authorization required" without a
        key, "Permission denied, wrong credentials" with a wrong one (sendgrid-php #824)."""
        if not self.given_key(request):
            return self.error(401, "authorization required")
        return self.error(401, "Permission denied, wrong credentials")

    def throttled(self, throttle: Throttle) -> httpx.Response:
        headers = self.rate_limit_headers(throttle.limit, 0, throttle.retry_after())
        body = {"errors": [{"field": None, "message": "too many requests"}]}
        return self.json(429, body, headers)

    def rate_limit_headers(
        self, limit: RateLimit, left: int, wait: float | None = None
    ) -> dict[str, str]:
        reset = self.now().timestamp() + (limit.per if wait is None else max(1.0, wait))
        return {
            "X-RateLimit-Limit": str(limit.requests),
            "X-RateLimit-Remaining": str(left),
            "X-RateLimit-Reset": str(math.ceil(reset)),
        }

    @staticmethod
    def _no_content() -> httpx.Response:
        return httpx.Response(204)

    @staticmethod
    def _owner(request: SimRequest) -> str:
        return str(request.http.headers.get("on-behalf-of", ""))

    @staticmethod
    def _number(request: SimRequest, name: str) -> int:
        text = request.params[name]
        if not (text.isascii() and text.isdigit()):
            # no object has such an id: the route's 404 (a 400 is not among its answers)
            raise SimulatedHTTPError(404, "resource not found", {name: ["resource not found"]})
        return int(text)

    # ---- domains

    def _sees(self, request: SimRequest, domain: dict[str, Any]) -> bool:
        """A subuser sees its own domains and those the parent made for it (``username``, which
        "the subuser is able to see and modify": upstream); the parent sees every domain."""
        owner = self._owner(request)
        return not owner or owner in (domain[_OWNER], domain["username"])

    def _domain(self, request: SimRequest, name: str = "domain_id") -> dict[str, Any]:
        found = self.domains.get(self._number(request, name))
        if found is None or not self._sees(request, found):
            raise SimulatedHTTPError(404, "authenticated domain not found")
        return found

    def _records(
        self, domain: str, subdomain: str, automatic: bool, selector: str | None, custom_spf: bool
    ) -> dict[str, Any]:
        host = f"{subdomain}.{domain}"
        user = f"u{self.user_id}.wl.sendgrid.net"
        if automatic:
            s1, s2 = (f"{selector}", f"{selector}2") if selector else ("s1", "s2")
            return {
                "mail_cname": {"valid": False, "type": "cname", "host": host, "data": user},
                "dkim1": {"valid": False, "type": "cname", "host": f"{s1}._domainkey.{domain}",
                          "data": f"{s1}.domainkey.{user}"},
                "dkim2": {"valid": False, "type": "cname", "host": f"{s2}._domainkey.{domain}",
                          "data": f"{s2}.domainkey.{user}"},
            }  # fmt: skip
        key = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ" + self.token(172, _BASE64)
        dkim_host = f"{selector or 'm1'}._domainkey.{domain}"
        records = {
            "mail_server": {"valid": False, "type": "mx", "host": host, "data": "mx.sendgrid.net"},
            "subdomain_spf": {"valid": False, "type": "txt", "host": host,
                              "data": "v=spf1 include:sendgrid.net ~all"},
        }  # fmt: skip
        if custom_spf:  # upstream's AuthenticatedDomainSpf: the root domain's SPF too
            records["domain_spf"] = {"valid": False, "type": "txt", "host": domain,
                                     "data": f"v=spf1 include:{host} -all"}  # fmt: skip
        records["dkim"] = {"valid": False, "type": "txt", "host": dkim_host,
                           "data": f"k=rsa; t=s; p={key}"}  # fmt: skip
        return records

    @staticmethod
    def _check_domain_body(body: dict[str, Any]) -> None:
        problems: dict[str, list[str]] = {}
        for key in _DOMAIN_FLAGS:
            if key in body and not isinstance(body[key], bool):
                problems[key] = [f"{key} must be a boolean"]
        for key in ("subdomain", "username", "custom_dkim_selector"):
            if key in body and not isinstance(body[key], str):
                problems[key] = [f"{key} must be a string"]
        if "region" in body and body["region"] not in ("global", "eu"):
            problems["region"] = ["region must be global or eu"]
        if problems:
            raise SimulatedHTTPError(400, "invalid request", problems)

    @route(list_authenticated_domain)
    def list_domains(self, request: SimRequest) -> httpx.Response:
        limit = request.int_query("limit", 50, 1, 500)
        offset = request.int_query("offset", 0, 0)
        search = (request.query.get("domain") or "").lower()
        username = request.query.get("username")
        # The parent's list holds its subusers' domains too, unless exclude_subusers=true
        exclude = str(request.query.get("exclude_subusers", "")).lower() == "true"
        mine = [
            _public(d)
            for d in self.domains.values()
            if self._sees(request, d)
            and search in d["domain"]
            and (username is None or d["username"] == username)
            and not (exclude and not self._owner(request) and d["username"] != "parent")
        ]
        return self.json(200, mine[offset : offset + limit])

    @route(authenticate_domain)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        name = body.get("domain")
        if not isinstance(name, str) or "." not in name.strip(".") or " " in name:
            raise SimulatedHTTPError(400, "invalid domain", {"domain": ["invalid domain"]})
        self._check_domain_body(body)
        name = name.lower().rstrip(".")
        subdomain = body.get("subdomain") or f"em{self._random.randrange(1000, 10000)}"
        owner = self._owner(request)
        for other in self.domains.values():
            if other[_OWNER] == owner and (other["domain"], other["subdomain"]) == (
                name,
                subdomain,
            ):
                message = "A domain with this subdomain and domain already exists"
                raise SimulatedHTTPError(400, message, {"domain": [message]})
        automatic = body.get("automatic_security", True)
        domain_id = self._next_domain
        self._next_domain += 1
        self.domains[domain_id] = {
            "id": domain_id,
            "user_id": self.user_id,
            "subdomain": subdomain,
            "domain": name,
            "username": body.get("username") or owner or "parent",
            "ips": list(body.get("ips", [])),
            "custom_spf": body.get("custom_spf", False),
            "default": body.get("default", False),
            "legacy": False,
            "automatic_security": automatic,
            "valid": False,
            "dns": self._records(
                name,
                subdomain,
                automatic,
                body.get("custom_dkim_selector"),
                custom_spf=bool(body.get("custom_spf")) and not automatic,
            ),
            _OWNER: owner,
        }
        return self.json(201, _public(self.domains[domain_id]))

    @route(get_authenticated_domain)
    def get_domain(self, request: SimRequest) -> httpx.Response:
        return self.json(200, _public(self._domain(request)))

    @route(update_authenticated_domain)
    def update_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = request.json()
        self._check_domain_body(body)
        for key in ("default", "custom_spf"):
            if key in body:
                domain[key] = body[key]
        if not domain["automatic_security"]:  # custom_spf adds (or drops) the root domain's SPF
            root = f"v=spf1 include:{domain['subdomain']}.{domain['domain']} -all"
            spf = {"valid": False, "type": "txt", "host": domain["domain"], "data": root}
            dns = {k: v for k, v in domain["dns"].items() if k != "domain_spf"}
            kept = domain["dns"].get("domain_spf", spf)
            domain["dns"] = {**dns, "domain_spf": kept} if domain["custom_spf"] else dns
        return self.json(200, _public(domain))

    @route(delete_authenticated_domain)
    def delete_domain(self, request: SimRequest) -> httpx.Response:
        del self.domains[self._domain(request)["id"]]
        return self._no_content()

    @route(validate_authenticated_domain)
    def validate_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request, "id")
        domain["last_validation_attempt_at"] = int(self.now().timestamp())
        self.check_domain_dns(str(domain["id"]))
        results = {
            key: {
                "valid": record["valid"],
                "reason": None
                if record["valid"]
                else f'Expected {record["type"].upper()} record for "{record["host"]}" to '
                f'match "{record["data"]}".',
            }
            for key, record in domain["dns"].items()
        }
        return self.json(
            200, {"id": domain["id"], "valid": domain["valid"], "validation_results": results}
        )

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        domain = self.domains.get(int(domain_id)) if domain_id.isdigit() else None
        if domain is None:
            return super().domain_records(domain_id)
        return dns_records_from_wire(domain["dns"])

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(int(domain_id)) if domain_id.isdigit() else None
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        valid = status is VerificationStatus.VERIFIED
        domain["valid"] = valid
        for record in domain["dns"].values():
            record["valid"] = valid

    # ---- verified senders

    def _sender(self, request: SimRequest) -> dict[str, Any]:
        found = self.senders.get(self._number(request, "id"))
        if found is None or found[_OWNER] != self._owner(request):
            raise SimulatedHTTPError(404, "resource not found", {"id": ["resource not found"]})
        return found

    @staticmethod
    def _check_sender_body(body: dict[str, Any], required: tuple[str, ...]) -> None:
        problems: dict[str, list[str]] = {}
        for key in required:
            if not body.get(key):
                problems[key] = [f"{key} is required"]
        for key, longest in _SENDER_LIMITS.items():
            value = body.get(key)
            if key in body and not isinstance(value, str):
                problems[key] = [f"{key} must be a string"]
            elif isinstance(value, str) and len(value) > longest:
                problems[key] = [f"{key} must be at most {longest} characters"]
        for key in ("from_email", "reply_to"):
            value = body.get(key)
            if isinstance(value, str) and value and "@" not in value:
                problems[key] = [f"{key} must be an email address"]
        if problems:
            raise SimulatedHTTPError(400, "invalid request", problems)

    @route(list_verified_sender)
    def list_senders(self, request: SimRequest) -> httpx.Response:
        # `limit` and `lastSeenID` are numbers in the spec (a 400 is not among its answers):
        # any number is taken, truncated and held to the range.
        limit = min(500, max(1, self._number_query(request, "limit", 100)))
        after = max(0, self._number_query(request, "lastSeenID", 0))
        only = self._number_query(request, "id", 0) if "id" in request.query else None
        owner = self._owner(request)
        mine = [
            _public(s)
            for i, s in sorted(self.senders.items())
            if s[_OWNER] == owner and i > after and (only is None or i == only)
        ]
        return self.json(200, {"results": mine[:limit]})

    @staticmethod
    def _number_query(request: SimRequest, name: str, default: int) -> int:
        raw = request.query.get(name)
        if raw is None:
            return default
        try:
            return int(float(raw))
        except (ValueError, OverflowError):
            message = f"{name} must be a number"
            raise SimulatedHTTPError(400, message, {name: [message]}) from None

    @route(create_verified_sender)
    def create_sender(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        self._check_sender_body(body, _SENDER_REQUIRED)
        owner = self._owner(request)
        email = body["from_email"].lower()
        if any(
            s[_OWNER] == owner and s["from_email"].lower() == email for s in self.senders.values()
        ):
            message = "already exists"
            raise SimulatedHTTPError(400, message, {"from_email": [message]})
        sender_id = self._next_sender
        self._next_sender += 1
        sender = {"id": sender_id, **{k: body.get(k, "") for k in _SENDER_LIMITS}}
        sender.update(verified=False, locked=False)
        sender[_OWNER] = owner
        self.senders[sender_id] = sender
        return self.json(201, _public(sender))

    @route(update_verified_sender)
    def update_sender(self, request: SimRequest) -> httpx.Response:
        sender = self._sender(request)
        body = request.json()
        self._check_sender_body(body, ())
        for key in _SENDER_LIMITS:
            if key in body:
                sender[key] = body[key]
        if "from_email" in body:
            sender["verified"] = False  # a new address is verified anew
        return self.json(200, _public(sender))

    @route(delete_verified_sender)
    def delete_sender(self, request: SimRequest) -> httpx.Response:
        del self.senders[self._sender(request)["id"]]
        return self._no_content()

    @route(resend_verified_sender)
    def resend_sender(self, request: SimRequest) -> httpx.Response:
        self._sender(request)  # a 404 for another account's or a deleted sender
        return self._no_content()

    def _set_identity_status(self, identity_id: str, status: VerificationStatus) -> None:
        sender = self.senders.get(int(identity_id)) if identity_id.isdigit() else None
        if sender is None:
            super()._set_identity_status(identity_id, status)
            return
        sender["verified"] = status is VerificationStatus.VERIFIED
