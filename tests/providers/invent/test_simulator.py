"""Invent's simulator and client, where they differ from the shared scenarios."""

from __future__ import annotations

import httpx

import sendfrom
from sendfrom.testing import simulator
from simcheck import ignoring_the_page


def test_a_server_that_ignores_the_page_does_not_loop_forever() -> None:
    """A full page, and no pagination-count to say it is the last: the list still ends."""
    sim = simulator("invent")
    for n in range(100):
        sim.add_identity(f"u{n}@example.com")  # type: ignore[attr-defined]
    client = sendfrom.connect(
        "invent",
        api_key="k",
        http_client=httpx.Client(transport=httpx.MockTransport(ignoring_the_page(sim))),
    )
    listed = list(client.identities.list())
    assert len(listed) == 100
    assert len(sim.requests) == 2
