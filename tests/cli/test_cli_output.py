"""What the ``sendfrom`` command prints beyond test_cli.py: DNS records never wrapped or cut at any
terminal width, errors as one JSON object under --json, and the ensure/find commands."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import Result

from sendfrom.cli import _output as out
from sendfrom.cli._errors import EXIT_CODES
from sendfrom.models import DnsRecord
from sendfrom.providers import PROVIDERS, adapter_class
from speclib import sample_create_options
from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    KEY,
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
    run,
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


# ---- --json errors: one JSON object on stderr, the same exit codes


def json_error(result: Result) -> dict[str, Any]:
    """The one JSON object an error prints on stderr under --json (and nothing on stdout)."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    document = json.loads(lines[0])
    assert isinstance(document, dict)
    assert set(document) == {"error", "message", "status_code", "fields", "provider", "operation"}
    return document


def code_of(name: str) -> int:
    return next(code for classes, code, _ in EXIT_CODES if name in [c.__name__ for c in classes])


def test_json_configuration_error() -> None:
    result = run("domains", "list", "--json")
    error = json_error(result)
    assert result.exit_code == code_of("ConfigurationError") == 3
    assert error["error"] == "ConfigurationError"
    assert "pass --provider or set SENDFROM_PROVIDER" in error["message"]
    assert error["status_code"] is error["provider"] is error["operation"] is None
    assert error["fields"] == {}


def test_json_invalid_request_error_has_its_fields() -> None:
    result = run("--simulate", "--provider", "mailersend", "identities", "create", "nope", "--json")
    error = json_error(result)
    assert result.exit_code == code_of("InvalidRequestError") == 5
    assert error["error"] == "InvalidRequestError"
    assert "email" in error["fields"]
    assert error["status_code"] is None


def test_json_not_found_error(loopback: Loopback) -> None:
    result = loopback("--json", "domains", "get", "no-such-id")
    error = json_error(result)
    assert result.exit_code == code_of("NotFoundError") == 7
    assert error["error"] == "NotFoundError"
    assert error["status_code"] == 404
    assert (error["provider"], error["operation"]) == ("mailersend", "domains.get")
    assert KEY not in result.stderr


@pytest.mark.parametrize("loopback", ["spaceinvoices"], indirect=True)
def test_json_conflict_error_has_the_provider_fields(loopback: Loopback) -> None:
    assert loopback("identities", "create", "a@example.com").exit_code == 0
    result = loopback("identities", "create", "b@example.com", "--raw")  # --raw implies --json
    error = json_error(result)
    assert result.exit_code == code_of("APIStatusError") == 8
    assert error["error"] == "ConflictError"
    assert error["fields"] == {"email": ["already exists"]}
    assert error["status_code"] == 422  # Space Invoices says "already exists" with a 422
    assert error["operation"] == "identities.create"


def test_json_rate_limit_error_keeps_the_wait(loopback: Loopback) -> None:
    loopback.sim.fail_next(429, headers={"Retry-After": "0"}, times=3)
    result = loopback("identities", "list", "--json")
    error = json_error(result)
    assert result.exit_code == 8
    assert (error["error"], error["status_code"]) == ("RateLimitError", 429)
    assert error["message"].endswith("(retry after 0 s)")


def test_errors_without_json_stay_one_line_of_text(loopback: Loopback) -> None:
    result = loopback("domains", "get", "no-such-id")
    assert result.exit_code == 7
    assert result.stderr.startswith("sendfrom: NotFoundError: ")
    assert len(result.stderr.splitlines()) == 1


# ---- ensure: the object as it is, or created; find: exit code 7 when nothing matches


def supports(provider: str, *operations: str) -> bool:
    return all(op in adapter_class(provider).capabilities for op in operations)


@pytest.mark.parametrize("loopback", PROVIDERS, indirect=True)
def test_identities_ensure_creates_once(loopback: Loopback) -> None:
    provider = loopback.provider
    if not supports(provider, "identities.find", "identities.create"):
        result = loopback("identities", "ensure", "billing@example.com", "--json")
        assert result.exit_code == 4
        assert json_error(result)["operation"] == "identities.ensure"
        return
    domain = []
    refused = adapter_class(provider).unsupported_arguments.get("identities.create", {})
    if supports(provider, "domains.create") and "domain_id" not in refused:
        with loopback.client() as client:
            domain = ["--domain-id", client.domains.create("example.com").id]
    required = sample_create_options(provider)  # what the provider cannot do without
    domain += ["--provider-options", json.dumps(required)] if required else []
    name = ["--name", "Billing"] if "name" not in refused else []  # some take an email only

    first = loopback.json("identities", "ensure", "billing@example.com", *name, *domain)
    again = loopback("identities", "ensure", "BILLING@example.com", *name, *domain)

    assert first["email"] == "billing@example.com"
    assert again.exit_code == 0, again.stderr
    assert re.search(rf"^id\s+{re.escape(first['id'])}$", again.stdout, re.M), again.stdout
    listed = loopback.json("identities", "list")
    assert [i["id"] for i in listed] == [first["id"]]


@pytest.mark.parametrize("loopback", PROVIDERS, indirect=True)
def test_domains_ensure_creates_once(loopback: Loopback) -> None:
    provider = loopback.provider
    if not supports(provider, "domains.find", "domains.create"):
        result = loopback("domains", "ensure", "example.com", "--json")
        assert result.exit_code == 4
        assert json_error(result)["operation"] == "domains.ensure"
        return
    takes_none = "description" in adapter_class(provider).unsupported_arguments.get(
        "domains.create", {}
    )
    description = [] if takes_none else ["--description", "Mail"]

    first = loopback.json("domains", "ensure", "example.com", *description)
    again = loopback("domains", "ensure", "Example.COM", *description)

    assert first["name"] == "example.com"
    assert again.exit_code == 0, again.stderr
    assert re.search(rf"^id\s+{re.escape(first['id'])}$", again.stdout, re.M), again.stdout
    assert [d["id"] for d in loopback.json("domains", "list")] == [first["id"]]


@pytest.mark.parametrize("loopback", PROVIDERS, indirect=True)
@pytest.mark.parametrize("kind", ["identities", "domains"])
def test_find_with_no_match_is_exit_code_7(loopback: Loopback, kind: str) -> None:
    if not supports(loopback.provider, f"{kind}.find"):
        pytest.skip(f"{loopback.provider} cannot find {kind}")  # exit 4: test_cli.py covers it
    wanted = "nobody@example.com" if kind == "identities" else "nowhere.example.com"

    text = loopback(kind, "find", wanted)
    as_json = loopback(kind, "find", wanted, "--json")

    assert text.exit_code == as_json.exit_code == 7
    assert text.stdout == ""
    assert text.stderr.startswith("sendfrom: not found: ")
    assert wanted in text.stderr
    assert json.loads(as_json.stdout) is None
    assert as_json.stderr == ""
