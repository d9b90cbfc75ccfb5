"""Bad input is rejected before anything is sent, with ``InvalidRequestError.fields`` naming it.

Every provider, sync and async: invalid emails and domain names, names over the limits the specs
declare (``maxLength``, read from ``specs/<provider>.yaml``), empty ids and ids that would leave
their path segment, and wrong types, in arguments and in ``provider_options``. The transport
double fails the test on any request, so "rejected before sending" is checked every time.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import pytest

import sendfrom
from provider_facts import facts, required_scope
from sendfrom.capabilities import OPERATIONS
from sendfrom.client import AsyncDomains, AsyncIdentities, Domains, Identities
from sendfrom.errors import InvalidRequestError, UnsupportedOperationError
from sendfrom.providers import EXAMPLE, PROVIDERS, adapter_class
from sendfrom.testing import simulator_of
from speclib import load_payload, load_spec, sample_create_options

KEY = "bad-input-key-93f1"
IDENTITY = load_payload(EXAMPLE, "java_SenderIdentitiesTest_TestGetIdentity_200.json")

Call = Callable[[Any], Any]


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


class Recorder:
    """Keeps every request; answers a MailerSend identity (for the at-the-limit cases)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=IDENTITY)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)


def clients(provider: str, server: Recorder) -> tuple[sendfrom.Client, sendfrom.AsyncClient]:
    scope = required_scope(provider)
    sync = sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        **scope,
    )
    asynchronous = sendfrom.connect_async(
        provider,
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.handle_async)),
        **scope,
    )
    return sync, asynchronous


def run(client: Any, call: Call) -> Any:
    """Run ``call`` on a client; awaits (or drains an async list) when the client is async."""
    result = call(client)
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    if hasattr(result, "__anext__"):
        return asyncio.run(_drain(result))
    if hasattr(result, "__next__"):
        return list(result)
    return result


async def _await(result: Any) -> Any:
    return await result


