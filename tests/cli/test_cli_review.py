"""The command line as a new user meets it (found in review): each test fails without its fix."""

from __future__ import annotations

import json

import pytest

from test_cli import one_error_line, run

SIMULATE = ["--simulate", "--provider", "mailersend"]


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.mark.parametrize("command", ["get", "check", "dns", "verify"])
def test_a_domain_name_where_an_id_is_asked_says_how_to_find_the_id(command: str) -> None:
    # `domains onboard` takes a name, the other commands an id: a new user passes the name.
    result = run(*SIMULATE, "domains", command, "example.com")
    assert result.exit_code == 7
    line = one_error_line(result)
    assert line.startswith("sendfrom: NotFoundError: ")
    assert "'sendfrom domains find example.com' shows its id" in line


def test_an_address_where_an_identity_id_is_asked_says_how_to_find_the_id() -> None:
    result = run(*SIMULATE, "identities", "get", "me@example.com")
    assert result.exit_code == 7
    assert "'sendfrom identities find me@example.com' shows its id" in one_error_line(result)


def test_an_unknown_id_gets_no_hint() -> None:
    result = run(*SIMULATE, "domains", "get", "nosuchid")
    assert result.exit_code == 7
    assert "find" not in one_error_line(result)


def test_the_hint_stays_out_of_json_errors() -> None:
    result = run(*SIMULATE, "--json", "domains", "get", "example.com")
    assert result.exit_code == 7
    error = json.loads(result.stderr)
    assert error["error"] == "NotFoundError"
    assert "find" not in error["message"]


def test_no_hint_where_find_cannot_work() -> None:
    # Invent has no domains.find (it cannot list domains): pointing at it would mislead.
    from sendfrom.cli._errors import one_line
    from sendfrom.errors import NotFoundError

    def error(provider: str) -> NotFoundError:
        return NotFoundError(
            "404 not found",
            status_code=404,
            body=b"",
            provider=provider,
            operation="domains.dns_records",
            request_method="GET",
            request_url="https://api.example.net/domains/example.com/records",
        )

    assert "domains find example.com" in one_line(error("mailersend"))
    assert "find" not in one_line(error("invent"))
    assert "find" not in one_line(error("no-such-provider"))


@pytest.mark.parametrize("group", ["domains", "identities"])
def test_each_command_is_summed_up_on_one_line_in_its_group_help(group: str) -> None:
    # Rich help kept the docstrings' line breaks: "(with --wait:" / "once it is verified)."
    # were two lines of the list, however wide the terminal.
    from typer.main import get_command

    from sendfrom.cli._app import app

    result = run(group, "--help", env={"COLUMNS": "400"})
    assert result.exit_code == 0
    commands = get_command(app).commands[group].commands  # type: ignore[attr-defined]
    for name, command in commands.items():
        summary = " ".join(command.help.split("\n\n")[0].split())
        assert any(summary in line for line in result.stdout.splitlines()), name


@pytest.mark.parametrize(
    ("provider", "args", "advice"),
    [
        ("invent", ["update_contact", "-p", "contact_id=x"], "needs --body '{...}'"),
        ("vortex", ["update_domain", "--body", "{}"], "needs --param id=..."),
        (
            "spaceinvoices",
            ["get_organization_email_address"],
            "pass --param id=... or --organization-id",
        ),
    ],
)
def test_call_says_what_is_missing_in_its_own_options(
    provider: str, args: list[str], advice: str
) -> None:
    # client.call's "needs body=..." is Python; on the command line it is --body / --param.
    result = run("--simulate", "--provider", provider, "call", *args)
    assert result.exit_code == 5
    line = one_error_line(result)
    assert line.startswith("sendfrom: InvalidRequestError: ")
    assert advice in line
    assert " body=..." not in line
    assert " id=..." not in line.replace("--param id=...", "")
