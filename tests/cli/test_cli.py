"""The ``sendfrom`` command, run for real against the simulators: every command on every provider,
the exit code of each error class, JSON and BIND output, and the installed console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from inspect import signature
from io import StringIO
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

import sendfrom
from provider_facts import facts, required_scope
from sendfrom.capabilities import OPERATIONS
from sendfrom.cli import INSTALL_HINT
from sendfrom.cli import _output as out
from sendfrom.cli._app import app, hoist_global_options
from sendfrom.cli._errors import EXIT_CODES
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import SimulatorServer, serve
from speclib import sample_create_options

KEY = "cli-test-key"
ACCOUNT = "acc"


def scope_options(provider: str) -> list[str]:
    """The scope options a provider needs over loopback (``--account-id acc``; most: none)."""
    options: list[str] = []
    for setting in facts(provider).required_scope:
        options += [f"--{setting.replace('_', '-')}", ACCOUNT]
    return options


UNSUPPORTED, NOT_FOUND, STATUS, CONNECTION = 4, 7, 8, 9


def takes_domain_id(provider: str) -> bool:
    """Whether the provider's identities belong to a domain (its declared limits)."""
    refused = adapter_class(provider).unsupported_arguments.get("identities.create", {})
    return "domain_id" not in refused


def takes_name(provider: str) -> bool:
    """Whether the provider's identities take a name (its declared limits)."""
    return "name" not in adapter_class(provider).unsupported_arguments.get("identities.create", {})


def takes_no_description(provider: str, operation: str) -> bool:
    """Whether ``operation`` refuses a domain description on ``provider`` (its declaration)."""
    return "description" in adapter_class(provider).unsupported_arguments.get(operation, {})


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.fixture(scope="module", autouse=True)
def _command_built_once() -> Iterator[None]:
    """typer turns ``app`` into a click command on every ``CliRunner.invoke`` (~50 ms, as long as
    a whole command here): build it once for this module. Harmless where typer differs."""
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: command, raising=False)
        yield


# stdout and stderr apart: the default since Click 8.2 (and typer 0.17), an option before it
_SEPARATE = {"mix_stderr": False} if "mix_stderr" in signature(CliRunner).parameters else {}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """``sendfrom ARGS`` in-process (stdout and stderr kept apart)."""
    return CliRunner(**_SEPARATE).invoke(app, list(args), env=env, catch_exceptions=False)


def one_error_line(result: Result) -> str:
    """The single line an expected error prints on stderr (and nothing on stdout)."""
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@dataclass
class Loopback:
    """A simulator served over loopback, and the CLI pointed at it."""

    provider: str
    server: SimulatorServer

    @property
    def sim(self) -> Any:
        return self.server.simulator

    def args(self) -> list[str]:
        return [
            "--provider",
            self.provider,
            "--base-url",
            self.server.base_url,
            *scope_options(self.provider),
        ]

    def __call__(self, *args: str) -> Result:
        return run(*self.args(), *args, env={"SENDFROM_API_KEY": KEY})

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        return json.loads(result.stdout)

    def client(self) -> sendfrom.Client:
        """A client on the same simulator, in-process (fast set-up; the CLI goes over HTTP)."""
        scope = required_scope(self.provider, ACCOUNT)
        return self.sim.connect(api_key=KEY, **scope)  # type: ignore[no-any-return]


@pytest.fixture
def loopback(request: pytest.FixtureRequest) -> Iterator[Loopback]:
    provider = getattr(request, "param", "mailersend")
    with serve(provider) as server:
        yield Loopback(provider, server)


@dataclass
class Seeded:
    identity_id: str | None = None
    domain_id: str | None = None


