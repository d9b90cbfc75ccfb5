"""An emulated operation reports what the caller called and the request that really failed.

Vortex's ``domains.get`` and ``domains.dns_records`` are served by listing; Invent's
``identities.get`` too; Space Invoices' identities and domains by reading the one address. Their
failures name the operation the caller called, with the real request's method and URL (never a
made-up one), and a real failure keeps its real status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from sendfrom.errors import NotFoundError, ServerError
from sendfrom.testing import simulator

EMULATED: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("vortex", "domains.get", lambda c: c.domains.get("missing")),
    ("vortex", "domains.dns_records", lambda c: c.domains.dns_records("missing")),
    ("invent", "identities.get", lambda c: c.identities.get("missing")),
    ("spaceinvoices", "identities.get", lambda c: c.identities.get("missing")),
    ("spaceinvoices", "domains.get", lambda c: c.domains.get("missing.example")),
    ("spaceinvoices", "domains.dns_records", lambda c: c.domains.dns_records("missing.example")),
]
IDS = [f"{p}-{op}" for p, op, _ in EMULATED]


@pytest.mark.parametrize(("provider", "operation", "call"), EMULATED, ids=IDS)
def test_a_failing_request_of_an_emulation_is_reported_as_the_operation_called(
    provider: str, operation: str, call: Callable[[Any], Any]
) -> None:
    sim = simulator(provider)
    client = sim.connect(max_retries=0)
    sim.fail_next(500, body={"message": "boom"})
    with pytest.raises(ServerError) as info:
        call(client)
    error = info.value
    assert error.operation == operation
    assert error.status_code == 500  # the real one
    (request,) = sim.requests
    assert error.request_method == request.method
    assert error.request_url == str(request.url)
    assert str(error).startswith(f"{provider} {operation} ({request.method} {request.url}): ")


@pytest.mark.parametrize(("provider", "operation", "call"), EMULATED, ids=IDS)
def test_nothing_found_by_an_emulation_names_the_last_real_request(
    provider: str, operation: str, call: Callable[[Any], Any]
) -> None:
    sim = simulator(provider)
    client = sim.connect()
    with pytest.raises(NotFoundError) as info:
        call(client)
    error = info.value
    assert error.operation == operation
    assert sim.requests, "the emulation read something"
    last = sim.requests[-1]
    assert (error.request_method, error.request_url) == (last.method, str(last.url))
    assert "not found" in error.message
    assert ":" not in error.request_url.partition("://")[2].partition("/")[2]  # no "vortex:..."


ASYNC_EMULATED: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("vortex", "domains.get", lambda c: c.domains.get("missing")),
    ("invent", "identities.get", lambda c: c.identities.get("missing")),
    ("spaceinvoices", "identities.get", lambda c: c.identities.get("missing")),
    ("spaceinvoices", "domains.dns_records", lambda c: c.domains.dns_records("missing.example")),
]


@pytest.mark.parametrize(
    ("provider", "operation", "call"),
    ASYNC_EMULATED,
    ids=[f"{p}-{o}" for p, o, _ in ASYNC_EMULATED],
)
async def test_nothing_found_async_names_the_last_real_request_too(
    provider: str, operation: str, call: Callable[[Any], Any]
) -> None:
    """The async runner keeps the last request (or the error of it, when the plan caught a 404)
    as the sync one does."""
    sim = simulator(provider)
    with pytest.raises(NotFoundError) as info:
        await call(sim.connect_async())
    last = sim.requests[-1]
    assert info.value.operation == operation
    assert (info.value.request_method, info.value.request_url) == (last.method, str(last.url))


async def test_the_async_client_reports_the_same() -> None:
    sim = simulator("vortex")
    client = sim.connect_async(max_retries=0)
    sim.fail_next(503)
    with pytest.raises(ServerError) as info:
        await client.domains.dns_records("missing")
    assert info.value.operation == "domains.dns_records"
    assert info.value.request_url == str(sim.requests[-1].url)


def test_a_native_operation_keeps_its_own_name() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(NotFoundError) as info:
        client.domains.get("missing")
    assert info.value.operation == "domains.get"
    assert info.value.request_url.endswith("/domains/missing")
