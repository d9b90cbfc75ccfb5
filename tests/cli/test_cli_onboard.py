"""``sendfrom domains onboard``: ensure → records → publish → DNS check → verify → wait → final
state, against a loopback simulator, octoDNS writing a zone file and a real loopback DNS server."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml

from dnsserver import DnsServer
from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
    one_error_line,
)
from test_publish import write_config

__all__ = ["_command_built_once", "_isolated", "loopback"]  # fixtures, used by name


def test_onboard_a_published_domain_and_wait_for_it(
    loopback: Loopback, tmp_path: Path, dns_server: DnsServer
) -> None:
    with loopback.client() as client:  # the records are already in DNS: only the wait is left
        domain = client.domains.create("example.com")
        dns_server.serve_records(client.domains.dns_records(domain.id), "example.com")
    polls = 0

    def hook(_request: httpx.Request, _response: httpx.Response) -> None:
        nonlocal polls
        polls += 1
        if polls == 5:  # ensure, records, verify, then two polls
            loopback.sim.mark_domain(domain.id, "verified")

    loopback.sim.response_hooks.append(hook)
    config = write_config(tmp_path)
    document = loopback.json(
        "domains",
        "onboard",
        "example.com",
        "--publish",
        str(config),
        "--nameserver",
        dns_server.address,
        "--wait",
        "--interval",
        "0.01",
    )
    assert document["domain"]["id"] == domain.id  # found, not created again
    assert document["domain"]["status"] == "verified"
    assert [c["state"] for c in document["dns_checks"]] == ["ok"] * len(document["records"])
    assert document["publish"]["applied"] is False  # no --doit: the plan only
    assert document["publish"]["plans"][0]["changes"]
    assert not (tmp_path / "zones" / "example.com.yaml").exists()


def test_onboard_prints_each_step_and_publishes_with_doit(
    loopback: Loopback, tmp_path: Path, dns_server: DnsServer
) -> None:
    config = write_config(tmp_path, zone="example.net.")
    result = loopback(
        "domains",
        "onboard",
        "mail.example.net",
        "--publish",
        str(config),
        "--doit",
        "--nameserver",
        dns_server.address,
        "--dns-timeout",
        "1",
    )
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert headings == [
        "1. Domain mail.example.net on mailersend",
        "2. DNS records to publish",
        f"3. Publishing with octoDNS ({config})",
        "4. Looking the records up in DNS",
        "5. Asking the provider to verify",
        "6. Final state",
    ]
    assert "Applied: 5 change(s) in zone example.net." in result.stdout
    assert "not (yet) as asked" in result.stdout  # the DNS server does not serve it yet
    written = yaml.safe_load((tmp_path / "zones" / "example.net.yaml").read_text())
    assert written["mail"] == {"type": "TXT", "value": "v=spf1 include:_spf.mailersend.net -all"}


@pytest.mark.parametrize("loopback", ["invent"], indirect=True)
def test_onboard_wait_where_the_provider_cannot_wait_sends_nothing(loopback: Loopback) -> None:
    result = loopback("domains", "onboard", "example.com", "--wait", "--json")
    assert result.exit_code == 4
    assert json.loads(one_error_line(result))["operation"] == "domains.wait_until_verified"
    assert loopback.sim.requests == []


def test_onboard_with_an_unusable_octodns_config_creates_nothing(
    loopback: Loopback, tmp_path: Path
) -> None:
    config = write_config(tmp_path, zone="example.org.")
    result = loopback("domains", "onboard", "example.com", "--publish", str(config), "--json")
    assert result.exit_code == 3
    assert "no zone for example.com" in json.loads(one_error_line(result))["message"]
    missing = loopback("domains", "onboard", "example.com", "--publish", str(tmp_path / "none"))
    assert missing.exit_code == 2  # a usage error: the file does not exist
    assert loopback.sim.requests == []


@pytest.mark.parametrize("loopback", ["spaceinvoices"], indirect=True)
def test_onboard_where_domains_come_with_an_identity(
    loopback: Loopback, dns_server: DnsServer
) -> None:
    args = ["domains", "onboard", "example.com", "--nameserver", dns_server.address]
    missing = loopback(*args)
    assert missing.exit_code == 7
    assert "identities create hello@example.com" in missing.stderr
    with loopback.client() as client:
        client.identities.create("hello@example.com")
        dns_server.serve_records(client.domains.dns_records("example.com"), "example.com")
    document = loopback.json(*args)
    assert document["domain"]["name"] == "example.com"
    assert {c["state"] for c in document["dns_checks"]} == {"ok"}