def seed(lb: Loopback, *, identity: bool = True) -> Seeded:
    """A domain and an identity on ``lb``, made the way the provider allows (Invent: seeded)."""
    seeded = Seeded()
    with lb.client() as client:
        if client.supports("domains.create"):
            seeded.domain_id = client.domains.create("example.com").id
        if identity and client.supports("identities.create"):
            name = None if not takes_name(lb.provider) else "Billing"  # some take an email only
            made = client.identities.create(
                email="billing@example.com",
                name=name,
                domain_id=seeded.domain_id if takes_domain_id(lb.provider) else None,
                provider_options=sample_create_options(lb.provider) or None,
            )
            seeded.identity_id = made.id
            if made.domain is not None and seeded.domain_id is None:
                seeded.domain_id = made.domain.id  # Space Invoices: the address's domain
    if identity and hasattr(lb.sim, "add_identity"):  # Invent cannot create identities
        wire = lb.sim.add_identity("billing@example.com", "Billing")
        seeded.identity_id = wire["id"]
    return seeded


def command(operation: str, provider: str, ids: Seeded) -> list[str]:
    """The command line of ``operation`` (ids that were not seeded become a placeholder)."""
    identity = ids.identity_id or "some-identity"
    domain = ids.domain_id or "some-domain"
    domain_option = (
        ["--domain-id", ids.domain_id] if ids.domain_id and takes_domain_id(provider) else []
    )
    required = sample_create_options(provider)  # what the provider cannot do without
    domain_option += ["--provider-options", json.dumps(required)] if required else []
    name_option = ["--name", "New"] if takes_name(provider) else []  # some take an email only
    new_options = name_option + domain_option
    update_domain = (
        ["--provider-options", json.dumps(facts(provider).domain_setting)]
        if takes_no_description(provider, "domains.update")  # settings, not a description
        else ["--description", "New"]
    )
    return {
        "identities.list": ["identities", "list"],
        "identities.get": ["identities", "get", identity],
        "identities.create": ["identities", "create", "new@example.com", *new_options],
        "identities.update": ["identities", "update", identity, "--name", "New"],
        "identities.delete": ["identities", "delete", identity],
        "identities.resend_verification": ["identities", "resend", identity],
        "domains.list": ["domains", "list"],
        "domains.get": ["domains", "get", domain],
        "domains.create": ["domains", "create", "other.example.com"],
        "domains.update": ["domains", "update", domain, *update_domain],
        "domains.delete": ["domains", "delete", domain],
        "domains.verify": ["domains", "verify", domain],
        "domains.dns_records": ["domains", "dns", domain],
        "identities.find": ["identities", "find", "BILLING@example.com"],
        "domains.find": ["domains", "find", "Example.COM"],
    }[operation]


def check_output(operation: str, document: Any, ids: Seeded, provider: str) -> None:
    """What the JSON document of a successful ``operation`` holds."""
    if operation in {"identities.list", "domains.list"}:
        seeded = ids.identity_id if operation.startswith("identities") else ids.domain_id
        assert isinstance(document, list)
        assert seeded in [item["id"] for item in document]
        assert all(item["provider"] == provider and "raw" not in item for item in document)
    elif operation == "domains.dns_records":
        assert isinstance(document, list)
        assert document
        assert {"purpose", "type", "name", "value", "priority", "status"} == set(document[0])
    elif operation.endswith((".delete", ".resend_verification")):
        key = "deleted" if operation.endswith(".delete") else "verification_resent"
        expected_id = ids.identity_id if operation.startswith("identities") else ids.domain_id
        assert document == {"provider": provider, "id": expected_id, key: True}
    else:
        assert isinstance(document, dict)
        assert document["provider"] == provider
        assert "raw" not in document
        if operation in {"identities.get", "identities.update", "identities.find"}:
            assert document["id"] == ids.identity_id
        if operation == "identities.update":
            assert document["name"] == "New"
        if operation == "identities.create":
            assert document["email"] == "new@example.com"
        if operation == "domains.find":
            assert document["name"] == "example.com"
        if operation in {"domains.get", "domains.verify", "domains.update"}:
            assert document["id"] == ids.domain_id
        if operation == "domains.create":
            assert document["name"] == "other.example.com"


# ---- every command on every provider


