"""The opt-in client-side rate limiter: at most N requests in any ``per`` seconds.

A fake clock (``now``/``sleep``/``asleep`` injected through ``RateLimit``) makes the timing exact
and instant; two small tests use the real clock to show real waits (a fraction of a second).
"""

from __future__ import annotations

import asyncio
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sendfrom
from provider_facts import facts, required_scope
from sendfrom import RateLimit
from sendfrom._engine import RetryPolicy
from sendfrom._ratelimit import RateLimiter, budget_spent, parse_rate_limit
from sendfrom.config import resolve_settings
from sendfrom.errors import APIConnectionError, ConfigurationError, ServerError
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.providers.mailersend.simulator import MailerSendSimulator
from sendfrom.testing import simulator
from sendfrom.testing._throttle import Throttle
from speclib import load_payload

KEY = "ms-live-ratelimit-41ab"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


class FakeClock:
    """Time that only moves when something sleeps on it (never, if ``frozen``)."""

    def __init__(self, *, frozen: bool = False) -> None:
        self.time = 0.0
        self.frozen = frozen
        self.waits: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        if not self.frozen:
            self.time += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def limit(self, requests: int, per: float, margin: float = 0.0) -> RateLimit:
        """A limit on this clock; no margin unless asked, so waits are whole windows."""
        return RateLimit(
            requests, per=per, now=self.now, sleep=self.sleep, asleep=self.asleep, margin=margin
        )


class Recorder:
    """A MailerSend double answering one identity and noting the (fake or real) time of each."""

    def __init__(self, now: Any = time.monotonic, statuses: list[int] | None = None) -> None:
        self.now = now
        self.statuses = statuses or []
        self.times: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, _request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.times.append(self.now())
        status = self.statuses.pop(0) if self.statuses else 200
        return httpx.Response(status, json=IDENTITY if status == 200 else {"message": "down"})

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)


def sync_client(server: Recorder, **kwargs: Any) -> sendfrom.Client:
    return sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        **kwargs,
    )


def async_client(server: Recorder, **kwargs: Any) -> sendfrom.AsyncClient:
    return sendfrom.connect_async(
        "mailersend",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(server.handle_async)),
        **kwargs,
    )


# ---- the limiter itself


def test_a_full_burst_goes_at_once_then_one_window_per_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(10, per=60.0))

    for _ in range(25):
        limiter.acquire()

    assert clock.waits == [60.0, 60.0]  # calls 11 and 21 wait a window; the rest follow at once
    assert clock.time == 120.0


def test_a_request_that_went_late_counts_from_when_it_went() -> None:
    # Providers count arrivals: a request that left 0.3 s after its slot (its thread waiting for
    # a core) is in the provider's window until 1.3 s, so its successor must not go at 1.0 s.
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(2, per=1.0))
    first = limiter.acquire()
    clock.time = 0.002
    limiter.done(first)  # answered in 2 ms: the fastest round trip
    second = limiter.acquire()  # its slot is t=0.002 ...
    clock.time = 0.302
    limiter.done(second)  # ... but its answer came 0.3 s later: it went at 0.3 at the latest

    assert limiter.reserve() == pytest.approx(1.0 - 0.302)  # the first leaves at 1.0
    assert limiter.reserve() == pytest.approx(1.3 - 0.302)  # the second at 1.3, not at 1.002


def test_the_runner_tells_the_limiter_when_each_answer_came_back() -> None:
    clock = FakeClock()

    class Slow(Recorder):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            answer = super().__call__(request)
            clock.time += 0.25 if len(self.times) == 2 else 0.001  # the second one is late
            return answer

    server = Slow(now=clock.now)
    client = sync_client(server, rate_limit=clock.limit(2, per=1.0))
    for _ in range(4):
        client.identities.get("idt-1")
    client.close()
    # the third waits for the first; the fourth for the second, counted from its answer (0.251)
    # less the fastest round trip (0.001): the latest it can have reached the provider
    assert server.times[2] == pytest.approx(1.0)
    assert server.times[3] == pytest.approx(0.251 - 0.001 + 1.0)


def test_calls_spread_over_time_never_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(2, per=1.0))
    for _ in range(10):
        limiter.acquire()
        clock.time += 0.5
    assert clock.waits == []


