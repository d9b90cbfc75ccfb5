"""``wait_until_verified``: polls until verified, fails on FAILED, times out with the last state,
sleeps growing (capped) intervals on the policy's clock, and never sleeps past the deadline."""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from provider_facts import facts, make_domain, make_identity
from sendfrom import (
    InvalidRequestError,
    NotFoundError,
    RetryPolicy,
    UnsupportedOperationError,
    VerificationFailedError,
    WaitError,
    WaitTimeoutError,
)
from sendfrom._wait import interval_cap
from sendfrom.capabilities import polling
from sendfrom.models import EmailDomain, VerificationStatus
from sendfrom.providers import PROVIDERS
from sendfrom.testing import Simulator, simulator


class Clock:
    """A fake clock: sleeping advances it, and every sleep is recorded."""

    def __init__(self) -> None:
        self.t = 1_000_000.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self) -> RetryPolicy:
        return RetryPolicy(sleep=self.sleep, asleep=self.asleep, now=self.now)


def _identity(_provider: str, sim: Simulator, client: Any) -> str:
    return make_identity(sim, client, "info@example.com")  # the way the provider allows


def _domain(_provider: str, _sim: Simulator, client: Any) -> str:
    return make_domain(client)  # the way the provider makes domains


KINDS: list[tuple[str, str]] = [
    (p, kind)
    for p in PROVIDERS
    for kind in ("identities", "domains")
    if kind in polling(p)  # what its declarations let it wait on
]
IDS = [f"{p}-{k}" for p, k in KINDS]
FAILS = [(p, k) for p, k in KINDS if not facts(p).verification_is_a_flag]  # the others report
# no failure, only "not verified" (a boolean): their waits end verified or timed out


def _setup(provider: str, kind: str) -> tuple[Simulator, Any, Clock, str, Callable[[str], None]]:
    sim = simulator(provider)
    clock = Clock()
    client = sim.connect(retry_policy=clock.policy())
    make = _identity if kind == "identities" else _domain
    object_id = make(provider, sim, client)
    mark = sim.mark_identity if kind == "identities" else sim.mark_domain
    return sim, client, clock, object_id, lambda status: mark(object_id, status)


@pytest.mark.parametrize(("provider", "kind"), KINDS, ids=IDS)
def test_returns_the_object_once_verified_and_on_poll_sees_every_state(
    provider: str, kind: str
) -> None:
    _, client, clock, object_id, mark = _setup(provider, kind)
    seen: list[VerificationStatus] = []

    def on_poll(obj: Any) -> None:
        seen.append(obj.status)
        if len(seen) == 3:
            mark("verified")

    resource = getattr(client, kind)
    got = resource.wait_until_verified(object_id, interval=1.0, on_poll=on_poll)
    assert got.id == object_id
    assert got.status == VerificationStatus.VERIFIED
    assert seen == [VerificationStatus.PENDING] * 3 + [VerificationStatus.VERIFIED]
    assert clock.slept == [1.0, 1.5, 2.25]


@pytest.mark.parametrize(("provider", "kind"), FAILS, ids=[f"{p}-{k}" for p, k in FAILS])
def test_failed_raises_with_the_last_state(provider: str, kind: str) -> None:
    _, client, clock, object_id, mark = _setup(provider, kind)
    mark("failed")
    with pytest.raises(VerificationFailedError) as info:
        getattr(client, kind).wait_until_verified(object_id)
    assert info.value.last is not None
    assert info.value.last.id == object_id
    assert info.value.last.status == VerificationStatus.FAILED
    assert isinstance(info.value, WaitError)
    assert clock.slept == []


@pytest.mark.parametrize(("provider", "kind"), KINDS, ids=IDS)
def test_times_out_with_the_last_state_never_sleeping_past_the_deadline(
    provider: str, kind: str
) -> None:
    _, client, clock, object_id, _ = _setup(provider, kind)
    polls: list[Any] = []
    with pytest.raises(WaitTimeoutError) as info:
        getattr(client, kind).wait_until_verified(
            object_id, timeout=100.0, interval=10.0, on_poll=polls.append
        )
    assert info.value.last == polls[-1]
    assert info.value.last is not None
    assert info.value.last.status == VerificationStatus.PENDING
    assert sum(clock.slept) == pytest.approx(100.0)  # the last sleep is cut to the deadline
    assert clock.slept == pytest.approx([10.0, 15.0, 22.5, 33.75, 18.75])
    assert len(polls) == len(clock.slept) + 1  # one last poll at the deadline


def test_intervals_grow_and_are_capped() -> None:
    _, client, clock, object_id, _ = _setup("mailersend", "domains")
    with pytest.raises(WaitTimeoutError):
        client.domains.wait_until_verified(object_id, timeout=1000.0, interval=10.0)
    assert clock.slept[:7] == pytest.approx([10.0, 15.0, 22.5, 33.75, 50.625, 60.0, 60.0])
    assert max(clock.slept) == 60.0
    assert sum(clock.slept) == pytest.approx(1000.0)


def test_the_cap() -> None:
    assert interval_cap(10.0) == 60.0
    assert interval_cap(1.0) == 6.0
    assert interval_cap(0.01) == pytest.approx(0.06)
    assert interval_cap(120.0) == 120.0  # never below the interval asked for


