"""What the shared suites need to know about Vortex (see tests/provider_facts.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx

from fakes import Fake, Handler, json_response, segment
from provider_facts import (
    BadInput,
    BadOption,
    DocExample,
    Double,
    Fuzzing,
    ProviderFacts,
    SpecCalls,
    WrongType,
)
from speclib import load_payload

# ---- the double: five domains; the server hands out pages of three by `start`


def build_double() -> Fake:
    fake = Fake()
    one = load_payload("vortex", "docs_update_email_domain_200.json")
    domains = [{**copy.deepcopy(one), "id": f"vx-{n}"} for n in range(5)]
    base = "/api/v1/accounts/acc-1/email-domains"

    def list_domains(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("start", "0"))
        return json_response(200, domains[start : start + 3])

    def one_domain(status: int) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            changes = json.loads(request.content) if request.content else {}
            return json_response(status, {**one, "id": segment(request, 6), **changes})

        return handler

    def create(request: httpx.Request) -> httpx.Response:
        return json_response(201, {**one, "id": "vx-new", **json.loads(request.content)})

    fake.route("GET", base, list_domains)
    fake.route("POST", base, create)
    fake.route("PATCH", base + "/[^/]+", one_domain(200))
    fake.route("PATCH", base + "/[^/]+/checkDkimStatus", one_domain(200))
    return fake


def _seed_calls(_sim: Any, client: Any) -> dict[str, Any]:
    return {"id": client.domains.create("example.com").id}


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect(account_id="acc") as client:
        domain = client.domains.create("example.com")
    return {"accountId": "acc", "id": domain.id}


VTX = "https://api.vortexsoftware.com/api/v1/accounts/acc"


def _doc(file: str, method: str, path: str, kind: str) -> DocExample:
    return DocExample(file, method, VTX + path, kind)


FACTS = ProviderFacts(
    name="vortex",
    required_scope=("account_id",),
    auth=("x-api-key", ""),
    conflict_status=400,
    nestjs_errors=True,
    repeatable_lists=("domains",),
    get_by_listing=("domains",),
    fault_read=("domains.list", ()),
    incomplete_answer=[{"id": "only-an-id"}],
    unauthenticated_path="/api/v1/accounts/a/email-domains",
    double=Double(
        build=build_double,
        ids={"identity": "unused", "domain": "vx-4"},
        scope={"account_id": "acc-1"},
    ),
    bad_input=BadInput(
        bounded_requests=frozenset({"EmailDomainCreateRequest", "EmailDomainUpdateRequest"}),
        wrong_types=(
            WrongType("domains.create", lambda c: c.domains.create(b"example.com"), "name"),
            WrongType(
                "domains.create",
                lambda c: c.domains.create("example.com", description=7),
                "description",
            ),
            WrongType(
                "domains.update",
                lambda c: c.domains.update("d", description=["x"]),
                "description",
            ),
        ),
        bad_options=(
            BadOption(
                lambda c: c.domains.create("example.com", provider_options={"description": 5}),
                "provider_options",
            ),
            BadOption(
                lambda c: c.domains.update("d", description="x", provider_options=[("a", 1)]),
                "provider_options",
            ),
        ),
        full_arguments={
            "domains.create": {"name": "example.com", "description": "d"},
            "domains.update": {"description": "d"},
        },
    ),
    spec_calls=SpecCalls(
        settings={"account_id": "acc"},
        seed=_seed_calls,
        bodies={
            "create_domain": lambda _: {"domain": "new.example"},
            "update_domain": lambda _: {"description": "Outbound"},
        },
    ),
    fuzzing=Fuzzing(
        seed=_seed_fuzzing,
        bodies={
            "create_domain": lambda _: {"domain": "new.example"},
            "update_domain": lambda _: {"description": "Outbound"},
        },
    ),
    doc_examples=(
        _doc("docs_get_email_domains_200.json", "GET", "/email-domains", "response"),
        _doc("docs_create_email_domain_request.json", "POST", "/email-domains", "request"),
        _doc("docs_create_email_domain_response.json", "POST", "/email-domains", "response"),
        _doc("docs_update_email_domain_request.json", "PATCH", "/email-domains/d1", "request"),
        _doc("docs_update_email_domain_200.json", "PATCH", "/email-domains/d1", "response"),
        _doc(
            "docs_check_dkim_status_200.json",
            "PATCH",
            "/email-domains/d1/checkDkimStatus",
            "response",
        ),
    ),
)