def test_a_slot_frees_exactly_when_the_oldest_request_leaves_the_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(3, per=1.0))
    limiter.acquire()  # t=0
    clock.time = 0.4
    limiter.acquire()
    limiter.acquire()  # t=0.4, 0.4
    assert limiter.reserve() == pytest.approx(0.6)  # goes at t=1.0, when t=0 leaves
    assert limiter.reserve() == pytest.approx(1.0)  # t=1.4
    assert limiter.reserve() == pytest.approx(1.0)  # t=1.4
    assert limiter.reserve() == pytest.approx(1.6)  # t=2.0


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    requests=st.integers(1, 6),
    per=st.sampled_from([0.5, 1.0, 60.0]),
    gaps=st.lists(st.floats(0, 2.0, allow_nan=False), min_size=1, max_size=40),
)
def test_never_more_than_n_in_any_window_and_never_a_needless_wait(
    requests: int, per: float, gaps: list[float]
) -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(requests, per=per))
    sent: list[float] = []
    for gap in gaps:
        clock.time += gap
        asked = clock.time
        limiter.acquire()
        sent.append(clock.time)
        # minimal: waits only when `requests` were already sent in the last `per` seconds
        in_window = [t for t in sent[:-1] if t > asked - per]
        if len(in_window) < requests:
            assert clock.time == asked
    for i in range(len(sent) - requests):
        assert sent[i + requests] - sent[i] >= per - 1e-9


@given(
    requests=st.integers(1, 6),
    per=st.sampled_from([0.5, 1.0, 60.0]),
    gaps=st.lists(st.floats(0, 2.0, allow_nan=False), min_size=1, max_size=40),
)
def test_the_default_margin_keeps_arrivals_that_trail_within_the_limit(
    requests: int, per: float, gaps: list[float]
) -> None:
    """Providers count arrivals, which trail the limiter's moments: a request that refills the
    window waits the margin past it (2.5% of the window, at most 0.25 s), never more."""
    clock = FakeClock()
    limit = RateLimit(requests, per=per, now=clock.now, sleep=clock.sleep, asleep=clock.asleep)
    assert limit.wait_margin == min(per * 0.025, 0.25)
    limiter = RateLimiter(limit)
    sent: list[float] = []
    for gap in gaps:
        clock.time += gap
        asked = clock.time
        limiter.acquire()
        sent.append(clock.time)
        in_window = [t for t in sent[:-1] if t > asked - per - limit.wait_margin]
        if len(in_window) < requests:
            assert clock.time == asked  # a wait only when the window (and its margin) is full
    for i in range(len(sent) - requests):
        # a request arriving up to the margin late still finds the window it refills free
        assert sent[i + requests] - sent[i] >= per + limit.wait_margin - 1e-9


def test_a_full_window_waits_its_margin_too() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock.limit(2, per=10.0, margin=0.5))
    for _ in range(3):
        limiter.acquire()
    assert clock.waits == [10.5]


@pytest.mark.parametrize("margin", [-0.1, float("nan"), float("inf"), True, "0.1"])
def test_a_margin_is_a_number_of_seconds(margin: Any) -> None:
    with pytest.raises(ConfigurationError, match="margin"):
        RateLimit(5, per=1.0, margin=margin)


def test_reservations_from_many_threads_are_all_distinct_slots() -> None:
    clock = FakeClock(frozen=True)  # each thread's wait is its slot
    waits: list[float] = []
    lock = threading.Lock()
    limiter = RateLimiter(clock.limit(4, per=1.0))
    start = threading.Barrier(8)

    def work() -> None:
        start.wait()
        for _ in range(5):
            wait = limiter.reserve()
            with lock:
                waits.append(wait)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(waits) == [float(w) for w in range(10) for _ in range(4)]


# ---- through the clients


def test_sync_client_waits_between_bursts() -> None:
    clock = FakeClock()
    server = Recorder(now=clock.now)
    client = sync_client(server, rate_limit=clock.limit(2, per=10.0))

    for _ in range(5):
        client.identities.get("ident-id-123")

    assert server.times == [0.0, 0.0, 10.0, 10.0, 20.0]
    assert sum(clock.waits) == 20.0


