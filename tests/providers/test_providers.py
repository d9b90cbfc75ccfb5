"""Every public operation on every provider, sync and async, against canned provider doubles.

Supported operations return unified models with the provider's payload kept in ``raw``;
unsupported ones raise ``UnsupportedOperationError`` before any request is sent.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import sendfrom
from fakes import Fake
from provider_facts import Double, facts
from sendfrom import DnsRecord, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.capabilities import OPERATIONS
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import simulator


def double(provider: str) -> Double:
    """The provider's canned server and what it holds (its facts)."""
    found = facts(provider).double
    assert found is not None, f"tests/providers/{provider}/facts.py has no double"
    return found


def update_domain(provider: str) -> dict[str, Any]:
    """A domain update: a description, or a setting where domains have none (its facts)."""
    setting = facts(provider).domain_setting
    return {"provider_options": dict(setting)} if setting else {"description": "Transactional mail"}


def calls(provider: str) -> dict[str, tuple[str, str, tuple[Any, ...], dict[str, Any]]]:
    """operation -> (resource, method, args, kwargs) for this provider."""
    ids = double(provider).ids
    generic_create = {"email": "a@example.com", "name": "A", "domain_id": "d1"}
    return {
        "identities.list": ("identities", "list", (), {}),
        "identities.get": ("identities", "get", (ids["identity"],), {}),
        "identities.create": (
            "identities",
            "create",
            (),
            dict(double(provider).create_identity or generic_create),
        ),
        "identities.update": (
            "identities",
            "update",
            (ids["identity"],),
            dict(double(provider).update_identity or {"name": "x"}),
        ),
        "identities.delete": ("identities", "delete", (ids["identity"],), {}),
        "identities.resend_verification": (
            "identities",
            "resend_verification",
            (ids["identity"],),
            {},
        ),
        "domains.list": ("domains", "list", (), {}),
        "domains.get": ("domains", "get", (ids["domain"],), {}),
        "domains.create": ("domains", "create", ("example.com",), {}),
        "domains.update": (
            "domains",
            "update",
            (ids["domain"],),
            update_domain(provider),
        ),
        "domains.delete": ("domains", "delete", (ids["domain"],), {}),
        "domains.verify": ("domains", "verify", (ids["domain"],), {}),
        "domains.dns_records": ("domains", "dns_records", (ids["domain"],), {}),
        "identities.find": ("identities", "find", ("Someone@Example.com",), {}),
        "domains.find": ("domains", "find", ("Example.COM",), {}),
    }


def connect(provider: str, fake: Fake, mode: str) -> Any:
    http = fake.sync_client() if mode == "sync" else fake.async_client()
    connector = sendfrom.connect if mode == "sync" else sendfrom.connect_async
    return connector(provider, api_key="test-key", http_client=http, **double(provider).scope)


async def invoke(client: Any, resource: str, method: str, args: Any, kwargs: Any) -> Any:
    result = getattr(getattr(client, resource), method)(*args, **kwargs)
    if method == "list":
        if inspect.isasyncgen(result) or hasattr(result, "__aiter__"):
            return [item async for item in result]
        return list(result)
    if inspect.isawaitable(result):
        return await result
    return result


def check(operation: str, provider: str, result: Any) -> None:
    """What a user relies on from each operation's result."""
    ids = double(provider).ids
    if operation == "identities.list":
        assert all(isinstance(i, SenderIdentity) for i in result)
        assert len(result) == double(provider).identities_listed
        assert len({i.id for i in result}) == len(result)
    elif operation == "domains.list":
        assert result
        assert all(isinstance(d, EmailDomain) for d in result)
    elif operation == "identities.get":
        assert isinstance(result, SenderIdentity)
        assert result.id == ids["identity"]
    elif operation.startswith("identities.") and operation.endswith(("create", "update")):
        assert isinstance(result, SenderIdentity)
        assert result.provider == provider
        assert result.raw
    elif operation == "domains.get":
        assert isinstance(result, EmailDomain)
        assert result.id == ids["domain"]
    elif operation in {"domains.create", "domains.update", "domains.verify"}:
        assert isinstance(result, EmailDomain)
        assert result.raw
    elif operation == "domains.dns_records":
        assert result
        assert all(isinstance(r, DnsRecord) for r in result)
    elif operation == "identities.find":  # the doubles' payloads are random: found or not
        assert result is None or result.email.lower() == "someone@example.com"
    elif operation == "domains.find":
        assert result is None or result.name.lower() == "example.com"
    else:  # delete, resend
        assert result is None


