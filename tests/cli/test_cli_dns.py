"""``sendfrom domains check`` (each record looked up in DNS, on a real loopback DNS server) and
``sendfrom domains dns --format octodns``, run against a simulator served over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import sendfrom.dns
from dnsserver import DnsServer
from provider_facts import every, facts, supports
from sendfrom.testing import serve
from test_cli import Loopback, seed


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.fixture
def loopback(request: pytest.FixtureRequest) -> Iterator[Loopback]:
    """A simulator over loopback HTTP (MailerSend unless parametrized), the CLI pointed at it."""
    provider = getattr(request, "param", "mailersend")
    with serve(provider) as server:
        yield Loopback(provider, server)


def _served(lb: Loopback, dns_server: DnsServer) -> tuple[str, list[sendfrom.DnsRecord]]:
    ids = seed(lb, identity=False)
    assert ids.domain_id is not None
    with lb.client() as client:
        records = client.domains.dns_records(ids.domain_id)
    dns_server.serve_records(records, "example.com")
    return ids.domain_id, records


# every provider that creates domains and shows their records
CREATE_AND_SHOW = every(
    lambda f: supports(f.name, "domains.create") and supports(f.name, "domains.dns_records")
)


@pytest.mark.parametrize("loopback", CREATE_AND_SHOW, indirect=True)
def test_check_all_ok_exits_0(loopback: Loopback, dns_server: DnsServer) -> None:
    domain_id, records = _served(loopback, dns_server)

    result = loopback("domains", "check", domain_id, "--nameserver", dns_server.address)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TYPE", "NAME", "PURPOSE", "STATE", "FOUND", "/", "DETAIL"]
    rows = [line.split() for line in lines[2:]]
    assert [(r[0], r[1], r[3]) for r in rows] == [(x.type, x.name, "ok") for x in records]
    assert result.stderr == ""


def test_check_not_all_ok_exits_1(loopback: Loopback, dns_server: DnsServer) -> None:
    domain_id, records = _served(loopback, dns_server)
    wrong = records[0].model_copy(update={"value": "elsewhere.example.net"})
    dns_server.serve_records([wrong, *records[2:]], "example.com")

    result = loopback(
        "domains", "check", domain_id, "--nameserver", dns_server.address, "--dns-timeout", "2"
    )

    assert result.exit_code == 1
    states = {line.split()[1]: line.split()[3] for line in result.stdout.splitlines()[2:]}
    assert states[records[0].name] == "mismatch"
    assert states[records[1].name] == "missing"
    assert "found: elsewhere.example.net" in result.stdout
    assert result.stderr == f"2 of {len(records)} records are not published as asked\n"


def test_check_json(loopback: Loopback, dns_server: DnsServer) -> None:
    domain_id, records = _served(loopback, dns_server)
    dns_server.serve_records(records[1:], "example.com")

    result = loopback("domains", "check", domain_id, "--nameserver", dns_server.address, "--json")

    assert result.exit_code == 1
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert [c["state"] for c in document] == ["missing"] + ["ok"] * (len(records) - 1)
    assert set(document[0]) == {"record", "state", "found", "detail"}
    assert document[1]["record"] == records[1].model_dump(mode="json")


def test_check_bad_timeout_is_refused_before_sending(
    loopback: Loopback, dns_server: DnsServer
) -> None:
    domain_id, _ = _served(loopback, dns_server)
    before = len(loopback.sim.requests)
    result = loopback("domains", "check", domain_id, "--dns-timeout", "0")
    assert result.exit_code == 5
    assert result.stderr.startswith("sendfrom: InvalidRequestError: timeout must be")
    assert len(loopback.sim.requests) == before
    assert dns_server.queries == []


def test_check_bad_nameserver_is_an_error_in_every_row(
    loopback: Loopback, dns_server: DnsServer
) -> None:
    domain_id, records = _served(loopback, dns_server)
    result = loopback("domains", "check", domain_id, "--nameserver", "127.0.0.1:99999")
    assert result.exit_code == 1
    rows = result.stdout.splitlines()[2:]
    assert [row.split()[3] for row in rows] == ["error"] * len(records)
    assert "bad nameserver address '127.0.0.1:99999'" in rows[0]
    assert dns_server.queries == []


def test_check_an_unknown_domain_exits_7(loopback: Loopback, dns_server: DnsServer) -> None:
    result = loopback("domains", "check", "nope", "--nameserver", dns_server.address)
    assert result.exit_code == 7
    assert "domains.check_dns" in result.stderr


# ---- --format octodns


@pytest.mark.parametrize(
    "loopback", every(lambda f: supports(f.name, "domains.dns_records")), indirect=True
)
def test_octodns_zone_file_loads_and_serves_what_check_wants(
    loopback: Loopback, dns_server: DnsServer, tmp_path: Path
) -> None:
    ids = seed(loopback, identity=facts(loopback.provider).one_address)  # its domain: an address's
    assert ids.domain_id is not None

    result = loopback("domains", "dns", ids.domain_id, "--format", "octodns")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# octoDNS zone example.com. (YamlProvider")
    with loopback.client() as client:
        records = client.domains.dns_records(ids.domain_id)
    assert yaml.safe_load(result.stdout) == sendfrom.dns.to_octodns(records, "example.com")
    (tmp_path / "example.com.yaml").write_text(result.stdout)
    dns_server.serve_octodns(tmp_path / "example.com.yaml")  # octoDNS itself reads it
    check = loopback("domains", "check", ids.domain_id, "--nameserver", dns_server.address)
    assert check.exit_code == 0, check.stdout + check.stderr


def test_octodns_zone_option(loopback: Loopback) -> None:
    ids = seed(loopback, identity=False)
    assert ids.domain_id is not None
    before = len(loopback.sim.requests)

    result = loopback("domains", "dns", ids.domain_id, "--format", "octodns", "--zone", "com")

    assert result.exit_code == 0, result.stderr
    assert "example" in yaml.safe_load(result.stdout)  # the apex of example.com, relative to com
    assert len(loopback.sim.requests) == before + 1  # the records only: the zone was given
    outside = loopback("domains", "dns", ids.domain_id, "--format", "octodns", "--zone", "x.org")
    assert outside.exit_code == 5
    assert "not inside the zone 'x.org'" in outside.stderr


def test_zone_without_octodns_format_is_a_usage_error(loopback: Loopback) -> None:
    result = loopback("domains", "dns", "d-1", "--zone", "example.com")
    assert result.exit_code == 2
    assert "--zone is for --format octodns only" in result.stderr
