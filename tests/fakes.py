"""Canned provider servers for ``httpx.MockTransport``, built from the recorded and documented
payloads in specs/evidence/ (ids rewritten where a test needs several distinct objects).

One double per registered provider (``FAKES``, filled by ``@double``). Where a double lists many
objects in the provider's own paging, the provider's simulator serves that route, seeded with the
payloads: paging is implemented once, in the simulators."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from sendfrom.testing import simulator
from speclib import PROVIDERS_DIR, load_payload

Handler = Callable[[httpx.Request], httpx.Response]
FAKES: dict[str, Callable[[], Fake]] = {}
"""The double of each provider, by name (``FAKES[provider]()`` builds a fresh one)."""
SCOPE: dict[str, dict[str, str]] = {"vortex": {"account_id": "acc-1"}}
"""The scope settings a client of a double needs."""


def double(build: Callable[[], Fake]) -> Callable[[], Fake]:
    """Register ``build`` as the double of the provider it is named after."""
    FAKES[build.__name__] = build
    return build


def _raw(provider: str, name: str) -> bytes:
    return (PROVIDERS_DIR / provider / name).read_bytes()


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers or {})


class Fake:
    """A provider double: routes requests to canned responses and keeps every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(f"^{pattern}$"), handler))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for method, pattern, handler in self.routes:
            if request.method == method and pattern.match(request.url.path):
                return handler(request)
        return _json(404, {"message": f"no fake route for {request.method} {request.url.path}"})

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)

    def sync_client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle_async))


def _copies(one: dict[str, Any], prefix: str, count: int) -> dict[str, dict[str, Any]]:
    """``count`` copies of a payload, by id: ``<prefix>-0``, ``<prefix>-1``, ..."""
    return {f"{prefix}-{n}": {**copy.deepcopy(one), "id": f"{prefix}-{n}"} for n in range(count)}


def _segment(request: httpx.Request, index: int) -> str:
    return request.url.path.split("/")[index]


# ---- MailerSend: 150 identities over two pages (the simulator's Laravel paging); domains from the
# 2025 recordings


@double
def mailersend() -> Fake:
    fake = Fake()
    one = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")["data"]
    pages: Any = simulator("mailersend")  # its paging, over the recorded identity's copies
    pages.identities.update(_copies(one, "ms", 150))

    def one_identity(status: int) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            return _json(status, {"data": {**one, "id": _segment(request, 3)}})

        return handler

    def create_identity(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return _json(201, {"data": {**one, "id": "ms-new", "email": body["email"]}})

    no_content = httpx.Response(204, headers={"content-type": "text/html; charset=UTF-8"})
    fake.route("GET", "/v1/identities", pages)
    fake.route("POST", "/v1/identities", create_identity)
    fake.route("GET", "/v1/identities/[^/]+", one_identity(200))
    fake.route("PUT", "/v1/identities/[^/]+", one_identity(200))
    fake.route("DELETE", "/v1/identities/[^/]+", lambda _: no_content)
    fake.route("POST", "/v1/identities/[^/]+/resend", one_identity(200))

    def raw(name: str, status: int = 200) -> Handler:
        return lambda _: httpx.Response(status, content=_raw("mailersend", name))

    fake.route("GET", "/v1/domains", raw("py_domains_list_basic_0_get_200.json"))
    fake.route("POST", "/v1/domains", raw("py_domains_create_minimal_0_post_201.json", 201))
    fake.route("GET", "/v1/domains/[^/]+", raw("py_domains_get_success_0_get_200.json"))
    fake.route("DELETE", "/v1/domains/[^/]+", lambda _: no_content)
    fake.route(
        "PUT", "/v1/domains/[^/]+/settings", raw("py_domains_update_settings_pause_0_put_200.json")
    )
    fake.route(
        "GET", "/v1/domains/[^/]+/verify", raw("py_domains_verification_status_0_get_200.json")
    )
    fake.route(
        "GET", "/v1/domains/[^/]+/dns-records", raw("py_domains_dns_records_success_0_get_200.json")
    )
    return fake


# ---- Invent: 130 identities over two pages with pagination-* headers (the simulator's paging)


@double
def invent() -> Fake:
    fake = Fake()
    one = load_payload("invent", "docs_update_email_identity_200.json")
    pages: Any = simulator("invent")  # its paging, over the documented identity's copies
    pages.identities.update(_copies(one, "inv", 130))

    def update_identity(request: httpx.Request) -> httpx.Response:
        changes = json.loads(request.content)
        return _json(200, {**one, "id": _segment(request, 5), **changes})

    fake.route("GET", "/orgs/c/emails/identities", pages)
    fake.route("PATCH", "/orgs/c/emails/identities/[^/]+", update_identity)
    fake.route(
        "POST",
        "/orgs/c/emails/domains",
        lambda _: httpx.Response(200, content=_raw("invent", "docs_add_email_domain_200.json")),
    )
    return fake


# ---- Vortex: five domains; the server hands out pages of three by `start`


@double
def vortex() -> Fake:
    fake = Fake()
    one = load_payload("vortex", "docs_update_email_domain_200.json")
    domains = [{**copy.deepcopy(one), "id": f"vx-{n}"} for n in range(5)]
    base = "/api/v1/accounts/acc-1/email-domains"

    def list_domains(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("start", "0"))
        return _json(200, domains[start : start + 3])

    def one_domain(status: int) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            changes = json.loads(request.content) if request.content else {}
            return _json(status, {**one, "id": _segment(request, 6), **changes})

        return handler

    def create(request: httpx.Request) -> httpx.Response:
        return _json(201, {**one, "id": "vx-new", **json.loads(request.content)})

    fake.route("GET", base, list_domains)
    fake.route("POST", base, create)
    fake.route("PATCH", base + "/[^/]+", one_domain(200))
    fake.route("PATCH", base + "/[^/]+/checkDkimStatus", one_domain(200))
    return fake


# ---- Space Invoices: one account-level address


@double
def spaceinvoices() -> Fake:
    fake = Fake()
    address = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "id": "addr-1",
        "email": "billing@example.com",
        "emailVerificationStatus": "Pending",
        "domainVerificationStatus": "Pending",
        "tokens": ["tok1", "tok2", "tok3"],
    }
    fake.route("GET", "/v1/email-address", lambda _: _json(200, address))
    fake.route("POST", "/v1/email-address", lambda _: _json(200, {}))  # as documented
    fake.route("DELETE", "/v1/email-address", lambda _: _json(200, {"count": 1}))
    fake.route(
        "GET",
        "/v1/email-address/status",
        lambda _: _json(
            200, {"emailVerificationStatus": "Success", "domainVerificationStatus": "Success"}
        ),
    )
    fake.route(
        "POST", "/v1/email-address/resend-verification", lambda _: _json(200, {"success": True})
    )
    return fake


