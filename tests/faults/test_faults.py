"""The fault matrix: every failure a provider or the network can produce, on every provider,
sync and async, ends in the right ``sendfrom.errors`` exception (or in success after retrying),
after the expected number of requests; never in a bare exception."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import sendfrom
from provider_facts import every, facts
from sendfrom import errors
from sendfrom._engine import RetryPolicy
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import Simulator, serve, simulator
from speclib import sample_create_options

RETRIES = 2
HTML = "<html><body><h1>502 Bad Gateway</h1></body></html>"


def _call(client: Any) -> Any:
    """The provider's idempotent read (a GET, its facts' ``fault_read``), called."""
    operation, arguments = facts(client.provider).fault_read
    resource, method = operation.split(".")
    return getattr(getattr(client, resource), method)(*arguments)


def _read(client: Any) -> Any:
    """An idempotent call (a GET) on each provider."""

    def read() -> Any:
        result = _call(client)
        return list(result) if facts(client.provider).fault_read[0].endswith(".list") else result

    return read


def _create(client: Any) -> Any:
    """A create (a POST) on each provider: a domain's, or an address's where that makes one."""
    if facts(client.provider).one_address:
        return lambda: client.identities.create("other@example.com")
    return lambda: client.domains.create("new.example")


async def _aread(client: Any) -> Any:
    if facts(client.provider).fault_read[0].endswith(".list"):
        return [item async for item in _call(client)]
    return await _call(client)


def _seed(sim: Simulator) -> None:
    if facts(sim.provider).one_address:  # the address its read reads
        sim.connect().identities.create("billing@example.com")


@dataclass(frozen=True)
class Case:
    name: str
    fault: Callable[[Simulator], None]
    error: type[Exception] | None
    """None: success after retrying."""
    requests: int
    """How many requests the idempotent call makes."""


def _times(n: int, status: int, **kwargs: Any) -> Callable[[Simulator], None]:
    return lambda sim: sim.fail_next(status, times=n, **kwargs)


EVERY = RETRIES + 1
CASES = [
    Case("429 Retry-After, then success", _times(1, 429, headers={"Retry-After": "2"}), None, 2),
    Case("429 without Retry-After, then success", _times(1, 429), None, 2),
    Case(
        "429 Retry-After as an HTTP date",
        _times(1, 429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
        None,
        2,
    ),
    Case("429 every time", _times(EVERY, 429), errors.RateLimitError, EVERY),
    Case("500 JSON every time", _times(EVERY, 500), errors.ServerError, EVERY),
    Case(
        "502 HTML every time",
        _times(EVERY, 502, body=HTML, headers={"content-type": "text/html"}),
        errors.ServerError,
        EVERY,
    ),
    Case("503 empty every time", _times(EVERY, 503, body=b""), errors.ServerError, EVERY),
    Case("503 empty, then success", _times(1, 503, body=b""), None, 2),
    Case(
        "connection reset",
        lambda sim: sim.fail_next(kind="disconnect", times=EVERY),
        errors.APIConnectionError,
        EVERY,
    ),
    Case(
        "read timeout",
        lambda sim: sim.fail_next(kind="timeout", times=EVERY),
        errors.APITimeoutError,
        EVERY,
    ),
    Case("reset, then success", lambda sim: sim.fail_next(kind="disconnect"), None, 2),
    Case(
        "truncated JSON",
        _times(
            1, 200, body='{"data": [{"id": "x", "na', headers={"content-type": "application/json"}
        ),
        errors.ResponseFormatError,
        1,
    ),
    Case(
        "2xx that is not JSON",
        _times(1, 200, body="<html>OK</html>", headers={"content-type": "text/html"}),
        errors.ResponseFormatError,
        1,
    ),
    Case("401", _times(1, 401), errors.AuthenticationError, 1),
    Case("403", _times(1, 403), errors.PermissionDeniedError, 1),
    Case("404", _times(1, 404), errors.NotFoundError, 1),
    Case("409", _times(1, 409), errors.ConflictError, 1),
    Case("422 empty body", _times(1, 422, body=b""), errors.UnprocessableEntityError, 1),
    Case("400", _times(1, 400), errors.BadRequestError, 1),
    Case("408, then success", _times(1, 408), None, 2),
]


def _client(sim: Simulator, sleeps: list[float]) -> sendfrom.Client:
    policy = RetryPolicy(max_retries=RETRIES, sleep=sleeps.append, jitter=lambda: 0.5)
    return sim.connect(retry_policy=policy)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fault_on_a_read(provider: str, case: Case) -> None:
    sim = simulator(provider)
    _seed(sim)
    sleeps: list[float] = []
    client = _client(sim, sleeps)
    before = len(sim.requests)
    case.fault(sim)
    if case.error is None:
        _read(client)()
    else:
        with pytest.raises(case.error) as raised:
            _read(client)()
        assert raised.value.provider == provider  # type: ignore[attr-defined]
        assert "simulated-key" not in str(raised.value)
    # A read may make requests after the faulted one (its facts): count only the faulted part.
    extra = facts(provider).fault_read_follow_up if case.error is None else 0
    assert len(sim.requests) - before == case.requests + extra
    assert len(sleeps) == case.requests - 1
    if case.name.startswith("429 Retry-After,"):
        assert sleeps == [2.0]  # the provider's wait, not the backoff
    if case.name.startswith("429 without"):
        assert sleeps == [0.5 * (0.75 + 0.25 * 0.5)]  # the first backoff, with its jitter


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_faults_async(provider: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    waited: list[float] = []

    async def asleep(seconds: float) -> None:
        waited.append(seconds)

    policy = RetryPolicy(max_retries=RETRIES, asleep=asleep, jitter=lambda: 0.5)
    async with sim.connect_async(retry_policy=policy) as client:
        sim.fail_next(429, headers={"Retry-After": "1"})
        await _aread(client)
        assert waited == [1.0]
        sim.fail_next(503, times=EVERY)
        with pytest.raises(errors.ServerError):
            await _aread(client)
        sim.fail_next(kind="timeout", times=EVERY)
        with pytest.raises(errors.APITimeoutError):
            await _aread(client)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_2xx_missing_required_fields(provider: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    # a 2xx whose body lacks what the spec requires (its facts)
    body, error = facts(provider).incomplete_answer, facts(provider).incomplete_answer_error
    sim.fail_next(200, body=json.dumps(body), headers={"content-type": "application/json"})
    with pytest.raises(error):
        _read(_client(sim, []))()


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(
    ("status", "kind", "retried"),
    [(500, "response", False), (503, "response", False), (429, "response", True),
     (0, "disconnect", False), (0, "timeout", False)],
)  # fmt: skip
def test_a_create_is_retried_only_when_it_cannot_have_landed(
    provider: str, status: int, kind: Any, retried: bool
) -> None:
    """POST: 429 is retried; 5xx, resets and timeouts are not (the create may have happened)."""
    sim = simulator(provider)
    sleeps: list[float] = []
    client = _client(sim, sleeps)
    sim.fail_next(status or 500, kind=kind)
    before = len(sim.requests)
    if retried:
        _create(client)()
    else:
        with pytest.raises(errors.APIError):
            _create(client)()
    posts = [r for r in sim.requests[before:] if r.method == "POST"]
    assert len(posts) == (2 if retried else 1)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_connection_refused_is_retried_then_raised(provider: str) -> None:
    attempts: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("Connection refused", request=request)

    sleeps: list[float] = []
    policy = RetryPolicy(max_retries=RETRIES, sleep=sleeps.append)
    client = sendfrom.connect(
        provider,
        api_key="k",
        account_id="a",
        http_client=httpx.Client(transport=httpx.MockTransport(refuse)),
        retry_policy=policy,
    )
    with pytest.raises(errors.APIConnectionError) as raised:
        _create(client)()  # even a POST: a refused connection never sent it
    assert not isinstance(raised.value, errors.APITimeoutError)
    assert len(attempts) == EVERY
    assert len(sleeps) == RETRIES


def test_connection_refused_over_a_real_socket() -> None:
    with serve("mailersend") as server:
        base_url = server.base_url
    # The server is stopped: nothing listens on its port any more.
    client = sendfrom.connect("mailersend", api_key="k", base_url=base_url, max_retries=0)
    with pytest.raises(errors.APIConnectionError):
        list(client.domains.list())


def test_reset_mid_response_over_a_real_socket() -> None:
    with serve("vortex") as server, server.connect(max_retries=0) as client:
        server.simulator.fail_next(kind="disconnect")
        with pytest.raises(errors.APIConnectionError):
            list(client.domains.list())
        assert list(client.domains.list()) == []  # the pool recovers


# ---- each provider's own 422 body


def test_mailersend_422_dotted_keys_and_more_errors() -> None:
    sim = simulator("mailersend")
    first = "The domain_settings.track_clicks field must be true or false."
    body = {
        "message": f"{first} (and 2 more errors)",
        "errors": {
            "domain_settings.track_clicks": [first],
            "name": ["The name field is required.", "The name format is invalid."],
        },
    }
    sim.fail_next(422, body=body)
    with pytest.raises(errors.UnprocessableEntityError) as raised:
        sim.connect().domains.create("example.com")
    assert raised.value.fields == body["errors"]
    assert raised.value.message == body["message"]
    assert raised.value.status_code == 422


def test_spaceinvoices_422_loopback_details() -> None:
    sim = simulator("spaceinvoices")
    client = sim.connect()
    client.identities.create("a@example.com")
    with pytest.raises(errors.ConflictError) as raised:  # "already exists", said with a 422
        client.identities.create("b@example.com")  # one address per account
    assert raised.value.status_code == 422
    assert raised.value.fields == {"email": ["already exists"]}
    assert "already exists" in raised.value.message


@pytest.mark.parametrize("provider", every(lambda f: f.nestjs_errors))
def test_nestjs_style_400_messages(provider: str) -> None:
    sim = simulator(provider)
    client = sim.connect()
    client.domains.create("example.com")
    with pytest.raises(errors.ConflictError) as raised:  # "already exists", said with a 400
        client.domains.create("example.com")  # already there
    assert raised.value.status_code == 400
    assert "already exists" in raised.value.message


# ---- retry counts (#12 item 7)

MANY_RETRIES = 1100
"""Past attempt 1024, where ``initial_delay * 2**attempt`` no longer fits in a float."""


Handler = Callable[[httpx.Request], httpx.Response]


def _always(status: int, requests: list[httpx.Request]) -> Handler:
    """A server answering every request with ``status`` (and an empty body)."""

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(status)

    return answer


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_huge_max_retries_backs_off_at_the_cap(provider: str) -> None:
    requests: list[httpx.Request] = []
    sleeps: list[float] = []
    client = sendfrom.connect(
        provider,
        api_key="k",
        account_id="a",
        http_client=httpx.Client(transport=httpx.MockTransport(_always(503, requests))),
        max_retries=MANY_RETRIES,
        retry_policy=RetryPolicy(sleep=sleeps.append, jitter=lambda: 1.0),
    )
    with pytest.raises(errors.ServerError):
        _read(client)()
    assert len(requests) == MANY_RETRIES + 1
    assert sleeps[-1] == max(sleeps) == RetryPolicy().max_delay


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_huge_max_retries_backs_off_at_the_cap_async(provider: str) -> None:
    requests: list[httpx.Request] = []
    waited: list[float] = []

    async def asleep(seconds: float) -> None:
        waited.append(seconds)

    client = sendfrom.connect_async(
        provider,
        api_key="k",
        account_id="a",
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(_always(503, requests))),
        max_retries=MANY_RETRIES,
        retry_policy=RetryPolicy(asleep=asleep, jitter=lambda: 1.0),
    )
    async with client:
        with pytest.raises(errors.ServerError):
            await _aread(client)
    assert len(requests) == MANY_RETRIES + 1
    assert waited[-1] == max(waited) == RetryPolicy().max_delay


# ---- redirects (#12 item 8)

ELSEWHERE = "https://elsewhere.example/moved"


def _a_write(sim: Simulator) -> Callable[[Any], Any]:
    """Seed ``sim`` with one object; a write on it (a DELETE where the provider has one).

    The write takes the client, so it serves both clients (the async one returns a coroutine).
    """
    seed = sim.connect()
    if seed.supports("domains.delete") and seed.supports("domains.create"):
        domain_id = seed.domains.create("example.com").id
        return lambda client: client.domains.delete(domain_id)
    if facts(sim.provider).one_address:
        identity_id = next(iter(seed.identities.list())).id  # the one address ``_seed`` made
        return lambda client: client.identities.delete(identity_id)
    if not seed.supports("identities.create") and seed.supports("identities.update"):
        identity_id = sim.add_identity("a@example.com")["id"]  # type: ignore[attr-defined]
        return lambda client: client.identities.update(identity_id, name="New")
    domain_id = seed.domains.create("example.com").id
    return lambda client: client.domains.update(domain_id, description="New")


def _redirecting(sim: Simulator, status: int, methods: set[str], seen: list[str]) -> Handler:
    """``sim``, except that requests with one of ``methods`` are redirected elsewhere; a request
    that follows the redirect gets a 2xx, as a careless success."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.host}")
        if request.url.host == "elsewhere.example":
            return httpx.Response(200, json={})
        if request.method in methods:
            return httpx.Response(status, headers={"location": ELSEWHERE})
        return sim(request)

    return answer