async def _drain(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


def assert_rejected(provider: str, call: Call, field: str) -> None:
    """``call`` raises InvalidRequestError naming ``field``, sync and async; nothing is sent."""
    server = Recorder()
    for client in clients(provider, server):
        with pytest.raises(InvalidRequestError) as info:
            run(client, call)
        assert field in info.value.fields, (info.value.fields, str(info.value))
        assert all(isinstance(m, str) and m for m in info.value.fields[field])
        assert KEY not in str(info.value)
    assert server.requests == []


def supports(provider: str, operation: str) -> bool:
    return operation in adapter_class(provider).capabilities


# ---- lengths: the specs' maxLength, enforced exactly


def spec_max(provider: str, schema: str, field: str) -> int:
    limit: int = load_spec(provider)["components"]["schemas"][schema]["properties"][field][
        "maxLength"
    ]
    return limit


# (provider, request schema, schema field, call making a value of length n): the providers' own
LENGTH_CASES: list[tuple[str, str, str, Callable[[int], Call]]] = [
    (provider, case.schema, case.field, case.make)
    for provider in PROVIDERS
    for case in facts(provider).bad_input.lengths
]


@pytest.mark.parametrize(
    ("provider", "schema", "field", "make"),
    LENGTH_CASES,
    ids=[f"{p}-{s}.{f}" for p, s, f, _ in LENGTH_CASES],
)
def test_over_the_specs_max_length_is_rejected(
    provider: str, schema: str, field: str, make: Callable[[int], Call]
) -> None:
    limit = spec_max(provider, schema, field)
    assert_rejected(provider, make(limit + 1), field)


@pytest.mark.parametrize(
    ("provider", "schema", "field", "make"),
    LENGTH_CASES,
    ids=[f"{p}-{s}.{f}" for p, s, f, _ in LENGTH_CASES],
)
def test_at_the_specs_max_length_is_sent(
    provider: str, schema: str, field: str, make: Callable[[int], Call]
) -> None:
    server = Recorder()
    sync, _ = clients(provider, server)
    # the double answers a MailerSend identity; Invent's update wants its own shape
    with contextlib.suppress(sendfrom.ResponseFormatError):
        run(sync, make(spec_max(provider, schema, field)))
    assert len(server.requests) == 1


def test_every_max_length_of_a_public_request_field_is_covered() -> None:
    """Each maxLength the specs put on a request body the facade sends has a case above."""
    limited = {
        (provider, schema, field)
        for provider in PROVIDERS
        for schema in facts(provider).bad_input.bounded_requests
        for field, spec in load_spec(provider)["components"]["schemas"][schema]
        .get("properties", {})
        .items()
        if "maxLength" in spec
    }
    covered = {(p, s, f) for p, s, f, _ in LENGTH_CASES}
    # Some maxLengths the facade replaces by a stricter rule (a DNS name's 253, RFC 5321's 254).
    stricter = {
        (provider, schema, field)
        for provider in PROVIDERS
        for schema, field in facts(provider).bad_input.lengths_held_stricter
    }
    assert limited - covered == stricter
    assert stricter <= limited, "each stricter rule replaces a declared maxLength"


def test_invent_domain_over_the_dns_limit_is_rejected() -> None:
    assert spec_max("invent", "DomainCreateRequest", "domain") == 512
    long_name = ".".join(["a" * 63] * 4) + ".com"  # 259 characters, every label valid
    assert_rejected("invent", lambda c: c.domains.create(long_name), "name")


# ---- emails and domain names

BAD_EMAILS = [
    "not-an-email",
    "a@b",
    "@example.com",
    "a@",
    "a @example.com",
    "a@example.com\n",
    "a@example.com ",
    "a@@example.com",
    "",
    # the domain part is held to the rules of domains.create
    "a@-example.com",
    "a@exa_mple.com",
    "a@example.c",
    "a@xn--zz.com",
    "a@bücher-.de",
]


IDENTITY_CREATORS = [p for p in PROVIDERS if "identities.create" in adapter_class(p).capabilities]
NO_IDENTITY_CREATE = [p for p in PROVIDERS if p not in IDENTITY_CREATORS]


@pytest.mark.parametrize("email", BAD_EMAILS)
@pytest.mark.parametrize("provider", IDENTITY_CREATORS)
def test_invalid_email_on_create(provider: str, email: str) -> None:
    assert_rejected(
        provider, lambda c: c.identities.create(email=email, name=None, domain_id=None), "email"
    )


@pytest.mark.parametrize("email", ["nope", "a@example.com\r\n", 42])
def test_invalid_reply_to_email(email: Any) -> None:
    assert_rejected(
        "mailersend",
        lambda c: c.identities.create(
            email="a@example.com", name="A", domain_id="d", reply_to_email=email
        ),
        "reply_to_email",
    )
    assert_rejected(
        "mailersend", lambda c: c.identities.update("id-1", reply_to_email=email), "reply_to_email"
    )


BAD_DOMAINS = [
    "example",
    "not a domain",
    "-example.com",
    "example-.com",
    "exa_mple.com",
    "a..com",
    "example.com\n",
    "x" * 64 + ".com",
    "example.c",
    "",
    "https://example.com",
    "example.com/path",
    "example.com.",
    "a..b",
    ".".join(["a" * 63] * 4) + ".co",  # 254 characters, every label valid
    # internationalised: what IDNA 2008 refuses
    "xn--zz.com",  # an ASCII label that claims to be an A-label and is not
    "-bücher.de",
    "bücher-.de",
    "bü cher.de",
    "bücher..de",
    "bü_cher.de",
    "ü" * 64 + ".de",
    "☃.com",  # a symbol: IDNA 2008 disallows it
]


DOMAIN_CREATORS = [p for p in PROVIDERS if "domains.create" in adapter_class(p).capabilities]


@pytest.mark.parametrize("name", BAD_DOMAINS)
@pytest.mark.parametrize("provider", DOMAIN_CREATORS)
def test_invalid_domain_name_on_create(provider: str, name: str) -> None:
    assert_rejected(provider, lambda c: c.domains.create(name), "name")


REASONS = [
    ("-a.com", "label '-a' starts or ends with a hyphen"),
    ("a..b.com", "empty label"),
    ("x" * 64 + ".com", "longer than 63 characters"),
    (".".join(["a" * 63] * 4) + ".co", "the limit is 253"),
    ("exa_mple.com", "label 'exa_mple' may hold only letters, digits and hyphens"),
    ("a b.com", "label 'a b' may hold only letters, digits and hyphens"),
    ("bü cher.de", "U+0020"),
    ("xn--zz.com", "not a valid A-label"),
    ("example.c", "last label 'c'"),
]


@pytest.mark.parametrize(("name", "reason"), REASONS)
def test_an_invalid_domain_name_is_refused_saying_why(name: str, reason: str) -> None:
    client = sendfrom.connect("vortex", simulate=True)
    with pytest.raises(InvalidRequestError) as info:
        client.domains.create(name)
    assert reason in str(info.value)
    assert any(reason in problem for problem in info.value.fields["name"])
    assert simulator_of(client).requests == []


# ---- internationalised domain names: what IDNA 2008 accepts, sent as A-labels

IDN_NAMES = [
    ("bücher.de", "xn--bcher-kva.de"),
    ("Bücher.DE", "xn--bcher-kva.de"),  # the UTS 46 mapping browsers apply
    ("example.xn--p1ai", "example.xn--p1ai"),  # a punycode top-level domain (.рф)
    ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
]


def sent_bodies(client: Any) -> list[dict[str, Any]]:
    """The JSON body of every request the client's simulator received that had one."""
    return [json.loads(r.content) for r in simulator_of(client).requests if r.content]


@pytest.mark.parametrize(("name", "sent"), IDN_NAMES)
@pytest.mark.parametrize("provider", DOMAIN_CREATORS)
async def test_an_internationalised_domain_name_is_sent_as_a_labels(
    provider: str, name: str, sent: str
) -> None:
    sync = sendfrom.connect(provider, simulate=True)
    asynchronous = sendfrom.connect_async(provider, simulate=True)
    created = [sync.domains.create(name), await asynchronous.domains.create(name)]
    for client, domain in zip((sync, asynchronous), created, strict=True):
        (body,) = sent_bodies(client)
        assert list(body.values()) == [sent]  # "name" or "domain", whatever the provider calls it
        assert domain.name == sent
    sync.close()
    await asynchronous.aclose()


@pytest.mark.parametrize("provider", IDENTITY_CREATORS)
async def test_the_domain_part_of_an_identity_email_is_sent_as_a_labels(provider: str) -> None:
    sync = sendfrom.connect(provider, simulate=True)
    asynchronous = sendfrom.connect_async(provider, simulate=True)
    # the provider's own keys for the address and the reply-to address (its declarations)
    owned = adapter_class(provider).unified_keys.get("identities.create", {"email": "email"})
    key = next(k for k, argument in owned.items() if argument == "email")
    reply_to = [k for k, argument in owned.items() if argument == "reply_to_email"]
    for client in (sync, asynchronous):
        fields: dict[str, Any] = {"email": "Max.Müller@Bücher.de"}
        if facts(provider).identity_needs_domain:  # the identity's domain, and a name
            domain = client.domains.create("bücher.de")
            domain = await domain if inspect.isawaitable(domain) else domain
            fields |= {"name": "Max", "domain_id": domain.id}
        if reply_to:
            fields["reply_to_email"] = "Büro@bücher.de"
        if sample_create_options(provider):
            fields["provider_options"] = sample_create_options(provider)
        created = client.identities.create(**fields)
        identity = await created if inspect.isawaitable(created) else created
        body = sent_bodies(client)[-1]
        # the local part as given, under the provider's own key for the address
        assert body[key] == "Max.Müller@xn--bcher-kva.de"
        assert identity.email.lower() == "max.müller@xn--bcher-kva.de"
        if reply_to:
            assert body[reply_to[0]] == "Büro@xn--bcher-kva.de"
            updating = adapter_class(provider).unified_keys["identities.update"]
            (update_key,) = [k for k, a in updating.items() if a == "reply_to_email"]
            updated = client.identities.update(identity.id, reply_to_email="a@пример.рф")
            await updated if inspect.isawaitable(updated) else None
            assert sent_bodies(client)[-1] == {update_key: "a@xn--e1afmkfd.xn--p1ai"}
    sync.close()
    await asynchronous.aclose()


def test_required_fields_of_the_spec_are_required() -> None:
    # MailerSend's IdentityCreateRequest requires name and domain_id (the unified API has them
    # optional because other providers do not need them).
    server = Recorder()
    for client in clients("mailersend", server):
        with pytest.raises(InvalidRequestError) as info:
            run(client, lambda c: c.identities.create(email="a@example.com"))
        assert {"name", "domain_id"} <= set(info.value.fields)
    assert server.requests == []


# ---- ids

BAD_IDS = [
    "",
    "../x",
    "..",
    ".",
    "a/b",
    "/",
    "?",
    "x?admin=1",
    "#",
    "x#y",
    "%2F",
    "a%2Fb",
    "%2e%2e",
    "a b",
    "a\\b",
    "id\n",
    "\t",
]


def _id_name(value: str) -> str:
    """``repr(value)`` with its backslashes as ``%5C``: pytest escapes a backslash in a test id,
    and the escaped id cannot select its test on the command line (tests/conftest.py)."""
    return repr(value).replace("\\", "%5C")


ID_CALLS: dict[str, tuple[str, Callable[[str], Call]]] = {
    "identities.get": ("identity_id", lambda i: lambda c: c.identities.get(i)),
    "identities.update": ("identity_id", lambda i: lambda c: c.identities.update(i, name="A")),
    "identities.delete": ("identity_id", lambda i: lambda c: c.identities.delete(i)),
    "identities.resend_verification": (
        "identity_id",
        lambda i: lambda c: c.identities.resend_verification(i),
    ),
    "identities.list": ("domain_id", lambda i: lambda c: c.identities.list(domain_id=i)),
    "domains.get": ("domain_id", lambda i: lambda c: c.domains.get(i)),
    "domains.update": ("domain_id", lambda i: lambda c: c.domains.update(i, description="d")),
    "domains.delete": ("domain_id", lambda i: lambda c: c.domains.delete(i)),
    "domains.verify": ("domain_id", lambda i: lambda c: c.domains.verify(i)),
    "domains.dns_records": ("domain_id", lambda i: lambda c: c.domains.dns_records(i)),
}
ID_CASES = [
    (p, op)
    for p in PROVIDERS
    for op in ID_CALLS
    if supports(p, op)
    # an argument the provider refuses (UnsupportedOperationError) is not checked as an id
    and ID_CALLS[op][0] not in adapter_class(p).unsupported_arguments.get(op, {})
]


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=_id_name)
@pytest.mark.parametrize(("provider", "operation"), ID_CASES)
def test_ids_that_are_empty_or_leave_their_segment(
    provider: str, operation: str, bad_id: str
) -> None:
    field, make = ID_CALLS[operation]
    refused = adapter_class(provider).unsupported_arguments.get("domains.update", {})
    if operation == "domains.update" and "description" in refused:  # its declared limits

        def make(i: str) -> Call:
            return lambda c: c.domains.update(i, provider_options={"send_paused": True})

    assert_rejected(provider, make(bad_id), field)


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=_id_name)
def test_domain_id_of_a_new_identity(bad_id: str) -> None:
    assert_rejected(
        "mailersend",
        lambda c: c.identities.create(email="a@example.com", name="A", domain_id=bad_id),
        "domain_id",
    )