def test_every_attempt_takes_a_slot_retries_included() -> None:
    clock = FakeClock()
    server = Recorder(now=clock.now, statuses=[503, 503])
    retry = RetryPolicy(sleep=clock.sleep, now=clock.now, jitter=lambda: 1.0, initial_delay=0.5)
    client = sync_client(server, rate_limit=clock.limit(1, per=1.0), retry_policy=retry)

    client.identities.get("ident-id-123")

    # attempt at 0; retry backoff 0.5 then the limiter 0.5 more; backoff 1.0 frees the next slot
    assert server.times == [0.0, 1.0, 2.0]
    assert clock.waits == [0.5, 0.5, 1.0]


def test_a_failing_request_still_used_its_slot() -> None:
    clock = FakeClock()
    server = Recorder(now=clock.now, statuses=[500])
    client = sync_client(server, rate_limit=clock.limit(1, per=5.0), max_retries=0)
    with pytest.raises(ServerError):
        client.identities.get("a")
    client.identities.get("b")
    assert server.times == [0.0, 5.0]


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_a_dropped_connection_is_a_connection_error_and_used_its_slot(
    asynchronous: bool,
) -> None:
    # No response to read a spent budget from: the limiter is left as it was, the error is the
    # dropped connection's, and the next request still waits for the slot the first one took.
    clock = FakeClock()
    sim = MailerSendSimulator()
    options: dict[str, Any] = {"rate_limit": clock.limit(1, per=5.0), "max_retries": 0}
    sim.fail_next(kind="disconnect")

    async def list_twice() -> None:
        if asynchronous:
            client = sim.connect_async(**options)
            with pytest.raises(APIConnectionError, match="disconnected"):
                [_ async for _ in client.identities.list()]
            [_ async for _ in client.identities.list()]
        else:
            sync = sim.connect(**options)
            with pytest.raises(APIConnectionError, match="disconnected"):
                list(sync.identities.list())
            list(sync.identities.list())

    await list_twice()
    assert len(sim.requests) == 2
    assert clock.waits == [5.0]


def test_list_pages_each_take_a_slot() -> None:
    clock = FakeClock()
    identities = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentities_200.json")
    pages: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        pages.append(clock.now())
        page = int(request.url.params["page"])
        # A new id on each page: one page served again ends the list (a server ignoring `page`).
        data = [{**item, "id": f"{item['id']}-{page}"} for item in identities["data"]]
        meta = {**identities["meta"], "current_page": page, "last_page": 3}
        return httpx.Response(200, json={**identities, "data": data, "meta": meta})

    client = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        rate_limit=clock.limit(1, per=2.0),
    )
    assert len(list(client.identities.list())) == 3
    assert pages == [0.0, 2.0, 4.0]


def test_threads_sharing_a_sync_client_share_its_limit() -> None:
    clock = FakeClock(frozen=True)
    server = Recorder(now=clock.now)
    client = sync_client(server, rate_limit=clock.limit(3, per=1.0))
    start = threading.Barrier(6)

    def work() -> None:
        start.wait()
        for _ in range(2):
            client.identities.get("ident-id-123")

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # the clock is frozen, so each wait is the slot the request got: three per second
    assert sorted(clock.waits) == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0]
    assert len(server.times) == 12


def test_threads_really_wait_on_the_real_clock() -> None:
    server = Recorder()
    client = sync_client(server, rate_limit=RateLimit(3, per=0.1))

    def work() -> None:
        for _ in range(2):
            client.identities.get("ident-id-123")

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert len(server.times) == 12
    assert elapsed >= 0.3 - 0.01  # 12 requests, 3 per 0.1 s: the last burst goes at 0.3 s


async def test_async_client_waits_between_bursts_without_blocking() -> None:
    clock = FakeClock()
    blocking: list[float] = []
    limit = RateLimit(
        2, per=10.0, now=clock.now, sleep=blocking.append, asleep=clock.asleep, margin=0.0
    )
    server = Recorder(now=clock.now)
    client = async_client(server, rate_limit=limit)

    for _ in range(5):
        await client.identities.get("ident-id-123")

    assert server.times == [0.0, 0.0, 10.0, 10.0, 20.0]
    assert blocking == []  # only awaited waits


