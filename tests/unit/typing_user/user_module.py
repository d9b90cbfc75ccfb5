"""A user's module, type-checked by tests/unit/test_typing.py with ``mypy --strict``."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

import sendfrom
from sendfrom.providers.invent.simulator import InventSimulator
from sendfrom.testing import Simulator, simulator


def onboard(name: str) -> str | None:
    provider: sendfrom.ProviderName = "mailersend"
    with sendfrom.connect(provider, simulate=True, timeout=httpx.Timeout(10.0)) as client:
        kind: sendfrom.ProviderName = client.provider
        domain = client.domains.ensure(name)
        found: sendfrom.EmailDomain | None = client.domains.find(name)
        try:
            client.domains.create(name)
        except sendfrom.ConflictError as error:
            fields: dict[str, list[str]] = error.fields
            assert fields is not None
        for page in client.domains.pages(page_size=50):
            first: list[sendfrom.EmailDomain] = page
            assert first is not None
        retry = sendfrom.RetryPolicy(max_retries=1)
        assert retry.max_retries == 1
        assert kind
        return found.id if found is not None else domain.id


def simulated_identities() -> list[sendfrom.SenderIdentity]:
    """``simulator("invent")`` is an ``InventSimulator``; its ``connect`` takes typed keywords."""
    sim: InventSimulator = simulator("invent")  # the overload names the concrete class
    added: dict[str, object] = sim.add_identity("ada@example.com", name="Ada")
    assert added
    client: sendfrom.Client = sim.connect(max_retries=0, timeout=httpx.Timeout(5.0))
    identities: Iterator[sendfrom.SenderIdentity] = client.identities.list()
    return list(identities)


def any_provider(name: str) -> sendfrom.AsyncClient:
    """Any other name: a ``Simulator``, whose ``connect_async`` returns an ``AsyncClient``."""
    sim: Simulator = simulator(name)  # a plain str falls back to the base class
    return sim.connect_async(strict=True, retry_policy=sendfrom.RetryPolicy(max_retries=1))
