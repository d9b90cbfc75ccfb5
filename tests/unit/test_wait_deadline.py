"""A wait ends by its deadline, whatever ``Retry-After`` a provider answers (issue: "waits that
keep their deadline"): the retry sleep inside a poll is bounded by the time left, a 429's
Retry-After between polls by 60 s like every other, sync and async, domains and identities."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from sendfrom import RateLimitError, ServerError, WaitTimeoutError
from sendfrom.testing import simulator
from test_wait import Clock


def _failing(
    status: int, retry_after: str, *, times: int, **connect: Any
) -> tuple[Clock, Any, Any, str]:
    """A simulated MailerSend domain on a fake clock, its next ``times`` requests failing."""
    clock = Clock()
    sim = simulator("mailersend")
    client = sim.connect(retry_policy=clock.policy(), **connect)
    domain_id = client.domains.create("example.com").id
    sim.fail_next(status, headers={"Retry-After": retry_after}, times=times)
    return clock, sim, client, domain_id


def _domain_wait(status: int, retry_after: str, *, times: int, timeout: float) -> Clock:
    clock, _, client, domain_id = _failing(status, retry_after, times=times)
    start = clock.t
    with pytest.raises(WaitTimeoutError) as caught:
        client.domains.wait_until_verified(domain_id, timeout=timeout, interval=1)
    assert clock.t - start <= timeout
    assert isinstance(caught.value.__cause__, (RateLimitError, ServerError))
    return clock


@pytest.mark.parametrize("status", [429, 503])
def test_a_retry_after_longer_than_the_time_left_ends_the_wait_at_its_deadline(
    status: int,
) -> None:
    clock = _domain_wait(status, "60", times=10, timeout=5)
    assert all(s <= 5 for s in clock.slept)


def test_the_message_says_why_the_wait_ended_early() -> None:
    _, _, client, domain_id = _failing(429, "30", times=10)
    with pytest.raises(WaitTimeoutError, match="retry in 30 s, past the deadline"):
        client.domains.wait_until_verified(domain_id, timeout=5, interval=1)


def test_retries_that_fit_in_the_time_left_still_happen() -> None:
    clock, sim, client, domain_id = _failing(503, "1", times=1)
    sim.mark_domain(domain_id, "verified")
    result = client.domains.wait_until_verified(domain_id, timeout=600, interval=1)
    assert result.id == domain_id
    assert 1.0 in clock.slept


def test_a_429_retry_after_of_an_hour_between_polls_is_capped_at_60_s() -> None:
    """The runner's own retries cannot get past it (max_retries=0): the wait honours the
    Retry-After between polls, capped at 60 s, and keeps polling until its deadline."""
    clock, _, client, domain_id = _failing(429, "3600", times=1, max_retries=0)
    with pytest.raises(WaitTimeoutError):
        client.domains.wait_until_verified(domain_id, timeout=600, interval=10)
    assert max(clock.slept) <= 60
    assert clock.slept[0] == 60


def test_identities_and_the_async_client_keep_the_deadline_too() -> None:
    clock = Clock()
    sim = simulator("mailersend")

    async def main() -> Any:
        client = sim.connect_async(retry_policy=clock.policy())
        domain = await client.domains.create("example.com")
        identity = await client.identities.create(
            "info@example.com", name="Info", domain_id=domain.id
        )
        sim.fail_next(429, headers={"Retry-After": "60"}, times=10)
        start = clock.t
        with pytest.raises(WaitTimeoutError):
            await client.identities.wait_until_verified(identity.id, timeout=5, interval=1)
        assert clock.t - start <= 5
        await client.aclose()

    asyncio.run(main())