CASES = [(p, op) for p in PROVIDERS for op in OPERATIONS]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("provider", "operation"), CASES, ids=[f"{p}-{o}" for p, o in CASES])
async def test_operation(provider: str, operation: str, mode: str) -> None:
    fake = double(provider).build()
    client = connect(provider, fake, mode)
    resource, method, args, kwargs = calls(provider)[operation]
    if client.supports(operation):
        check(operation, provider, await invoke(client, resource, method, args, kwargs))
        assert fake.requests, "a supported operation talks to the provider"
    else:
        with pytest.raises(sendfrom.UnsupportedOperationError) as info:
            await invoke(client, resource, method, args, kwargs)
        assert info.value.provider == provider
        assert info.value.operation == operation
        assert fake.requests == [], "nothing is sent for an unsupported operation"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_capabilities_are_declared_for_known_operations_only(provider: str) -> None:
    adapter = adapter_class(provider)
    assert set(adapter.capabilities) <= set(OPERATIONS)
    client = connect(provider, double(provider).build(), "sync")
    assert client.capabilities == frozenset(adapter.capabilities)
    assert client.provider == provider


def test_list_is_lazy_and_crosses_pages() -> None:
    fake = double("mailersend").build()
    client = connect("mailersend", fake, "sync")
    identities = client.identities.list()
    assert fake.requests == []  # nothing until iterated
    first = next(identities)
    assert first.id == "ms-0"
    assert len(fake.requests) == 1
    rest = list(identities)
    assert len(rest) == 149
    assert [r.url.params["page"] for r in fake.requests] == ["1", "2"]
    assert {r.url.params["limit"] for r in fake.requests} == {"100"}  # the largest allowed


def test_vortex_pages_until_an_empty_page() -> None:
    fake = double("vortex").build()
    client = connect("vortex", fake, "sync")
    assert [d.id for d in client.domains.list()] == [f"vx-{n}" for n in range(5)]
    assert [r.url.params["start"] for r in fake.requests] == ["0", "3", "5"]


def test_invent_uses_pagination_headers_and_take_100() -> None:
    fake = double("invent").build()
    client = connect("invent", fake, "sync")
    assert len(list(client.identities.list())) == 130
    assert [(r.url.params["page"], r.url.params["take"]) for r in fake.requests] == [
        ("1", "100"),
        ("2", "100"),
    ]


def test_emulated_get_stops_at_the_page_that_has_it() -> None:
    fake = double("invent").build()
    client = connect("invent", fake, "sync")
    assert client.identities.get("inv-5").id == "inv-5"
    assert len(fake.requests) == 1
    with pytest.raises(sendfrom.NotFoundError):
        client.identities.get("inv-999")


def test_update_sends_only_the_given_fields() -> None:
    fake = double("invent").build()
    client = connect("invent", fake, "sync")
    client.identities.update("inv-1", click_tracking=False)
    assert json.loads(fake.requests[-1].content) == {"click_tracking": False}
    client.identities.update("inv-1", name=None)
    assert json.loads(fake.requests[-1].content) == {"name": None}


def test_provider_options_are_deep_merged_into_the_body() -> None:
    fake = double("mailersend").build()
    client = connect("mailersend", fake, "sync")
    client.identities.create(
        email="pedro@test.com",
        name="Pedro",
        domain_id="d1",
        provider_options={"personal_note": "Hi Pedro", "add_note": True},
    )
    assert json.loads(fake.requests[-1].content) == {
        "email": "pedro@test.com",
        "name": "Pedro",
        "domain_id": "d1",
        "personal_note": "Hi Pedro",
        "add_note": True,
    }


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.identities.create(email="not-an-email", name="x", domain_id="d"), "email"),
        (lambda c: c.identities.get(""), "identity_id"),
        (lambda c: c.identities.get("../domains"), "identity_id"),
        (lambda c: c.identities.get("a/b"), "identity_id"),
        (lambda c: c.identities.get("x?y"), "identity_id"),
        (lambda c: c.identities.get("x#y"), "identity_id"),
        (lambda c: c.identities.get("a%2Fb"), "identity_id"),
        (lambda c: c.identities.update("x", name=5), "name"),
        (lambda c: c.identities.create(email="a@b.co", name="n" * 192, domain_id="d"), "name"),
        (lambda c: c.domains.create("not a domain"), "name"),
        (lambda c: c.identities.update("x", provider_options={"personal_note": "x" * 251}),
         "personal_note"),
    ],
)  # fmt: skip
def test_bad_input_is_rejected_before_sending(call: Callable[[Any], Any], field: str) -> None:
    fake = double("mailersend").build()
    client = connect("mailersend", fake, "sync")
    with pytest.raises(sendfrom.InvalidRequestError) as info:
        call(client)
    assert field in info.value.fields
    assert fake.requests == []


