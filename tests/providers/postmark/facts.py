"""What the shared suites need to know about Postmark (see tests/provider_facts.py)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from provider_facts import BadInput, Double, Fuzzing, ProviderFacts, SpecCalls
from providers.postmark.double import build_double


def _seed_calls(sim: Any, client: Any) -> dict[str, Any]:
    domain = client.domains.create("seeded.example")
    signature = client.identities.create("s@seeded.example", name="Seeded")
    # Verified, so their first DKIM key is in place and a rotation can start (a second one
    # while the first is pending is Postmark's 505).
    sim.mark_domain(domain.id, "verified")
    sim.signatures[int(signature.id)].update(DKIMPendingHost="", DKIMPendingTextValue="")
    # count and offset: both lists require them
    return {"domainid": domain.id, "signatureid": signature.id, "count": 10, "offset": 0}


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        return _seed_calls(sim, client)


def _more_pages(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
    body = json.loads(response.content)
    body["TotalCount"] = 1_000_000  # "more follow", whatever offset was asked
    return httpx.Response(200, json=body)


BODIES: dict[str, Any] = {
    "create_domain": lambda _: {
        "Name": "new.example",
        "ReturnPathDomain": "pm-bounces.new.example",
    },
    "edit_domain": lambda _: {"ReturnPathDomain": "pm.seeded.example"},
    "create_sender_signature": lambda _: {"FromEmail": "n@new.example", "Name": "N"},
    "edit_sender_signature": lambda _: {"Name": "Renamed"},
}

FACTS = ProviderFacts(
    name="postmark",
    auth=("X-Postmark-Account-Token", ""),
    # Every API error is a 422 with a code (504: "Sender Signature already exists", 512: the
    # domain already exists); the adapter reads the code.
    conflict_status=422,
    verification_is_a_flag=True,
    domain_setting={"ReturnPathDomain": "pm.example.com"},
    domain_setting_echo=lambda raw: raw["ReturnPathDomain"] == "pm.example.com",
    page_parameter="count",
    repeatable_lists=("identities", "domains"),
    claim_more_pages=_more_pages,
    fault_read=("domains.list", ()),
    incomplete_answer={"TotalCount": 1, "Domains": [{"ID": 1}]},
    unauthenticated_path="/domains?count=1&offset=0",
    double=Double(
        build=build_double,
        ids={"identity": "1007", "domain": "303"},
        create_identity={"email": "a@example.com", "name": "A"},
        identities_listed=150,
    ),
    bad_input=BadInput(
        # Postmark's spec bounds no request field's length.
        bounded_requests=frozenset(),
        full_arguments={
            "identities.create": {
                "email": "a@example.com",
                "name": "A",
                "reply_to_email": "r@example.com",
            },
            "identities.update": {"name": "A", "reply_to_email": "r@example.com"},
            "domains.create": {"name": "example.com"},
            "domains.update": {},
        },
    ),
    spec_calls=SpecCalls(seed=_seed_calls, bodies=BODIES),
    fuzzing=Fuzzing(seed=_seed_fuzzing, bodies=BODIES),
)
