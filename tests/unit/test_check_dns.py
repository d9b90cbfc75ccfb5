"""``client.domains.check_dns``: the domain's records from the provider (a simulator), looked up
on a real loopback DNS server; on every provider, sync and async."""

from __future__ import annotations

from typing import Any

import pytest

import sendfrom
import sendfrom.dns
from dnsserver import DnsServer
from provider_facts import make_domain, supports
from sendfrom.providers import PROVIDERS
from sendfrom.testing import Simulator, simulator


def _domain(_provider: str, client: Any) -> str:
    return make_domain(client)  # the way the provider makes domains


CHECKABLE = [p for p in PROVIDERS if supports(p, "domains.dns_records")]  # the others show a
# domain's records only in the answer to its create (no get, no dns-records endpoint)


@pytest.fixture(params=CHECKABLE)
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _setup(provider: str) -> tuple[Simulator, str, list[sendfrom.DnsRecord]]:
    sim = simulator(provider)
    client = sim.connect()
    domain_id = _domain(provider, client)
    return sim, domain_id, client.domains.dns_records(domain_id)


def test_published_records_are_ok_then_a_removed_one_is_missing(
    provider: str, dns_server: DnsServer
) -> None:
    sim, domain_id, records = _setup(provider)
    assert records, "every simulator gives records to publish"
    dns_server.serve_records(records, "example.com")
    client = sim.connect()

    checks = client.domains.check_dns(domain_id, nameservers=[dns_server.address])

    assert [c.record for c in checks] == records
    assert [c.state for c in checks] == ["ok"] * len(records)

    dns_server.serve_records(records[1:], "example.com")
    first = client.domains.check_dns(domain_id, nameservers=[dns_server.address], timeout=2)[0]
    assert (first.record, first.state) == (records[0], "missing")


async def test_async_check_dns(provider: str, dns_server: DnsServer) -> None:
    sim, domain_id, records = _setup(provider)
    dns_server.serve_records(records[:-1], "example.com")
    client = sim.connect_async()

    checks = await client.domains.check_dns(domain_id, nameservers=[dns_server.address])

    assert [c.state for c in checks] == ["ok"] * (len(records) - 1) + ["missing"]
    await client.aclose()


async def test_a_silent_nameserver_hands_check_dns_to_the_next(
    provider: str, dns_server: DnsServer, silent_nameserver: str
) -> None:
    sim, domain_id, records = _setup(provider)
    dns_server.serve_records(records, "example.com")
    servers = [silent_nameserver, dns_server.address]

    checks = sim.connect().domains.check_dns(domain_id, nameservers=servers, timeout=0.5)
    assert [(c.state, c.detail) for c in checks] == [("ok", "")] * len(records)

    client = sim.connect_async()
    checks = await client.domains.check_dns(domain_id, nameservers=servers, timeout=0.5)
    assert [(c.state, c.detail) for c in checks] == [("ok", "")] * len(records)
    await client.aclose()


def test_a_vortex_token_published_in_quote_marks_is_a_mismatch(dns_server: DnsServer) -> None:
    sim, domain_id, records = _setup("vortex")
    (token,) = [r for r in records if r.value.startswith("vortex-verification=")]
    quoted = token.model_copy(update={"value": f'"{token.value}"'})
    dns_server.serve_records([quoted if r is token else r for r in records], "example.com")

    checks = sim.connect().domains.check_dns(domain_id, nameservers=[dns_server.address])

    (check,) = [c for c in checks if c.record == token]
    assert (check.state, check.found) == ("mismatch", [f'"{token.value}"'])
    assert "stray quote marks" in check.detail
    assert [c.state for c in checks if c.record != token] == ["ok"] * (len(records) - 1)


@pytest.mark.parametrize("arguments", [{"nameservers": 53}, {"timeout": 0}])
async def test_bad_arguments_are_refused_before_anything_is_sent(
    arguments: dict[str, Any], dns_server: DnsServer
) -> None:
    sim = simulator("mailersend")
    with pytest.raises(sendfrom.InvalidRequestError) as info:
        sim.connect().domains.check_dns("d-1", **arguments)
    assert set(info.value.fields) == set(arguments)
    with pytest.raises(sendfrom.InvalidRequestError):
        await sim.connect_async().domains.check_dns("d-1", **arguments)
    assert sim.requests == []
    assert dns_server.queries == []


def test_an_unknown_domain_names_the_operation_called(dns_server: DnsServer) -> None:
    sim = simulator("mailersend")
    with pytest.raises(sendfrom.NotFoundError) as info:
        sim.connect().domains.check_dns("missing", nameservers=[dns_server.address])
    assert info.value.operation == "domains.check_dns"
    assert dns_server.queries == []


def test_without_dnspython_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delitem(sys.modules, "sendfrom.dns._lookup", raising=False)
    monkeypatch.delattr(sendfrom.dns, "_lookup", raising=False)
    monkeypatch.setitem(sys.modules, "dns", None)
    sim = simulator("mailersend")
    with pytest.raises(sendfrom.ConfigurationError, match=r'pip install "sendfrom\[dns\]"'):
        sim.connect().domains.check_dns("d-1")
    assert sim.requests == []


async def test_invent_checks_the_records_create_returned(dns_server: DnsServer) -> None:
    sim = simulator("invent")
    client = sim.connect()
    domain = client.domains.create("example.com")
    sent = len(sim.requests)
    with pytest.raises(sendfrom.UnsupportedOperationError, match=r"domains\.dns_records"):
        client.domains.check_dns(domain.id, nameservers=[dns_server.address])
    with pytest.raises(sendfrom.UnsupportedOperationError, match=r"domains\.dns_records"):
        await sim.connect_async().domains.check_dns(domain.id)
    assert len(sim.requests) == sent

    dns_server.serve_records(domain.dns_records, "example.com")
    checks = sendfrom.dns.check(domain.dns_records, nameservers=[dns_server.address])
    assert domain.dns_records
    assert [c.state for c in checks] == ["ok"] * len(domain.dns_records)


def test_without_a_records_endpoint_the_domain_s_own_records_are_checked(
    dns_server: DnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A provider whose domains carry their records but that has no endpoint for them alone."""
    sim, domain_id, records = _setup("vortex")
    client = sim.connect()
    adapter = type(client.domains._adapter)
    kept = {k: v for k, v in adapter.capabilities.items() if k != "domains.dns_records"}
    monkeypatch.setattr(adapter, "capabilities", kept)
    dns_server.serve_records(records, "example.com")
    sent = len(sim.requests)

    checks = client.domains.check_dns(domain_id, nameservers=[dns_server.address])

    assert [(c.record, c.state) for c in checks] == [(r, "ok") for r in records]
    asked = [r.url.path for r in sim.requests[sent:]]
    assert len(asked) == 1  # one request: Vortex's get (emulated: its list), no records endpoint
    assert asked[0].endswith("/email-domains")


def test_a_bad_nameserver_is_an_error_per_record(dns_server: DnsServer) -> None:
    sim, domain_id, records = _setup("mailersend")
    checks = sim.connect().domains.check_dns(domain_id, nameservers=["1.2.3.4:0"])
    assert [c.state for c in checks] == ["error"] * len(records)
    assert checks[0].detail.startswith("bad nameserver address '1.2.3.4:0'")
    assert dns_server.queries == []
