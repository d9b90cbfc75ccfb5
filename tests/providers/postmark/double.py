"""Postmark's canned server for tests/providers/test_providers.py: 150 sender signatures and
five domains, from the recorded answers, paged by ``count``/``offset`` with ``TotalCount``."""

from __future__ import annotations

import copy
import json

import httpx

from fakes import Fake, json_response, segment
from providers.postmark.recorded import first


def build_double() -> Fake:
    fake = Fake()
    domain = first("domains", "GET", "/domains/64054").body
    domains = [{**copy.deepcopy(domain), "ID": 301 + n} for n in range(5)]
    signature = first("senders", "GET", "/senders/128462").body
    listed_keys = ("Name", "Confirmed", "EmailAddress", "Domain", "ReplyToEmailAddress", "ID")
    signatures = [{**copy.deepcopy(signature), "ID": 1000 + n} for n in range(150)]
    done = {"ErrorCode": 0, "Message": "Done."}

    def page(
        request: httpx.Request, items: list[dict], key: str, keys: tuple[str, ...]
    ) -> httpx.Response:
        count = int(request.url.params["count"])
        offset = int(request.url.params["offset"])
        listed = [{k: item[k] for k in keys} for item in items[offset : offset + count]]
        return json_response(200, {"TotalCount": len(items), key: listed})

    def one_domain(request: httpx.Request) -> httpx.Response:
        return json_response(200, {**domain, "ID": int(segment(request, 2))})

    def create_domain(request: httpx.Request) -> httpx.Response:
        created = first("domains", "POST", "/domains").body
        return json_response(200, {**created, "Name": json.loads(request.content)["Name"]})

    def one_signature(request: httpx.Request) -> httpx.Response:
        return json_response(200, {**signature, "ID": int(segment(request, 2))})

    def create_signature(request: httpx.Request) -> httpx.Response:
        created = first("senders", "POST", "/senders/").body
        sent = json.loads(request.content)
        return json_response(
            200, {**created, "EmailAddress": sent["FromEmail"], "Name": sent["Name"]}
        )

    domain_keys = (
        "Name",
        "WeakDKIM",
        "ReturnPathDomainVerified",
        "SPFVerified",
        "DKIMVerified",
        "ID",
    )
    fake.route("GET", "/domains", lambda r: page(r, domains, "Domains", domain_keys))
    fake.route("POST", "/domains", create_domain)
    fake.route("GET", "/domains/[0-9]+", one_domain)
    fake.route("PUT", "/domains/[0-9]+", one_domain)
    fake.route("DELETE", "/domains/[0-9]+", lambda _: json_response(200, done))
    fake.route("PUT", "/domains/[0-9]+/verifyDkim", one_domain)
    fake.route("PUT", "/domains/[0-9]+/verifyReturnPath", one_domain)
    fake.route("GET", "/senders", lambda r: page(r, signatures, "SenderSignatures", listed_keys))
    fake.route("POST", "/senders", create_signature)
    fake.route("GET", "/senders/[0-9]+", one_signature)
    fake.route("PUT", "/senders/[0-9]+", one_signature)
    fake.route("DELETE", "/senders/[0-9]+", lambda _: json_response(200, done))
    fake.route("POST", "/senders/[0-9]+/resend", lambda _: json_response(200, done))
    return fake
