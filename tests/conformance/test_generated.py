"""The generated code: wire models that parse every example and tolerate drift, and an endpoint
layer that encodes ids, authenticates as the spec says, and never parses a response itself."""

from __future__ import annotations

import copy
import hashlib
import importlib
import json
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ValidationError

from provider_facts import facts
from sendfrom.providers import PROVIDERS
from speclib import (
    ROOT,
    SPECS,
    find_operation,
    load_payload,
    response_pointer,
    schema_name,
)
from test_specs import DOC_EXAMPLES, RECORDINGS


def models(provider: str) -> ModuleType:
    return importlib.import_module(f"sendfrom_generated.{provider}.models")


def _examples() -> list[tuple[str, str, str, str, int]]:
    """(provider, file, method, url, status) of every example response body."""
    found = [(provider, r.file, r.method, r.url, r.status) for provider, r in RECORDINGS if r.file]
    for provider, file, method, url, kind in DOC_EXAMPLES:
        if kind == "response":
            op = find_operation(provider, method, url)
            codes = sorted(int(c) for c in op.body["responses"] if c.startswith("2"))
            found.append((provider, file, method, url, codes[0]))
    return found


def wire_model(provider: str, method: str, url: str, status: int) -> tuple[type[BaseModel], bool]:
    """The generated model of an operation's response, and whether the body is a bare array."""
    op = find_operation(provider, method, url)
    pointer = response_pointer(op, status)
    assert pointer is not None
    name, is_array = schema_name(provider, pointer)
    model: type[BaseModel] = getattr(models(provider), name)
    return model, is_array


@pytest.mark.parametrize(
    ("provider", "file", "method", "url", "status"),
    _examples(),
    ids=[f"{p}-{f.removesuffix('.json')}-{m}" for p, f, m, *_ in _examples()],
)
def test_wire_model_parses_example(
    provider: str, file: str, method: str, url: str, status: int
) -> None:
    model, is_array = wire_model(provider, method, url, status)
    payload = load_payload(provider, file)
    items = payload if is_array else [payload]
    for item in items:
        parsed = model.model_validate(item)
        # Nothing is dropped: every key of the payload is a field or a kept extra.
        dumped = parsed.model_dump(by_alias=True, exclude_unset=True)
        assert set(dumped) == set(item)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_generation_record_matches_spec(provider: str) -> None:
    generated = ROOT / "generated" / "sendfrom_generated" / provider
    record = json.loads((generated / "generation.json").read_text())
    spec_hash = hashlib.sha256((SPECS / f"{provider}.yaml").read_bytes()).hexdigest()
    assert record["spec_sha256"] == spec_hash
    info = importlib.import_module(f"sendfrom_generated.{provider}.spec_info")
    assert spec_hash == info.SPEC_SHA256
    assert set(record["generators"]) == {
        "openapi-python-client",
        "datamodel-code-generator",
        "ruff",
    }


# ---- drift: what real providers send that the spec did not promise


def _mailersend_identity() -> dict[str, Any]:
    payload: dict[str, Any] = load_payload(
        "mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json"
    )
    return copy.deepcopy(payload["data"])


def test_extra_fields_are_kept() -> None:
    identity = {**_mailersend_identity(), "brand_new_field": {"nested": [1, 2]}}
    parsed = models("mailersend").Identity.model_validate(identity)
    assert parsed.model_extra == {"brand_new_field": {"nested": [1, 2]}}


def test_null_in_a_nullable_field_is_accepted() -> None:
    identity = {**_mailersend_identity(), "reply_to_email": None, "personal_note": None}
    parsed = models("mailersend").Identity.model_validate(identity)
    assert parsed.reply_to_email is None


def test_unknown_enum_value_is_kept_not_rejected() -> None:
    identity = load_payload("invent", "docs_update_email_identity_200.json")
    identity["status"] = "SUSPENDED_BY_PROVIDER"
    parsed = models("invent").EmailIdentity.model_validate(identity)
    assert parsed.status == "SUSPENDED_BY_PROVIDER"


