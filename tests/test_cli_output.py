"""What the ``sendfrom`` command prints beyond test_cli.py: DNS records never wrapped or cut at any
terminal width, errors as one JSON object under --json, and the ensure/find commands."""

from __future__ import annotations

import pytest

from sendfrom.cli import _output as out
from sendfrom.models import DnsRecord
from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
)

__all__ = ["_command_built_once", "_isolated", "loopback"]  # fixtures, used by name

LONG = "a-rather-long-subdomain-name.of-an-example-company.example.com"


# ---- DNS names and values: never wrapped, never cut


@pytest.mark.parametrize("loopback", ["vortex"], indirect=True)
@pytest.mark.parametrize("columns", [60, 80, 200])
def test_dns_names_and_values_stay_whole_on_a_terminal(
    loopback: Loopback, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    with loopback.client() as client:
        domain = client.domains.create(LONG)
        records = client.domains.dns_records(domain.id)
    assert max(len(r.value) for r in records) > 80  # Vortex's DKIM key: longer than a line
    monkeypatch.setattr(out, "_terminal", lambda _stream: True)
    monkeypatch.setenv("COLUMNS", str(columns))

    result = loopback("domains", "dns", domain.id)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    for record in records:
        assert any(record.name in line and record.value in line for line in lines), result.stdout


def test_dns_table_fits_a_wide_terminal_as_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    record = DnsRecord(purpose="dkim", type="TXT", name="k._domainkey.example.com", value="v")
    written: list[str] = []

    class Terminal:
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            written.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setenv("COLUMNS", "200")
    out.show(out.dns_table([record]))
    wide = "".join(written)
    written.clear()
    monkeypatch.setenv("COLUMNS", "20")
    out.show(out.dns_table([record]))
    narrow = "".join(written)

    assert "───" in wide  # the rich table's header rule: it fits
    assert "───" not in narrow  # plain lines: the table would have wrapped a cell
    assert narrow.splitlines()[1].split() == [
        "TXT",
        "k._domainkey.example.com",
        "v",
        "-",
        "dkim",
        "-",
    ]


def test_plain_lines_are_aligned_without_trailing_blanks() -> None:
    lines = out.plain_lines([["A", "BB", "C"], ["long", "x", ""]])
    assert lines == ["A     BB  C", "long  x"]
