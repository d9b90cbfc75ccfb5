"""Each simulator, served over loopback, fuzzed by schemathesis against its provider's spec.

Bounded and seeded: a handful of generated requests per operation, half of them aimed at objects
that exist, every answer checked for a declared status, content type, headers and body schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import checks

from sendfrom.providers import PROVIDERS
from sendfrom.testing import Simulator, serve
from sendfrom_generated.invent.api.contacts import create_contact
from sendfrom_generated.resend.api.domains import domains_create_claim
from simcheck import checked_simulator
from speclib import SPECS, operations

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def _seed_mailersend(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        domain = client.domains.create("example.com")
        identity = client.identities.create("a@example.com", name="A", domain_id=domain.id)
    return {"domain_id": domain.id, "identity_id": identity.id, "email": identity.email}


def _seed_invent(sim: Any) -> dict[str, str]:
    identity = sim.add_identity("a@example.com", "A")
    segment = sim.add_segment("VIP")
    with sim.connect() as client:
        contact = client.call(create_contact.ENDPOINT, body={"channel": {"name": "C"}})
    return {
        "org_id": "c",
        "identity_id": identity["id"],
        "contact_id": contact.id,
        "channel_id": contact.channels[0].id,
        "segment_id": segment["id"],
    }


def _seed_vortex(sim: Any) -> dict[str, str]:
    with sim.connect(account_id="acc") as client:
        domain = client.domains.create("example.com")
    return {"accountId": "acc", "id": domain.id}


def _seed_resend(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        claim = client.call(domains_create_claim.ENDPOINT, body={"name": "claimed.example"})
    return {"domain_id": claim.domain_id}  # a domain (the claim's placeholder) with a claim


def _seed_sendgrid(sim: Any) -> dict[str, str]:
    # One number names both a domain and a sender, so `id` serves validate and the sender routes.
    with sim.connect() as client:
        domain = client.domains.create("seeded.example")
        sim._next_sender = int(domain.id)
        options = {"nickname": "S", "address": "1 Main St", "city": "X", "country": "US"}
        client.identities.create("s@example.com", provider_options=options)
    return {"domain_id": domain.id, "id": domain.id}


def _seed_spaceinvoices(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        client.identities.create("a@example.com")
    with sim.connect(organization_id="o1") as client:
        client.identities.create("b@example.com")
    return {"id": "o1"}


SEEDS: dict[str, Callable[[Simulator], dict[str, str]]] = {
    "mailersend": _seed_mailersend,
    "invent": _seed_invent,
    "vortex": _seed_vortex,
    "resend": _seed_resend,
    "sendgrid": _seed_sendgrid,
    "spaceinvoices": _seed_spaceinvoices,
}

# Bodies that can succeed, so the success answers are fuzzed too (random bodies mostly fail).
BODIES: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "create_identity": lambda known: {**known, "email": "n@example.com", "name": "N"},
    "update_identity": lambda _: {"name": "Renamed"},
    "update_identity_by_email": lambda _: {"name": "Renamed"},
    "create_domain": lambda _: {"name": "new.example", "domain": "new.example"},
    "update_domain_settings": lambda _: {"track_clicks": False},
    "update_domain": lambda _: {"description": "Outbound"},
    "create_organization_email_address": lambda _: {"email": "c@example.com"},
    "create_contact": lambda known: {
        "channel": {"name": "N", "email": "n@example.com"},
        "segment_ids": [known["segment_id"]],
    },
    "update_contact": lambda _: {"name": "Renamed", "blocked": True, "unsubscribed": False},
    "update_contact_channel": lambda _: {"name": "Renamed", "phone": "+15550100"},
    "domains_create": lambda _: {"name": "new.example"},
    "domains_update": lambda _: {"open_tracking": True},
    "domains_create_claim": lambda _: {"name": "other.example"},
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

CASES = [
    pytest.param(provider, op.method, op.path, id=f"{provider}-{op.operation_id}")
    for provider in PROVIDERS
    for op in operations(provider)
]


@pytest.mark.parametrize(("provider", "method", "path"), CASES)
def test_simulator_answers_conform_to_the_spec(provider: str, method: str, path: str) -> None:
    sim, check = checked_simulator(provider)
    known = SEEDS[provider](sim)
    schema = schemathesis.openapi.from_path(SPECS / f"{provider}.yaml")
    operation = schema[path][method.upper()]
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in known.items() if k in names}
    strategies = [operation.as_strategy(), operation.as_strategy(path_parameters=fixed)]
    body = BODIES.get(operation.definition.raw["operationId"])
    if body is not None:
        strategies.append(operation.as_strategy(path_parameters=fixed, body=body(known)))
    strategy = st.one_of(strategies)
    headers = {sim.auth_header: sim.auth_prefix + "conformance-key"}

    with serve(sim) as server:

        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=server.base_url, headers=headers, checks=CHECKS)

        run()
    assert sim.requests, "schemathesis sent requests"
    assert check.problems == [], "\n".join(check.problems)
