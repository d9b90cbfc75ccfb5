"""A provider's limits are data: what an operation's arguments are, which a provider does not take,
and every surface (the error, ``supports``, the README table) reads that one declaration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from sendfrom.capabilities import ARGUMENTS, OPERATIONS, argument_limits, capability_table
from sendfrom.errors import InvalidRequestError, UnsupportedOperationError
from sendfrom.providers import EXAMPLE, PROVIDERS, adapter_class
from sendfrom.testing import simulator

# A value for each optional argument, valid on its own, so only the provider's limit can refuse it.
VALUES: dict[str, Any] = {
    "name": "Billing",
    "domain_id": "d1",
    "reply_to_email": "reply@example.com",
    "reply_to_name": "Replies",
    "is_default": True,
    "click_tracking": True,
    "open_tracking": False,
    "description": "Transactional",
    "page_size": 10,
}
CALLS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "identities.list": lambda c, a: c.identities.list(**a),  # refused on the call, not later
    "identities.create": lambda c, a: c.identities.create("billing@example.com", **a),
    "identities.update": lambda c, a: c.identities.update("i1", **a),
    "domains.list": lambda c, a: c.domains.list(**a),
    "domains.create": lambda c, a: c.domains.create("example.com", **a),
    "domains.update": lambda c, a: c.domains.update("d1", **a),
}
LIMITS = [
    (provider, op, argument, reason)
    for provider in PROVIDERS
    for op, refused in adapter_class(provider).unsupported_arguments.items()
    for argument, reason in refused.items()
]


def test_every_declared_limit_is_an_argument_of_a_supported_operation() -> None:
    for provider, op, argument, reason in LIMITS:
        assert op in adapter_class(provider).capabilities, (provider, op)
        assert argument in ARGUMENTS[op], (provider, op, argument)
        assert reason, (provider, op, argument)


@pytest.mark.parametrize("is_async", [False, True])
@pytest.mark.parametrize(("provider", "op", "argument", "reason"), LIMITS)
async def test_a_refused_argument_is_named_before_anything_is_sent(
    provider: str, op: str, argument: str, reason: str, is_async: bool
) -> None:
    sim = simulator(provider)
    client = sim.connect_async() if is_async else sim.connect()

    async def call() -> None:
        result = CALLS[op](client, {argument: VALUES[argument]})
        if is_async:
            await result

    with pytest.raises(UnsupportedOperationError) as info:
        await call()
    error = info.value
    assert (error.provider, error.operation, error.argument) == (provider, op, argument)
    assert error.reason == reason
    assert f"the {argument} argument of {op}" in str(error)
    assert sim.requests == []
    assert not client.supports(op, argument)
    assert client.supports(op)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_supports_answers_for_every_argument_from_the_declaration(provider: str) -> None:
    client = simulator(provider).connect()
    adapter = adapter_class(provider)
    for op in OPERATIONS:
        for argument in ARGUMENTS[op]:
            refused = argument in adapter.unsupported_arguments.get(op, {})
            expected = op in adapter.capabilities and not refused
            assert client.supports(op, argument) is expected, (op, argument)
        assert client.supports(op) is (op in adapter.capabilities)  # the operation alone


def test_supports_refuses_an_argument_the_operation_does_not_have() -> None:
    client = simulator("mailersend").connect()
    with pytest.raises(InvalidRequestError, match="'colour'"):
        client.supports("domains.create", "colour")


def test_none_and_not_given_are_not_arguments_given() -> None:
    """Leaving a refused argument out (or passing its default) never trips the limit."""
    client = simulator("mailersend").connect()
    domain = client.domains.create("example.com", description=None)
    assert client.domains.update(domain.id, provider_options={"send_paused": True}).active is False


def test_the_readme_table_shows_every_limit_with_its_reason() -> None:
    table = capability_table()
    for provider, op, argument, reason in LIMITS:
        row = next(
            line for line in table.splitlines() if line.startswith(f"| `{op}` | `{argument}` |")
        )
        cells = [c.strip() for c in row.strip("|").split("|")][2:]
        assert cells[PROVIDERS.index(provider)] == f"no: {reason}"
    assert argument_limits() == {
        p: {op: dict(r) for op, r in adapter_class(p).unsupported_arguments.items()}
        for p in PROVIDERS
    }


def test_mailersend_domains_take_no_description() -> None:
    """The declaration behind the README's first example: portable code asks before it sends."""
    client = sendfrom.connect("mailersend", simulate=True)
    description = "Transactional" if client.supports("domains.create", "description") else None
    domain = client.domains.create("example.com", description=description)
    assert domain.description is None


def test_the_command_line_shows_the_same_limits() -> None:
    import json

    from typer.testing import CliRunner

    from sendfrom.cli._app import app

    runner = CliRunner()
    result = runner.invoke(app, ["capabilities", "--json", "--arguments"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == argument_limits()
    provider = EXAMPLE  # one provider's table, as an example
    table = runner.invoke(app, ["capabilities", "--provider", provider]).stdout
    for _, op, argument, reason in [limit for limit in LIMITS if limit[0] == provider]:
        assert any(
            op in line and argument in line and reason in line for line in table.splitlines()
        )