async def test_async_waits_let_other_tasks_run() -> None:
    server = Recorder()
    client = async_client(server, rate_limit=RateLimit(1, per=0.05))
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    await asyncio.gather(*(client.identities.get("ident-id-123") for _ in range(4)))
    elapsed = time.monotonic() - started
    done.set()
    await task

    assert elapsed >= 0.15 - 0.01  # 4 requests, one per 50 ms
    assert ticks >= 10  # the loop kept running while the requests waited their turn
    assert max(server.times) - started >= 0.15 - 0.01  # the fourth went no earlier than its slot


def test_with_options_copies_share_the_parents_limiter() -> None:
    clock = FakeClock()
    server = Recorder(now=clock.now)
    parent = sync_client(server, rate_limit=clock.limit(2, per=1.0))
    copy = parent.with_options(max_retries=0, timeout=5.0)

    parent.identities.get("a")
    copy.identities.get("b")
    copy.identities.get("c")  # the third request in the window, whichever client sends it

    assert server.times == [0.0, 0.0, 1.0]


# ---- defaults, opt-in, configuration


DOCUMENTED = {p: limit for p in PROVIDERS if (limit := facts(p).documented_rate_limit) is not None}
"""The limit each provider's documentation states (its facts)."""


@pytest.mark.parametrize("provider", sorted(DOCUMENTED))
def test_rate_limit_true_uses_the_providers_documented_limit(provider: str) -> None:
    assert adapter_class(provider).rate_limit == DOCUMENTED[provider]
    for connect in (sendfrom.connect, sendfrom.connect_async):
        client: Any = connect(provider, api_key=KEY, rate_limit=True)
        assert client._runner.limiter is not None
        assert client._runner.limiter.limit == DOCUMENTED[provider]


@pytest.mark.parametrize("function", [sendfrom.connect, sendfrom.connect_async])
def test_vortex_has_no_documented_limit_so_true_asks_for_one(function: Any) -> None:
    assert adapter_class("vortex").rate_limit is None
    with pytest.raises(ConfigurationError) as info:
        function("vortex", api_key=KEY, account_id="acc-1", rate_limit=True)
    message = str(info.value)
    assert "vortex" in message
    assert "RateLimit(requests=" in message
    assert "SENDFROM_RATE_LIMIT" in message


def test_vortex_takes_an_explicit_limit() -> None:
    client = sendfrom.connect(
        "vortex", api_key=KEY, account_id="acc-1", rate_limit=RateLimit(10, per=1.0)
    )
    assert client._runner.limiter is not None
    assert client._runner.limiter.limit == RateLimit(10, per=1.0)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_off_by_default(provider: str) -> None:
    client = sendfrom.connect(provider, api_key=KEY, **required_scope(provider))
    aclient = sendfrom.connect_async(provider, api_key=KEY, **required_scope(provider))
    assert client._runner.limiter is None
    assert aclient._runner.limiter is None
    assert resolve_settings(provider, environ={}).rate_limit is False


def test_off_by_default_means_no_waiting() -> None:
    server = Recorder()
    client = sync_client(server)
    started = time.monotonic()
    for _ in range(70):  # more than MailerSend's 60 a minute
        client.identities.get("ident-id-123")
    assert time.monotonic() - started < 5.0
    assert len(server.times) == 70


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("off", False),
        ("0", False),
        ("60/min", RateLimit(60, per=60.0)),
        ("100/s", RateLimit(100, per=1.0)),
        ("500 per minute", RateLimit(500, per=60.0)),
        ("10/30", RateLimit(10, per=30.0)),
        ("5/2m", RateLimit(5, per=120.0)),
        ("1000/hours", RateLimit(1000, per=3600.0)),
    ],
)
def test_rate_limit_text(value: str, expected: RateLimit | bool) -> None:
    assert parse_rate_limit(value, "SENDFROM_RATE_LIMIT") == expected