def test_unsupported_update_field_is_refused_before_sending() -> None:
    fake = double("mailersend").build()
    client = connect("mailersend", fake, "sync")
    with pytest.raises(sendfrom.UnsupportedOperationError, match="is_default"):
        client.identities.update("ms-1", is_default=True)
    assert fake.requests == []


def test_space_invoices_create_reads_the_address_back_after_an_empty_answer() -> None:
    fake = double("spaceinvoices").build()
    client = connect("spaceinvoices", fake, "sync")
    identity = client.identities.create(email="billing@example.com")
    assert identity.id == "addr-1"
    assert [r.method for r in fake.requests] == ["POST", "GET"]


def test_space_invoices_verify_reads_the_fresh_status() -> None:
    client = connect("spaceinvoices", double("spaceinvoices").build(), "sync")
    domain = client.domains.verify("example.com")
    assert domain.status is VerificationStatus.VERIFIED
    assert domain.status_raw == "Success"
    assert [r.name for r in domain.dns_records] == [
        "tok1._domainkey.example.com",
        "tok2._domainkey.example.com",
        "tok3._domainkey.example.com",
    ]


def test_vortex_needs_an_account_id() -> None:
    with pytest.raises(sendfrom.ConfigurationError, match="SENDFROM_ACCOUNT_ID"):
        sendfrom.connect("vortex", api_key="k")


def test_invent_contacts_through_native_as_the_readme_shows() -> None:
    from pydantic import TypeAdapter

    from sendfrom_generated.invent.api.contacts import list_contacts, update_contact
    from sendfrom_generated.invent.models import Contact
    from speclib import PROVIDERS_DIR

    fake = double("invent").build()
    contacts_body = (PROVIDERS_DIR / "invent" / "docs_get_contacts_200.json").read_bytes()
    updated_body = (PROVIDERS_DIR / "invent" / "docs_update_contact_200.json").read_bytes()
    fake.route("GET", "/orgs/c/contacts", lambda _: httpx.Response(200, content=contacts_body))
    fake.route(
        "PATCH", "/orgs/c/contacts/[^/]+", lambda _: httpx.Response(200, content=updated_body)
    )
    client = connect("invent", fake, "sync")
    response = list_contacts.sync_detailed("c", client=client.native, take=100, unsubscribed=False)
    contacts = TypeAdapter(list[Contact]).validate_json(response.content)
    assert contacts
    assert fake.requests[-1].url.params["unsubscribed"] == "false"
    update_contact.sync_detailed("c", contacts[0].id, client=client.native, body={"blocked": True})
    assert json.loads(fake.requests[-1].content) == {"blocked": True}
    assert fake.requests[-1].headers["authorization"] == "Bearer test-key"


# ---- Vortex status words sendfrom does not know (#12 item 10)

U, P, F = VerificationStatus.UNKNOWN, VerificationStatus.PENDING, VerificationStatus.FAILED
V = VerificationStatus.VERIFIED


@pytest.mark.parametrize(
    ("token", "dkim", "expected"),
    [
        ("expired", "waiting_for_user", U),  # an unknown word: not a guess of pending
        ("revoked", None, U),
        ("waiting_for_provider", "revoked", U),
        ("EXPIRED", "verified", U),
        ("waiting_for_user", "waiting_for_provider", P),
        ("pending", None, P),
        ("verified", "waiting_for_user", P),
        ("expired", "provider_failed", F),  # a failure wins over an unknown word
        ("Failed", "revoked", F),
    ],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_vortex_unknown_status_words_are_unknown(
    token: str, dkim: str | None, expected: VerificationStatus, mode: str
) -> None:
    sim = simulator("vortex")
    made = sim.connect().domains.create("example.com")
    payload = {**made.raw, "isVerified": False, "tokenVerificationStatus": token}
    payload["dkimStatus"] = dkim
    sim.fail_next(200, body=json.dumps([payload]), headers={"content-type": "application/json"})
    if mode == "async":
        async with sim.connect_async() as aclient:
            domain = await aclient.domains.get(made.id)
    else:
        domain = sim.connect().domains.get(made.id)
    assert domain.status is expected
    assert domain.status_raw == token
    known = {"waiting_for_user": P, "waiting_for_provider": P, "pending": P, "verified": V}
    known |= {"failed": F, "provider_failed": F}
    assert domain.checks["ownership"] is known.get(token.lower(), U)
    if dkim is None:
        assert "dkim" not in domain.checks
    else:
        assert domain.checks["dkim"] is known.get(dkim.lower(), U)
