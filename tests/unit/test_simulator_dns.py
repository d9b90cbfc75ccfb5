"""Simulators that read DNS (``nameservers=``, ``sendfrom simulate --nameserver``): the
provider's own check verifies a domain once its records are found at a real DNS server
(sendfrom.testing.dns_server), and takes it back to pending when they are gone."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import sendfrom
from provider_facts import make_domain, required_scope, supports
from sendfrom.testing import SIMULATORS, simulator
from sendfrom.testing.dns_server import DnsServer

VERIFIED = sendfrom.VerificationStatus.VERIFIED
PENDING = sendfrom.VerificationStatus.PENDING
CHECKING = [p for p in SIMULATORS if supports(p, "domains.verify")]


@pytest.fixture
def dns_server() -> Iterator[DnsServer]:
    with DnsServer() as server:
        yield server


@pytest.mark.parametrize("provider", CHECKING)
def test_the_providers_check_verifies_a_domain_once_its_records_are_found(
    provider: str, dns_server: DnsServer
) -> None:
    client = simulator(provider, nameservers=[dns_server.address]).connect()
    domain_id = make_domain(client, "acme.com")
    records = client.domains.dns_records(domain_id)
    dns_server.serve_records([], "acme.com")
    assert client.domains.verify(domain_id).status is PENDING, "nothing published yet"

    dns_server.serve_records(records[1:], "acme.com")
    assert client.domains.verify(domain_id).status is PENDING, "one record is still missing"

    dns_server.serve_records(records, "acme.com")
    assert client.domains.verify(domain_id).status is VERIFIED
    assert client.domains.get(domain_id).status is VERIFIED, "the outcome stays"

    dns_server.serve_records([], "acme.com")  # someone edited the zone
    assert client.domains.verify(domain_id).status is PENDING, "the next check sees it"


@pytest.mark.parametrize("provider", CHECKING)
def test_wait_until_verified_ends_verified_on_a_simulator_that_reads_dns(
    provider: str, dns_server: DnsServer
) -> None:
    client = simulator(provider, nameservers=[dns_server.address]).connect()
    domain_id = make_domain(client, "acme.com")
    dns_server.serve_records(client.domains.dns_records(domain_id), "acme.com")
    domain = client.domains.wait_until_verified(domain_id, timeout=10, interval=0.01)
    assert domain.status is VERIFIED


def test_without_nameservers_only_mark_domain_verifies(dns_server: DnsServer) -> None:
    sim = simulator("mailersend")
    client = sim.connect()
    domain_id = make_domain(client, "acme.com")
    dns_server.serve_records(client.domains.dns_records(domain_id), "acme.com")
    assert sim.dns is None
    assert client.domains.verify(domain_id).status is PENDING
    sim.mark_domain(domain_id, "verified")
    assert client.domains.verify(domain_id).status is VERIFIED


def test_a_nameserver_that_does_not_answer_leaves_the_domain_pending() -> None:
    with DnsServer() as gone:
        address = gone.address  # a port nothing listens on once it stops
    client = simulator("mailersend", nameservers=[address], dns_timeout=0.2).connect()
    domain_id = make_domain(client, "acme.com")
    assert client.domains.verify(domain_id).status is PENDING


@pytest.mark.parametrize(
    ("nameservers", "timeout", "words"),
    [
        (["not a server"], 1.0, "host:port"),
        ([], 1.0, "host:port"),
        (["127.0.0.1:99999"], 1.0, "host:port"),
        (["127.0.0.1"], 0.0, "above 0"),
        (["127.0.0.1"], float("nan"), "above 0"),
        (["127.0.0.1"], "1", "seconds"),
    ],
)
def test_bad_nameservers_are_refused_when_the_simulator_is_made(
    nameservers: list[str], timeout: object, words: str
) -> None:
    with pytest.raises(sendfrom.ConfigurationError, match=words):
        simulator("mailersend", nameservers=nameservers, dns_timeout=timeout)


@pytest.mark.parametrize("provider", CHECKING)
def test_sendfrom_simulate_with_a_nameserver_lets_verify_wait_end_verified(
    provider: str, dns_server: DnsServer, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    env["SENDFROM_API_KEY"] = "any-key"
    cli = [sys.executable, "-m", "sendfrom.cli"]
    serve = [*cli, "simulate", provider, "--port", "0", "--nameserver", dns_server.address]
    with subprocess.Popen(
        serve, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        try:
            assert server.stdout is not None
            url = server.stdout.readline().strip()
            assert re.match(r"http://127\.0\.0\.1:\d+", url), url
            scope = required_scope(provider)
            with sendfrom.connect(provider, api_key="k", base_url=url, **scope) as client:  # type: ignore[arg-type]
                domain_id = make_domain(client, "acme.com")
                dns_server.serve_records(client.domains.dns_records(domain_id), "acme.com")
            options = [f"--{k.replace('_', '-')}={v}" for k, v in scope.items()]
            done = subprocess.run(
                [*cli, "--provider", provider, "--base-url", url, *options, "--json",
                 "domains", "verify", domain_id, "--wait", "--interval", "0.05",
                 "--wait-timeout", "20"],
                env=env, capture_output=True, text=True, timeout=60, check=False,
            )  # fmt: skip
        finally:
            server.terminate()
            server.communicate(timeout=20)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "verified"


def test_both_simulate_commands_refuse_a_bad_nameserver_before_serving(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sendfrom.testing.__main__ import main

    assert main(["mailersend", "--nameserver", "not a server"]) == 3  # ConfigurationError's
    assert "host:port" in capsys.readouterr().err
    done = subprocess.run(
        [sys.executable, "-m", "sendfrom.cli", "simulate", "mailersend", "--nameserver", "x:y"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr  # ConfigurationError's exit code
    assert "host:port" in done.stderr
    assert done.stdout == "", "no base URL: nothing is served"


def test_both_simulate_commands_say_a_busy_port_the_same_way() -> None:
    """One message and one exit code (ConfigurationError's, 3) from ``sendfrom simulate`` and
    ``python -m sendfrom.testing``: the server says it, not each command."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        said = []
        for command in (["-m", "sendfrom.cli", "simulate"], ["-m", "sendfrom.testing"]):
            done = subprocess.run(
                [sys.executable, *command, "mailersend", "--port", port],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 3, done.stderr
            assert done.stdout == "", "nothing is served"
            said.append(done.stderr.strip())
    assert said[0] == said[1]
    assert said[0] == f"sendfrom: ConfigurationError: cannot listen on 127.0.0.1:{port}: " + (
        "Address already in use"
    )