def _redirected_client(sim: Simulator, handler: Handler, *, is_async: bool, follow: bool) -> Any:
    transport = httpx.MockTransport(handler)
    http_class = httpx.AsyncClient if is_async else httpx.Client
    connect = sendfrom.connect_async if is_async else sendfrom.connect
    return connect(
        sim.provider,
        api_key="k",
        account_id="sim-account",
        http_client=http_class(transport=transport, follow_redirects=follow),  # type: ignore[operator]
        retry_policy=RetryPolicy(sleep=lambda _s: None, asleep=_no_wait),
    )


async def _no_wait(_seconds: float) -> None:
    pass


async def _settled(result: Any) -> Any:
    """The result of a sync call, or of an async one once awaited."""
    return await result if inspect.isawaitable(result) else result


def _check_redirect_error(error: BaseException, status: int, seen: list[str]) -> None:
    assert type(error) is errors.APIStatusError  # no subclass fits a 3xx
    assert error.status_code == status
    assert "elsewhere.example" in str(error)  # where it pointed, to spot a wrong base_url
    assert not any(s.endswith("elsewhere.example") for s in seen)  # never followed
    redirected = [s for s in seen if s.startswith(("DELETE", "PUT", "PATCH", "POST"))]
    assert len(redirected) <= 1  # and never retried


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("operation", ["read", "write"])
def test_a_redirect_is_an_error_not_a_success(provider: str, status: int, operation: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    write = _a_write(sim)
    seen: list[str] = []
    methods = {"GET"} if operation == "read" else {"DELETE", "PUT", "PATCH", "POST"}
    handler = _redirecting(sim, status, methods, seen)
    client = _redirected_client(sim, handler, is_async=False, follow=False)
    with pytest.raises(errors.APIStatusError) as raised:
        _read(client)() if operation == "read" else write(client)
    _check_redirect_error(raised.value, status, seen)
    assert sum(s.split()[0] in methods for s in seen) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("operation", ["read", "write"])
async def test_a_redirect_is_an_error_not_a_success_async(provider: str, operation: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    write = _a_write(sim)
    seen: list[str] = []
    methods = {"GET"} if operation == "read" else {"DELETE", "PUT", "PATCH", "POST"}
    handler = _redirecting(sim, 302, methods, seen)
    async with _redirected_client(sim, handler, is_async=True, follow=False) as client:
        with pytest.raises(errors.APIStatusError) as raised:
            await (_aread(client) if operation == "read" else write(client))
    _check_redirect_error(raised.value, 302, seen)
    assert sum(s.split()[0] in methods for s in seen) == 1


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
async def test_a_redirect_is_not_followed_even_by_an_http_client_that_follows(
    provider: str, is_async: bool
) -> None:
    """httpx would follow a 302 on a DELETE with a GET to the new host, and call that success."""
    sim = simulator(provider)
    _seed(sim)
    write = _a_write(sim)
    seen: list[str] = []
    handler = _redirecting(sim, 302, {"DELETE", "PUT", "PATCH", "POST"}, seen)
    client = _redirected_client(sim, handler, is_async=is_async, follow=True)
    with pytest.raises(errors.APIStatusError) as raised:
        await _settled(write(client))
    _check_redirect_error(raised.value, 302, seen)


# ---- bodies httpx cannot decode (#12 item 4)

GZIP_LIE = {"content-encoding": "gzip", "content-type": "application/json"}
"""Says gzip; the body is not (a proxy that mislabels, or a truncated transfer)."""

UNDECODABLE = [
    (200, errors.ResponseFormatError, 1),
    (401, errors.AuthenticationError, 1),
    (500, errors.ServerError, EVERY),  # an idempotent read: retried like any 500
]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("status", "error", "requests"), UNDECODABLE)
def test_a_body_that_does_not_decode_keeps_its_status_class(
    provider: str, status: int, error: type[errors.APIError], requests: int
) -> None:
    sim = simulator(provider)
    _seed(sim)
    client = _client(sim, [])
    before = len(sim.requests)
    sim.fail_next(status, body=b"this is not gzip", headers=GZIP_LIE, times=EVERY)
    with pytest.raises(error) as raised:
        _read(client)()
    assert type(raised.value) is error
    assert "gzip" in str(raised.value)
    assert len(sim.requests) - before == requests
    if isinstance(raised.value, errors.APIStatusError):
        assert raised.value.body is None  # lost in decoding: no body, not an empty one
        assert raised.value.message.endswith(
            "(the body does not decode as its Content-Encoding (gzip) says: "
            "Error -3 while decompressing data: incorrect header check)"
        )


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize(("status", "error", "requests"), UNDECODABLE)
async def test_a_body_that_does_not_decode_keeps_its_status_class_async(
    provider: str, status: int, error: type[errors.APIError], requests: int
) -> None:
    sim = simulator(provider)
    _seed(sim)
    before = len(sim.requests)
    async with sim.connect_async(retry_policy=RetryPolicy(asleep=_no_wait)) as client:
        sim.fail_next(status, body=b"this is not gzip", headers=GZIP_LIE, times=EVERY)
        with pytest.raises(error) as raised:
            await _aread(client)
    assert type(raised.value) is error
    assert "gzip" in str(raised.value)
    assert len(sim.requests) - before == requests


def _decoded_in_the_handler(_request: httpx.Request) -> httpx.Response:
    """A canned answer built with ``content=``: httpx decodes it at once, in the transport, so the
    error reaches sendfrom without the response (its status is never seen)."""
    return httpx.Response(500, headers=GZIP_LIE, content=b"this is not gzip")


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
async def test_a_body_that_does_not_decode_without_a_status(provider: str, is_async: bool) -> None:
    transport = httpx.MockTransport(_decoded_in_the_handler)
    http_class = httpx.AsyncClient if is_async else httpx.Client
    connect = sendfrom.connect_async if is_async else sendfrom.connect
    client: Any = connect(
        provider,
        api_key="fault-key",  # not "k": a key is scrubbed wherever it appears, in names too
        account_id="a",
        http_client=http_class(transport=transport),  # type: ignore[operator]
        max_retries=0,
    )
    with pytest.raises(errors.ResponseFormatError) as raised:
        await _settled(_aread(client) if is_async else _read(client)())
    assert "does not decode as its Content-Encoding says" in str(raised.value)
    assert raised.value.provider == provider


# ---- JSON nested deeper than Python recurses (#12 item 5)

DEEP = {
    "unclosed [ x 5000": "[" * 5000,
    "[ x 600 in an object": '{"message": ' + "[" * 600 + "]" * 600 + "}",
}
"""Deeper than ``json.loads`` can parse, and shallow enough to parse but not to walk (the key
scrubbing of an error walks its body)."""

DEEP_2XX = {"unclosed [ x 5000": "[" * 5000, "[ x 600": "[" * 600 + "]" * 600}
"""For a 2xx, no object (Space Invoices reads an object without ``email`` as "no address")."""
DEEP_STATUS = [(400, errors.BadRequestError, 1), (500, errors.ServerError, EVERY)]


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("body", DEEP_2XX.values(), ids=DEEP_2XX.keys())
def test_a_deeply_nested_2xx_is_a_format_error(provider: str, body: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    client = _client(sim, [])
    sim.fail_next(200, body=body, headers={"content-type": "application/json"})
    with pytest.raises(errors.ResponseFormatError) as raised:
        _read(client)()
    assert raised.value.provider == provider


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("body", DEEP.values(), ids=DEEP.keys())
@pytest.mark.parametrize(("status", "error", "requests"), DEEP_STATUS)
def test_a_deeply_nested_error_body_keeps_its_status_class(
    provider: str, body: str, status: int, error: type[errors.APIStatusError], requests: int
) -> None:
    sim = simulator(provider)
    _seed(sim)
    client = _client(sim, [])  # its key is long enough to be scrubbed from the error
    before = len(sim.requests)
    sim.fail_next(status, body=body, headers={"content-type": "application/json"}, times=EVERY)
    with pytest.raises(error) as raised:
        _read(client)()
    assert type(raised.value) is error
    assert "nested too deeply" in raised.value.message
    assert len(str(raised.value)) < 400  # readable: not a screen of brackets
    assert raised.value.body == body  # kept as text
    assert len(sim.requests) - before == requests


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_deeply_nested_bodies_async(provider: str) -> None:
    sim = simulator(provider)
    _seed(sim)
    json_type = {"content-type": "application/json"}
    async with sim.connect_async(max_retries=0) as client:
        for body in DEEP_2XX.values():
            sim.fail_next(200, body=body, headers=json_type)
            with pytest.raises(errors.ResponseFormatError):
                await _aread(client)
        for body in DEEP.values():
            sim.fail_next(400, body=body, headers=json_type)
            with pytest.raises(errors.BadRequestError) as raised:
                await _aread(client)
            assert "nested too deeply" in raised.value.message


# ---- a server that ignores the page parameter (#12 item 9)

PAGINATED = [(p, kind) for p in PROVIDERS for kind in facts(p).repeatable_lists]
"""Every paginated list: each would ask for page after page of the same first page."""


def _identity_scope(sim: Simulator, domain_id: str) -> dict[str, Any]:
    """What a create takes beyond the address: the domain, or what the provider needs instead."""
    adapter = adapter_class(sim.provider)
    if "domain_id" in adapter.unsupported_arguments.get("identities.create", {}):
        return {"provider_options": sample_create_options(sim.provider)}
    return {"domain_id": domain_id}


def _three_objects(sim: Simulator, list_of: str) -> None:
    seed = sim.connect()
    if list_of == "identities" and not seed.supports("identities.create"):
        for n in range(3):  # seeded, as its dashboard would
            sim.add_identity(f"u{n}@example.com")  # type: ignore[attr-defined]
    elif list_of == "domains":
        for n in range(3):
            seed.domains.create(f"d{n}.example")
    else:
        domain_id = seed.domains.create("example.com").id
        for n in range(3):
            seed.identities.create(f"u{n}@example.com", name="U", **_identity_scope(sim, domain_id))


def _ignoring_the_page(sim: Simulator, seen: list[httpx.Request]) -> Handler:
    """``sim``, answering every list with its first page, and saying that more pages follow."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        assert len(seen) <= 10, "the list never ends"  # rather than a test that hangs
        cursors = {"page", "start", "after", "offset", "lastSeenID"}
        params = {k: v for k, v in request.url.params.items() if k not in cursors}
        first = httpx.Request(request.method, request.url.copy_with(params=params))
        first.headers.update(request.headers)
        return facts(sim.provider).claim_more_pages(request, sim.answer(first))

    return answer


@pytest.mark.parametrize(("provider", "list_of"), PAGINATED)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
async def test_a_list_ends_when_the_server_repeats_a_page(
    provider: str, list_of: str, is_async: bool
) -> None:
    sim = simulator(provider)
    _three_objects(sim, list_of)
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(_ignoring_the_page(sim, seen))
    http_class = httpx.AsyncClient if is_async else httpx.Client
    connect = sendfrom.connect_async if is_async else sendfrom.connect
    client: Any = connect(
        provider,
        api_key="k",
        account_id="sim-account",
        http_client=http_class(transport=transport),  # type: ignore[operator]
    )
    listing = getattr(client, list_of).list()
    listed = [x async for x in listing] if is_async else list(listing)
    assert len(listed) == len({x.id for x in listed}) == 3
    assert len(seen) == 2  # the first page, and its repeat


@pytest.mark.parametrize(
    ("provider", "list_of"), [(p, kind) for p in PROVIDERS for kind in facts(p).get_by_listing]
)
def test_an_emulated_get_ends_when_the_server_repeats_a_page(provider: str, list_of: str) -> None:
    """A get served by listing says NotFound instead of listing forever."""
    sim = simulator(provider)
    _three_objects(sim, list_of)
    seen: list[httpx.Request] = []
    client = sendfrom.connect(
        provider,
        api_key="k",
        account_id="sim-account",
        http_client=httpx.Client(transport=httpx.MockTransport(_ignoring_the_page(sim, seen))),
    )
    with pytest.raises(errors.NotFoundError):
        getattr(client, list_of).get("no-such-id")
    assert len(seen) == 2
