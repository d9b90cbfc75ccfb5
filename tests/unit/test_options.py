"""``client.with_options(max_retries=..., timeout=..., rate_limit=...)`` on both clients.

The copy is the same class, shares the adapter, the connection pool and (unless ``rate_limit`` is
given) the rate limiter; only the arguments given change; the parent is unchanged; bad values raise
``ConfigurationError`` before anything is sent. No test sleeps: retry waits are recorded.
"""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

import sendfrom
from sendfrom._engine import RetryPolicy
from sendfrom.errors import APIConnectionError, ConfigurationError, ServerError
from speclib import load_payload

KEY = "ms-live-options-7d2e"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


class Counter:
    """A MailerSend double that answers every request with ``status`` and keeps the requests."""

    def __init__(self, status: int = 503) -> None:
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status >= 400:
            return httpx.Response(self.status, json={"message": "Service Unavailable"})
        return httpx.Response(self.status, json=IDENTITY)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)

    def take(self) -> int:
        """How many requests arrived since the last call."""
        count = len(self.requests)
        self.requests.clear()
        return count


def no_wait_policy(**overrides: Any) -> RetryPolicy:
    async def asleep(_seconds: float) -> None:
        return None

    return RetryPolicy(sleep=lambda _: None, asleep=asleep, jitter=lambda: 1.0, **overrides)


def sync_client(server: Counter, **kwargs: Any) -> sendfrom.Client:
    kwargs.setdefault("retry_policy", no_wait_policy())
    return sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        **kwargs,
    )


def async_client(server: Counter, **kwargs: Any) -> sendfrom.AsyncClient:
    kwargs.setdefault("retry_policy", no_wait_policy())
    return sendfrom.connect_async(
        "mailersend",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.handle_async)),
        **kwargs,
    )


# ---- max_retries


def test_max_retries_zero_makes_one_request_and_leaves_the_parent_alone() -> None:
    server = Counter(503)
    parent = sync_client(server)

    with pytest.raises(ServerError):
        parent.with_options(max_retries=0).identities.get("ident-id-123")
    assert server.take() == 1

    with pytest.raises(ServerError):
        parent.identities.get("ident-id-123")
    assert server.take() == 3  # the default: 2 retries


@pytest.mark.parametrize("retries", [1, 4])
def test_max_retries_n_makes_n_plus_one_requests(retries: int) -> None:
    server = Counter(503)
    with pytest.raises(ServerError):
        sync_client(server).with_options(max_retries=retries).identities.get("x")
    assert server.take() == retries + 1


def test_max_retries_keeps_the_rest_of_the_policy() -> None:
    waits: list[float] = []
    server = Counter(503)
    policy = RetryPolicy(sleep=waits.append, jitter=lambda: 1.0, initial_delay=0.25)
    parent = sync_client(server, retry_policy=policy)

    with pytest.raises(ServerError):
        parent.with_options(max_retries=3).identities.get("x")
    assert waits == [0.25, 0.5, 1.0]  # the parent's injected sleep and backoff, one more retry


async def test_async_max_retries_zero_makes_one_request() -> None:
    server = Counter(503)
    parent = async_client(server)

    with pytest.raises(ServerError):
        await parent.with_options(max_retries=0).identities.get("ident-id-123")
    assert server.take() == 1
    with pytest.raises(ServerError):
        await parent.identities.get("ident-id-123")
    assert server.take() == 3


# ---- timeout


def sent_timeout(request: httpx.Request) -> dict[str, float | None]:
    timeout: dict[str, float | None] = request.extensions["timeout"]
    return timeout


def test_timeout_applies_to_the_copy_only() -> None:
    server = Counter(200)
    parent = sync_client(server, timeout=20.0)

    parent.with_options(timeout=2.5).identities.get("a")
    parent.identities.get("b")

    fast, default = server.requests
    assert sent_timeout(fast) == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}
    assert sent_timeout(default) == {"connect": 5.0, "read": 20.0, "write": 20.0, "pool": 20.0}


