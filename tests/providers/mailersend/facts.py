"""What the shared suites need to know about MailerSend (see tests/provider_facts.py)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from provider_facts import (
    BadInput,
    BadOption,
    DocExample,
    Double,
    Fuzzing,
    LengthCase,
    ProviderFacts,
    Recording,
    SpecCalls,
    WrongType,
    email_of_length,
)
from providers.mailersend.double import build_double
from sendfrom import RateLimit
from speclib import PROVIDERS_DIR


def _seed_calls(_sim: Any, client: Any) -> dict[str, Any]:
    domain = client.domains.create("example.com")
    identity = client.identities.create("a@example.com", name="A", domain_id=domain.id)
    return {"domain_id": domain.id, "identity_id": identity.id, "email": identity.email}


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        domain = client.domains.create("example.com")
        identity = client.identities.create("a@example.com", name="A", domain_id=domain.id)
    return {"domain_id": domain.id, "identity_id": identity.id, "email": identity.email}


def _more_pages(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    body = json.loads(response.content)
    body["meta"]["last_page"] = 9
    body["links"]["next"] = str(request.url)
    return httpx.Response(200, json=body)


INDEX: list[dict[str, Any]] = json.loads((PROVIDERS_DIR / "mailersend" / "_index.json").read_text())
"""Every recorded exchange of specs/evidence/mailersend/ (method, url, status, file, ...)."""
# The general_* recordings come from endpoints outside sendfrom's scope (suppressions, inbound):
# test_evidence.py holds them against the error schemas only.
IN_SCOPE = [e for e in INDEX if not (e["file"] or "").startswith("py_general_")]
RECORDINGS = tuple(
    Recording(
        e["file"], e["method"], e["url"].split(" ")[0], int(e["status"]), e.get("request_body")
    )
    for e in IN_SCOPE
)
INDEXED = frozenset(entry["file"] for entry in INDEX if entry["file"])
"""The recorded exchanges' payloads: checked as recordings (and the general_* ones by
test_evidence.py), not as documentation examples."""


MS = "https://api.mailersend.com/v1"
NEW = {"email": "a@example.com", "name": "A", "domain_id": "d"}
"""What a new identity needs, beside the field a case is about."""

FACTS = ProviderFacts(
    name="mailersend",
    identity_needs_domain=True,
    auth=("Authorization", "Bearer "),
    conflict_status=422,
    verification_is_a_flag=True,
    documented_rate_limit=RateLimit(60, per=60.0),
    domain_setting={"send_paused": True},
    domain_setting_echo=lambda raw: raw["domain_settings"]["send_paused"],
    page_parameter="limit",
    repeatable_lists=("identities", "domains"),
    claim_more_pages=_more_pages,
    fault_read=("domains.list", ()),
    incomplete_answer={"data": [{"id": "only-an-id"}]},
    unauthenticated_path="/identities",
    double=Double(
        build=build_double,
        ids={"identity": "ms-7", "domain": "65qngkdovk8lwr12"},
        create_identity={
            "email": "pedro@test.com",
            "name": "Pedro",
            "domain_id": "65qngkdovk8lwr12",
        },
        update_identity={"name": "New name"},
        identities_listed=150,
    ),
    bad_input=BadInput(
        lengths=(
            LengthCase(
                "IdentityCreateRequest",
                "name",
                lambda n: lambda c: c.identities.create(**{**NEW, "name": "x" * n}),
            ),
            LengthCase(
                "IdentityCreateRequest",
                "email",
                lambda n: lambda c: c.identities.create(**{**NEW, "email": email_of_length(n)}),
            ),
            LengthCase(
                "IdentityCreateRequest",
                "reply_to_email",
                lambda n: lambda c: c.identities.create(**NEW, reply_to_email=email_of_length(n)),
            ),
            LengthCase(
                "IdentityCreateRequest",
                "personal_note",
                lambda n: (
                    lambda c: c.identities.create(
                        **NEW, provider_options={"personal_note": "x" * n, "add_note": True}
                    )
                ),
            ),
            LengthCase(
                "IdentityUpdateRequest",
                "name",
                lambda n: lambda c: c.identities.update("id-1", name="x" * n),
            ),
            LengthCase(
                "IdentityUpdateRequest",
                "reply_to_email",
                lambda n: lambda c: c.identities.update("id-1", reply_to_email=email_of_length(n)),
            ),
            LengthCase(
                "IdentityUpdateRequest",
                "email",
                lambda n: (
                    lambda c: c.identities.update(
                        "id-1", provider_options={"email": email_of_length(n)}
                    )
                ),
            ),
            LengthCase(
                "IdentityUpdateRequest",
                "personal_note",
                lambda n: (
                    lambda c: c.identities.update(
                        "id-1", provider_options={"personal_note": "x" * n}
                    )
                ),
            ),
        ),
        bounded_requests=frozenset(
            {"IdentityCreateRequest", "IdentityUpdateRequest", "DomainCreateRequest"}
        ),
        wrong_types=(
            WrongType("identities.get", lambda c: c.identities.get(123), "identity_id"),
            WrongType("identities.get", lambda c: c.identities.get(None), "identity_id"),
            WrongType("identities.get", lambda c: c.identities.get(b"id"), "identity_id"),
            WrongType("domains.get", lambda c: c.domains.get(["d"]), "domain_id"),
            WrongType("identities.create", lambda c: c.identities.create(email=123), "email"),
            WrongType(
                "identities.create",
                lambda c: c.identities.create(email="a@example.com", name=5, domain_id="d"),
                "name",
            ),
            WrongType(
                "identities.create",
                lambda c: c.identities.create(email="a@example.com", name="A", domain_id=5),
                "domain_id",
            ),
            WrongType(
                "identities.create",
                lambda c: c.identities.create(**NEW, reply_to_name=1),
                "reply_to_name",
            ),
            WrongType("identities.update", lambda c: c.identities.update("i", name=5), "name"),
            WrongType(
                "identities.update",
                lambda c: c.identities.update("i", reply_to_name=False),
                "reply_to_name",
            ),
        ),
        bad_options=(
            BadOption(
                lambda c: c.identities.create(**NEW, provider_options="add_note"),
                "provider_options",
            ),
            BadOption(
                lambda c: c.identities.create(**NEW, provider_options={"add_note": "yes"}),
                "add_note",
            ),
            BadOption(
                lambda c: c.identities.create(**NEW, provider_options={"add_note": 1}), "add_note"
            ),
            BadOption(
                lambda c: c.identities.update("i", provider_options={"personal_note": 5}),
                "personal_note",
            ),
            BadOption(
                lambda c: c.domains.update("d", provider_options={"send_paused": "true"}),
                "send_paused",
            ),
            BadOption(
                lambda c: c.domains.update("d", provider_options={"custom_tracking_subdomain": 5}),
                "custom_tracking_subdomain",
            ),
            BadOption(
                lambda c: c.identities.update("i", provider_options={"anything": {1, 2}}),
                "provider_options",
            ),
            BadOption(
                lambda c: c.identities.update("i", provider_options={"anything": float("nan")}),
                "provider_options",
            ),
        ),
        full_arguments={
            "identities.create": {
                "email": "a@example.com",
                "name": "A",
                "domain_id": "d",
                "reply_to_email": "r@example.com",
                "reply_to_name": "R",
            },
            "identities.update": {
                "name": "A",
                "reply_to_email": "r@example.com",
                "reply_to_name": "R",
            },
            "domains.create": {"name": "example.com"},
            "domains.update": {},
        },
    ),
    spec_calls=SpecCalls(
        seed=_seed_calls,
        bodies={
            "create_identity": lambda known: {
                "email": "n@example.com",
                "name": "N",
                "domain_id": known["domain_id"],
            },
            "update_identity": lambda _: {"name": "Renamed"},
            "update_identity_by_email": lambda _: {"name": "Renamed"},
            "create_domain": lambda _: {"name": "new.example"},
            "update_domain_settings": lambda _: {"track_clicks": False},
        },
    ),
    fuzzing=Fuzzing(
        seed=_seed_fuzzing,
        bodies={
            "create_identity": lambda known: {**known, "email": "n@example.com", "name": "N"},
            "update_identity": lambda _: {"name": "Renamed"},
            "update_identity_by_email": lambda _: {"name": "Renamed"},
            "create_domain": lambda _: {"name": "new.example"},
            "update_domain_settings": lambda _: {"track_clicks": False},
        },
    ),
    doc_examples=(
        DocExample("docs_identities_list_200.json", "GET", f"{MS}/identities", "response"),
        DocExample("docs_identities_get_200.json", "GET", f"{MS}/identities/i1", "response"),
        DocExample("docs_api_quota_200.json", "GET", f"{MS}/api-quota", "response"),
    ),
    recordings=RECORDINGS,
    payloads_checked_elsewhere=INDEXED | {"_index.json"},
)