def test_every_operation_taking_an_id_is_covered() -> None:
    with_id = {op for op in OPERATIONS if op not in {"identities.create", "domains.create"}}
    with_id -= {"domains.list", "identities.find", "domains.find"}
    assert set(ID_CALLS) == with_id


# ---- wrong types


WRONG_TYPES: list[tuple[str, str, Call, str]] = [
    (provider, case.operation, case.call, case.field)
    for provider in PROVIDERS
    for case in facts(provider).bad_input.wrong_types
]


@pytest.mark.parametrize(
    ("provider", "operation", "call", "field"),
    WRONG_TYPES,
    ids=[f"{p}-{o}-{f}-{i}" for i, (p, o, _, f) in enumerate(WRONG_TYPES)],
)
def test_wrong_types_in_arguments(provider: str, operation: str, call: Call, field: str) -> None:
    assert supports(provider, operation)
    assert_rejected(provider, call, field)


# provider_options: checked against the spec's request model, strictly, as the JSON to be sent
OPTION_CASES: list[tuple[str, Call, str]] = [
    (provider, case.call, case.field)
    for provider in PROVIDERS
    for case in facts(provider).bad_input.bad_options
]


@pytest.mark.parametrize(
    ("provider", "call", "field"),
    OPTION_CASES,
    ids=[f"{p}-{f}-{i}" for i, (p, _, f) in enumerate(OPTION_CASES)],
)
def test_wrong_types_in_provider_options(provider: str, call: Call, field: str) -> None:
    assert_rejected(provider, call, field)


