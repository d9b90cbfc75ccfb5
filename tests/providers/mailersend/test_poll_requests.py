"""A MailerSend wait polls ``/verify`` and fetches the domain only when the checks it answers
moved, or DKIM and SPF both pass (``is_verified`` may then have flipped): a pending domain's
later polls cost one request, not two (issue #30 item 9; inferred rule in specs/README.md)."""

from __future__ import annotations

from typing import Any

from fakes import instant_policy, wait_verified_at
from sendfrom.models import EmailDomain, VerificationStatus
from sendfrom.providers.mailersend.mappers import unchanged_since
from sendfrom.testing import simulator


def _paths(requests: list[Any]) -> list[str]:
    return [request.url.path.rsplit("/", 1)[-1] for request in requests]


def test_a_pending_domain_costs_one_request_a_poll_until_its_checks_move() -> None:
    sim = simulator("mailersend")
    client = sim.connect(retry_policy=instant_policy())
    domain = client.domains.create("example.com")
    # at the third poll its DKIM and SPF are found: the checks move
    got, seen, sent = wait_verified_at(sim, client, domain.id)
    assert got.status is VerificationStatus.VERIFIED
    assert _paths(sent) == [
        "verify", domain.id,  # the first poll: the checks, then the domain
        "verify",  # unchanged and still pending: the last state, with the same checks
        "verify",
        "verify", domain.id,  # the checks moved: the domain again, now verified
    ]  # fmt: skip
    assert seen[1] == seen[0]  # reused as it was, raw included
    assert got.checks["dkim"] is VerificationStatus.VERIFIED


async def test_the_async_wait_reuses_the_last_state_alike() -> None:
    sim = simulator("mailersend")
    client = sim.connect_async(retry_policy=instant_policy())
    domain = await client.domains.create("example.com")
    polls: list[int] = []
    start = len(sim.requests)

    def on_poll(_polled: EmailDomain) -> None:
        polls.append(len(sim.requests) - start)
        if len(polls) == 3:
            sim.mark_domain(domain.id, "verified")

    got = await client.domains.wait_until_verified(domain.id, interval=1.0, on_poll=on_poll)
    assert got.status is VerificationStatus.VERIFIED
    assert polls == [2, 3, 4, 6]


def _domain(status: VerificationStatus, **checks: VerificationStatus) -> EmailDomain:
    return EmailDomain(
        provider="mailersend", id="d1", name="example.com", status=status, checks=checks
    )


def test_the_domain_is_fetched_once_dkim_and_spf_pass_even_with_no_change() -> None:
    # The same checks as before, but the two a domain needs pass: is_verified may have flipped
    # on MailerSend's side, so the last state is not reused.
    passing = _domain(VerificationStatus.PENDING, dkim=VerificationStatus.VERIFIED,
                      spf=VerificationStatus.VERIFIED)  # fmt: skip
    assert not unchanged_since(passing, passing)
    waiting = _domain(VerificationStatus.PENDING, dkim=VerificationStatus.VERIFIED,
                      spf=VerificationStatus.PENDING)  # fmt: skip
    assert unchanged_since(waiting, waiting)
    checks = {**waiting.checks, "mx": VerificationStatus.VERIFIED}
    moved = waiting.model_copy(update={"checks": checks})
    assert not unchanged_since(waiting, moved)
    verified = waiting.model_copy(update={"status": VerificationStatus.VERIFIED})
    assert not unchanged_since(verified, verified)  # only a pending domain is kept
