"""Simulators: each provider's wire API, stateful and in memory, for demos and tests.

    import sendfrom
    from sendfrom.testing import simulator

    sim = simulator("mailersend")
    client = sim.connect()                       # in-process (an httpx.MockTransport)
    domain = client.domains.create("example.com")
    sim.mark_domain(domain.id, "verified")       # as if its DNS records were found
    sim.fail_next(429, headers={"Retry-After": "1"})

``sendfrom.connect(p, simulate=True)`` (or ``SENDFROM_SIMULATE=1``) connects to a fresh simulator;
``simulator_of(client)`` returns it. ``serve(p)`` runs one over loopback HTTP, and the pytest plugin
(``sendfrom.testing.pytest_plugin``) offers fixtures.
"""

from __future__ import annotations

from typing import Any

from sendfrom.errors import ConfigurationError
from sendfrom.providers import PROVIDERS, simulator_class
from sendfrom.providers.simulators import simulator  # typed per provider (overloads)
from sendfrom.testing._core import Fault, SimRequest, Simulator, UnknownObjectError, route
from sendfrom.testing._server import SimulatorServer, serve

__all__ = [
    "SIMULATORS",
    "Fault",
    "SimRequest",
    "Simulator",
    "SimulatorServer",
    "UnknownObjectError",
    "route",
    "serve",
    "simulator",
    "simulator_class",
    "simulator_of",
]


SIMULATORS: tuple[str, ...] = PROVIDERS
"""Every provider with a simulator (all of them): parametrize a test over it to run on each."""


def simulator_of(client: Any) -> Simulator:
    """The simulator behind a client made with ``simulate=True`` or ``Simulator.connect``."""
    found = getattr(client, "_simulator", None)
    if not isinstance(found, Simulator):
        raise ConfigurationError(f"{client!r} is not connected to a simulator")
    return found
