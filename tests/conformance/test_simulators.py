"""The provider-agnostic suite: the same scenarios, through the public API, on every simulator,
sync and async, with every simulator answer held against the provider's spec.

"Every simulator" is sendfrom's own providers and the ones set up from outside src/ for the session:
``tests/fifth``'s Postbox always, and any ``--extra-provider DIR`` (see extra_providers.py). A test
that takes ``provider`` (and does not parametrize it itself) runs on each of them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

import sendfrom
from extra_providers import provider_names
from provider_facts import facts
from sendfrom import (
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    UnsupportedOperationError,
    VerificationStatus,
)
from sendfrom._engine import RetryPolicy
from sendfrom.providers import PROVIDERS
from sendfrom.testing import Simulator, serve, simulator, simulator_of
from simcheck import SpecCheck, checked_simulator
from speclib import sample_create_options

PENDING, VERIFIED, FAILED = (
    VerificationStatus.PENDING,
    VerificationStatus.VERIFIED,
    VerificationStatus.FAILED,
)


class _Resource:
    """A sync resource seen through the async API's shape, so one scenario serves both."""

    def __init__(self, resource: Any) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self._resource, name)
        if name == "list":

            async def iterate(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
                for item in method(*args, **kwargs):
                    yield item

            return iterate

        async def call(*args: Any, **kwargs: Any) -> Any:
            return method(*args, **kwargs)

        return call


class _AsyncView:
    def __init__(self, client: sendfrom.Client) -> None:
        self.identities = _Resource(client.identities)
        self.domains = _Resource(client.domains)
        self.supports = client.supports
        self.provider = client.provider


def _parametrizes(metafunc: pytest.Metafunc, name: str) -> bool:
    """Whether the test parametrizes ``name`` itself (``@pytest.mark.parametrize``)."""
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0] if marker.args else marker.kwargs["argnames"]
        if name in ([n.strip() for n in names.split(",")] if isinstance(names, str) else names):
            return True
    return False


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "provider" in metafunc.fixturenames and not _parametrizes(metafunc, "provider"):
        metafunc.parametrize("provider", provider_names(metafunc.config), indirect=True)


