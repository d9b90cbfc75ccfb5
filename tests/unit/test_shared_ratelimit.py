"""A rate limit shared through a real Redis server (``RateLimit(..., storage="redis://...")``).

The server is Debian's ``redis-server``, started on 127.0.0.1 for the session (redis_server.py);
the provider is the MailerSend simulator, in-process or over loopback HTTP, enforcing its own limit
where a test needs to see the 429s a client would get. Windows are 1-2 s, so these tests really
wait: about 20 s in all, most of it the four-process run.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

import sendfrom
from redis_server import free_port, redis_server
from sendfrom import RateLimit
from sendfrom._ratelimit import redact_uri
from sendfrom._shared_ratelimit import limit_key
from sendfrom.errors import APIConnectionError, ConfigurationError, RateLimitError
from sendfrom.providers.mailersend.simulator import MailerSendSimulator
from sendfrom.testing import SimulatorServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def store() -> Iterator[str]:
    with redis_server() as uri:
        yield uri


@pytest.fixture
def key() -> str:
    """A fresh API key per test: its own window in the store (keys are per provider and key)."""
    return f"ms-live-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


def _list(client: sendfrom.Client) -> None:
    list(client.identities.list())  # one request (an empty first page)


# ---- one limit for every client sharing the store and the key


def test_clients_sharing_a_store_share_one_limit(store: str, key: str) -> None:
    sim = MailerSendSimulator()
    limit = RateLimit(4, per=1, storage=store)
    first, second = (
        sim.connect(api_key=key, rate_limit=limit),
        sim.connect(api_key=key, rate_limit=limit),
    )
    started = time.monotonic()
    for _ in range(2):
        _list(first)
        _list(second)
    burst = time.monotonic() - started
    _list(second)  # the fifth in the window, whichever client sends it
    elapsed = time.monotonic() - started

    assert burst < 0.5  # a full burst of `requests` goes at once
    assert elapsed >= 1.0  # the fifth waited for the first to leave the window
    assert elapsed < 2.5
    assert len(sim.requests) == 5


def test_another_key_has_its_own_window(store: str, key: str) -> None:
    sim = MailerSendSimulator()
    limit = RateLimit(2, per=1, storage=store)
    ours, theirs = (
        sim.connect(api_key=key, rate_limit=limit),
        sim.connect(api_key=key + "-other", rate_limit=limit),
    )
    started = time.monotonic()
    _list(ours)
    _list(ours)
    _list(theirs)
    _list(theirs)
    assert time.monotonic() - started < 0.5


def test_the_key_never_reaches_the_store_in_clear(store: str, key: str) -> None:
    _list(MailerSendSimulator().connect(api_key=key, rate_limit=RateLimit(5, 1, storage=store)))
    names = [name.decode() for name in redis.Redis.from_url(store).keys("*")]
    ours = [name for name in names if limit_key("mailersend", key) in name]
    assert len(ours) == 1
    assert all(key not in name for name in names)


async def test_async_clients_share_the_limit_without_blocking_the_loop(
    store: str, key: str
) -> None:
    sim = MailerSendSimulator()
    client = sim.connect_async(api_key=key, rate_limit=RateLimit(3, per=1, storage=store))
    sync_client = sim.connect(api_key=key, rate_limit=RateLimit(3, per=1, storage=store))
    _list(sync_client)  # a sync client's entry counts for the async one too
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    for _ in range(3):
        [_ async for _ in client.identities.list()]
    elapsed = time.monotonic() - started
    done.set()
    await task
    await client.aclose()

    assert elapsed >= 0.9  # the third async one waited for the sync one to leave the window
    assert ticks >= 50  # the loop went on meanwhile
    assert len(sim.requests) == 4


# ---- adaptive: when the provider says the budget is spent, every worker waits


def test_a_429_makes_every_worker_sharing_the_store_wait(store: str, key: str) -> None:
    sim = MailerSendSimulator()
    limit = RateLimit(10, per=1, storage=store)
    hit, other = (sim.connect(api_key=key, rate_limit=limit, max_retries=0) for _ in range(2))
    sim.fail_next(429)  # MailerSend's 429: no Retry-After
    with pytest.raises(RateLimitError):
        _list(hit)
    started = time.monotonic()
    _list(other)  # its own limiter had room for 9 more: the shared window says wait
    assert time.monotonic() - started >= 0.9


def test_a_429_asking_for_longer_than_the_window_holds_every_worker(store: str, key: str) -> None:
    sim = MailerSendSimulator()
    limit = RateLimit(10, per=1, storage=store)
    hit, other = (sim.connect(api_key=key, rate_limit=limit, max_retries=0) for _ in range(2))
    sim.fail_next(429, headers={"Retry-After": "3"})
    with pytest.raises(RateLimitError):
        _list(hit)
    started = time.monotonic()
    _list(other)  # the window frees in 1 s; the provider asked for 3
    assert time.monotonic() - started >= 2.0
    assert len(sim.requests) == 2


def test_remaining_zero_slows_every_worker_before_any_429(store: str, key: str) -> None:
    # The provider allows 3 a second; the clients believe 10: its X-RateLimit-Remaining: 0
    # fills the shared window, so the fourth request waits instead of getting a 429.
    sim = MailerSendSimulator(rate_limit=RateLimit(3, per=1))
    limit = RateLimit(10, per=1, storage=store)
    clients = [sim.connect(api_key=key, rate_limit=limit, max_retries=0) for _ in range(2)]
    started = time.monotonic()
    for number in range(6):
        _list(clients[number % 2])
    assert sim.throttle is not None
    assert sim.throttle.rejected == 0
    assert time.monotonic() - started >= 1.0


# ---- failure is loud


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_an_unreachable_store_is_a_connection_error_without_its_password(
    asynchronous: bool,
) -> None:
    sim = MailerSendSimulator()
    uri = f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0"
    arguments: dict[str, Any] = {"rate_limit": RateLimit(5, per=1, storage=uri)}

    async def send() -> None:
        if asynchronous:
            [_ async for _ in sim.connect_async(**arguments).identities.list()]
        else:
            _list(sim.connect(**arguments))

    with pytest.raises(APIConnectionError) as info:
        await send()
    message = str(info.value)
    assert uri.replace(":s3cret-pw@", ":***@") in message
    assert "s3cret-pw" not in message + repr(info.value)
    assert info.value.operation == "identities.list"
    assert sim.requests == []  # never a silent fall-back to no limit: nothing was sent


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_store_lost_during_the_request_is_a_connection_error_naming_it(
    asynchronous: bool, key: str
) -> None:
    # The store gave the slot, then went away while the request was out; the provider's answer
    # says the budget is spent, which every worker must hear: that cannot be recorded, so loud.
    sim = MailerSendSimulator()
    with redis_server() as uri:

        def store_dies(_request: httpx.Request, response: httpx.Response) -> None:
            redis.Redis.from_url(uri).shutdown(nosave=True)
            response.headers["X-RateLimit-Remaining"] = "0"

        sim.response_hooks.append(store_dies)
        arguments: dict[str, Any] = {
            "api_key": key,
            "rate_limit": RateLimit(5, per=1, storage=uri),
            "max_retries": 0,
        }

        async def get() -> None:
            if asynchronous:
                await sim.connect_async(**arguments).domains.get("dom-1")
            else:
                sim.connect(**arguments).domains.get("dom-1")

        with pytest.raises(APIConnectionError) as info:
            await get()
    error = info.value
    assert f"the rate-limit store {uri} cannot be reached" in str(error)
    assert (error.provider, error.operation) == ("mailersend", "domains.get")
    assert (error.request_method, error.request_url) == ("GET", f"{sim.base_url}/domains/dom-1")
    assert len(sim.requests) == 1  # sent once; its answer is not mistaken for a success


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("nosuch://host", "unknown store 'nosuch'"),
        ("redis://:pw@host:port/0", "redis://:***@host:port/0"),
        ("memcached://localhost:11211", "cannot hold a moving window"),
    ],
)
def test_a_wrong_uri_is_a_configuration_error_at_connect(uri: str, says: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        sendfrom.connect("mailersend", api_key="k", rate_limit=RateLimit(5, 1, storage=uri))
    assert says in str(info.value)
    assert ":pw@" not in str(info.value)


@pytest.mark.parametrize("storage", ["", "localhost:6379", 6379, "://x"])
def test_storage_must_be_a_uri(storage: Any) -> None:
    with pytest.raises(ConfigurationError, match="store URI"):
        RateLimit(5, per=1, storage=storage)


def test_a_shared_window_is_whole_seconds() -> None:
    with pytest.raises(ConfigurationError, match="whole seconds"):
        RateLimit(5, per=0.5, storage="redis://localhost")


def test_a_shared_limit_reads_well_and_pickles() -> None:
    limit = RateLimit(60, per=60, storage="redis://user:pw@cache.internal:6379/2")
    assert repr(limit) == (
        "RateLimit(requests=60, per=60.0, storage='redis://user:***@cache.internal:6379/2')"
    )
    assert "pw" not in str(limit)
    assert pickle.loads(pickle.dumps(limit)) == limit  # Celery sends it to its workers
    assert limit != RateLimit(60, per=60)


# ---- configuration: environment and profile


def test_the_environment_names_the_store_and_turns_the_documented_limit_on(
    monkeypatch: pytest.MonkeyPatch, store: str
) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT_STORAGE", store)
    limiter: Any = sendfrom.connect("mailersend", api_key="k")._runner.limiter
    assert limiter.limit == RateLimit(60, per=60, storage=store)
    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "5/s")
    limiter = sendfrom.connect("mailersend", api_key="k")._runner.limiter
    assert limiter.limit == RateLimit(5, per=1, storage=store)
    assert sendfrom.connect("mailersend", api_key="k", rate_limit=False)._runner.limiter is None
    # a simulated client reads nothing from the environment
    assert sendfrom.connect("mailersend", simulate=True)._runner.limiter is None


def test_the_profile_names_the_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: str
) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        textwrap.dedent(
            f"""
            [profiles.workers]
            provider = "mailersend"
            api_key_env = "MS_KEY"
            rate_limit = "30/min"
            rate_limit_storage = "{store}"
            """
        )
    )
    monkeypatch.setenv("MS_KEY", "k")
    limiter: Any = sendfrom.connect(profile="workers")._runner.limiter
    assert limiter.limit == RateLimit(30, per=60, storage=store)


def test_a_bad_environment_store_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT_STORAGE", "localhost")
    with pytest.raises(ConfigurationError, match="SENDFROM_RATE_LIMIT_STORAGE"):
        sendfrom.connect("mailersend", api_key="k")


def test_only_a_shared_limit_loads_limits_and_redis() -> None:
    code = (
        "import json, sys, sendfrom; sendfrom.connect('mailersend', api_key='k', "
        "rate_limit=True); print(json.dumps([m for m in ('limits', 'redis') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


# ---- many processes, one limit, against a simulator enforcing it

WORKER = """
import json, sys
import sendfrom
from sendfrom.errors import RateLimitError