@pytest.mark.parametrize("value", ["fast", "60", "60/", "0/s", "60/0", "60/fortnight", "-1/s"])
def test_bad_rate_limit_text_names_the_setting(value: str) -> None:
    with pytest.raises(ConfigurationError, match="SENDFROM_RATE_LIMIT"):
        parse_rate_limit(value, "SENDFROM_RATE_LIMIT")


def test_environment_turns_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "1")
    client = sendfrom.connect("mailersend", api_key=KEY)
    assert client._runner.limiter is not None
    assert client._runner.limiter.limit == DOCUMENTED["mailersend"]

    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "5/s")
    client = sendfrom.connect("vortex", api_key=KEY, account_id="acc-1")
    assert client._runner.limiter is not None
    assert client._runner.limiter.limit == RateLimit(5, per=1.0)


def test_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "true")
    assert sendfrom.connect("mailersend", api_key=KEY, rate_limit=False)._runner.limiter is None


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "lots")
    with pytest.raises(ConfigurationError, match="SENDFROM_RATE_LIMIT"):
        sendfrom.connect("mailersend", api_key=KEY)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("rate_limit = true", DOCUMENTED["mailersend"]),
        ('rate_limit = "30/min"', RateLimit(30, per=60.0)),
        ("rate_limit = { requests = 20, per = 10 }", RateLimit(20, per=10.0)),
        ("rate_limit = { requests = 5 }", RateLimit(5, per=1.0)),  # per: a second, as in Python
        ("rate_limit = false", None),
    ],
)
def test_profile_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, line: str, expected: RateLimit | None
) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        textwrap.dedent(
            f"""
            default_profile = "prod"
            [profiles.prod]
            provider = "mailersend"
            api_key_env = "MS_KEY"
            {line}
            """
        )
    )
    monkeypatch.setenv("MS_KEY", KEY)
    client = sendfrom.connect()
    limiter = client._runner.limiter
    assert (limiter.limit if limiter else None) == expected


@pytest.mark.parametrize(
    "line",
    ['rate_limit = "often"', "rate_limit = 60", "rate_limit = { requests = 0 }", "rate_limit = {}"],
)
def test_bad_profile_setting_names_the_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, line: str
) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        f'[profiles.prod]\nprovider = "mailersend"\napi_key_env = "MS_KEY"\n{line}\n'
    )
    monkeypatch.setenv("MS_KEY", KEY)
    with pytest.raises(ConfigurationError, match=r"rate_limit in \[profiles\.prod\]"):
        sendfrom.connect(profile="prod")


@pytest.mark.parametrize("value", ["60/min", 60, 1.5, {"requests": 60}])
def test_connect_takes_only_true_false_or_a_rate_limit(value: Any) -> None:
    with pytest.raises(ConfigurationError, match="rate_limit"):
        sendfrom.connect("mailersend", api_key=KEY, rate_limit=value)


@pytest.mark.parametrize(
    ("requests", "per"),
    [
        *[(0, 1.0), (-1, 1.0), (1.5, 1.0), (True, 1.0), ("5", 1.0)],
        *[(5, 0), (5, -1.0), (5, True), (5, float("nan")), (5, float("inf")), (5, "1")],
    ],
)
def test_rate_limit_values_are_checked(requests: Any, per: Any) -> None:
    with pytest.raises(ConfigurationError, match="rate_limit"):
        RateLimit(requests, per=per)


def test_rate_limit_reads_well() -> None:
    limit = RateLimit(60, per=60)
    assert limit.per == 60.0
    assert str(limit) == "60 requests per 60 s"
    assert repr(limit) == "RateLimit(requests=60, per=60.0)"
    assert sendfrom.RateLimit is RateLimit
    assert "RateLimit" in sendfrom.__all__


# ---- adaptive: the provider says the budget is spent


def test_a_429_counts_the_window_full_from_then() -> None:
    clock = FakeClock()
    server = Recorder(now=clock.now, statuses=[200, 429])
    client = sync_client(server, rate_limit=clock.limit(10, per=60.0), max_retries=0)
    client.identities.get("a")  # t=0
    clock.time = 5.0
    with pytest.raises(sendfrom.RateLimitError):
        client.identities.get("b")  # t=5: a 429 although our limiter had 8 slots left
    client.identities.get("c")
    # the window counts as full from t=5: the next request waits for t=0's to leave it
    assert server.times == [0.0, 5.0, 60.0]