@pytest.mark.parametrize("loopback", PROVIDERS, indirect=True)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_command_on_every_provider(loopback: Loopback, operation: str) -> None:
    provider = loopback.provider
    ids = seed(loopback, identity=operation != "identities.create")
    sent_before = len(loopback.sim.requests)

    result = loopback(*command(operation, provider, ids), "--json")

    if operation in adapter_class(provider).capabilities:
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        check_output(operation, json.loads(result.stdout), ids, provider)
    else:
        error = json.loads(one_error_line(result))  # --json: the error is one JSON object
        assert result.exit_code == UNSUPPORTED
        assert error["error"] == "UnsupportedOperationError"
        assert (error["provider"], error["operation"]) == (provider, operation)
        assert f"{provider} does not support {operation}" in error["message"]
        assert len(loopback.sim.requests) == sent_before  # nothing was sent


@pytest.mark.parametrize("provider", PROVIDERS)
def test_simulate_flag_lists_on_a_fresh_simulator(provider: str) -> None:
    result = run("--simulate", "--provider", provider, "domains", "list", "--json")
    if "domains.list" in adapter_class(provider).capabilities:
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == []
    else:
        assert result.exit_code == UNSUPPORTED
        assert "does not support domains.list" in one_error_line(result)


def test_simulate_flag_keeps_nothing_between_invocations() -> None:
    made = run("--simulate", "--provider", "vortex", "--json", "domains", "create", "example.com")
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["name"] == "example.com"

    listed = run("--simulate", "--provider", "vortex", "--json", "domains", "list")
    assert json.loads(listed.stdout) == []  # a fresh simulator each time