@pytest.mark.parametrize(("provider", "kind"), KINDS, ids=IDS)
async def test_async_awaits_the_policy_sleep(provider: str, kind: str) -> None:
    sim, _, clock, object_id, mark = _setup(provider, kind)
    client = sim.connect_async(retry_policy=clock.policy())
    seen: list[VerificationStatus] = []

    def on_poll(obj: Any) -> None:
        seen.append(obj.status)
        if len(seen) == 2:
            mark("verified")

    got = await getattr(client, kind).wait_until_verified(object_id, interval=2.0, on_poll=on_poll)
    assert got.status == VerificationStatus.VERIFIED
    assert clock.slept == [2.0, 3.0]


async def test_async_failed_and_timeout() -> None:
    sim, _, clock, object_id, mark = _setup("spaceinvoices", "identities")
    client = sim.connect_async(retry_policy=clock.policy())
    with pytest.raises(WaitTimeoutError) as timed_out:
        await client.identities.wait_until_verified(object_id, timeout=5.0, interval=2.0)
    assert timed_out.value.last is not None
    assert sum(clock.slept) == pytest.approx(5.0)
    mark("failed")
    with pytest.raises(VerificationFailedError):
        await client.identities.wait_until_verified(object_id)


def test_mailersend_domains_poll_with_verify_identities_with_get() -> None:
    sim, client, _, domain_id, mark = _setup("mailersend", "domains")
    mark("verified")
    before = len(sim.requests)
    client.domains.wait_until_verified(domain_id)
    assert sim.requests[before].url.path.endswith("/verify")  # asks for a re-check
    sim, client, _, identity_id, mark = _setup("mailersend", "identities")
    mark("verified")
    before = len(sim.requests)
    client.identities.wait_until_verified(identity_id)
    (request,) = sim.requests[before:]
    assert request.method == "GET"
    assert request.url.path.endswith(f"/identities/{identity_id}")


async def test_invent_domains_cannot_be_waited_on() -> None:
    sim = simulator("invent")
    with pytest.raises(UnsupportedOperationError) as info:
        sim.connect().domains.wait_until_verified("d-1")
    assert info.value.operation == "domains.wait_until_verified"
    assert info.value.provider == "invent"
    assert info.value.reason == "no operation of invent shows the fresh state of its domains"
    with pytest.raises(UnsupportedOperationError):
        await sim.connect_async().domains.wait_until_verified("d-1")
    assert sim.requests == []


def test_vortex_identities_cannot_be_waited_on() -> None:
    sim = simulator("vortex")
    with pytest.raises(UnsupportedOperationError):
        sim.connect().identities.wait_until_verified("i-1")
    assert sim.requests == []


@pytest.mark.parametrize(
    "arguments",
    [
        {"timeout": 0},
        {"timeout": -1.0},
        {"timeout": "600"},
        {"timeout": True},
        {"timeout": float("nan")},
        {"interval": 0.0},
        {"interval": None},
        {"interval": float("inf")},
        {"on_poll": "print"},
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(arguments: dict[str, Any]) -> None:
    sim = simulator("mailersend")
    with pytest.raises(InvalidRequestError) as info:
        sim.connect().domains.wait_until_verified("d-1", **arguments)
    assert set(info.value.fields) == set(arguments)
    assert sim.requests == []


def test_a_bad_id_is_refused_before_anything_is_sent() -> None:
    sim = simulator("mailersend")
    with pytest.raises(InvalidRequestError):
        sim.connect().identities.wait_until_verified("")
    assert sim.requests == []


def test_a_rate_limit_past_the_retries_waits_and_goes_on() -> None:
    sim = simulator("mailersend")
    clock = Clock()
    client = sim.connect(retry_policy=clock.policy(), max_retries=0)
    domain_id = client.domains.create("example.com").id
    sim.fail_next(429, headers={"Retry-After": "7"})
    seen: list[Any] = []

    def on_poll(obj: Any) -> None:
        seen.append(obj)
        sim.mark_domain(domain_id, "verified")

    got = client.domains.wait_until_verified(domain_id, interval=1.0, on_poll=on_poll)
    assert got.status == VerificationStatus.VERIFIED
    assert clock.slept[0] == 7.0  # the provider's Retry-After, then polling goes on
    assert len(seen) == 2


def test_the_errors_pickle_with_their_last_state() -> None:
    last = EmailDomain(
        provider="vortex", id="d-1", name="example.com", status=VerificationStatus.PENDING
    )
    for cls in (WaitError, VerificationFailedError, WaitTimeoutError):
        error = cls("it went wrong", last=last)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is cls
        assert str(copy) == "it went wrong"
        assert copy.last == last
        assert isinstance(copy, sendfrom.SendfromError)


def test_a_poll_that_fails_names_the_operation_called() -> None:
    sim = simulator("mailersend")
    with pytest.raises(NotFoundError) as info:
        sim.connect().domains.wait_until_verified("missing")
    assert info.value.operation == "domains.wait_until_verified"


async def test_the_async_wait_never_blocks_the_loop() -> None:
    sim = simulator("vortex")  # the default policy: the real clock and asyncio's sleep
    client = sim.connect_async()
    domain = await client.domains.create("example.com")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(WaitTimeoutError):
            await client.domains.wait_until_verified(domain.id, timeout=0.1, interval=0.02)
    finally:
        ticker.cancel()
    assert ticks >= 5  # the loop ran other tasks while the wait slept