def test_a_429_asking_for_longer_than_the_window_holds_the_next_request_that_long() -> None:
    """Retry-After past the window: no request of this limiter before it ends (the fleet's
    other domains wait too, not only the one that got the 429)."""
    clock = FakeClock()
    answers = iter([httpx.Response(429, headers={"Retry-After": "30"}, json={"message": "slow"})])

    def server(_request: httpx.Request) -> httpx.Response:
        times.append(clock.now())
        return next(answers, None) or httpx.Response(200, json=IDENTITY)

    times: list[float] = []
    client = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        rate_limit=clock.limit(10, per=2.0),
        max_retries=0,
    )
    with pytest.raises(sendfrom.RateLimitError):
        client.identities.get("a")  # t=0: a 429, come back in 30 s
    client.identities.get("b")
    client.identities.get("c")
    assert times[0] == 0.0
    assert times[1] >= 30.0, "held for the 429's Retry-After, not the 2 s window"
    assert times[2] == times[1], "after the hold, the window is the limiter's again"


def test_remaining_zero_slows_down_before_any_429() -> None:
    clock = FakeClock()
    sim = MailerSendSimulator(rate_limit=RateLimit(3, per=60.0))
    client = sim.connect(rate_limit=clock.limit(10, per=60.0), max_retries=0)
    for _ in range(3):
        list(client.identities.list())  # the third answer says X-RateLimit-Remaining: 0
    assert clock.waits == []
    clock.frozen = True
    limiter: Any = client._runner.limiter
    assert limiter.reserve() == 60.0  # the fourth would wait for the first to leave the window


@pytest.mark.parametrize(
    ("status", "headers", "spent"),
    [
        (429, {}, True),
        (200, {"X-RateLimit-Remaining": "0"}, True),
        (200, {"X-RateLimit-Remaining": "1"}, False),
        (200, {"ratelimit-remaining": "0", "ratelimit-reset": "1"}, True),  # Resend's
        (200, {"RateLimit-Remaining": "2", "RateLimit-Limit": "2"}, False),
        (200, {}, False),
        (503, {}, False),
    ],
)
def test_what_says_the_budget_is_spent(status: int, headers: dict[str, str], spent: bool) -> None:
    assert budget_spent(httpx.Response(status, headers=headers)) is spent


def test_spent_never_reorders_slots_already_reserved() -> None:
    clock = FakeClock(frozen=True)
    limiter = RateLimiter(clock.limit(2, per=1.0))
    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, 1.0]
    limiter.spent()  # a slot is already queued beyond now: the window is full as it stands
    assert limiter.reserve() == 1.0


# ---- the simulator's own limit


def test_the_simulator_enforces_a_moving_window() -> None:
    moments = iter([0.0, 0.5, 0.9, 1.0, 1.4, 1.6])
    throttle = Throttle(RateLimit(2, per=1.0), clock=lambda: next(moments))
    assert [throttle.admit() for _ in range(6)] == [1, 0, None, 0, None, 0]
    assert (throttle.admitted, throttle.rejected) == (4, 2)


def test_other_simulators_send_a_plain_429_with_retry_after() -> None:
    sim = simulator("invent", rate_limit=RateLimit(1, per=30.0))
    client = sim.connect(max_retries=0)
    list(client.identities.list())
    with pytest.raises(sendfrom.RateLimitError) as info:
        list(client.identities.list())
    assert info.value.retry_after == 30.0


def test_sendgrids_429_says_when_to_retry_only_in_x_ratelimit_reset() -> None:
    """SendGrid sends no Retry-After: its 429's X-RateLimit-Reset (a Unix time) is the wait."""
    sim = simulator("sendgrid", rate_limit=RateLimit(1, per=30.0))
    client = sim.connect(max_retries=0)
    list(client.domains.list())
    with pytest.raises(sendfrom.RateLimitError) as info:
        list(client.domains.list())
    assert sim.throttle is not None
    assert "retry-after" not in sim.throttled(sim.throttle).headers
    assert info.value.retry_after is not None
    assert 28.0 <= info.value.retry_after <= 31.0