@pytest.fixture
def provider(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name not in PROVIDERS:
        request.getfixturevalue("extra_providers")  # registered for this test
    return name


@pytest.fixture(params=["sync", "async"])
def env(
    request: pytest.FixtureRequest, provider: str
) -> Iterator[tuple[Any, Simulator, SpecCheck]]:
    sim, check = checked_simulator(provider)
    # strict: every answer is read against the whole spec, as the conformance check reads it
    if request.param == "sync":
        with sim.connect(strict=True) as client:
            yield _AsyncView(client), sim, check
    else:
        yield sim.connect_async(strict=True), sim, check
    assert check.problems == [], "\n".join(check.problems)
    assert check.checked == len(sim.requests), "every answer was held against the spec"


async def collect(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


async def new_domain(client: Any, name: str) -> Any:
    """A domain: created where the provider can, else through its one address (Space Invoices)."""
    if client.supports("domains.create"):
        return await client.domains.create(name)
    await client.identities.create(f"billing@{name}")
    return await client.domains.get(name)


async def new_identity(client: Any, sim: Simulator, email: str, domain: Any) -> Any:
    """An identity made the way the provider allows (Invent: seeded, as its dashboard would)."""
    if not client.supports("identities.create"):
        return await client.identities.get(sim.add_identity(email, "Sales")["id"])  # type: ignore[attr-defined]
    arguments: dict[str, Any] = {"email": email}
    if facts(client.provider).identity_needs_domain:
        arguments |= {"name": "Sales", "domain_id": domain.id}
    options = sample_create_options(client.provider)  # what the provider requires besides
    if options:
        arguments["provider_options"] = options
    return await client.identities.create(**arguments)


# ---- domains


async def test_domain_lifecycle(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    if not client.supports("domains.list"):
        pytest.skip(f"{client.provider}'s API lists no domains")
    domain = await new_domain(client, "example.com")
    assert domain.name == "example.com"
    assert domain.status is PENDING
    assert domain.provider == client.provider
    assert domain.raw, "the provider's payload is kept"

    listed = await collect(client.domains.list())
    assert [d.id for d in listed] == [domain.id]
    assert (await client.domains.get(domain.id)).name == "example.com"

    records = await client.domains.dns_records(domain.id)
    assert records, "every provider says what to put in DNS"
    assert all(r.name == "example.com" or r.name.endswith(".example.com") for r in records)
    assert {r.type for r in records} <= {"TXT", "CNAME", "MX"}

    assert (await client.domains.verify(domain.id)).status is PENDING
    sim.mark_domain(domain.id, "verified")
    verified = await client.domains.verify(domain.id)
    assert verified.status is VERIFIED
    assert (await client.domains.get(domain.id)).status is VERIFIED

    setting, echo = (
        facts(client.provider).domain_setting,
        facts(client.provider).domain_setting_echo,
    )
    if client.supports("domains.update", "description"):
        updated = await client.domains.update(domain.id, description="Outbound mail")
        assert updated.description == "Outbound mail"
    elif setting is not None and echo is not None:  # no description: settings, provider_options
        changed = await client.domains.update(domain.id, provider_options=dict(setting))
        assert echo(changed.raw) is True
    if client.supports("domains.delete"):
        await client.domains.delete(domain.id)
        with pytest.raises(NotFoundError):
            await client.domains.get(domain.id)
        assert await collect(client.domains.list()) == []


async def test_domain_verification_can_fail(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    if not client.supports("domains.verify"):
        pytest.skip(f"{client.provider} cannot re-check a domain")
    domain = await new_domain(client, "fails.example")
    sim.mark_domain(domain.id, "failed")
    checked = await client.domains.verify(domain.id)
    # Where verification is a boolean, a failed check is "not verified": pending.
    expected = PENDING if facts(client.provider).verification_is_a_flag else FAILED
    assert checked.status is expected


async def test_unknown_domain_is_not_found(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, _, _ = env
    if not client.supports("domains.get"):
        pytest.skip(f"{client.provider} cannot read a domain")
    await new_domain(client, "known.example")
    with pytest.raises(NotFoundError) as raised:
        await client.domains.get("nosuchdomain")
    assert raised.value.provider == client.provider


# ---- identities


async def test_identity_lifecycle(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    if not client.supports("identities.list"):
        pytest.skip(f"{client.provider} has no identities")
    domain = None
    if client.supports("domains.create") and client.supports("identities.create"):
        domain = await client.domains.create("example.com")
    identity = await new_identity(client, sim, "sales@example.com", domain)
    assert identity.email == "sales@example.com"
    assert identity.status is PENDING
    assert identity.raw

    assert [i.id for i in await collect(client.identities.list())] == [identity.id]
    assert (await client.identities.get(identity.id)).email == "sales@example.com"

    if client.supports("identities.update"):
        renamed = await client.identities.update(identity.id, name="Sales team")
        assert renamed.name == "Sales team"
        assert (await client.identities.get(identity.id)).name == "Sales team"

    if client.supports("identities.resend_verification"):
        assert await client.identities.resend_verification(identity.id) is None

    sim.mark_identity(identity.id, "verified")
    assert (await client.identities.get(identity.id)).status is VERIFIED

    if client.supports("identities.delete"):
        await client.identities.delete(identity.id)
        with pytest.raises(NotFoundError):
            await client.identities.get(identity.id)
        assert await collect(client.identities.list()) == []


async def test_identity_verification_can_fail(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    if not client.supports("identities.get"):
        pytest.skip(f"{client.provider} has no identities")
    domain = None
    if facts(client.provider).identity_needs_domain:
        domain = await client.domains.create("example.com")
    identity = await new_identity(client, sim, "ops@example.com", domain)
    sim.mark_identity(identity.id, "failed")
    expected = PENDING if facts(client.provider).verification_is_a_flag else FAILED
    assert (await client.identities.get(identity.id)).status is expected


async def test_unsupported_operations_send_nothing(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    calls = {
        "identities.create": lambda: client.identities.create("a@example.com"),
        "identities.delete": lambda: client.identities.delete("x"),
        "domains.create": lambda: client.domains.create("example.com"),
        "domains.delete": lambda: client.domains.delete("x"),
        "domains.update": lambda: client.domains.update("x", description="d"),
        "domains.verify": lambda: client.domains.verify("x"),
    }
    missing = [op for op in calls if not client.supports(op)]
    for operation in missing:
        with pytest.raises(UnsupportedOperationError) as raised:
            await calls[operation]()
        assert raised.value.operation == operation
    assert sim.requests == []


async def test_lists_cross_pages(env: tuple[Any, Simulator, SpecCheck]) -> None:
    client, sim, _ = env
    if facts(client.provider).identity_needs_domain:
        domain = await client.domains.create("example.com")
        for n in range(105):  # more than one page of 100
            await client.identities.create(f"u{n}@example.com", name="U", domain_id=domain.id)
        assert len(await collect(client.identities.list())) == 105
        assert len(await collect(client.identities.list(domain_id=domain.id))) == 105
    elif client.supports("identities.list") and not client.supports("identities.create"):
        for n in range(130):  # seeded, as its dashboard would
            sim.add_identity(f"u{n}@example.com")  # type: ignore[attr-defined]
        emails = [i.email for i in await collect(client.identities.list())]
        assert len(set(emails)) == 130
    elif client.supports("domains.create"):
        for n in range(23):  # more than a page: Vortex's are 10, Postbox's (tests/fifth) 20
            await client.domains.create(f"d{n}.example")
        before = len(sim.requests)
        # Where the client picks the page size, a page of 10 (Resend's largest is 100).
        paged = {"page_size": 10} if client.supports("domains.list", "page_size") else {}
        assert len({d.id for d in await collect(client.domains.list(**paged))}) == 23
        assert len(sim.requests) - before > 1, "the list came in more than one page"
    else:
        pytest.skip(f"{client.provider} lists one address")


# ---- the wire, provider by provider


def _send(sim: Simulator, method: str, path: str, **kwargs: Any) -> httpx.Response:
    headers = kwargs.pop("headers", {sim.auth_header: sim.auth_prefix + "k"})
    with httpx.Client(transport=sim.transport) as http:
        return http.request(method, sim.base_url + path, headers=headers, **kwargs)


UNAUTHENTICATED = [(p, facts(p).unauthenticated_path) for p in PROVIDERS]


@pytest.mark.parametrize(("provider", "path"), UNAUTHENTICATED)
def test_a_request_without_the_key_is_401(provider: str, path: str | None) -> None:
    assert path is not None, f"tests/providers/{provider}/facts.py has no unauthenticated_path"
    sim, check = checked_simulator(provider, api_key="right")
    response = _send(sim, "GET", path, headers={})
    assert response.status_code == 401
    assert check.problems == []
    client = sim.connect(api_key="wrong")
    kind = "identities" if client.supports("identities.list") else "domains"
    with pytest.raises(sendfrom.AuthenticationError):
        list(getattr(client, kind).list())


def test_a_simulator_with_a_key_accepts_only_that_key() -> None:
    sim = simulator("mailersend", api_key="right")
    wrong, right = ({"Authorization": f"Bearer {key}"} for key in ("wrong", "right"))
    assert _send(sim, "GET", "/domains", headers=wrong).status_code == 401
    assert _send(sim, "GET", "/domains", headers=right).status_code == 200


def test_mailersend_wire_details() -> None:
    sim, check = checked_simulator("mailersend")
    created = _send(sim, "POST", "/domains", json={"name": "example.com"})
    assert created.status_code == 201
    domain_id = created.json()["data"]["id"]
    assert _send(sim, "GET", "/domains", params={"limit": 5}).status_code == 422
    assert _send(sim, "GET", "/domains", params={"limit": 101}).status_code == 422
    body = {"domain_id": domain_id, "email": "a@example.com", "name": "A"}
    assert _send(sim, "POST", "/identities", json=body).status_code == 201
    taken = _send(sim, "POST", "/identities", json=body)
    assert taken.status_code == 422
    assert taken.json()["errors"] == {"email": ["The email has already been taken."]}
    several = _send(sim, "POST", "/identities", json={})
    assert several.json()["message"].endswith("(and 2 more errors)")
    deleted = _send(sim, "DELETE", "/domains/" + domain_id)
    assert deleted.status_code == 204
    assert deleted.headers["content-type"].startswith("text/html")
    assert _send(sim, "GET", "/domains/" + domain_id).json() == {"message": "Resource not found."}
    assert check.problems == [], check.problems


def test_invent_wire_details() -> None:
    sim, check = checked_simulator("invent")
    for n in range(3):
        sim.add_identity(f"u{n}@example.com")  # type: ignore[attr-defined]
    page = _send(sim, "GET", "/orgs/c/emails/identities", params={"page": 2, "take": 2})
    assert [i["email"] for i in page.json()] == ["u2@example.com"]
    assert page.headers["pagination-count"] == "3"
    assert _send(sim, "GET", "/orgs/c/emails/identities", params={"take": 101}).status_code == 400
    created = _send(sim, "POST", "/orgs/c/emails/domains", json={"domain": "new.example"})
    assert created.status_code == 200
    assert len(created.json()["dkim_tokens"]) == 3
    again = _send(sim, "POST", "/orgs/c/emails/domains", json={"domain": "new.example"})
    assert again.status_code == 400
    assert again.json()["statusCode"] == 400
    assert check.problems == [], check.problems


def test_spaceinvoices_wire_details() -> None:
    sim, check = checked_simulator("spaceinvoices")
    created = _send(sim, "POST", "/email-address", json={"email": "b@example.com"})
    assert created.json() == {}  # as documented for the account-level create
    organization = _send(sim, "POST", "/organizations/o1/email-address", json={"email": "o@x.io"})
    assert organization.json()["email"] == "o@x.io"
    twice = _send(sim, "POST", "/email-address", json={"email": "c@example.com"})
    assert twice.status_code == 422
    assert twice.json()["error"]["details"]["messages"] == {"email": ["already exists"]}
    by_query = _send(sim, "GET", "/email-address?access_token=k", headers={})
    assert by_query.json()["email"] == "b@example.com"
    assert _send(sim, "DELETE", "/email-address").json() == {"count": 1}
    assert _send(sim, "GET", "/email-address").status_code == 404
    assert check.problems == [], check.problems


def test_vortex_scopes_domains_by_account() -> None:
    sim = simulator("vortex")
    sim.connect(account_id="a1").domains.create("one.example")
    assert [d.name for d in sim.connect(account_id="a1").domains.list()] == ["one.example"]
    assert list(sim.connect(account_id="a2").domains.list()) == []


# ---- test hooks


def test_fail_next_with_retry_after_is_retried() -> None:
    sleeps: list[float] = []
    sim = simulator("mailersend")
    policy = RetryPolicy(max_retries=2, sleep=sleeps.append)
    client = sim.connect(retry_policy=policy)
    sim.fail_next(429, headers={"Retry-After": "3"})
    assert list(client.domains.list()) == []
    assert sleeps == [3.0]
    assert len(sim.requests) == 2


def test_fail_next_more_times_than_retries_surfaces_the_error() -> None:
    sim = simulator("mailersend")
    client = sim.connect(max_retries=0)
    sim.fail_next(429, headers={"Retry-After": "7"}, times=2)
    with pytest.raises(RateLimitError) as raised:
        list(client.domains.list())
    assert raised.value.retry_after == 7.0
    assert raised.value.message  # the provider's own error body
    with pytest.raises(RateLimitError):
        list(client.domains.list())
    assert list(client.domains.list()) == []


@pytest.mark.parametrize("kind", ["disconnect", "timeout"])
def test_fail_next_can_drop_the_connection(kind: Any) -> None:
    sim = simulator("vortex")
    client = sim.connect(max_retries=0)
    sim.fail_next(kind=kind)
    expected = sendfrom.APITimeoutError if kind == "timeout" else sendfrom.APIConnectionError
    with pytest.raises(expected):
        list(client.domains.list())


def test_fail_next_with_a_custom_body() -> None:
    sim = simulator("invent")
    sim.fail_next(502, body="<html>Bad gateway</html>", headers={"content-type": "text/html"})
    with pytest.raises(sendfrom.ServerError) as raised:
        list(sim.connect(max_retries=0).identities.list())
    assert raised.value.status_code == 502


def test_marking_an_unknown_object_is_a_clear_error() -> None:
    sim = simulator("mailersend")
    with pytest.raises(sendfrom.SendfromError, match="no domain 'nope'"):
        sim.mark_domain("nope", "verified")
    with pytest.raises(ValueError, match="'later'"):
        sim.mark_identity("x", "later")  # type: ignore[arg-type]


# ---- ways in: simulate=True, the environment, loopback, the command, the pytest plugin


def test_connect_simulate_true_needs_no_key(provider: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SENDFROM_API_KEY", "SENDFROM_ACCOUNT_ID", "SENDFROM_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    client = sendfrom.connect(provider, simulate=True)
    assert isinstance(simulator_of(client), Simulator)
    assert simulator_of(client).provider == provider
    assert "simulated-key" not in repr(client)
    client.close()


def test_sendfrom_simulate_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_SIMULATE", "1")
    monkeypatch.setenv("SENDFROM_PROVIDER", "vortex")
    monkeypatch.delenv("SENDFROM_API_KEY", raising=False)
    client = sendfrom.connect()
    client.domains.create("env.example")
    assert [d.name for d in client.domains.list()] == ["env.example"]
    assert simulator_of(client).requests


async def test_connect_async_simulate() -> None:
    async with sendfrom.connect_async("mailersend", simulate=True) as client:
        domain = await client.domains.create("example.com")
        simulator_of(client).mark_domain(domain.id, "verified")
        assert (await client.domains.verify(domain.id)).status is VERIFIED


def test_each_simulated_client_has_its_own_state() -> None:
    first = sendfrom.connect("mailersend", simulate=True)
    second = sendfrom.connect("mailersend", simulate=True)
    first.domains.create("example.com")
    assert list(second.domains.list()) == []


def test_simulate_with_an_http_client_is_refused() -> None:
    with pytest.raises(sendfrom.ConfigurationError, match="http_client"):
        sendfrom.connect("mailersend", simulate=True, http_client=httpx.Client())


def test_simulator_of_a_real_client_is_refused() -> None:
    with pytest.raises(sendfrom.ConfigurationError, match="not connected to a simulator"):
        simulator_of(sendfrom.connect("mailersend", api_key="k"))


def test_loopback_server(provider: str) -> None:
    sim, check = checked_simulator(provider)
    with serve(sim) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        with server.connect() as client:
            if client.supports("domains.create"):
                client.domains.create("loop.example")
            else:
                client.identities.create("a@loop.example")
            listed = client.domains.list() if client.supports("domains.list") else [1]
            assert len(list(listed)) == 1
    assert check.problems == []
    assert sim.requests


async def test_loopback_server_async_and_faults() -> None:
    with serve("mailersend") as server:
        async with server.connect_async(max_retries=1) as client:
            server.simulator.fail_next(kind="disconnect")
            assert [d async for d in client.domains.list()] == []
            server.simulator.fail_next(kind="disconnect", times=2)
            with pytest.raises(sendfrom.APIConnectionError):
                [d async for d in client.domains.list()]


def test_loopback_timeout_fault() -> None:
    with serve("mailersend") as server, server.connect(timeout=0.2, max_retries=0) as client:
        server.simulator.fail_next(kind="timeout", delay=1.0)
        with pytest.raises(sendfrom.APITimeoutError):
            list(client.domains.list())


def _mailersend_links(body: dict[str, Any]) -> list[str]:
    """Every URL a MailerSend list answer holds: ``links``, ``meta.links`` and ``meta.path``."""
    urls = [*body["links"].values(), *(link["url"] for link in body["meta"]["links"])]
    return [url for url in [*urls, body["meta"]["path"]] if url is not None]


def test_mailersend_links_lead_back_to_the_loopback_server() -> None:
    """Found by issue #12: served over loopback, the links pointed at api.mailersend.com."""
    with serve("mailersend") as server:
        with server.simulator.connect() as client:  # in-process set-up: quicker than over HTTP
            domain = client.domains.create("example.com")
            for n in range(25):
                client.identities.create(f"u{n}@example.com", name="U", domain_id=domain.id)
        auth = {"Authorization": "Bearer k"}
        with httpx.Client(headers=auth) as http:
            first = http.get(f"{server.base_url}/identities", params={"limit": 10}).json()
            links = _mailersend_links(first)
            assert len(links) >= 6
            assert all(url.startswith(server.base_url + "/identities") for url in links), links
            # The links carry only ?page=N, as MailerSend's do: the limit is the caller's to add.
            next_page = httpx.URL(first["links"]["next"]).copy_merge_params({"limit": 10})
            following = http.get(next_page).json()
            assert following["meta"]["current_page"] == 2
            assert all(u.startswith(server.base_url + "/") for u in _mailersend_links(following))
            # The host as the client named it: a client that came by "localhost" stays on it.
            local = server.base_url.replace("127.0.0.1", "localhost")
            host = httpx.URL(local).netloc.decode()
            named = http.get(f"{server.base_url}/domains", headers={"Host": host})
            assert all(u.startswith(local + "/domains") for u in _mailersend_links(named.json()))


def test_mailersend_links_in_process_start_with_the_clients_base_url() -> None:
    sim = simulator("mailersend")
    base = "http://sim.internal:8080/v1"
    with httpx.Client(transport=sim.transport, headers={"Authorization": "Bearer k"}) as http:
        body = http.get(f"{base}/domains").json()
    assert all(url.startswith(f"{base}/domains") for url in _mailersend_links(body))


@pytest.mark.parametrize(
    "command",
    [["-m", "sendfrom.testing"], ["-m", "sendfrom.cli", "simulate"]],
    ids=["python -m sendfrom.testing", "sendfrom simulate"],
)
def test_served_simulator_prints_its_bare_base_url_first(command: list[str]) -> None:
    """Found by issue #12: docs/testing.md says scripts can read the URL from the first line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDFROM_", "PYTHONUNBUF"))}
    process = subprocess.Popen(
        [sys.executable, *command, "mailersend", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,  # no PYTHONUNBUFFERED: the program itself must flush the line
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().rstrip("\n")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", base_url), base_url
        with sendfrom.connect("mailersend", api_key="k", base_url=base_url) as client:
            client.domains.create("remote.example")
            assert [d.name for d in client.domains.list()] == ["remote.example"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_unknown_provider_simulator() -> None:
    with pytest.raises(sendfrom.ConfigurationError, match="known: invent"):
        simulator("pigeonpost")


SPELLINGS = ["Mailer-Send", " MAILERSEND ", "mailer_send"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_simulators_take_every_spelling_connect_takes(spelling: str) -> None:
    """Found by issue #12: connect("Mailer-Send", api_key=...) worked, simulate=True did not."""
    assert simulator(spelling).provider == "mailersend"
    with sendfrom.connect(spelling, simulate=True) as client:
        assert client.provider == "mailersend"
        assert simulator_of(client).provider == "mailersend"
    with serve(spelling) as server:
        assert server.simulator.provider == "mailersend"


@pytest.mark.parametrize("typo", ["mailsend", "Mailer-Sned"])
def test_an_unknown_simulator_name_gets_did_you_mean(typo: str) -> None:
    for attempt in (lambda: simulator(typo), lambda: sendfrom.connect(typo, simulate=True)):
        with pytest.raises(sendfrom.ConfigurationError, match="did you mean 'mailersend'"):
            attempt()


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_python_m_sendfrom_testing_takes_every_spelling(
    spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sendfrom.testing import __main__ as program

    served: list[str] = []
    monkeypatch.setattr(program, "run", lambda provider, *_, **__: served.append(provider) or 0)
    assert program.main([spelling, "--port", "0"]) == 0
    assert served == ["mailersend"]


def test_python_m_sendfrom_testing_unknown_name_gets_did_you_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sendfrom.testing.__main__ import main

    with pytest.raises(SystemExit) as exited:
        main(["mailsend"])
    assert exited.value.code == 2
    assert "did you mean 'mailersend'" in capsys.readouterr().err


@pytest.mark.parametrize("sendfrom_provider", ["Mailer-Send"])
def test_pytest_plugin_takes_every_spelling(sendfrom_client: sendfrom.Client) -> None:
    assert sendfrom_client.provider == "mailersend"


def test_pytest_plugin_fixtures(sendfrom_client: sendfrom.Client, sendfrom_simulator: Any) -> None:
    domain = sendfrom_client.domains.create("fixture.example")
    sendfrom_simulator.mark_domain(domain.id, "verified")
    assert sendfrom_client.domains.verify(domain.id).status is VERIFIED


@pytest.mark.parametrize("sendfrom_provider", ["vortex"])
def test_pytest_plugin_provider_is_parametrizable(sendfrom_client: sendfrom.Client) -> None:
    assert sendfrom_client.provider == "vortex"


def test_pytest_plugin_server(sendfrom_server: Any) -> None:
    with sendfrom_server.connect() as client:
        assert list(client.domains.list()) == []


def test_bad_input_never_reaches_the_simulator() -> None:
    sim = simulator("mailersend")
    client = sim.connect()
    with pytest.raises(InvalidRequestError):
        client.identities.get("../domains")
    assert sim.requests == []


def test_a_mailersend_name_cannot_be_removed() -> None:
    """Found by the CLI work: name=None was sent as null, which MailerSend cannot hold."""
    sim = simulator("mailersend")
    client = sim.connect()
    domain = client.domains.create("example.com")
    identity = client.identities.create("a@example.com", name="A", domain_id=domain.id)
    before = len(sim.requests)
    with pytest.raises(InvalidRequestError) as raised:
        client.identities.update(identity.id, name=None)
    assert "name" in raised.value.fields
    assert len(sim.requests) == before
    refused = _send(sim, "PUT", f"/identities/{identity.id}", json={"name": None})
    assert refused.status_code == 422
