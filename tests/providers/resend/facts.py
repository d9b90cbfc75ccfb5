"""What the shared suites need to know about Resend (see tests/provider_facts.py)."""

from __future__ import annotations

import copy
import json
from typing import Any

import httpx

from fakes import Fake, json_response, segment
from provider_facts import BadInput, DocExample, Double, Fuzzing, ProviderFacts, SpecCalls
from sendfrom import RateLimit
from sendfrom_generated.resend.api.domains import domains_create_claim
from speclib import load_payload

# ---- the double: five domains (the SDK's get mock with the create mock's records), cursor pages
# of 2


def build_double() -> Fake:
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
        body = {"object": "list", "has_more": len(page) > size, "data": page[:size]}
        return json_response(200, body)

    def get(request: httpx.Request) -> httpx.Response:
        return json_response(200, {**one, "id": segment(request, 2)})

    def only_id(request: httpx.Request) -> httpx.Response:
        return json_response(200, {"object": "domain", "id": segment(request, 2)})

    def create(request: httpx.Request) -> httpx.Response:
        return json_response(201, {**created, "name": json.loads(request.content)["name"]})

    def remove(request: httpx.Request) -> httpx.Response:
        body = {"object": "domain", "id": segment(request, 2), "deleted": True}
        return json_response(200, body)

    fake.route("GET", "/domains", list_domains)
    fake.route("POST", "/domains", create)
    fake.route("GET", "/domains/[^/]+", get)
    fake.route("PATCH", "/domains/[^/]+", only_id)
    fake.route("DELETE", "/domains/[^/]+", remove)
    fake.route("POST", "/domains/[^/]+/verify", only_id)
    return fake


def _seed_calls(_sim: Any, client: Any) -> dict[str, Any]:
    claim = client.call(domains_create_claim.ENDPOINT, body={"name": "claimed.example"})
    return {"domain_id": claim.domain_id}  # the claim's placeholder: a domain, and its claim


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        claim = client.call(domains_create_claim.ENDPOINT, body={"name": "claimed.example"})
    return {"domain_id": claim.domain_id}  # a domain (the claim's placeholder) with a claim


def _more_pages(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
    body = json.loads(response.content)
    body["has_more"] = True
    return httpx.Response(200, json=body)


RS = "https://api.resend.com"
BODIES: dict[str, Any] = {
    "domains_create": lambda _: {"name": "new.example"},
    "domains_update": lambda _: {"open_tracking": True},
    "domains_create_claim": lambda _: {"name": "other.example"},
}

FACTS = ProviderFacts(
    name="resend",
    auth=("Authorization", "Bearer "),
    conflict_status=403,
    documented_rate_limit=RateLimit(2, per=1.0),
    domain_setting={"open_tracking": True},
    domain_setting_echo=lambda raw: raw["open_tracking"],
    page_parameter="limit",
    repeatable_lists=("domains",),
    claim_more_pages=_more_pages,
    fault_read=("domains.list", ()),
    incomplete_answer={"object": "list", "data": [{"id": "only-an-id"}]},
    unauthenticated_path="/domains",
    double=Double(build=build_double, ids={"identity": "unused", "domain": "rs-4"}),
    bad_input=BadInput(
        bounded_requests=frozenset({"CreateDomainRequest", "UpdateDomainOptions"}),
        full_arguments={"domains.create": {"name": "example.com"}, "domains.update": {}},
    ),
    spec_calls=SpecCalls(seed=_seed_calls, bodies=BODIES),
    fuzzing=Fuzzing(seed=_seed_fuzzing, bodies=BODIES),
    # the official Python SDK's mocked answers (specs/evidence/resend/README.md)
    doc_examples=(
        DocExample("sdk_domains_create_201.json", "POST", f"{RS}/domains", "response"),
        DocExample("sdk_domains_create_tracking_201.json", "POST", f"{RS}/domains", "response"),
        DocExample("sdk_domains_get_200.json", "GET", f"{RS}/domains/d1", "response"),
        DocExample("sdk_domains_list_200.json", "GET", f"{RS}/domains", "response"),
        DocExample("sdk_domains_update_200.json", "PATCH", f"{RS}/domains/d1", "response"),
        DocExample("sdk_domains_verify_200.json", "POST", f"{RS}/domains/d1/verify", "response"),
        DocExample("sdk_domains_remove_200.json", "DELETE", f"{RS}/domains/d1", "response"),
    ),
)