def test_long_timeout_keeps_the_5s_connect_timeout() -> None:
    server = Counter(200)
    sync_client(server).with_options(timeout=90).identities.get("a")
    assert sent_timeout(server.requests[0]) == {
        "connect": 5.0,
        "read": 90.0,
        "write": 90.0,
        "pool": 90.0,
    }


def test_timeout_overrides_a_given_http_clients_own() -> None:
    server = Counter(200)
    parent = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server), timeout=77.0),
    )
    parent.identities.get("a")
    parent.with_options(timeout=3.0).identities.get("b")
    own, overridden = server.requests
    assert sent_timeout(own)["read"] == 77.0
    assert sent_timeout(overridden)["read"] == 3.0


async def test_async_timeout_applies_to_the_copy_only() -> None:
    server = Counter(200)
    parent = async_client(server)
    await parent.with_options(timeout=1.5).identities.get("a")
    await parent.identities.get("b")
    fast, default = server.requests
    assert sent_timeout(fast)["read"] == 1.5
    assert sent_timeout(default)["read"] == 5.0  # the given http_client's own (httpx's default)


# ---- what is shared, what is not


def test_copy_is_the_same_class_and_shares_adapter_and_pool() -> None:
    parent = sync_client(Counter(200))
    copy = parent.with_options(max_retries=0, timeout=1.0)

    assert type(copy) is sendfrom.Client
    assert copy is not parent
    assert copy._adapter is parent._adapter
    assert copy.native.get_httpx_client() is parent.native.get_httpx_client()
    assert copy.provider == parent.provider
    assert copy.capabilities == parent.capabilities
    assert repr(copy) == repr(parent)


def test_pool_is_shared_even_when_sendfrom_made_it_lazily() -> None:
    parent = sendfrom.connect("mailersend", api_key=KEY)  # no http_client: made on first use
    copy = parent.with_options(timeout=3.0)
    assert copy.native.get_httpx_client() is parent.native.get_httpx_client()
    parent.close()


def test_with_no_arguments_changes_nothing() -> None:
    parent = sync_client(Counter(200), rate_limit=sendfrom.RateLimit(5, per=1.0))
    copy = parent.with_options()
    assert copy._runner.policy is parent._runner.policy
    assert copy._runner.limiter is parent._runner.limiter
    assert copy.native is parent.native


def test_only_the_arguments_given_change() -> None:
    parent = sync_client(Counter(200), timeout=12.0, rate_limit=True)
    copy = parent.with_options(max_retries=7)
    assert copy._runner.policy.max_retries == 7
    assert parent._runner.policy.max_retries == 2
    assert copy.native is parent.native  # the timeout lives there: unchanged
    assert copy._runner.limiter is parent._runner.limiter


def test_copies_chain() -> None:
    server = Counter(503)
    parent = sync_client(server)
    copy = parent.with_options(max_retries=0).with_options(timeout=2.0)
    with pytest.raises(ServerError):
        copy.identities.get("x")
    assert len(server.requests) == 1
    assert sent_timeout(server.requests[0])["read"] == 2.0


def test_closing_the_copy_leaves_the_parents_pool_open() -> None:
    server = Counter(200)
    parent = sendfrom.connect("mailersend", api_key=KEY)
    pool = httpx.Client(transport=httpx.MockTransport(server))
    parent.native._httpx_client = pool  # the pool sendfrom would have made, made here
    with parent.with_options(max_retries=0, timeout=1.0) as copy:
        copy.identities.get("a")
    assert not pool.is_closed
    parent.identities.get("b")
    assert len(server.requests) == 2

    parent.close()
    assert pool.is_closed  # the parent owns it


def test_a_copy_of_a_closed_client_says_so() -> None:
    parent = sendfrom.connect("mailersend", api_key=KEY)
    copy = parent.with_options(timeout=1.0)
    parent.close()
    with pytest.raises(APIConnectionError, match="closed") as info:
        copy.identities.get("a")
    assert info.value.operation == "identities.get"
    assert info.value.provider == "mailersend"
    assert info.value.message == (
        "the client is closed (with_options copies share the pool of the client they were made "
        "from, and close with it)"
    )
    assert info.value.request_method == "GET"
    assert info.value.request_url == "https://api.mailersend.com/v1/identities/a"  # not sent
    with pytest.raises(APIConnectionError, match="closed"):
        parent.identities.get("a")


