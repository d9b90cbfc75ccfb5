"""find, ensure and pages on every provider's simulator, sync and async.

Each test runs where the provider's declarations (``capabilities``, ``unsupported_arguments``,
``page_sizes``) say the operation works, and checks the refusal where they say it does not.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import httpx
import idna
import pytest

import sendfrom
from provider_facts import facts
from sendfrom.errors import InvalidRequestError, NotFoundError, UnsupportedOperationError
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import Simulator, simulator
from speclib import sample_create_options

KINDS = ("identities", "domains")
MODES = ("sync", "async")


async def settle(value: Any) -> Any:
    """A sync client's result as is, an async client's awaited."""
    return await value if inspect.isawaitable(value) else value


async def collect(iterator: Any) -> list[Any]:
    """Every item of a sync or an async iterator."""
    if hasattr(iterator, "__aiter__"):
        return [item async for item in iterator]
    return list(iterator)


def connect(sim: Simulator, mode: str) -> Any:
    return sim.connect(max_retries=0) if mode == "sync" else sim.connect_async(max_retries=0)


def supported(provider: str, operation: str) -> bool:
    return operation in adapter_class(provider).capabilities


def seed(sim: Simulator, kind: str, value: str) -> Any:
    """Make an identity (``value``: an address) or a domain (a name) the way the provider can,
    with a sync client of its own (as another process would); returns what ``get`` gives."""
    other = sim.connect()
    provider = sim.provider
    if kind == "domains":
        if facts(provider).one_address:  # its one domain is the one address's
            return other.domains.find(other.identities.create(f"info@{value}").email[5:])
        # Read back: a create's answer may have its own shape (MailerSend's has more fields).
        return other.domains.get(other.domains.create(value).id)
    domain = value.rpartition("@")[2]
    if not supported(provider, "identities.create"):  # seeded as its dashboard would: A-labels
        local, _, domain = value.rpartition("@")
        made = sim.add_identity(f"{local}@{idna.encode(domain).decode()}")  # type: ignore[attr-defined]
        return other.identities.get(made["id"])
    if facts(provider).identity_needs_domain:
        found = other.domains.find(domain) if supported(provider, "domains.find") else None
        found = found or other.domains.create(domain)
        return other.identities.create(value, name="Seeded", domain_id=found.id)
    return other.identities.create(value, provider_options=sample_create_options(provider) or None)


def find(client: Any, kind: str, value: str) -> Any:
    return getattr(client, kind).find(value)


CASES = [(p, k, m) for p in PROVIDERS for k in KINDS for m in MODES]
IDS = [f"{p}-{k}-{m}" for p, k, m in CASES]
SAMPLE = {"identities": "ann@example.com", "domains": "example.com"}
ABSENT = {"identities": "bob@example.com", "domains": "absent.example"}
SHOUTED = {"identities": "ANN@Example.COM", "domains": "EXAMPLE.com"}


def need(provider: str, *operations: str) -> None:
    missing = [op for op in operations if not supported(provider, op)]
    if missing:
        pytest.skip(f"{provider} declares {', '.join(missing)} unsupported")


# ---- find


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_find_present_absent_and_case_insensitive(
    provider: str, kind: str, mode: str
) -> None:
    need(provider, f"{kind}.find")
    sim = simulator(provider)
    client = connect(sim, mode)
    assert await settle(find(client, kind, SAMPLE[kind])) is None  # nothing there yet
    made = seed(sim, kind, SAMPLE[kind])
    assert await settle(find(client, kind, SAMPLE[kind])) == made
    assert await settle(find(client, kind, SHOUTED[kind])) == made
    assert await settle(find(client, kind, ABSENT[kind])) is None


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_find_takes_an_idn_as_create_does(provider: str, kind: str, mode: str) -> None:
    need(provider, f"{kind}.find")
    sim = simulator(provider)
    client = connect(sim, mode)
    unicode = {"identities": "info@bücher.example", "domains": "bücher.example"}[kind]
    made = seed(sim, kind, unicode)
    assert "xn--bcher-kva.example" in (made.email if kind == "identities" else made.name)
    assert await settle(find(client, kind, unicode.upper())) == made
    assert await settle(find(client, kind, unicode.replace("bücher", "xn--bcher-kva"))) == made


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_find_checks_its_input_before_sending(provider: str, kind: str, mode: str) -> None:
    need(provider, f"{kind}.find")
    sim = simulator(provider)
    client = connect(sim, mode)
    for bad in ("not an address", "a@b", 42, None):
        with pytest.raises(InvalidRequestError):
            await settle(find(client, kind, bad))
    assert sim.requests == []


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_find_where_unsupported_is_refused(provider: str, kind: str, mode: str) -> None:
    if supported(provider, f"{kind}.find"):
        pytest.skip(f"{provider} declares {kind}.find supported")
    sim = simulator(provider)
    client = connect(sim, mode)
    assert not client.supports(f"{kind}.find")
    with pytest.raises(UnsupportedOperationError) as info:
        await settle(find(client, kind, SAMPLE[kind]))
    assert info.value.operation == f"{kind}.find"
    assert info.value.provider == provider
    assert info.value.reason == adapter_class(provider).notes.get(f"{kind}.find")
    assert sim.requests == []


@pytest.mark.parametrize("mode", MODES)
async def test_mailersend_finds_an_identity_with_one_request_by_address(mode: str) -> None:
    sim = simulator("mailersend")
    client = connect(sim, mode)
    made = seed(sim, "identities", "ann@example.com")
    for _ in range(3):  # enough identities that a listing would show
        seed(sim, "identities", f"x{_}@example.com")
    sim.requests.clear()
    assert await settle(client.identities.find("Ann@Example.com")) == made
    assert await settle(client.identities.find("nobody@example.com")) is None  # its 404: None
    paths = [unquote(r.url.path) for r in sim.requests]
    assert paths == [
        "/v1/identities/email/ann@example.com",
        "/v1/identities/email/nobody@example.com",
    ]


@pytest.mark.parametrize("mode", MODES)
async def test_mailersend_find_raises_other_failures(mode: str) -> None:
    sim = simulator("mailersend")
    client = connect(sim, mode)
    sim.fail_next(500)
    with pytest.raises(sendfrom.ServerError):
        await settle(client.identities.find("ann@example.com"))
    sim.fail_next(404)  # a listing's 404 is an error, not "absent"
    with pytest.raises(NotFoundError):
        await settle(client.domains.find("example.com"))


@pytest.mark.parametrize("mode", MODES)
async def test_invent_finds_an_identity_with_its_search_parameter(mode: str) -> None:
    sim = simulator("invent")
    client = connect(sim, mode)
    for n in range(5):
        sim.add_identity(f"ann{n}@example.com")  # type: ignore[attr-defined]
    made = seed(sim, "identities", "ann@example.com")
    sim.requests.clear()
    assert await settle(client.identities.find("ANN@example.com")) == made
    (request,) = sim.requests
    assert request.url.params["search"] == "ann@example.com"


# ---- ensure


def ensure(client: Any, kind: str, value: str) -> Any:
    if kind == "identities" and facts(client.provider).identity_needs_domain:
        return client.identities.ensure(value, name="Ensured", domain_id=_domain_of(client))
    if kind == "identities":
        options = sample_create_options(client.provider) or None
        return client.identities.ensure(value, provider_options=options)
    return getattr(client, kind).ensure(value)


_DOMAINS: dict[int, str] = {}


def _domain_of(client: Any) -> str:
    return _DOMAINS[id(client)]


def prepare(sim: Simulator, client: Any, kind: str) -> None:
    """What ``ensure`` needs first: an identity its domain, where the provider asks for it."""
    if kind == "identities" and facts(sim.provider).identity_needs_domain:
        _DOMAINS[id(client)] = sim.connect().domains.create("example.com").id


def creates(sim: Simulator) -> list[httpx.Request]:
    return [r for r in sim.requests if r.method == "POST"]


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_ensure_returns_the_existing_object_unchanged(
    provider: str, kind: str, mode: str
) -> None:
    need(provider, f"{kind}.find", f"{kind}.create")
    sim = simulator(provider)
    client = connect(sim, mode)
    prepare(sim, client, kind)
    made = seed(sim, kind, SAMPLE[kind])
    sim.requests.clear()
    assert await settle(ensure(client, kind, SHOUTED[kind])) == made
    assert creates(sim) == []


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_ensure_creates_once(provider: str, kind: str, mode: str) -> None:
    need(provider, f"{kind}.find", f"{kind}.create")
    sim = simulator(provider)
    client = connect(sim, mode)
    prepare(sim, client, kind)
    first = await settle(ensure(client, kind, SAMPLE[kind]))
    again = await settle(ensure(client, kind, SAMPLE[kind]))
    assert again.id == first.id
    # the domain an identity needs is a create too
    assert len(creates(sim)) == 1 + (kind == "identities" and facts(provider).identity_needs_domain)


def racing(sim: Simulator) -> Callable[[httpx.Request], httpx.Response]:
    """A transport handler: the first create is sent twice, as if another process's identical
    create reached the provider between this client's find and its create."""
    raced: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and not raced:
            raced.append(request)
            assert sim(request).is_success  # the other process wins
        return sim(request)

    return handle


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_ensure_survives_a_race_with_another_process(
    provider: str, kind: str, mode: str
) -> None:
    need(provider, f"{kind}.find", f"{kind}.create")
    if kind == "domains" and facts(provider).same_name_domains:
        # A second domain of one name is taken (another subdomain): no answer says "already
        # exists", so two racing ensures make two (specs/README.md).
        pytest.skip(f"{provider} does not refuse a second domain of one name")
    sim = simulator(provider)
    transport = httpx.MockTransport(racing(sim))
    http: Any = httpx.Client(transport=transport) if mode == "sync" else None
    http = http or httpx.AsyncClient(transport=transport)
    opener = sendfrom.connect if mode == "sync" else sendfrom.connect_async
    client = opener(  # type: ignore[operator]
        provider,
        api_key="race-test-key",
        base_url=sim.base_url,
        http_client=http,
        max_retries=0,
        **sim.connect_defaults,
    )
    prepare(sim, client, kind)
    got = await settle(ensure(client, kind, SAMPLE[kind]))
    other = sim.connect()
    assert got == await settle(find(other, kind, SAMPLE[kind]))
    listed = getattr(other, kind).list()
    assert [x.id for x in listed if x.id == got.id] == [got.id]  # no duplicate
    posts = creates(sim)
    needs_domain = kind == "identities" and facts(provider).identity_needs_domain
    assert len(posts) == 2 + needs_domain  # raced + ours (+ the domain an identity needs)


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_ensure_needs_find_and_create(provider: str, kind: str, mode: str) -> None:
    if supported(provider, f"{kind}.find") and supported(provider, f"{kind}.create"):
        pytest.skip(f"{provider} supports {kind}.ensure")
    sim = simulator(provider)
    client = connect(sim, mode)
    with pytest.raises(UnsupportedOperationError) as info:
        await settle(getattr(client, kind).ensure(SAMPLE[kind]))
    assert info.value.operation == f"{kind}.ensure"
    assert info.value.provider == provider
    missing = [op for op in (f"{kind}.find", f"{kind}.create") if not supported(provider, op)]
    assert info.value.reason == (
        f"it needs {' and '.join(missing)}, which {provider} does not support"
    )
    assert str(info.value) == f"{provider} does not support {kind}.ensure: {info.value.reason}"
    assert sim.requests == []


