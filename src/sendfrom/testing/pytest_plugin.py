"""pytest fixtures for testing your own code against the simulators (installed as a plugin).

    def test_onboarding(sendfrom_client, sendfrom_simulator):
        domain = sendfrom_client.domains.create("example.com")
        sendfrom_simulator.mark_domain(domain.id, "verified")
        assert sendfrom_client.domains.verify(domain.id).status == "verified"

``sendfrom_provider`` picks the provider (default ``"mailersend"``): override the fixture, or run a
test on every provider with ``@pytest.mark.parametrize("sendfrom_provider", sendfrom.PROVIDERS)``.
``sendfrom_dns_server`` is a loopback DNS server for ``check_dns`` (needs ``sendfrom[dns]``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from sendfrom.client import Client
from sendfrom.providers import EXAMPLE
from sendfrom.testing import Simulator, SimulatorServer, simulator

if TYPE_CHECKING:
    from sendfrom.testing.dns_server import DnsServer


@pytest.fixture
def sendfrom_provider() -> str:
    """The provider the other fixtures simulate; override or parametrize it."""
    return EXAMPLE


@pytest.fixture
def sendfrom_simulator(sendfrom_provider: str) -> Simulator:
    """A fresh, empty simulator of ``sendfrom_provider``: its state and its test hooks."""
    return simulator(sendfrom_provider)


@pytest.fixture
def sendfrom_client(sendfrom_simulator: Simulator) -> Iterator[Client]:
    """A ``sendfrom.Client`` connected in-process to ``sendfrom_simulator``.

    For asyncio, use ``sendfrom_simulator.connect_async()`` in your test."""
    with sendfrom_simulator.connect() as client:
        yield client


@pytest.fixture
def sendfrom_server(sendfrom_simulator: Simulator) -> Iterator[SimulatorServer]:
    """``sendfrom_simulator`` served over loopback HTTP (``.base_url``, ``.connect()``)."""
    with SimulatorServer(sendfrom_simulator) as server:
        yield server


@pytest.fixture
def sendfrom_dns_server() -> Iterator[DnsServer]:
    """A real authoritative DNS server on 127.0.0.1 (UDP and TCP), empty until the test serves
    zones on it (``serve_records``, ``serve_bind``, ``serve_octodns``); ask it with
    ``check_dns(..., nameservers=[sendfrom_dns_server.address])``. Needs ``sendfrom[dns]``."""
    from sendfrom.testing.dns_server import DnsServer  # dnspython: only when a test asks

    with DnsServer() as server:
        yield server
