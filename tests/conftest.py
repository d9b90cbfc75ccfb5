"""Test-session settings: the providers from outside src/ that the provider-agnostic suite also
runs on (``tests/fifth/`` always; more with ``--extra-provider DIR``): see extra_providers.py."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from dnsserver import DnsServer
from extra_providers import directories, installed, registered
from sendfrom.providers import Provider


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--extra-provider",
        action="append",
        default=[],
        metavar="DIR",
        help="also run tests/conformance/test_simulators.py on the provider(s) in DIR, laid out as "
        "tests/fifth/ is (specs/<name>.yaml, specs/reads/<name>.yaml, <name>/); "
        "tests/fifth/ itself always runs",
    )


@pytest.fixture(scope="session")
def extra_generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[Provider]]:
    """The extra providers' code, generated once a session (only if a test asks): their lines."""
    with installed(directories(request.config), tmp_path_factory.mktemp("extra")) as entries:
        yield entries


@pytest.fixture
def extra_providers(extra_generated: list[Provider]) -> Iterator[list[str]]:
    """The extra providers, registered for one test (no other test sees them): their names."""
    with registered(extra_generated) as names:
        yield names


@pytest.fixture
def dns_server(sendfrom_dns_server: DnsServer) -> DnsServer:
    """A real authoritative DNS server on 127.0.0.1 (UDP and TCP; sendfrom.testing.dns_server),
    empty until the test serves zones on it; ``dns_server.address`` is the nameserver to ask.
    (The plugin's ``sendfrom_dns_server``, by a shorter name.)"""
    return sendfrom_dns_server


@pytest.fixture
def silent_nameserver() -> Iterator[str]:
    """``"127.0.0.1:PORT"`` of a UDP socket that receives queries and never answers: a nameserver
    that is down without saying so (bound, so no ICMP "port unreachable" gives it away)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        yield f"127.0.0.1:{silent.getsockname()[1]}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep every test id selectable by name: pytest escapes a backslash in a parametrized id (to
    two), and that id then matches nothing when passed back on the command line, which is how
    `make mutation` (mutmut) runs the tests that cover a mutant. (A non-ASCII character escaped
    once, ``\\xfc``, still matches.)"""
    escaped = [item.nodeid for item in items if "\\\\" in item.nodeid]
    if escaped:
        raise pytest.UsageError(
            "test ids holding a backslash cannot be selected by id (give the parametrization"
            " readable ids): " + ", ".join(escaped[:5])
        )


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SENDFROM_* variable from the shell running the tests, and no sendfrom.toml but the
    test's own (the working directory is the test's tmp_path)."""
    for name in list(os.environ):
        if name.startswith("SENDFROM_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