def test_unknown_vortex_dkim_status_is_kept() -> None:
    domain = load_payload("vortex", "docs_update_email_domain_200.json")
    domain["dkimStatus"] = "paused"
    parsed = models("vortex").EmailDomain.model_validate(domain)
    assert parsed.dkimStatus == "paused"


def test_odd_timestamp_is_read_as_utc() -> None:
    address = load_payload("spaceinvoices", "docs_emailaddress_object.json")
    assert address["createdAt"] == "2022-04-20T10:10:30+00:00Z"
    parsed = models("spaceinvoices").EmailAddress.model_validate(address)
    assert parsed.createdAt == datetime(2022, 4, 20, 10, 10, 30, tzinfo=UTC)


def test_garbage_timestamp_is_rejected() -> None:
    address = load_payload("spaceinvoices", "docs_emailaddress_object.json")
    address["createdAt"] = "last tuesday"
    with pytest.raises(ValidationError):
        models("spaceinvoices").EmailAddress.model_validate(address)


@pytest.mark.parametrize(
    ("provider", "model", "file", "path", "field"),
    [
        (
            "mailersend",
            "Identity",
            "java_SenderIdentitiesTest_TestGetIdentity_200.json",
            "data",
            "id",
        ),
        ("invent", "EmailIdentity", "docs_update_email_identity_200.json", None, "email"),
        ("vortex", "EmailDomain", "docs_update_email_domain_200.json", None, "domain"),
    ],
)
def test_missing_required_field_raises(
    provider: str, model: str, file: str, path: str | None, field: str
) -> None:
    payload = load_payload(provider, file)
    body = payload[path] if path else payload
    del body[field]
    with pytest.raises(ValidationError, match=field):
        getattr(models(provider), model).model_validate(body)


# ---- the endpoint layer


def _capture() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"not json at all")

    return seen, httpx.MockTransport(handler)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_client_sends_the_specs_auth_header_and_hides_the_key(provider: str) -> None:
    package = importlib.import_module(f"sendfrom_generated.{provider}")
    seen, transport = _capture()
    client = package.Client(token="secret-key", httpx_client=httpx.Client(transport=transport))
    assert "secret-key" not in repr(client)
    response = client.request({"method": "GET", "url": "/ping"})
    header, prefix = facts(provider).auth  # as the spec's security scheme says
    assert seen[0].headers[header] == prefix + "secret-key"
    assert str(seen[0].url) == f"{client.base_url}/ping"
    # The endpoint layer hands back the raw response; it never parses it.
    assert response.content == b"not json at all"


@pytest.mark.parametrize(
    ("identity_id", "expected_path"),
    [
        ("abc123", "/v1/identities/abc123"),
        ("../domains", "/v1/identities/..%2Fdomains"),
        ("a/b", "/v1/identities/a%2Fb"),
        ("x?y=1", "/v1/identities/x%3Fy%3D1"),
        ("x#frag", "/v1/identities/x%23frag"),
        ("a%2Fb", "/v1/identities/a%252Fb"),
    ],
)
def test_path_parameters_stay_in_their_segment(identity_id: str, expected_path: str) -> None:
    from sendfrom_generated.mailersend import Client
    from sendfrom_generated.mailersend.api.identities import get_identity

    seen, transport = _capture()
    client = Client(token="k", httpx_client=httpx.Client(transport=transport))
    get_identity.sync_detailed(identity_id, client=client)
    assert seen[0].url.raw_path.decode() == expected_path
    assert seen[0].url.query == b""


async def test_async_endpoint_sends_query_and_body() -> None:
    from sendfrom_generated.mailersend import Client
    from sendfrom_generated.mailersend.api.identities import create_identity, list_identities

    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json={"data": {}})

    client = Client(
        token="k", async_httpx_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    await list_identities.asyncio_detailed(client=client, page=2, limit=100)
    response = await create_identity.asyncio_detailed(
        client=client, body={"email": "a@b.c", "name": "A", "domain_id": "d"}
    )
    await client.aclose()
    assert dict(seen[0].url.params) == {"page": "2", "limit": "100"}
    assert json.loads(seen[1].content) == {"email": "a@b.c", "name": "A", "domain_id": "d"}
    assert response.status_code == 201