async def test_async_copy_of_a_closed_client_says_so() -> None:
    parent = sendfrom.connect_async("mailersend", api_key=KEY)
    copy = parent.with_options(max_retries=0, timeout=1.0)
    await parent.aclose()
    await copy.aclose()  # closes nothing: the pool is the parent's
    with pytest.raises(APIConnectionError, match="closed") as info:
        await copy.identities.get("a")
    assert info.value.request_url == "https://api.mailersend.com/v1/identities/a"


def test_a_given_http_client_is_closed_by_neither() -> None:
    pool = httpx.Client(transport=httpx.MockTransport(Counter(200)))
    parent = sendfrom.connect("mailersend", api_key=KEY, http_client=pool)
    parent.with_options(timeout=1.0).close()
    parent.close()
    assert not pool.is_closed
    pool.close()


async def test_async_copy_shares_the_pool_and_aclose_leaves_it_open() -> None:
    server = Counter(200)
    parent = sendfrom.connect_async("mailersend", api_key=KEY)
    pool = httpx.AsyncClient(transport=httpx.MockTransport(server.handle_async))
    parent.native._async_httpx_client = pool
    copy = parent.with_options(max_retries=1, timeout=4.0)

    assert type(copy) is sendfrom.AsyncClient
    assert copy.native.get_async_httpx_client() is pool
    async with copy:
        await copy.identities.get("a")
    assert not pool.is_closed
    await parent.identities.get("b")
    await parent.aclose()
    assert pool.is_closed


def test_rate_limit_can_be_turned_on_and_off_per_copy() -> None:
    parent = sync_client(Counter(200))
    limited = parent.with_options(rate_limit=True)
    assert parent._runner.limiter is None
    assert limited._runner.limiter is not None
    assert limited._runner.limiter.limit == sendfrom.RateLimit(60, per=60.0)
    assert limited.with_options(rate_limit=False)._runner.limiter is None
    explicit = parent.with_options(rate_limit=sendfrom.RateLimit(2, per=1.0))
    assert explicit._runner.limiter is not None
    assert explicit._runner.limiter.limit.requests == 2


# ---- bad values


BAD = [
    {"max_retries": -1},
    {"max_retries": 1.5},
    {"max_retries": "2"},
    {"max_retries": True},
    {"timeout": 0},
    {"timeout": -3.0},
    {"timeout": math.nan},
    {"timeout": math.inf},
    {"timeout": "30"},
    {"timeout": False},
    {"rate_limit": "60/min"},
    {"rate_limit": 60},
    {"rate_limit": {"requests": 60}},
]


@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_bad_values_raise_configuration_error_before_sending(bad: dict[str, Any]) -> None:
    server = Counter(200)
    client = sync_client(server)
    with pytest.raises(ConfigurationError) as info:
        client.with_options(**bad)
    assert next(iter(bad)) in str(info.value)
    assert server.requests == []


@pytest.mark.parametrize("bad", BAD, ids=repr)
def test_async_bad_values_raise_configuration_error(bad: dict[str, Any]) -> None:
    server = Counter(200)
    with pytest.raises(ConfigurationError):
        async_client(server).with_options(**bad)
    assert server.requests == []


def test_rate_limit_true_on_a_provider_without_a_documented_limit() -> None:
    client = sendfrom.connect(
        "vortex",
        api_key=KEY,
        account_id="acc-1",
        http_client=httpx.Client(transport=httpx.MockTransport(Counter(200))),
    )
    with pytest.raises(ConfigurationError, match="RateLimit"):
        client.with_options(rate_limit=True)


def test_with_options_is_not_a_coroutine_on_the_async_client() -> None:
    import inspect

    assert not inspect.iscoroutinefunction(sendfrom.AsyncClient.with_options)
    assert inspect.signature(sendfrom.Client.with_options) == inspect.signature(
        sendfrom.AsyncClient.with_options
    )