url, store, key, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# margin: how far past a freed slot a request waits; the default (50 ms at 2 s) covers loopback
# jitter on a quiet machine, a loaded CI machine with five processes on two cores needs more.
limit = sendfrom.RateLimit(20, per=2, storage=store, margin=0.2)
client = sendfrom.connect("mailersend", api_key=key, base_url=url, rate_limit=limit, max_retries=0)
print("ready", flush=True)  # a running worker (imports done), as in a real deployment
sys.stdin.readline()
limited = 0
for _ in range(calls):
    try:
        list(client.identities.list())
    except RateLimitError:
        limited += 1
print(json.dumps({"limited": limited}))
"""


def test_four_processes_stay_within_one_limit_together(store: str, key: str) -> None:
    sim = MailerSendSimulator(rate_limit=RateLimit(20, per=2))
    arrivals: list[float] = []
    sim.response_hooks.append(lambda _request, _response: arrivals.append(time.monotonic()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    with SimulatorServer(sim).start() as server:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, server.base_url, store, key, "30"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=ROOT,
                text=True,
            )
            for _ in range(4)
        ]
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline() == "ready\n"
        outputs = [worker.communicate("go\n", timeout=120)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert [json.loads(out)["limited"] for out in outputs] == [0, 0, 0, 0]
    assert sim.throttle is not None
    assert sim.throttle.rejected == 0  # zero 429s, as the simulator counts them
    assert sim.throttle.admitted == 120
    # 120 calls at 20 per 2 s: the last 20 go no earlier than 10 s after the first
    assert max(arrivals) - min(arrivals) >= 9.9


def test_the_simulated_429_is_mailersends() -> None:
    sim = MailerSendSimulator(rate_limit=RateLimit(2, per=60))
    with httpx.Client(transport=sim.transport) as http:
        url = "https://api.mailersend.com/v1/identities"
        answers = [http.get(url, headers={"Authorization": "Bearer k"}) for _ in range(3)]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["1", "0", "0"]
    assert all(a.headers["X-RateLimit-Limit"] == "2" for a in answers)
    assert answers[2].status_code == 429
    assert "retry-after" not in answers[2].headers  # MailerSend's 429 carries none
    message = "You cannot create a resource at the moment. Please wait a while before retrying."
    assert answers[2].json() == {"message": message}


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("redis://:pw@h:6379/0", "redis://:***@h:6379/0"),
        ("rediss://user:pw@h/1", "rediss://user:***@h/1"),
        ("redis://h:6379/0", "redis://h:6379/0"),
        (
            "redis+sentinel://:pw@h1:26379,h2:26379/mymaster",
            "redis+sentinel://:***@h1:26379,h2:26379/mymaster",
        ),
        ("redis://:pw@[::1", "redis://***"),
    ],
)
def test_a_stores_password_is_never_shown(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown
