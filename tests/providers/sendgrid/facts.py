"""What the shared suites need to know about SendGrid (see tests/provider_facts.py)."""

from __future__ import annotations

from typing import Any

from provider_facts import (
    BadInput,
    DocExample,
    Double,
    Fuzzing,
    LengthCase,
    ProviderFacts,
    SpecCalls,
    email_of_length,
)
from providers.sendgrid.double import build_double
from sendfrom.providers import adapter_class

SENDER = {"nickname": "S", "address": "1 Main St", "city": "X", "country": "US"}
"""What a verified sender needs beside its address (its required options)."""


def _length_cases() -> tuple[LengthCase, ...]:
    """A verified sender's fields: the names by their unified argument, the rest (the postal
    address, its nickname) through provider_options, beside the ones SendGrid requires."""
    required = {
        key: f"Sample {key}"
        for key in adapter_class("sendgrid").required_options.get("identities.create", ())
    }
    unified = {"from_name": "name", "reply_to_name": "reply_to_name"}
    cases: list[LengthCase] = []
    for field in ("nickname", "from_name", "reply_to_name", "address", "address2", "state",
                  "city", "zip", "country"):  # fmt: skip

        def create(n: int, field: str = field) -> Any:
            if field in unified:
                kwargs: dict[str, Any] = {unified[field]: "x" * n, "provider_options": required}
            else:
                kwargs = {"provider_options": {**required, field: "x" * n}}
            return lambda c: c.identities.create(email="a@example.com", **kwargs)

        def update(n: int, field: str = field) -> Any:
            if field in unified:
                return lambda c: c.identities.update("id-1", **{unified[field]: "x" * n})
            return lambda c: c.identities.update("id-1", provider_options={field: "x" * n})

        cases.append(LengthCase("VerifiedSenderRequest", field, create))
        cases.append(LengthCase("VerifiedSenderUpdateRequest", field, update))
    cases.append(
        LengthCase(
            "VerifiedSenderUpdateRequest",
            "from_email",
            lambda n: (
                lambda c: c.identities.update(
                    "id-1", provider_options={"from_email": email_of_length(n)}
                )
            ),
        )
    )
    return tuple(cases)


def _seed_calls(sim: Any, client: Any) -> dict[str, Any]:
    # One number names both a domain and a sender, so `id` serves validate and the sender routes.
    domain = client.domains.create("seeded.example")
    sim._next_sender = int(domain.id)
    client.identities.create("s@example.com", provider_options=SENDER)
    return {"domain_id": domain.id, "id": domain.id}


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        return _seed_calls(sim, client)


SG = "https://api.sendgrid.com/v3"
BODIES: dict[str, Any] = {
    "authenticate_domain": lambda _: {"domain": "new.example"},
    "update_authenticated_domain": lambda _: {"default": True},
    "create_verified_sender": lambda _: {
        "nickname": "N",
        "from_email": "n@example.com",
        "reply_to": "n@example.com",
        "address": "1 Main St",
        "city": "X",
        "country": "US",
    },
    "update_verified_sender": lambda _: {"from_name": "Renamed"},
}

FACTS = ProviderFacts(
    name="sendgrid",
    auth=("Authorization", "Bearer "),
    conflict_status=400,
    # A second authenticated domain of one name (another subdomain) is no duplicate there
    # (specs/README.md); a second verified sender of one address is.
    same_name_domains=True,
    verification_is_a_flag=True,
    domain_setting={"default": True},
    page_parameter="limit",
    fault_read=("domains.list", ()),
    incomplete_answer=[{"id": 1}],
    unauthenticated_path="/v3/whitelabel/domains",
    double=Double(
        build=build_double,
        ids={"identity": "1007", "domain": "303"},
        create_identity={
            "email": "a@example.com",
            "name": "A",
            "provider_options": {
                "nickname": "A",
                "address": "1 Main St",
                "city": "X",
                "country": "US",
            },
        },
        identities_listed=150,
    ),
    bad_input=BadInput(
        lengths=_length_cases(),
        bounded_requests=frozenset(
            {
                "VerifiedSenderRequest",
                "VerifiedSenderUpdateRequest",
                "AuthenticateDomainRequest",
                "UpdateAuthenticatedDomainRequest",
            }
        ),
        # its unified addresses (maxLength 256) are held to RFC 5321's 254 by the facade
        lengths_held_stricter=frozenset(
            {
                ("VerifiedSenderRequest", "from_email"),
                ("VerifiedSenderRequest", "reply_to"),
                ("VerifiedSenderUpdateRequest", "reply_to"),
            }
        ),
        full_arguments={
            "identities.create": {
                "email": "a@example.com",
                "name": "A",
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
    spec_calls=SpecCalls(seed=_seed_calls, bodies=BODIES),
    fuzzing=Fuzzing(seed=_seed_fuzzing, bodies=BODIES),
    doc_examples=(
        DocExample("spec_domains_list_200.json", "GET", f"{SG}/whitelabel/domains", "response"),
        DocExample("spec_domains_create_201.json", "POST", f"{SG}/whitelabel/domains", "response"),
        DocExample("spec_domains_get_200.json", "GET", f"{SG}/whitelabel/domains/1", "response"),
        DocExample(
            "spec_domains_validate_200.json",
            "POST",
            f"{SG}/whitelabel/domains/1/validate",
            "response",
        ),
        DocExample("spec_senders_create_201.json", "POST", f"{SG}/verified_senders", "response"),
        DocExample("spec_senders_list_200.json", "GET", f"{SG}/verified_senders", "response"),
        DocExample("spec_senders_update_200.json", "PATCH", f"{SG}/verified_senders/1", "response"),
    ),
)
