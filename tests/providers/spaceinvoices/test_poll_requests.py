"""A Space Invoices wait reads the account's address at its first poll only: later polls ask
``/status`` alone (the address's id, email and tokens are what ``/status`` cannot change), so a
pending domain costs one request a poll, not two (issue #30 item 9; specs/README.md)."""

from __future__ import annotations

import pytest

from fakes import instant_policy, wait_verified_at
from sendfrom import NotFoundError
from sendfrom.models import EmailDomain, VerificationStatus
from sendfrom.testing import simulator


def test_later_polls_ask_the_status_only_and_report_it() -> None:
    sim = simulator("spaceinvoices")
    client = sim.connect(retry_policy=instant_policy())
    client.identities.create("billing@example.com")
    got, seen, sent = wait_verified_at(sim, client, "example.com")
    paths = [request.url.path for request in sent]
    assert paths == ["/v1/email-address", *["/v1/email-address/status"] * 4]
    assert got.status is VerificationStatus.VERIFIED
    records = [(r.name, r.value, r.status) for r in got.dns_records or []]
    tokens = [(r.name, r.value, "verified") for r in seen[0].dns_records or []]
    assert records == tokens  # the tokens read at the first poll, with the fresh status
    assert [d.status for d in seen] == ["pending"] * 3 + ["verified"]


async def test_an_address_removed_during_the_wait_is_not_found() -> None:
    sim = simulator("spaceinvoices")
    client = sim.connect_async(retry_policy=instant_policy())
    await client.identities.create("billing@example.com")
    polls: list[EmailDomain] = []

    def on_poll(polled: EmailDomain) -> None:
        polls.append(polled)
        sim.addresses.clear()  # deleted elsewhere: /status answers 404

    with pytest.raises(NotFoundError):
        await client.domains.wait_until_verified("example.com", interval=1.0, on_poll=on_poll)
    assert len(polls) == 1