def test_correct_provider_options_are_sent_as_given() -> None:
    server = Recorder()
    sync, _ = clients("mailersend", server)
    sync.identities.create(
        email="a@example.com",
        name="A",
        domain_id="d",
        provider_options={"add_note": True, "personal_note": "Hi"},
    )
    assert json.loads(server.requests[0].content) == {
        "email": "a@example.com",
        "name": "A",
        "domain_id": "d",
        "add_note": True,
        "personal_note": "Hi",
    }


# ---- provider_options cannot set what a unified argument sets

BODY_OPERATIONS = ("identities.create", "identities.update", "domains.create", "domains.update")
RESOURCES: dict[str, Any] = {"identities": Identities, "domains": Domains}

# Every unified argument each provider sends, with a valid value (its others are unsupported).
FULL_ARGUMENTS: dict[tuple[str, str], Mapping[str, Any]] = {
    (provider, operation): arguments
    for provider in PROVIDERS
    for operation, arguments in facts(provider).bad_input.full_arguments.items()
}


def invoke(operation: str, arguments: dict[str, Any], options: dict[str, Any] | None) -> Call:
    resource, method = operation.split(".")
    ids = ("id-1",) if method == "update" else ()
    return lambda c: getattr(getattr(c, resource), method)(
        *ids, **arguments, provider_options=options
    )


