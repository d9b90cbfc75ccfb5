"""The whole fleet flow offline, with nothing marked by hand but the identity's link click: the
fleet publishes with octoDNS (YamlProvider), a real DNS server serves what was published, and
the simulator's own check reads that server (``nameservers=``) to verify the domain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import sendfrom
from sendfrom import fleet
from sendfrom.providers import adapter_class
from sendfrom.testing import SIMULATORS, simulator
from sendfrom.testing.dns_server import DnsServer

START = datetime(2026, 3, 1, tzinfo=UTC)
ZONE = "www:\n  type: A\n  value: 192.0.2.1\n"
"""The customer's zone before: a record of theirs, which must stay."""


def _capable(provider: str) -> bool:
    client = simulator(provider).connect()
    return client.supports("domains.ensure") and client.supports("domains.verify")


CAPABLE = [p for p in SIMULATORS if _capable(p)]


@pytest.fixture
def dns_server() -> Iterator[DnsServer]:
    with DnsServer() as server:
        yield server


def octodns_config(tmp_path: Path) -> tuple[Path, Path]:
    """An octoDNS config whose one target is a directory of YAML zones: (config, zone file)."""
    zones = tmp_path / "zones"
    zones.mkdir()
    (zones / "acme.com.yaml").write_text(ZONE)
    config = tmp_path / "octodns.yaml"
    config.write_text(
        "manager:\n  max_workers: 1\n"
        f"providers:\n  zones:\n    class: octodns.provider.yaml.YamlProvider\n"
        f"    directory: {zones}\n    escaped_semicolons: true\n"
        "zones:\n  acme.com.:\n    sources: [zones]\n    targets: [zones]\n"
    )
    return config, zones / "acme.com.yaml"


def identities(provider: str) -> dict[str, Any]:
    """One identity to keep, with a sample of each option the provider requires of it."""
    if not simulator(provider).connect().supports("identities.create"):
        return {}
    required = adapter_class(provider).required_options.get("identities.create", ())
    options = {key: f"Sample {key}" for key in required} or None
    return {"identities": ["billing@acme.com"], "identity_options": options}


@pytest.mark.parametrize("provider", CAPABLE)
def test_added_published_verified_drifted_and_back_with_a_simulator_that_reads_dns(
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    sim = simulator(provider, nameservers=[dns_server.address])
    client = sim.connect(max_retries=0)
    now = [START]
    config, zone_file = octodns_config(tmp_path)
    dns_server.serve_octodns(zone_file)  # the DNS host serves the zone as it was
    f = fleet.open(
        tmp_path / "fleet.db",
        connect=lambda _profile: client,
        clock=lambda: now[0],
        nameservers=[dns_server.address],
        dns_timeout=1.0,
    )
    kept = identities(provider)
    f.add("acme.com", publish=config, **kept)

    def later(seconds: float) -> fleet.DomainState:
        now[0] += timedelta(seconds=seconds)
        [state] = f.run_due()
        return state

    state = f.step("acme.com")
    assert state.stage == "published", "written to the zone, not yet served by DNS"
    assert "www:" in zone_file.read_text(), "the customer's own record stays"

    dns_server.serve_octodns(zone_file)  # the DNS host now serves what was published
    state = later(f.schedule.first)
    if kept:
        assert state.stage == "monitored"
        identity_id = state.identity_ids["billing@acme.com"]
        sim.mark_identity(identity_id, "verified")  # the owner clicks the link
        state = later(f.schedule.first)
        assert state.identities == {"billing@acme.com": sendfrom.VerificationStatus.VERIFIED}
    assert (state.stage, state.status) == ("monitored", sendfrom.VerificationStatus.VERIFIED)

    dns_server.serve_records([], "acme.com")  # someone replaced the zone at the DNS host
    assert state.next_check_at is not None
    state = later((state.next_check_at - now[0]).total_seconds())
    assert state.stage in ("created", "published"), "drifted: back to the checks"

    dns_server.serve_octodns(zone_file)  # the zone file (re-published) is served again
    state = later(f.schedule.first)
    assert (state.stage, state.status) == ("monitored", sendfrom.VerificationStatus.VERIFIED)

    types = [e.type for e in f.events()]
    first = ["domain.created", "domain.published", "domain.dns_ok", "domain.verified"]
    if kept:
        first += ["identity.created", "identity.verified"]
    assert types[: len(first)] == first
    assert types[len(first)] == "domain.drifted"
    assert types[-2:] == ["domain.dns_ok", "domain.verified"]
    f.close()