# ---- Resend: five domains (the SDK's get mock with the create mock's records), cursor pages of 2


@double
def resend() -> Fake:
    fake = Fake()
    created = load_payload("resend", "sdk_domains_create_201.json")
    one = {**load_payload("resend", "sdk_domains_get_200.json"), "records": created["records"]}
    domains = [{**copy.deepcopy(one), "id": f"rs-{n}"} for n in range(5)]

    def list_domains(request: httpx.Request) -> httpx.Response:
        ids = [d["id"] for d in domains]
        after = request.url.params.get("after")
        start = ids.index(after) + 1 if after in ids else 0
        size = min(int(request.url.params.get("limit", "2")), 2)
        page = [{k: v for k, v in d.items() if k != "records"} for d in domains[start:]]
        return _json(200, {"object": "list", "has_more": len(page) > size, "data": page[:size]})

    def get(request: httpx.Request) -> httpx.Response:
        return _json(200, {**one, "id": _segment(request, 2)})

    def only_id(request: httpx.Request) -> httpx.Response:
        return _json(200, {"object": "domain", "id": _segment(request, 2)})

    def create(request: httpx.Request) -> httpx.Response:
        return _json(201, {**created, "name": json.loads(request.content)["name"]})

    def remove(request: httpx.Request) -> httpx.Response:
        return _json(200, {"object": "domain", "id": _segment(request, 2), "deleted": True})

    fake.route("GET", "/domains", list_domains)
    fake.route("POST", "/domains", create)
    fake.route("GET", "/domains/[^/]+", get)
    fake.route("PATCH", "/domains/[^/]+", only_id)
    fake.route("DELETE", "/domains/[^/]+", remove)
    fake.route("POST", "/domains/[^/]+/verify", only_id)
    return fake


# ---- SendGrid: 150 verified senders (pages by `lastSeenID`) and five authenticated domains (pages
# by `offset`), from the upstream specs' own examples; `limit` is honoured as asked


@double
def sendgrid() -> Fake:
    fake = Fake()
    domain = load_payload("sendgrid", "spec_domains_get_200.json")
    domains = [{**copy.deepcopy(domain), "id": 301 + n} for n in range(5)]
    sender = load_payload("sendgrid", "spec_senders_list_200.json")["results"][0]
    senders = [{**copy.deepcopy(sender), "id": 1000 + n} for n in range(150)]

    def list_domains(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "50"))
        return _json(200, domains[offset : offset + limit])

    def one_domain(request: httpx.Request) -> httpx.Response:
        return _json(200, {**domain, "id": int(_segment(request, 4))})

    def create_domain(request: httpx.Request) -> httpx.Response:
        created = load_payload("sendgrid", "spec_domains_create_201.json")
        return _json(201, {**created, "domain": json.loads(request.content)["domain"]})

    def validate(request: httpx.Request) -> httpx.Response:
        answer = load_payload("sendgrid", "spec_domains_validate_200.json")
        return _json(200, {**answer, "id": int(_segment(request, 4))})

    def list_senders(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if "id" in params:
            return _json(200, {"results": [s for s in senders if s["id"] == int(params["id"])]})
        after = int(float(params.get("lastSeenID", "0")))
        limit = int(float(params.get("limit", "100")))
        return _json(200, {"results": [s for s in senders if s["id"] > after][:limit]})

    def create_sender(request: httpx.Request) -> httpx.Response:
        created = load_payload("sendgrid", "spec_senders_create_201.json")
        return _json(201, {**created, **json.loads(request.content), "verified": False})

    def update_sender(request: httpx.Request) -> httpx.Response:
        updated = load_payload("sendgrid", "spec_senders_update_200.json")
        changes = json.loads(request.content)
        return _json(200, {**updated, **changes, "id": int(_segment(request, 3))})

    base = "/v3/whitelabel/domains"
    fake.route("GET", base, list_domains)
    fake.route("POST", base, create_domain)
    fake.route("GET", base + "/[0-9]+", one_domain)
    fake.route("PATCH", base + "/[0-9]+", one_domain)
    fake.route("DELETE", base + "/[0-9]+", lambda _: httpx.Response(204))
    fake.route("POST", base + "/[0-9]+/validate", validate)
    fake.route("GET", "/v3/verified_senders", list_senders)
    fake.route("POST", "/v3/verified_senders", create_sender)
    fake.route("PATCH", "/v3/verified_senders/[0-9]+", update_sender)
    fake.route("DELETE", "/v3/verified_senders/[0-9]+", lambda _: httpx.Response(204))
    fake.route("POST", "/v3/verified_senders/resend/[0-9]+", lambda _: httpx.Response(204))
    return fake