def required(operation: str, argument: str) -> bool:
    """Whether the unified method of ``operation`` requires ``argument`` (KeyError: no such one)."""
    resource, method = operation.split(".")
    parameters = inspect.signature(getattr(RESOURCES[resource], method)).parameters
    return parameters[argument].default is inspect.Parameter.empty


def test_every_operation_with_a_body_is_covered() -> None:
    expected = {(p, op) for p in PROVIDERS for op in BODY_OPERATIONS if supports(p, op)}
    assert set(FULL_ARGUMENTS) == expected


@pytest.mark.parametrize(("provider", "operation"), sorted(FULL_ARGUMENTS))
def test_each_adapter_declares_exactly_the_body_keys_its_unified_arguments_set(
    provider: str, operation: str
) -> None:
    """With every unified argument given and no provider_options (but those the provider requires),
    the body holds exactly the keys the adapter declares, each with its argument's value: none
    escapes the check below."""
    arguments = FULL_ARGUMENTS[provider, operation]
    required = sample_create_options(provider, operation)
    server = Recorder()
    sync, _ = clients(provider, server)
    with contextlib.suppress(sendfrom.APIError):  # the double answers a MailerSend identity
        run(sync, invoke(operation, arguments, required or None))
    body = json.loads(server.requests[0].content)
    owned = adapter_class(provider).unified_keys[operation]
    assert body == {key: arguments[argument] for key, argument in owned.items()} | required


