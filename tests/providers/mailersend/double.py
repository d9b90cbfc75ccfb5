"""MailerSend's canned server for tests/providers/test_providers.py: 150 identities over two
pages (the simulator's Laravel paging); domains from the 2025 recordings."""

from __future__ import annotations

import json
from typing import Any

import httpx

from fakes import Fake, Handler, copies, json_response, raw_payload, segment
from sendfrom.testing import simulator
from speclib import load_payload


def build_double() -> Fake:
    fake = Fake()
    one = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")["data"]
    pages: Any = simulator("mailersend")  # its paging, over the recorded identity's copies
    pages.identities.update(copies(one, "ms", 150))

    def one_identity(status: int) -> Handler:
        def handler(request: httpx.Request) -> httpx.Response:
            return json_response(status, {"data": {**one, "id": segment(request, 3)}})

        return handler

    def create_identity(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return json_response(201, {"data": {**one, "id": "ms-new", "email": body["email"]}})

    no_content = httpx.Response(204, headers={"content-type": "text/html; charset=UTF-8"})
    fake.route("GET", "/v1/identities", pages)
    fake.route("POST", "/v1/identities", create_identity)
    fake.route("GET", "/v1/identities/[^/]+", one_identity(200))
    fake.route("PUT", "/v1/identities/[^/]+", one_identity(200))
    fake.route("DELETE", "/v1/identities/[^/]+", lambda _: no_content)
    fake.route("POST", "/v1/identities/[^/]+/resend", one_identity(200))

    def raw(name: str, status: int = 200) -> Handler:
        return lambda _: httpx.Response(status, content=raw_payload("mailersend", name))

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
