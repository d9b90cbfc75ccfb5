"""Onboarding a customer's domain end to end, with real parts and no mocks: a simulated provider
creates the domain → octoDNS (its YamlProvider) publishes the records into a zone file in
tmp_path, beside records already there → a real DNS server on 127.0.0.1 serves that file →
``check_dns`` finds every record → the simulator says verified on a later poll →
``wait_until_verified`` returns. On every provider whose domains have records and can be waited
on, sync and async."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import sendfrom
import sendfrom.dns
from dnsserver import DnsServer
from provider_facts import amake_domain, make_domain
from sendfrom.capabilities import polling
from sendfrom.providers import PROVIDERS
from sendfrom.publish import apublish, publish
from sendfrom.testing import Simulator, simulator
from test_publish import EXISTING, write_config

ONBOARDABLE = [
    p
    for p in PROVIDERS
    if sendfrom.connect(p, simulate=True).supports("domains.dns_records")  # type: ignore[call-overload]
    and "domains" in polling(p)
]
POLLS_BEFORE_VERIFIED = 3
CUSTOMER_ZONE = EXISTING.replace("email:\n  type: CNAME\n  value: someone-else.example.\n", "")
"""The customer's zone before onboarding: mail elsewhere (MX), an SPF record, a web server."""


@pytest.fixture(params=ONBOARDABLE)
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def create_domain(client: Any, _provider: str) -> str:
    """The customer's domain, made the way the provider makes domains."""
    return make_domain(client, "example.com", local="hello")


def verified_on_a_later_poll(sim: Simulator, domain_id: str) -> list[int]:
    """The provider finds the records only on the Nth request after this: the simulator is
    marked verified then. Returns a list that counts the requests seen."""
    seen: list[int] = []

    def hook(_request: httpx.Request, _response: httpx.Response) -> None:
        seen.append(1)
        if len(seen) == POLLS_BEFORE_VERIFIED:
            sim.mark_domain(domain_id, "verified")

    sim.response_hooks.append(hook)
    return seen


def published_zone(tmp_path: Path) -> Path:
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(CUSTOMER_ZONE)
    return config


def test_onboarding_end_to_end(provider: str, tmp_path: Path, dns_server: DnsServer) -> None:
    sim = simulator(provider)
    client = sim.connect()
    domain_id = create_domain(client, provider)
    records = client.domains.dns_records(domain_id)
    assert records

    config = published_zone(tmp_path)
    result = publish(records, "example.com", config, apply=True)
    assert result.applied
    assert result.changes
    zone_file = tmp_path / "zones" / "example.com.yaml"
    written = yaml.safe_load(zone_file.read_text())
    assert written["www"] == {"type": "A", "value": "192.0.2.1"}  # what was there stays
    assert "email" not in CUSTOMER_ZONE

    dns_server.serve_octodns(zone_file)
    checks = client.domains.check_dns(domain_id, nameservers=[dns_server.address], timeout=2)
    assert [(c.record, c.state) for c in checks] == [(r, "ok") for r in records], [
        (c.record.name, c.state, c.detail) for c in checks if not c.ok
    ]

    assert client.domains.verify(domain_id).status == sendfrom.VerificationStatus.PENDING
    seen = verified_on_a_later_poll(sim, domain_id)
    states: list[sendfrom.EmailDomain] = []
    domain = client.domains.wait_until_verified(domain_id, interval=0.01, on_poll=states.append)
    assert domain.status == sendfrom.VerificationStatus.VERIFIED
    assert len(seen) >= POLLS_BEFORE_VERIFIED
    assert [s.status for s in states][:-1] == [sendfrom.VerificationStatus.PENDING] * (
        len(states) - 1
    )  # pending until the later poll


async def test_onboarding_end_to_end_async(
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    sim = simulator(provider)
    async with sim.connect_async() as client:
        domain_id = await amake_domain(client, "example.com", local="hello")
        records = await client.domains.dns_records(domain_id)
        await apublish(records, "example.com", published_zone(tmp_path), apply=True)
        dns_server.serve_octodns(tmp_path / "zones" / "example.com.yaml")
        checks = await client.domains.check_dns(domain_id, nameservers=[dns_server.address])
        assert all(c.ok for c in checks)
        verified_on_a_later_poll(sim, domain_id)
        domain = await client.domains.wait_until_verified(domain_id, interval=0.01)
        assert domain.status == sendfrom.VerificationStatus.VERIFIED


def test_unpublished_records_are_missing_and_the_wait_times_out(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    """The same flow without the publish step: DNS says missing, the provider never verifies."""
    sim = simulator("mailersend")
    client = sim.connect()
    domain_id = create_domain(client, "mailersend")
    (tmp_path / "example.com.yaml").write_text(CUSTOMER_ZONE)
    dns_server.serve_octodns(tmp_path / "example.com.yaml")
    checks = client.domains.check_dns(domain_id, nameservers=[dns_server.address], timeout=2)
    by_purpose = {c.record.purpose: c.state for c in checks}
    assert by_purpose["dkim"] == "missing"
    assert by_purpose["spf"] == "mismatch"  # an SPF record is there, without the include
    with pytest.raises(sendfrom.WaitTimeoutError) as info:
        client.domains.wait_until_verified(domain_id, timeout=0.05, interval=0.01)
    assert info.value.last is not None
    assert info.value.last.status == sendfrom.VerificationStatus.PENDING


def test_invent_onboards_up_to_the_dns_check(tmp_path: Path, dns_server: DnsServer) -> None:
    """Invent gives a domain's records only in the answer to its create, and has no way to poll
    a domain: the flow publishes and checks those records; the wait is refused, nothing sent."""
    sim = simulator("invent")
    client = sim.connect()
    domain = client.domains.create("example.com")
    assert domain.dns_records
    publish(domain.dns_records, domain.name, published_zone(tmp_path), apply=True)
    dns_server.serve_octodns(tmp_path / "zones" / "example.com.yaml")
    checks = sendfrom.dns.check(domain.dns_records, nameservers=[dns_server.address], timeout=2)
    assert [c.state for c in checks] == ["ok"] * len(domain.dns_records)
    sent = len(sim.requests)
    with pytest.raises(sendfrom.UnsupportedOperationError, match="wait_until_verified"):
        client.domains.wait_until_verified(domain.id)
    assert len(sim.requests) == sent
