"""Vortex's simulator and client, where they differ from the shared scenarios."""

from __future__ import annotations

import httpx

import sendfrom
from sendfrom.testing import simulator
from simcheck import ignoring_the_page


def test_a_server_that_ignores_the_page_does_not_loop_forever() -> None:
    """Found by the cassette work: only an empty page ended a Vortex list."""
    sim = simulator("vortex")
    sim.page_size = 100  # type: ignore[attr-defined]
    for n in range(3):
        sim.connect(account_id="a").domains.create(f"d{n}.example")
    client = sendfrom.connect(
        "vortex",
        api_key="k",
        account_id="a",
        http_client=httpx.Client(transport=httpx.MockTransport(ignoring_the_page(sim))),
    )
    listed = list(client.domains.list())
    assert len(listed) == 3
    assert len(sim.requests) - 3 == 2