def test_simulate_from_the_environment() -> None:
    env = {"SENDFROM_SIMULATE": "1", "SENDFROM_PROVIDER": "mailersend"}
    result = run("identities", "list", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


# ---- a stateful session over loopback, with tables


def test_mailersend_session_with_tables(loopback: Loopback) -> None:
    created = loopback("domains", "create", "example.com")
    assert created.exit_code == 0, created.stderr
    domain_id = re.search(r"^id\s+(\S+)$", created.stdout, re.M)
    assert domain_id is not None, created.stdout
    did = domain_id.group(1)
    assert f"sendfrom domains dns {did}" in created.stderr  # MailerSend: records come separately

    dns = loopback("domains", "dns", did)
    assert dns.exit_code == 0
    assert "ms1._domainkey.example.com" in dns.stdout  # the 2026 shape: two DKIM CNAMEs
    assert "ms2._domainkey.example.com" in dns.stdout

    identity = loopback(
        "identities", "create", "billing@example.com", "--name", "Billing", "--domain-id", did
    )
    assert identity.exit_code == 0, identity.stderr
    assert "billing@example.com" in identity.stdout

    listed = loopback("identities", "list")
    assert listed.exit_code == 0
    header, _, row = listed.stdout.splitlines()[:3]
    assert header.split() == ["ID", "EMAIL", "NAME", "STATUS", "DOMAIN", "DEFAULT"]
    assert row.split()[1:5] == ["billing@example.com", "Billing", "pending", "example.com"]
    assert all(line == line.rstrip() for line in listed.stdout.splitlines())

    loopback.sim.mark_domain(did, "verified")
    verified = loopback("domains", "verify", did)
    assert re.search(r"^status\s+verified$", verified.stdout, re.M), verified.stdout

    gone = loopback("domains", "delete", did)
    assert gone.stdout == f"Deleted domain {did}.\n"
    assert loopback("domains", "get", did).exit_code == NOT_FOUND


def test_tables_do_not_read_markup_from_provider_data() -> None:
    result = run(
        "--simulate", "--provider", "vortex", "domains", "create", "example.com",
        "--description", "[bold]not markup[/bold] :smile:",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "[bold]not markup[/bold] :smile:" in result.stdout


@pytest.mark.parametrize("loopback", ["vortex"], indirect=True)
def test_list_crosses_pages_quietly_when_stderr_is_not_a_terminal(loopback: Loopback) -> None:
    with loopback.client() as client:
        made = {client.domains.create(f"d{n}.example.com").id for n in range(23)}
    assert loopback.sim.page_size < len(made)

    result = loopback("domains", "list", "--json")

    assert {d["id"] for d in json.loads(result.stdout)} == made
    assert result.stderr == ""  # no spinner in a pipe


def test_progress_shows_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert out.collect(iter(range(3)), "Listing domains") == [0, 1, 2]
    assert "Listing domains" in terminal.getvalue()


# ---- update sends only what was given


def test_update_sends_only_the_options_given(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.identity_id is not None

    result = loopback("identities", "update", ids.identity_id, "--reply-to-name", "Support")

    assert result.exit_code == 0, result.stderr
    assert json.loads(loopback.sim.requests[-1].content) == {"reply_to_name": "Support"}


def test_an_empty_value_clears_the_field(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.identity_id is not None
    result = loopback("identities", "update", ids.identity_id, "--reply-to-name", "")
    assert result.exit_code == 0, result.stderr
    assert json.loads(loopback.sim.requests[-1].content) == {"reply_to_name": None}


@pytest.mark.parametrize("loopback", ["invent"], indirect=True)
def test_update_toggles(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.identity_id is not None

    document = loopback.json(
        "identities", "update", ids.identity_id,
        "--no-default", "--click-tracking", "--open-tracking",
    )  # fmt: skip

    assert (document["is_default"], document["click_tracking"], document["open_tracking"]) == (
        False,
        True,
        True,
    )
    sent = json.loads(loopback.sim.requests[-1].content)
    assert set(sent) == {"is_default", "click_tracking", "open_tracking"}


def test_update_with_no_option_is_a_usage_error(loopback: Loopback) -> None:
    for args in (["identities", "update", "abc"], ["domains", "update", "abc"]):
        result = loopback(*args)
        assert result.exit_code == 2
        assert "nothing to update" in one_error_line(result)
    assert loopback.sim.requests == []


def test_domain_update_with_provider_options(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.domain_id is not None
    document = loopback.json(
        "domains", "update", ids.domain_id, "--provider-options", '{"track_clicks": true}', "--raw"
    )
    assert document["raw"]["domain_settings"]["track_clicks"] is True


@pytest.mark.parametrize("options", ["[1]", "{not json"])
def test_bad_provider_options_are_a_usage_error(options: str) -> None:
    result = run(
        "--simulate", "--provider", "mailersend", "domains", "create", "x.example.com",
        "--provider-options", options,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--provider-options" in result.stderr


def test_an_unsupported_field_is_exit_code_4(loopback: Loopback) -> None:
    result = loopback("domains", "create", "example.com", "--description", "x")
    assert result.exit_code == UNSUPPORTED
    assert "MailerSend domains have no description" in one_error_line(result)
    assert loopback.sim.requests == []


# ---- JSON


def test_raw_adds_the_provider_payload(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.identity_id is not None
    plain = loopback.json("identities", "get", ids.identity_id)
    raw = loopback.json("identities", "get", ids.identity_id, "--raw")
    assert "raw" not in plain
    assert raw["raw"]["id"] == ids.identity_id
    assert {k: v for k, v in raw.items() if k != "raw"} == plain
    assert list(raw)[-1] == "raw"  # after the unified fields, not first


def test_json_round_trips_into_the_models(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.domain_id is not None
    document = loopback.json("domains", "get", ids.domain_id)
    with loopback.client() as client:
        assert sendfrom.EmailDomain.model_validate(document) == client.domains.get(ids.domain_id)


def test_global_options_may_come_anywhere() -> None:
    result = run("domains", "list", "--json", "--provider=vortex", "--simulate")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert hoist_global_options(["a", "--json", "--provider", "p", "--", "--raw"]) == [
        "--json",
        "--provider",
        "p",
        "a",
        "--",
        "--raw",
    ]


# ---- DNS records as zone-file lines


def test_bind_format(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.domain_id is not None

    result = loopback("domains", "dns", ids.domain_id, "--format", "bind")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("; ")
    records = [line.split("\t") for line in lines if not line.startswith(";")]
    assert [r[0] for r in records if r[3] == "MX"] == []  # no inbound routing: no MX record
    for selector in ("ms1", "ms2"):
        assert [f"{selector}._domainkey.example.com.", "3600", "IN", "CNAME",
                f"{selector}._domainkey.mailersend.net."] in records  # fmt: skip
    assert ["example.com.", "3600", "IN", "TXT",
            '"v=spf1 include:_spf.mailersend.net -all"'] in records  # fmt: skip
    assert all(r[0].endswith(".") for r in records)


@pytest.mark.parametrize("loopback", ["vortex"], indirect=True)
def test_bind_format_of_txt_records(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.domain_id is not None
    result = loopback("domains", "dns", ids.domain_id, "--format", "bind")
    txt = [line.split("\t") for line in result.stdout.splitlines() if "\tTXT\t" in line]
    assert {r[0] for r in txt} == {"example.com.", "vortex1._domainkey.example.com."}
    assert all(r[4].startswith('"') and r[4].endswith('"') for r in txt)


def test_dns_json_and_format_json_agree(loopback: Loopback) -> None:
    ids = seed(loopback)
    assert ids.domain_id is not None
    by_flag = loopback.json("domains", "dns", ids.domain_id)
    by_format = loopback("domains", "dns", ids.domain_id, "--format", "json")
    assert json.loads(by_format.stdout) == by_flag
    clash = loopback("domains", "dns", ids.domain_id, "--json", "--format", "bind")
    assert clash.exit_code == 2


# ---- capabilities


def test_capabilities_json_is_the_adapters_declaration() -> None:
    result = run("capabilities", "--json")
    assert result.exit_code == 0
    matrix = json.loads(result.stdout)
    assert set(matrix) == set(PROVIDERS)
    for provider, operations in matrix.items():
        declared = adapter_class(provider).capabilities
        assert set(operations) == set(OPERATIONS)
        for op, support in operations.items():
            assert support == (str(declared[op]) if op in declared else "unsupported")


def test_capabilities_table() -> None:
    everyone = run("capabilities")
    lines = everyone.stdout.splitlines()
    assert lines[0].split() == ["OPERATION", *PROVIDERS]
    matrix = json.loads(run("capabilities", "--json").stdout)
    for op in OPERATIONS:  # the words of the JSON, for people
        row = next(line for line in lines if line.split()[0] == op).split()
        assert row[1:] == [matrix[provider][op] for provider in PROVIDERS]
    vortex = run("--provider", "vortex", "capabilities")
    assert "OPERATION" in vortex.stdout
    assert "NOTE" in vortex.stdout
    row = next(line for line in vortex.stdout.splitlines() if line.startswith("domains.delete"))
    assert row.split()[1] == "unsupported"
    assert "no endpoint" in row  # the reason


@pytest.mark.parametrize("page", ["README.md", "docs/providers.md"])
def test_capabilities_json_says_what_the_readme_table_says(page: str) -> None:
    """Found by issue #12: the JSON said native/unsupported where the README said yes/no. The
    table is on the landing page and on the docs site's providers page."""
    readme = (Path(__file__).resolve().parents[2] / page).read_text(encoding="utf-8")
    block = readme.partition("<!-- capabilities:start")[2].partition("<!-- capabilities:end")[0]
    table = block.partition("-->\n")[2].partition("\n\n")[0]  # the first table: operations
    lines = [line for line in table.splitlines() if line.startswith("|") and "---" not in line]
    header, *body = ([c.strip(" `") for c in line.strip("|").split("|")] for line in lines)
    assert header == ["operation", *PROVIDERS]
    matrix = json.loads(run("capabilities", "--json").stdout)
    assert [row[0] for row in body] == list(OPERATIONS)
    for op, *cells in body:
        assert cells == [matrix[provider][op] for provider in PROVIDERS], op
    assert {word for ops in matrix.values() for word in ops.values()} == {
        "native",
        "emulated",
        "unsupported",
    }


def test_capabilities_say_what_each_wait_polls() -> None:
    """Issue #16: what `wait_until_verified` does per provider, from the adapters' `poll`."""
    waits = json.loads(run("capabilities", "--json", "--waits").stdout)
    assert waits == {p: dict(adapter_class(p).poll) for p in PROVIDERS}
    lines = run("capabilities").stdout.splitlines()
    for kind in ("domains", "identities"):
        row = next(line for line in lines if line.startswith(f"{kind}.wait_until_verified"))
        for provider in PROVIDERS:
            polled = waits[provider].get(kind)
            assert (polled or "unsupported") in row
    # a provider that cannot wait on domains says so in its own column
    vortex = run("--provider", "vortex", "capabilities").stdout.splitlines()
    row = next(line for line in vortex if line.startswith("identities.wait_until_verified"))
    assert row.split()[1] == "unsupported"
    assert run("capabilities", "--json", "--waits", "--arguments").exit_code == 2


def test_capabilities_of_an_unknown_provider() -> None:
    result = run("--provider", "vortx", "capabilities")
    assert result.exit_code == 3
    assert "did you mean 'vortex'" in one_error_line(result)


# ---- errors: one line on stderr, a distinct exit code


@pytest.mark.parametrize("loopback", PROVIDERS, indirect=True)
def test_not_found_is_exit_code_7(loopback: Loopback) -> None:
    capabilities = adapter_class(loopback.provider).capabilities
    seed(loopback)  # an emulated get lists real objects before it finds none
    for kind, operation in (("identities", "identities.get"), ("domains", "domains.get")):
        if operation in capabilities:
            result = loopback(kind, "get", "no-such-id")
            assert result.exit_code == NOT_FOUND, result.stderr
            assert one_error_line(result).startswith("sendfrom: NotFoundError: ")


def test_server_error_after_retries_is_exit_code_8(loopback: Loopback) -> None:
    loopback.sim.fail_next(500, headers={"Retry-After": "0"}, times=3)  # no real backoff wait

    result = loopback("domains", "list")

    assert result.exit_code == STATUS
    line = one_error_line(result)
    assert line.startswith("sendfrom: ServerError: mailersend domains.list (GET ")
    assert "500" in line
    assert len(loopback.sim.requests) == 3  # the default: two retries


def test_max_retries_option(loopback: Loopback) -> None:
    loopback.sim.fail_next(503)
    result = loopback("--max-retries", "0", "domains", "list")
    assert result.exit_code == STATUS
    assert len(loopback.sim.requests) == 1


def test_rate_limited_is_exit_code_8_with_the_wait(loopback: Loopback) -> None:
    loopback.sim.fail_next(429, headers={"Retry-After": "0"}, times=3)
    result = loopback("identities", "list")
    assert result.exit_code == STATUS
    line = one_error_line(result)
    assert "RateLimitError" in line
    assert line.endswith("(retry after 0 s)")


@pytest.mark.parametrize("loopback", ["spaceinvoices"], indirect=True)
def test_provider_field_errors_are_in_the_line(loopback: Loopback) -> None:
    assert loopback("identities", "create", "a@example.com").exit_code == 0
    result = loopback("identities", "create", "b@example.com")  # one address per account
    assert result.exit_code == STATUS
    line = one_error_line(result)
    assert "ConflictError" in line  # Space Invoices says "already exists" with a 422
    assert "email: already exists" in line


def test_refused_key_is_exit_code_6() -> None:
    with serve("mailersend", api_key="the-right-key") as server:
        result = run(
            "--provider", "mailersend", "--base-url", server.base_url, "domains", "list",
            env={"SENDFROM_API_KEY": "a-wrong-key"},
        )  # fmt: skip
    assert result.exit_code == 6
    line = one_error_line(result)
    assert line.startswith("sendfrom: AuthenticationError: ")
    assert "a-wrong-key" not in line


def test_unreachable_provider_is_exit_code_9() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    result = run(
        "--provider", "mailersend", "--base-url", f"http://127.0.0.1:{port}/v1",
        "--max-retries", "0", "domains", "list", env={"SENDFROM_API_KEY": KEY},
    )  # fmt: skip
    assert result.exit_code == CONNECTION
    assert one_error_line(result).startswith("sendfrom: APIConnectionError: ")


def test_timeout_is_exit_code_9() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        result = run(
            "--provider", "mailersend", "--base-url", url, "--timeout", "0.2",
            "--max-retries", "0", "domains", "list", env={"SENDFROM_API_KEY": KEY},
        )  # fmt: skip
    assert result.exit_code == CONNECTION
    assert one_error_line(result).startswith("sendfrom: APITimeoutError: ")


def test_malformed_answer_is_exit_code_10(loopback: Loopback) -> None:
    loopback.sim.fail_next(200, body="<html>maintenance</html>")
    result = loopback("--max-retries", "0", "domains", "list")
    assert result.exit_code == 10
    assert one_error_line(result).startswith("sendfrom: ResponseFormatError: ")


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["domains", "list"], 3, "pass --provider or set SENDFROM_PROVIDER"),
        (["--provider", "mailsend", "domains", "list"], 3, "did you mean 'mailersend'"),
        (["--provider", "vortex", "domains", "list"], 3, "SENDFROM_API_KEY"),
        (["--simulate", "--provider", "mailersend", "identities", "create", "nope"], 5, "email"),
        (["--simulate", "--provider", "mailersend", "domains", "get", "a/b"], 5, "domain_id"),
        (["--simulate", "--provider", "vortex", "identities", "list"], 4, "no sender identities"),
    ],
)
def test_expected_errors_have_their_exit_code(args: list[str], code: int, needle: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert needle in one_error_line(result)


def test_vortex_without_an_account_names_the_option() -> None:
    result = run("--provider", "vortex", "domains", "list", env={"SENDFROM_API_KEY": KEY})
    assert result.exit_code == 3
    assert "pass --account-id or set SENDFROM_ACCOUNT_ID" in one_error_line(result)


def test_a_profile_supplies_the_settings(tmp_path: Path) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        '[profiles.sim]\nprovider = "vortex"\nsimulate = true\n', encoding="utf-8"
    )
    result = run("--profile", "sim", "--json", "domains", "list")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
    missing = run("--profile", "nope", "domains", "list")
    assert missing.exit_code == 3


def test_simulate_on_a_busy_port_is_exit_code_3() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run("simulate", "vortex", "--port", str(busy.getsockname()[1]))
    assert result.exit_code == 3
    assert "cannot listen on 127.0.0.1:" in one_error_line(result)


def test_usage_errors_are_exit_code_2() -> None:
    assert run("domains", "frobnicate").exit_code == 2
    assert run("--no-such-option").exit_code == 2
    assert run("identities", "get").exit_code == 2  # missing ID
    assert run("simulate", "vortx").exit_code == 2


@pytest.mark.parametrize("spelling", ["Mailer-Send", " MAILERSEND ", "mailer_send"])
def test_simulate_takes_every_provider_spelling(
    spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SimulatorServer, "serve_forever", lambda _self: None)
    result = run("simulate", spelling)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("/v1")  # MailerSend's base path
    assert "--provider mailersend " in result.stderr


def test_simulate_unknown_provider_gets_did_you_mean() -> None:
    result = run("simulate", "mailsend")
    assert result.exit_code == 2
    unboxed = " ".join(result.stderr.replace("│", " ").split())  # rich wraps usage errors
    assert "unknown provider 'mailsend'; did you mean 'mailersend'?" in unboxed


def test_help_documents_the_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for _, code, _ in EXIT_CODES:
        assert re.search(rf"^\s*{code}\s+\w+Error", result.stdout, re.M), code
    assert "sendfrom simulate mailersend --port 8025" in result.stdout


def test_every_error_class_has_one_exit_code() -> None:
    codes = [code for _, code, _ in EXIT_CODES]
    assert len(codes) == len(set(codes))
    assert 2 not in codes


# ---- the installed command, and the lazy imports


def sendfrom_command() -> list[str]:
    found = shutil.which("sendfrom", path=str(Path(sys.executable).parent)) or shutil.which(
        "sendfrom"
    )
    return [found] if found else [sys.executable, "-m", "sendfrom.cli"]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}


def test_console_script_lists_simulated_domains(tmp_path: Path) -> None:
    args = ["--simulate", "--provider", "mailersend", "domains", "list", "--json"]
    done = subprocess.run(
        [*sendfrom_command(), *args],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert done.stderr == ""


def test_simulate_command_serves_until_terminated(tmp_path: Path) -> None:
    with subprocess.Popen(
        [*sendfrom_command(), "simulate", "vortex", "--port", "0"],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
            talk = ["--provider", "vortex", "--base-url", url, "--account-id", ACCOUNT, "--json"]
            env = {"SENDFROM_API_KEY": KEY}
            made = run(*talk, "domains", "create", "example.com", env=env)
            assert made.exit_code == 0, made.stderr
            listed = json.loads(run(*talk, "domains", "list", env=env).stdout)
            assert [d["name"] for d in listed] == ["example.com"]  # state kept between calls
        finally:
            process.terminate()
            _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Ctrl-C" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    "command", [["simulate"], [sys.executable, "-m", "sendfrom.testing"]], ids=["cli", "module"]
)
def test_a_served_simulator_can_enforce_the_providers_limit(
    tmp_path: Path, command: list[str]
) -> None:
    if command == ["simulate"]:
        command = [*sendfrom_command(), "simulate"]
    with subprocess.Popen(
        [*command, "mailersend", "--port", "0", "--rate-limit", "2/min"],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            headers = {"Authorization": "Bearer any"}
            answers = [httpx.get(f"{url}/identities", headers=headers) for _ in range(3)]
        finally:
            process.terminate()
            process.communicate(timeout=20)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["X-RateLimit-Limit"] == "2"


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_extra_prints_the_install_hint(tmp_path: Path) -> None:
    code = "import sys; sys.modules['typer'] = None; from sendfrom.cli import main; main(['-h'])"
    done = run_python(code, tmp_path)
    assert done.returncode == 2
    assert done.stderr == INSTALL_HINT + "\n"
    assert 'pip install "sendfrom[cli]"' in done.stderr


def test_import_sendfrom_loads_neither_typer_nor_rich(tmp_path: Path) -> None:
    # httpx imports its own command line (click, rich) when those are installed, as they are in
    # the dev environment: block it, so that only what sendfrom itself imports is measured.
    code = (
        "import sys, json; sys.modules['httpx._main'] = None; import sendfrom; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'typer', 'rich', 'click'} or m.split('.')[:2] == ['sendfrom', 'cli'])))"
    )
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


@pytest.mark.parametrize(
    ("status", "code", "name"), [(200, 10, "ResponseFormatError"), (404, 7, "NotFoundError")]
)
def test_a_body_that_does_not_decode_is_one_line(
    loopback: Loopback, status: int, code: int, name: str
) -> None:
    """A Content-Encoding the body does not match: no httpx.DecodingError traceback."""
    headers = {"content-encoding": "gzip", "content-type": "application/json"}
    loopback.sim.fail_next(status, body=b"this is not gzip", headers=headers)
    result = loopback("--max-retries", "0", "domains", "list")
    assert result.exit_code == code
    line = one_error_line(result)
    assert line.startswith(f"sendfrom: {name}: mailersend domains.list (GET ")
    assert "gzip" in line


@pytest.mark.parametrize(
    "args",
    [["--api-key", "k", "domains", "list"], ["domains", "list", "--api-key", "k"],
     ["identities", "list", "--token", "k"]],
)  # fmt: skip
def test_a_key_on_the_command_line_is_pointed_to_the_environment(args: list[str]) -> None:
    """Keys do not belong on a command line (shell history keeps them): the usage error says
    where the key goes instead, and never echoes it."""
    result = run(*args)
    assert result.exit_code == 2
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "No such option" in said
    assert "SENDFROM_API_KEY" in said
    assert " k " not in f" {said} "


def test_another_unknown_option_is_a_plain_usage_error() -> None:
    result = run("domains", "list", "--bogus")
    assert result.exit_code == 2
    assert "SENDFROM_API_KEY" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["domains", "publish", "--help"]])
def test_the_help_shows_flags_as_flags(args: list[str]) -> None:
    """typer 0.29 shows every flag as taking a value (``--doit <bool>``): the cli extra stays
    below it (pyproject.toml), and this fails if the pinned typer ever does that."""
    result = run(*args)
    assert result.exit_code == 0
    assert "--help" in result.stdout
    assert "<bool>" not in result.stdout