OWNED_KEYS = [
    (provider, operation, key, argument, given)
    for provider, operation in sorted(FULL_ARGUMENTS)
    for key, argument in adapter_class(provider).unified_keys[operation].items()
    for given in (True, False)
    if given or not required(operation, argument)
]


@pytest.mark.parametrize(
    ("provider", "operation", "key", "argument", "given"),
    OWNED_KEYS,
    ids=[f"{p}-{o}-{k}-{'given' if g else 'left-out'}" for p, o, k, _, g in OWNED_KEYS],
)
def test_provider_options_cannot_set_a_key_a_unified_argument_sets(
    provider: str, operation: str, key: str, argument: str, given: bool
) -> None:
    arguments = dict(FULL_ARGUMENTS[provider, operation])
    # a valid value: refused for whose key it is (beside what the provider requires)
    options = {**sample_create_options(provider, operation), key: arguments[argument]}
    if not given:
        del arguments[argument]
    expected = f"provider_options[{key!r}] is set by the {argument} argument; pass {argument}=..."
    server = Recorder()
    for client in clients(provider, server):
        with pytest.raises(InvalidRequestError) as info:
            run(client, invoke(operation, arguments, options))
        assert str(info.value) == expected
        assert info.value.fields == {"provider_options": [expected]}
    assert server.requests == []


async def settle(result: Any) -> Any:
    """``result``, awaited if it is awaitable (one call for the sync and the async client)."""
    return await result if inspect.isawaitable(result) else result


async def test_provider_options_cannot_replace_a_checked_email_or_domain_name() -> None:
    """The reported cases, on the simulators: nothing reaches the provider."""
    for connect in (sendfrom.connect, sendfrom.connect_async):
        mailersend = connect("mailersend", simulate=True)
        domain = await settle(mailersend.domains.create("example.com"))
        with pytest.raises(InvalidRequestError, match=r"pass email=\.\.\.") as info:
            await settle(
                mailersend.identities.create(
                    email="a@example.com",
                    name="A",
                    domain_id=domain.id,
                    provider_options={"email": "not-an-email"},
                )
            )
        assert "provider_options['email'] is set by the email argument" in str(info.value)
        assert len(simulator_of(mailersend).requests) == 1  # the domain's create only

        vortex = connect("vortex", simulate=True)
        with pytest.raises(InvalidRequestError, match=r"pass name=\.\.\.") as info:
            await settle(
                vortex.domains.create("example.com", provider_options={"domain": "../evil"})
            )
        assert "provider_options['domain'] is set by the name argument" in str(info.value)
        assert simulator_of(vortex).requests == []


# ---- unsupported beats invalid; nothing is sent either way


@pytest.mark.parametrize("provider", NO_IDENTITY_CREATE)
def test_unsupported_operation_with_bad_input_is_unsupported_and_sends_nothing(
    provider: str,
) -> None:
    server = Recorder()
    for client in clients(provider, server):
        with pytest.raises(UnsupportedOperationError):
            run(client, lambda c: c.identities.create(email="not-an-email"))
    assert server.requests == []


# ---- page sizes


def test_only_list_and_pages_take_a_page_size() -> None:
    """One name for the page size (``page_size``, checked against the adapter's declared bounds,
    see tests/unit/test_find_ensure_pages.py), on the listing methods only; no provider's own
    word."""
    for cls in (Identities, Domains, AsyncIdentities, AsyncDomains):
        for name, member in inspect.getmembers(cls, callable):
            if name.startswith("_"):
                continue
            params = set(inspect.signature(member).parameters)
            assert not params & {"limit", "take", "per_page", "page", "start"}, name
            assert ("page_size" in params) is (name in {"list", "pages"}), name
