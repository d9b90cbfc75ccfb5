"""What every command group shares: the parsed global options (``State``), connecting with them,
printing a result (JSON or a table), usage errors, and the option types several commands take."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import typer

import sendfrom
from sendfrom.cli import _output as out
from sendfrom.cli._errors import NOT_FOUND, USAGE
from sendfrom.client import NOT_GIVEN, Client, NotGiven


@dataclass(frozen=True)
class State:
    """The global options of one invocation (``ctx.obj`` of the root command)."""

    connect: dict[str, Any]
    """Only the settings the user gave; ``connect`` resolves the rest (environment, profile)."""
    json: bool
    raw: bool


def state(ctx: typer.Context) -> State:
    """The global options, from any command's context."""
    found = ctx.find_root().obj
    assert isinstance(found, State)
    return found


def connect(ctx: typer.Context) -> Client:
    """A client with the settings the user gave (the rest from the environment or a profile)."""
    arguments = dict(state(ctx).connect)
    return sendfrom.connect(arguments.pop("provider", None), **arguments)


def emit_json(ctx: typer.Context, value: Any) -> None:
    sys.stdout.write(out.dump_json(value, raw=state(ctx).raw))


def emit(ctx: typer.Context, value: Any, table: Any) -> None:
    """``value`` as JSON with --json, else ``table`` (a rich renderable) for people."""
    if state(ctx).json:
        emit_json(ctx, value)
    else:
        out.show(table)


def done(ctx: typer.Context, document: dict[str, Any], message: str) -> None:
    """``document`` as JSON with --json, else ``message``: what a command without a result did."""
    if state(ctx).json:
        emit_json(ctx, document)
    else:
        typer.echo(message)


def not_found(ctx: typer.Context, message: str) -> NoReturn:
    """What ``find`` does when nothing matches: ``null`` with --json, else ``message`` on stderr;
    either way the exit code of NotFoundError."""
    if state(ctx).json:
        emit_json(ctx, None)
    else:
        typer.echo(f"sendfrom: not found: {message}", err=True)
    raise typer.Exit(NOT_FOUND)


def usage(message: str) -> NoReturn:
    typer.echo(f"sendfrom: usage error: {message}", err=True)
    raise typer.Exit(USAGE)


def clearable(value: str | None) -> str | NotGiven | None:
    """An update option: not given → NOT_GIVEN (unchanged); "" → None (cleared)."""
    if value is None:
        return NOT_GIVEN
    return value or None


def toggle(value: bool | None) -> bool | NotGiven:
    return NOT_GIVEN if value is None else value


def parse_options(text: str | None) -> Mapping[str, Any] | None:
    """The ``--provider-options`` JSON object, parsed (a usage error if it is not one)."""
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"not JSON: {error}", param_hint="--provider-options") from None
    if not isinstance(parsed, dict):
        raise typer.BadParameter("must be a JSON object", param_hint="--provider-options")
    return parsed


def nothing_to_update(changes: Mapping[str, Any], options: Mapping[str, Any] | None) -> bool:
    return options is None and all(isinstance(v, NotGiven) for v in changes.values())


# ---- shared option types

IdentityId = Annotated[str, typer.Argument(help="The identity's id", show_default=False)]
DomainId = Annotated[str, typer.Argument(help="The domain's id", show_default=False)]
ProviderOptions = Annotated[
    str | None,
    typer.Option(
        help="JSON object deep-merged into the provider's request body (not portable)",
        show_default=False,
    ),
]
CLEAR = ' ("" clears it)'
