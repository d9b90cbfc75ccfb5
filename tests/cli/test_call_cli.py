"""``sendfrom call``: any spec operation from the command line, against a loopback simulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from sendfrom.cli._app import app
from sendfrom.testing import SimulatorServer, serve
from speclib import operations

USAGE, INVALID, CONFIGURATION, NOT_FOUND = 2, 5, 3, 7


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.fixture
def invent() -> Iterator[SimulatorServer]:
    with serve("invent") as server:
        yield server


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        app, list(args), input=stdin, env={"SENDFROM_API_KEY": "k"}, catch_exceptions=False
    )


def on(server: SimulatorServer, *args: str, stdin: str | None = None) -> Result:
    return run("--provider", "invent", "--base-url", server.base_url, *args, stdin=stdin)


def test_list_shows_every_operation_of_the_providers_spec() -> None:
    result = run("--provider", "invent", "--json", "call", "--list")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    expected = {(op.operation_id, op.method.upper(), op.path) for op in operations("invent")}
    assert {(o["operation"], o["method"], o["path"]) for o in listed} == expected
    table = run("--provider", "mailersend", "call", "--list")
    assert "get_api_quota" in table.stdout
    assert "GET" in table.stdout


def test_contacts_from_the_command_line(invent: SimulatorServer) -> None:
    created = on(invent, "call", "create_contact", "--body", '{"channel": {"name": "Ada"}}')
    assert created.exit_code == 0, created.output
    contact: dict[str, Any] = json.loads(created.stdout)
    assert contact["name"] == "Ada"
    changed = on(invent, "call", "update_contact", "-p", f"contact_id={contact['id']}",
                 "--body", "-", stdin='{"blocked": true}')  # fmt: skip
    assert json.loads(changed.stdout)["blocked"] is True
    blocked = on(invent, "call", "list_contacts", "--param", "status=BLOCKED", "-p", "take=5")
    assert [c["id"] for c in json.loads(blocked.stdout)] == [contact["id"]]
    none = on(invent, "call", "list_contacts", "-p", "unsubscribed=true")
    assert json.loads(none.stdout) == []
    assert invent.simulator.requests[-1].url.params["unsubscribed"] == "true"


def test_scope_ids_come_from_the_connection_options(invent: SimulatorServer) -> None:
    assert on(invent, "--org-id", "child", "call", "list_contacts").exit_code == 0
    assert on(invent, "call", "list_contacts", "-p", "org_id=other").exit_code == 0
    paths = [r.url.path for r in invent.simulator.requests]
    assert paths == ["/orgs/child/contacts", "/orgs/other/contacts"]


def test_errors_have_the_exit_codes_of_every_command(invent: SimulatorServer) -> None:
    missing = on(
        invent, "--json", "call", "update_contact", "-p", "contact_id=nope", "--body", "{}"
    )
    assert missing.exit_code == NOT_FOUND
    error = json.loads(missing.stderr)
    assert (error["error"], error["operation"], error["status_code"]) == (
        "NotFoundError",
        "update_contact",
        404,
    )
    bad = on(invent, "call", "list_contacts", "-p", "take=0")
    assert bad.exit_code == INVALID
    assert "take" in bad.stderr
    unknown = on(invent, "call", "list_contacts", "-p", "tkae=5")
    assert unknown.exit_code == INVALID
    assert "did you mean 'take'" in unknown.stderr
    assert invent.simulator.requests[1:] == [], "nothing sent on bad input"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["call", "list_contact"], "did you mean 'list_contacts'"),
        (["call"], "--list"),
        (["call", "list_contacts", "-p", "take"], "name=value"),
        (["call", "create_contact", "--body", "{not json"], "not JSON"),
    ],
)
def test_usage_errors(args: list[str], says: str) -> None:
    result = run("--provider", "invent", "--simulate", *args)
    assert result.exit_code == USAGE
    assert says in result.output


def test_an_unknown_provider_is_a_configuration_error() -> None:
    result = run("--provider", "inventt", "call", "--list")
    assert result.exit_code == CONFIGURATION
    assert "did you mean 'invent'" in result.output


def test_a_bodiless_success_prints_null() -> None:
    with serve("mailersend") as server:
        base = ["--provider", "mailersend", "--base-url", server.base_url]
        domain = json.loads(run(*base, "--json", "domains", "create", "example.com").stdout)
        body = {"email": "a@example.com", "name": "A", "domain_id": domain["id"]}
        made = run(*base, "call", "create_identity", "--body", json.dumps(body))
        identity_id = json.loads(made.stdout)["data"]["id"]
        deleted = run(*base, "call", "delete_identity", "-p", f"identity_id={identity_id}")
    assert deleted.exit_code == 0, deleted.output
    assert deleted.stdout == "null\n"
