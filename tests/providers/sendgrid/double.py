"""SendGrid's canned server for tests/providers/test_providers.py: 150 verified senders (pages by
`lastSeenID`) and five authenticated domains (pages by `offset`), from the upstream specs' own
examples; `limit` is honoured as asked."""

from __future__ import annotations

import copy
import json

import httpx

from fakes import Fake, json_response, segment
from speclib import load_payload


def build_double() -> Fake:
    fake = Fake()
    domain = load_payload("sendgrid", "spec_domains_get_200.json")
    domains = [{**copy.deepcopy(domain), "id": 301 + n} for n in range(5)]
    sender = load_payload("sendgrid", "spec_senders_list_200.json")["results"][0]
    senders = [{**copy.deepcopy(sender), "id": 1000 + n} for n in range(150)]

    def list_domains(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "50"))
        return json_response(200, domains[offset : offset + limit])

    def one_domain(request: httpx.Request) -> httpx.Response:
        return json_response(200, {**domain, "id": int(segment(request, 4))})

    def create_domain(request: httpx.Request) -> httpx.Response:
        created = load_payload("sendgrid", "spec_domains_create_201.json")
        return json_response(201, {**created, "domain": json.loads(request.content)["domain"]})

    def validate(request: httpx.Request) -> httpx.Response:
        answer = load_payload("sendgrid", "spec_domains_validate_200.json")
        return json_response(200, {**answer, "id": int(segment(request, 4))})

    def list_senders(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if "id" in params:
            found = [s for s in senders if s["id"] == int(params["id"])]
            return json_response(200, {"results": found})
        after = int(float(params.get("lastSeenID", "0")))
        limit = int(float(params.get("limit", "100")))
        return json_response(200, {"results": [s for s in senders if s["id"] > after][:limit]})

    def create_sender(request: httpx.Request) -> httpx.Response:
        created = load_payload("sendgrid", "spec_senders_create_201.json")
        return json_response(201, {**created, **json.loads(request.content), "verified": False})

    def update_sender(request: httpx.Request) -> httpx.Response:
        updated = load_payload("sendgrid", "spec_senders_update_200.json")
        changes = json.loads(request.content)
        return json_response(200, {**updated, **changes, "id": int(segment(request, 3))})

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