@pytest.mark.parametrize("mode", MODES)
async def test_ensure_does_not_hide_a_real_failure(mode: str) -> None:
    sim = simulator("mailersend")
    client = connect(sim, mode)
    with pytest.raises(sendfrom.UnprocessableEntityError):  # no such domain: not "taken"
        await settle(client.identities.ensure("a@example.com", name="A", domain_id="nope"))


# ---- list(page_size=) and pages


def bounds(provider: str, kind: str) -> tuple[int, int] | None:
    return adapter_class(provider).page_sizes.get(f"{kind}.list")


def takes_page_size(provider: str, kind: str) -> bool:
    refused = adapter_class(provider).unsupported_arguments.get(f"{kind}.list", {})
    return supported(provider, f"{kind}.list") and "page_size" not in refused


def seed_many(sim: Simulator, kind: str, count: int) -> None:
    for n in range(count):
        seed(sim, kind, f"u{n}@example.com" if kind == "identities" else f"d{n}.example")


def pages(client: Any, kind: str, **kwargs: Any) -> Any:
    return getattr(client, kind).pages(**kwargs)


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_page_size_is_sent_and_pages_are_one_list_per_request(
    provider: str, kind: str, mode: str
) -> None:
    if not takes_page_size(provider, kind):
        pytest.skip(f"{provider} declares page_size on {kind}.list unsupported")
    limits = bounds(provider, kind)
    assert limits is not None, "a list that takes page_size declares its bounds"
    size = max(limits[0], 2)
    sim = simulator(provider)
    client = connect(sim, mode)
    seed_many(sim, kind, size + 1)
    sim.requests.clear()
    got = await collect(pages(client, kind, page_size=size))
    assert [len(page) for page in got] == [size, 1]
    assert len(sim.requests) == 2
    parameter = facts(provider).page_parameter
    assert parameter is not None, f"tests/providers/{provider}/facts.py names no page_parameter"
    assert {r.url.params[parameter] for r in sim.requests} == {str(size)}
    sim.requests.clear()
    listed = await collect(getattr(client, kind).list(page_size=size))
    assert [x.id for x in listed] == [x.id for page in got for x in page]
    assert len(sim.requests) == 2


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_page_size_out_of_bounds_is_refused_before_sending(
    provider: str, kind: str, mode: str
) -> None:
    if not takes_page_size(provider, kind):
        pytest.skip(f"{provider} declares page_size on {kind}.list unsupported")
    low, high = bounds(provider, kind) or (0, 0)
    sim = simulator(provider)
    client = connect(sim, mode)
    assert client.supports(f"{kind}.list", "page_size")
    for bad in (low - 1, high + 1, 0, -5, "10", 10.0, True):
        with pytest.raises(InvalidRequestError):
            await collect(pages(client, kind, page_size=bad))
        with pytest.raises(InvalidRequestError):
            await collect(getattr(client, kind).list(page_size=bad))
    assert sim.requests == []
    await collect(pages(client, kind, page_size=high))  # the bounds themselves are fine
    await collect(pages(client, kind, page_size=low))


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_server_chosen_page_size_is_refused_by_declaration(
    provider: str, kind: str, mode: str
) -> None:
    need(provider, f"{kind}.list")
    if takes_page_size(provider, kind):
        pytest.skip(f"{provider} takes page_size on {kind}.list")
    sim = simulator(provider)
    client = connect(sim, mode)
    assert not client.supports(f"{kind}.list", "page_size")
    assert bounds(provider, kind) is None
    for call in (getattr(client, kind).list, lambda **kw: pages(client, kind, **kw)):
        with pytest.raises(UnsupportedOperationError) as info:
            await collect(call(page_size=10))
        assert info.value.argument == "page_size"
        assert info.value.reason
    assert sim.requests == []


@pytest.mark.parametrize(("provider", "kind", "mode"), CASES, ids=IDS)
async def test_pages_without_page_size(provider: str, kind: str, mode: str) -> None:
    need(provider, f"{kind}.list")
    sim = simulator(provider)
    client = connect(sim, mode)
    assert await collect(pages(client, kind)) == [[]]  # one request, nothing in it
    count = 1 if facts(provider).one_address else 3
    seed_many(sim, kind, count)
    sim.requests.clear()
    got = await collect(pages(client, kind))
    assert all(isinstance(page, list) for page in got)
    assert sorted(x.id for page in got for x in page) == sorted(
        x.id for x in await collect(getattr(client, kind).list())
    )


@pytest.mark.parametrize("mode", MODES)
async def test_vortex_pages_follow_the_server_page_size(mode: str) -> None:
    sim = simulator("vortex", page_size=2)
    client = connect(sim, mode)
    seed_many(sim, "domains", 5)
    sim.requests.clear()
    got = await collect(client.domains.pages())
    assert [len(page) for page in got] == [2, 2, 1]  # the empty page that ends it is not a list
    assert len(sim.requests) == 4
