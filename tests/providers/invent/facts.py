"""What the shared suites need to know about Invent (see tests/provider_facts.py)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from fakes import Fake, copies, json_response, raw_payload, segment
from provider_facts import (
    BadInput,
    BadOption,
    DocExample,
    Double,
    Fuzzing,
    LengthCase,
    ProviderFacts,
    SpecCalls,
    WrongType,
)
from sendfrom import RateLimit
from sendfrom.testing import simulator
from sendfrom_generated.invent.api.contacts import create_contact
from speclib import load_payload

# ---- the double: 130 identities over two pages with pagination-* headers (the simulator's paging)


def build_double() -> Fake:
    fake = Fake()
    one = load_payload("invent", "docs_update_email_identity_200.json")
    pages: Any = simulator("invent")  # its paging, over the documented identity's copies
    pages.identities.update(copies(one, "inv", 130))

    def update_identity(request: httpx.Request) -> httpx.Response:
        changes = json.loads(request.content)
        return json_response(200, {**one, "id": segment(request, 5), **changes})

    fake.route("GET", "/orgs/c/emails/identities", pages)
    fake.route("PATCH", "/orgs/c/emails/identities/[^/]+", update_identity)
    fake.route(
        "POST",
        "/orgs/c/emails/domains",
        lambda _: httpx.Response(
            200, content=raw_payload("invent", "docs_add_email_domain_200.json")
        ),
    )
    return fake


# ---- client.call on every operation, and the fuzzed simulator's seed


def _seed_calls(sim: Any, client: Any) -> dict[str, Any]:
    identity = sim.add_identity("a@example.com", "A")
    segment_ = sim.add_segment("VIP")
    contact = client.call(create_contact.ENDPOINT, body={"channel": {"name": "C"}})
    return {
        "identity_id": identity["id"],
        "contact_id": contact.id,
        "channel_id": contact.channels[0].id,
        "segment_id": segment_["id"],
    }


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    identity = sim.add_identity("a@example.com", "A")
    segment_ = sim.add_segment("VIP")
    with sim.connect() as client:
        contact = client.call(create_contact.ENDPOINT, body={"channel": {"name": "C"}})
    return {
        "org_id": "c",
        "identity_id": identity["id"],
        "contact_id": contact.id,
        "channel_id": contact.channels[0].id,
        "segment_id": segment_["id"],
    }


def _more_pages(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
    response.headers["pagination-count"] = "1000"
    return response


INV = "https://api.useinvent.com/orgs/c"


def _doc(file: str, method: str, path: str, kind: str) -> DocExample:
    return DocExample(file, method, INV + path, kind)


FACTS = ProviderFacts(
    name="invent",
    auth=("Authorization", "Bearer "),
    conflict_status=400,
    nestjs_errors=True,
    documented_rate_limit=RateLimit(500, per=60.0),
    page_parameter="take",
    repeatable_lists=("identities",),
    claim_more_pages=_more_pages,
    get_by_listing=("identities",),
    fault_read=("identities.list", ()),
    incomplete_answer=[{"id": "only-an-id"}],
    unauthenticated_path="/orgs/c/emails/identities",
    double=Double(
        build=build_double,
        ids={"identity": "inv-120", "domain": "unused"},
        update_identity={"name": "New name"},
        identities_listed=130,
    ),
    bad_input=BadInput(
        lengths=(
            LengthCase(
                "IdentityUpdateRequest",
                "name",
                lambda n: lambda c: c.identities.update("id-1", name="x" * n),
            ),
        ),
        bounded_requests=frozenset({"IdentityUpdateRequest", "DomainCreateRequest"}),
        # its domain (maxLength 512) is held to the stricter DNS limit of 253 by the facade
        lengths_held_stricter=frozenset({("DomainCreateRequest", "domain")}),
        wrong_types=(
            WrongType("identities.update", lambda c: c.identities.update("i", name=3.5), "name"),
            WrongType(
                "identities.update",
                lambda c: c.identities.update("i", is_default="yes"),
                "is_default",
            ),
            WrongType(
                "identities.update",
                lambda c: c.identities.update("i", click_tracking=1),
                "click_tracking",
            ),
            WrongType(
                "identities.update",
                lambda c: c.identities.update("i", open_tracking="false"),
                "open_tracking",
            ),
            WrongType("domains.create", lambda c: c.domains.create(123), "name"),
        ),
        bad_options=(
            # a key a unified argument sets is refused whatever its value
            BadOption(
                lambda c: c.identities.update("i", provider_options={"is_default": "true"}),
                "provider_options",
            ),
            BadOption(
                lambda c: c.domains.create("example.com", provider_options={"domain": 5}),
                "provider_options",
            ),
        ),
        full_arguments={
            "identities.update": {
                "name": "A",
                "is_default": True,
                "click_tracking": False,
                "open_tracking": True,
            },
            "domains.create": {"name": "example.com"},
        },
    ),
    spec_calls=SpecCalls(
        seed=_seed_calls,
        bodies={
            "update_identity": lambda _: {"name": "Renamed"},
            "create_domain": lambda _: {"domain": "new.example"},
            "create_contact": lambda _: {"channel": {"name": "N", "email": "n@example.com"}},
            "update_contact": lambda _: {"name": "Renamed", "blocked": True},
            "update_contact_channel": lambda _: {"phone": "+15550100"},
        },
    ),
    fuzzing=Fuzzing(
        seed=_seed_fuzzing,
        bodies={
            "update_identity": lambda _: {"name": "Renamed"},
            "create_domain": lambda _: {"domain": "new.example"},
            "create_contact": lambda known: {
                "channel": {"name": "N", "email": "n@example.com"},
                "segment_ids": [known["segment_id"]],
            },
            "update_contact": lambda _: {"name": "Renamed", "blocked": True, "unsubscribed": False},
            "update_contact_channel": lambda _: {"name": "Renamed", "phone": "+15550100"},
        },
    ),
    doc_examples=(
        _doc("docs_get_email_identities_200.json", "GET", "/emails/identities", "response"),
        _doc(
            "docs_get_email_identities_200_orgs-emails_page_variant.json",
            "GET",
            "/emails/identities",
            "response",
        ),
        _doc(
            "docs_update_email_identity_request.json", "PATCH", "/emails/identities/i1", "request"
        ),
        _doc("docs_update_email_identity_200.json", "PATCH", "/emails/identities/i1", "response"),
        _doc("docs_add_email_domain_request.json", "POST", "/emails/domains", "request"),
        _doc("docs_add_email_domain_200.json", "POST", "/emails/domains", "response"),
        _doc("docs_get_contacts_200.json", "GET", "/contacts", "response"),
        _doc("docs_create_contact_request.json", "POST", "/contacts", "request"),
        _doc("docs_create_contact_response.json", "POST", "/contacts", "response"),
        _doc("docs_update_contact_request.json", "PATCH", "/contacts/c1", "request"),
        _doc("docs_update_contact_200.json", "PATCH", "/contacts/c1", "response"),
        _doc("docs_update_contact_request_older_variant.json", "PATCH", "/contacts/c1", "request"),
        _doc("docs_update_contact_200_older_variant.json", "PATCH", "/contacts/c1", "response"),
        _doc(
            "docs_update_contact_channel_request.json",
            "PATCH",
            "/contacts/c1/channels/ch1",
            "request",
        ),
        _doc(
            "docs_update_contact_channel_200.json", "PATCH", "/contacts/c1/channels/ch1", "response"
        ),
        _doc(
            "docs_add_segment_to_contact_response.json",
            "POST",
            "/contacts/c1/segments/s1",
            "response",
        ),
    ),
)
