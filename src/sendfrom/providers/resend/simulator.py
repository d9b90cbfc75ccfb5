"""A Resend simulator: ``/domains`` as Resend's own spec and reference describe it.

Cursor pagination (``limit`` 1..100, ``after``/``before`` = an id, ``has_more``), newest first;
``{statusCode, message, name}`` errors; a 429 with the ``ratelimit-*`` and ``retry-after`` headers
past an enforced limit. A new domain is ``not_started``; ``verify`` starts Resend's asynchronous
check and leaves it ``pending`` (``mark_domain`` plays the check's outcome). Record names are
relative to the zone, as Resend writes them (``send``, ``resend._domainkey.mail``).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import httpx

from sendfrom._ratelimit import RateLimit
from sendfrom.models import DnsRecord, VerificationStatus
from sendfrom.providers.resend.mappers import dns_records_from_wire
from sendfrom.testing._core import SimRequest, SimulatedHTTPError, Simulator, route
from sendfrom.testing._throttle import Throttle
from sendfrom_generated.resend.api.domains import (
    domains_create,
    domains_create_claim,
    domains_get,
    domains_get_claim,
    domains_list,
    domains_remove,
    domains_update,
    domains_verify,
    domains_verify_claim,
)

_REGIONS = ("us-east-1", "eu-west-1", "sa-east-1", "ap-northeast-1")
_NAMES = {400: "validation_error", 401: "missing_api_key", 403: "validation_error",
          404: "not_found", 405: "method_not_allowed", 409: "conflict",
          422: "validation_error", 429: "rate_limit_exceeded",
          500: "application_error"}  # fmt: skip
"""By status (resend.com/docs, errors); a 422 for a missing field is ``missing_required_field``
and a wrong key a 403 ``invalid_api_key`` (see ``error``)."""
_WRONG_KEY = "API key is invalid."
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TLS = ("opportunistic", "enforced")
_SWITCH = ("enabled", "disabled")
_LISTED = ("id", "name", "status", "created_at", "region", "open_tracking", "click_tracking",
           "capabilities")  # fmt: skip
_CREATED = (*_LISTED, "records", "tracking_subdomain")


def _relative(label: str, domain: str) -> str:
    """A record name as Resend writes it: relative to the zone (taken as the last two labels)."""
    below = domain.split(".")[:-2]
    return ".".join([label, *below]) if label else ".".join(below) or "@"


def _one_enabled(capabilities: dict[str, str]) -> dict[str, str]:
    """A domain's capabilities as they will be, refused (400) unless one is enabled (upstream's
    ``DomainCapabilities``: "At least one capability must be enabled")."""
    if "enabled" not in (capabilities.get("sending"), capabilities.get("receiving")):
        message = "At least one capability must be enabled"
        raise SimulatedHTTPError(400, "Invalid request", {"capabilities": [message]})
    return capabilities


class ResendSimulator(Simulator):
    """Resend's ``/domains`` (one team's domains)."""

    provider: ClassVar[str] = "resend"
    base_url: ClassVar[str] = "https://api.resend.com"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.domains: dict[str, dict[str, Any]] = {}
        self.claims: dict[str, dict[str, Any]] = {}
        """Domain claims, by the id of the placeholder domain each creates."""

    # ---- wire helpers

    def error(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> httpx.Response:
        if fields:
            message = "; ".join(m for messages in fields.values() for m in messages)
        name = _NAMES.get(status, "application_error" if status >= 500 else "validation_error")
        if status == 422 and message.startswith("Missing"):
            name = "missing_required_field"
        elif status == 403 and message == _WRONG_KEY:
            name = "invalid_api_key"  # Resend's other 403s are validation errors (a name taken)
        return self.json(status, {"statusCode": status, "message": message, "name": name})

    def unauthorized(self, request: httpx.Request) -> httpx.Response:
        """Resend's errors page: no key is a 401 ``missing_api_key``, a wrong one a 403
        ``invalid_api_key``."""
        if not self.given_key(request):
            return self.error(401, "Missing API key in the authorization header.")
        return self.error(403, _WRONG_KEY)

    def throttled(self, throttle: Throttle) -> httpx.Response:
        wait = max(1, math.ceil(throttle.retry_after()))
        headers = {**self.rate_limit_headers(throttle.limit, 0), "retry-after": str(wait)}
        message = "Too many requests. Please limit the number of requests per second."
        return self.json(
            429, {"statusCode": 429, "message": message, "name": "rate_limit_exceeded"}, headers
        )

    def rate_limit_headers(self, limit: RateLimit, left: int) -> dict[str, str]:
        return {
            "ratelimit-limit": str(limit.requests),
            "ratelimit-remaining": str(left),
            "ratelimit-reset": str(max(1, math.ceil(limit.per))),
        }

    def _stamp(self) -> str:
        # PostgreSQL timestamptz text, as Resend's examples show ("2023-04-26 20:21:26.347412+00")
        return self.now().strftime("%Y-%m-%d %H:%M:%S.%f") + "+00"

    def _domain(self, request: SimRequest) -> dict[str, Any]:
        found = self.domains.get(request.params["domain_id"])
        if found is None:
            raise SimulatedHTTPError(404, "Domain not found")
        return found

    def _records(self, domain: dict[str, Any], return_path: str) -> list[dict[str, Any]]:
        """A new domain's records: SPF (MX and TXT) and DKIM for sending; Receiving (MX) once
        receiving is enabled; Tracking (CNAME) and TrackingCAA once open or click tracking is on
        with a tracking subdomain (the shapes of the resend-python SDK's test fixtures; the
        receiving MX target is inferred: specs/README.md, Resend)."""
        name, region = domain["name"], domain["region"]
        dkim = "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ" + self.token(172, _BASE64)
        spf_host = _relative(return_path, name)
        return [
            {"record": "SPF", "name": spf_host, "type": "MX", "ttl": "Auto",
             "status": "not_started", "value": f"feedback-smtp.{region}.amazonses.com",
             "priority": 10},
            {"record": "SPF", "name": spf_host, "type": "TXT", "ttl": "Auto",
             "status": "not_started", "value": '"v=spf1 include:amazonses.com ~all"'},
            {"record": "DKIM", "name": _relative("resend._domainkey", name), "type": "TXT",
             "ttl": "Auto", "status": "not_started", "value": dkim},
            *self._optional_records(domain),
        ]  # fmt: skip

    @staticmethod
    def _optional_records(domain: dict[str, Any]) -> list[dict[str, Any]]:
        """The records a domain's settings add: receiving, and tracking."""
        records: list[dict[str, Any]] = []
        if domain["capabilities"].get("receiving") == "enabled":
            records.append(
                {"record": "Receiving", "name": _relative("", domain["name"]), "type": "MX",
                 "ttl": "Auto", "status": "not_started",
                 "value": f"inbound-smtp.{domain['region']}.amazonaws.com", "priority": 10}
            )  # fmt: skip
        tracking = domain.get("tracking_subdomain")
        if tracking and (domain["open_tracking"] or domain["click_tracking"]):
            records += [
                {"record": "Tracking", "name": f"{tracking}.{domain['name']}", "type": "CNAME",
                 "ttl": "Auto", "status": "not_started", "value": "links1.resend-dns.com"},
                {"record": "TrackingCAA", "name": "", "type": "CAA", "ttl": "Auto",
                 "status": "not_started", "value": '0 issue "amazon.com"'},
            ]  # fmt: skip
        return records

    def _settings_changed(self, domain: dict[str, Any]) -> None:
        """After an update: the receiving and tracking records follow the settings (the ones
        kept keep their status)."""
        kept = {(r["record"], r["name"], r["value"]): r for r in domain["records"]}
        wanted = self._optional_records(domain)
        sending = [r for r in domain["records"] if r["record"] in ("SPF", "DKIM")]
        domain["records"] = sending + [
            kept.get((r["record"], r["name"], r["value"]), r) for r in wanted
        ]

    @staticmethod
    def _check_options(body: dict[str, Any]) -> None:
        """Resend's validation of the settings a create or an update takes (400 naming each)."""
        problems: dict[str, list[str]] = {}
        for key in ("open_tracking", "click_tracking"):
            if key in body and not isinstance(body[key], bool):
                problems[key] = [f"`{key}` must be a boolean"]
        for key in ("tracking_subdomain", "custom_return_path"):
            if key in body and not (isinstance(body[key], str) and body[key]):
                problems[key] = [f"`{key}` must be a non-empty string"]
        if "tls" in body and body["tls"] not in _TLS:
            problems["tls"] = ["`tls` must be one of opportunistic, enforced"]
        capabilities = body.get("capabilities", {})
        if not isinstance(capabilities, dict) or any(
            capabilities.get(k, "enabled") not in _SWITCH for k in ("sending", "receiving")
        ):
            problems["capabilities"] = ["`capabilities` values must be enabled or disabled"]
        if problems:
            raise SimulatedHTTPError(400, "Invalid request", problems)

    # ---- routes

    @route(domains_list)
    def list_domains(self, request: SimRequest) -> httpx.Response:
        limit = request.int_query("limit", 20, 1, 100)
        ordered = list(reversed(self.domains.values()))  # newest first
        after, before = request.query.get("after"), request.query.get("before")
        if after is not None and before is not None:
            raise SimulatedHTTPError(422, "You can only use `after` or `before`, not both")
        ids = [d["id"] for d in ordered]
        for cursor in (after, before):
            if cursor is not None and cursor not in ids:
                raise SimulatedHTTPError(422, f"The cursor {cursor!r} is not a domain id")
        if after is not None:
            ordered = ordered[ids.index(after) + 1 :]
            page, more = ordered[:limit], len(ordered) > limit
        elif before is not None:
            ordered = ordered[: ids.index(before)]
            page, more = ordered[-limit:], len(ordered) > limit
        else:
            page, more = ordered[:limit], len(ordered) > limit
        data = [{k: d[k] for k in _LISTED} for d in page]
        return self.json(200, {"object": "list", "has_more": more, "data": data})

    @route(domains_create)
    def create_domain(self, request: SimRequest) -> httpx.Response:
        return self.json(201, self._new_domain(request.json()))

    def _new_domain(self, body: dict[str, Any]) -> dict[str, Any]:
        """Check a create's body, add the domain, and answer it as a create does."""
        name = body.get("name")
        if name is None:
            raise SimulatedHTTPError(422, "Missing `name` field.")
        if not isinstance(name, str) or "." not in name.strip(".") or " " in name:
            raise SimulatedHTTPError(400, "Invalid request", {"name": ["`name` is not a domain"]})
        region = body.get("region", "us-east-1")
        if region not in _REGIONS:
            raise SimulatedHTTPError(400, "Invalid request", {"region": ["unknown `region`"]})
        self._check_options(body)
        name = name.lower()
        if any(d["name"] == name for d in self.domains.values()):
            raise SimulatedHTTPError(403, f"The {name} domain has been registered already.")
        capabilities = _one_enabled(
            {"sending": "enabled", "receiving": "disabled", **body.get("capabilities", {})}
        )
        domain: dict[str, Any] = {
            "object": "domain",
            "id": self.uuid(),
            "name": name,
            "status": "not_started",
            "created_at": self._stamp(),
            "region": region,
            "open_tracking": body.get("open_tracking", False),
            "click_tracking": body.get("click_tracking", False),
            "capabilities": capabilities,
            "tls": body.get("tls", "opportunistic"),
        }
        if "tracking_subdomain" in body:
            domain["tracking_subdomain"] = body["tracking_subdomain"]
        domain["records"] = self._records(domain, body.get("custom_return_path", "send"))
        self.domains[domain["id"]] = domain
        return {k: domain[k] for k in _CREATED if k in domain}

    @route(domains_get)
    def get_domain(self, request: SimRequest) -> httpx.Response:
        # ``tls`` is a setting Resend takes and its spec's Domain does not show: kept, not shown
        return self.json(200, {k: v for k, v in self._domain(request).items() if k != "tls"})

    @route(domains_update)
    def update_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        body = request.json()
        self._check_options(body)
        for key in ("open_tracking", "click_tracking", "tracking_subdomain", "tls"):
            if key in body:
                domain[key] = body[key]
        domain["capabilities"] = _one_enabled(
            {**domain["capabilities"], **body.get("capabilities", {})}
        )
        self._settings_changed(domain)
        return self.json(200, {"id": domain["id"], "object": "domain"})

    @route(domains_remove)
    def remove_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        del self.domains[domain["id"]]
        return self.json(200, {"object": "domain", "id": domain["id"], "deleted": True})

    @route(domains_verify)
    def verify_domain(self, request: SimRequest) -> httpx.Response:
        domain = self._domain(request)
        # The asynchronous check starts; a check that has ended (``mark_domain``: verified or
        # failed) keeps its outcome, so that a test can see it through ``verify``.
        if domain["status"] == "not_started":
            domain["status"] = "pending"
            for record in domain["records"]:
                if record["status"] != "verified":
                    record["status"] = "pending"
        self.check_domain_dns(domain["id"])
        return self.json(200, {"object": "domain", "id": domain["id"]})

    # ---- domain claims (inferred beyond the spec: see specs/README.md, Resend)

    @route(domains_create_claim)
    def create_claim(self, request: SimRequest) -> httpx.Response:
        body = request.json()
        name = body.get("name")
        if isinstance(name, str):
            for claim in self.claims.values():
                if claim["name"] == name.lower() and claim["status"] == "pending":
                    return self.json(200, claim)  # an identical pending claim, unchanged
        placeholder = self._new_domain(body)
        stamp = self._stamp()
        claim = {
            "object": "domain_claim",
            "id": self.uuid(),
            "name": placeholder["name"],
            "status": "pending",
            "domain_id": placeholder["id"],
            "region": placeholder["region"],
            "record": {"type": "TXT", "name": placeholder["name"], "ttl": "Auto",
                       "value": f"resend-domain-verification={self.token(32)}"},
            "blocked_reason": None,
            "failure_reason": None,
            "created_at": stamp,
            "expires_at": stamp,
        }  # fmt: skip
        self.claims[placeholder["id"]] = claim
        return self.json(201, claim)

    def _claim(self, request: SimRequest) -> dict[str, Any]:
        found = self.claims.get(request.params["domain_id"])
        if found is None:
            raise SimulatedHTTPError(404, "Domain claim not found")
        return found

    @route(domains_get_claim)
    def get_claim(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._claim(request))

    @route(domains_verify_claim)
    def verify_claim(self, request: SimRequest) -> httpx.Response:
        return self.json(200, self._claim(request))  # asynchronous: still pending

    def domain_records(self, domain_id: str) -> list[DnsRecord]:
        domain = self.domains.get(domain_id)
        if domain is None:
            return super().domain_records(domain_id)
        return dns_records_from_wire(domain["records"], domain["name"])

    def _set_domain_status(self, domain_id: str, status: VerificationStatus) -> None:
        domain = self.domains.get(domain_id)
        if domain is None:
            super()._set_domain_status(domain_id, status)
            return
        word = {VerificationStatus.VERIFIED: "verified",
                VerificationStatus.FAILED: "failed"}.get(status, "pending")  # fmt: skip
        domain["status"] = word
        for record in domain["records"]:
            record["status"] = word
