"""The ``sendfrom`` command (typer): the root command, its global options and its error handling;
the command groups live in ``identities``, ``domains``, ``capabilities``, ``simulate`` and ``call``.

Imported only by ``sendfrom.cli.main`` (and tests): ``import sendfrom`` never loads typer or rich.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

import sendfrom
from sendfrom.cli import call, capabilities, domains, fleet, identities, simulate
from sendfrom.cli._common import State
from sendfrom.cli._errors import EXIT_CODES, USAGE, exit_code, json_error, one_line
from sendfrom.errors import SendfromError
from sendfrom.providers import EXAMPLE, known, scope_help, titles

__all__ = ["app"]

# ---- global options: accepted before or after the command ("sendfrom domains list --json")

_GLOBAL_FLAGS = frozenset({"--simulate", "--json", "--raw"})
_GLOBAL_VALUED = frozenset(
    {
        "--provider",
        "--profile",
        "--base-url",
        "--org-id",
        "--account-id",
        "--organization-id",
        "--max-retries",
        "--timeout",
    }
)


def hoist_global_options(args: list[str]) -> list[str]:
    """Move the global options found anywhere (before a ``--``) to the front, in order."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name = arg.split("=", 1)[0]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg in _GLOBAL_FLAGS or (name in _GLOBAL_VALUED and "=" in arg):
            front.append(arg)
        elif arg in _GLOBAL_VALUED and index + 1 < len(args):
            front += [arg, args[index + 1]]
            index += 1
        else:
            rest.append(arg)
        index += 1
    return front + rest


def exit_code_lines() -> list[str]:
    """The exit-code table, one line per code (the help's epilog)."""
    rows = ["0   success", f"{USAGE}   usage error (bad option or argument; cli extra missing)"]
    for classes, code, meaning in sorted(EXIT_CODES, key=lambda row: (row[1] == 1, row[1])):
        names = " / ".join(c.__name__ for c in classes)
        rows.append(f"{code:<3} {names}: {meaning}")
    return rows


def _one_line_summaries(group: TyperGroup) -> None:
    """Each command's summary in its group's list as one line: rich help keeps a docstring's line
    breaks, which cut the list's sentences mid-way ("(with --wait:" / "once it is verified)")."""
    for command in group.commands.values():
        if command.short_help is None and command.help:
            command.short_help = " ".join(command.help.split("\n\n")[0].split())
        if isinstance(command, TyperGroup):
            _one_line_summaries(command)


_KEY_OPTIONS = frozenset({"--api-key", "--api_key", "--apikey", "--key", "--token"})


def _no_such_option() -> tuple[type[Exception], ...]:
    """click's NoSuchOption: typer 0.2x carries its own copy of click (``typer._click``, and
    click itself may not be installed), older typer uses click's."""
    found: list[type[Exception]] = []
    for module in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(importlib.import_module(module).NoSuchOption)
        except (ImportError, AttributeError):
            continue
    return tuple(found)


_NO_SUCH_OPTION = _no_such_option()


def _with_key_hint(error: Exception) -> Exception:
    """An option that would put the API key on the command line: say where the key goes."""
    name = getattr(error, "option_name", None)
    if name in _KEY_OPTIONS:
        vars(error)["message"] = (  # the message typer and click show (typed Final in click)
            f"No such option: {name}. The API key never goes on the command line (your shell "
            "history would keep it): set SENDFROM_API_KEY, or api_key_env in a sendfrom.toml "
            "profile"
        )
    return error


class _RootGroup(TyperGroup):
    """Global options anywhere on the line; every ``sendfrom.errors`` exception becomes its exit
    code and one line on stderr (one JSON object with --json or --raw), never a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _one_line_summaries(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, hoist_global_options(list(args)))
        except _NO_SUCH_OPTION as error:
            raise _with_key_hint(error) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _NO_SUCH_OPTION as error:  # a command's own options
            raise _with_key_hint(error) from None
        except SendfromError as error:
            as_json = bool(ctx.params.get("json_output") or ctx.params.get("raw"))
            typer.echo(json_error(error) if as_json else one_line(error), err=True)
            raise typer.Exit(exit_code(error)) from None


_HELP = "\n\n".join(
    [
        f"Manage sender identities and email domains on {titles()}.",
        "The provider and its settings come from the options below, else the environment "
        "(SENDFROM_PROVIDER, SENDFROM_API_KEY, SENDFROM_ORG_ID, ...), else a profile in "
        "sendfrom.toml. Global options may come before or after the command. The API key is "
        "read only from SENDFROM_API_KEY or the profile's api_key_env, never from the command "
        "line, where it would land in your shell history.",
        "--simulate runs the command against a fresh, empty in-process simulator, to try "
        "commands out: nothing persists between two invocations. For a stateful session run "
        f"'sendfrom simulate {EXAMPLE} --port 8025' and point other invocations at it with "
        "'--base-url http://127.0.0.1:8025/v1' and any SENDFROM_API_KEY.",
    ]
)

app = typer.Typer(
    name="sendfrom",
    cls=_RootGroup,
    help=_HELP,
    epilog="Exit codes:\n" + "\n".join(exit_code_lines()),
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"sendfrom {sendfrom.__version__}")
        raise typer.Exit()


_CONNECTION = "Connection (default: environment, then sendfrom.toml)"
_OUTPUT = "Output"


@app.callback()
def _root(
    ctx: typer.Context,
    provider: Annotated[
        str | None,
        typer.Option(
            help=f"{known()} (env SENDFROM_PROVIDER)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            help="Profile of sendfrom.toml (env SENDFROM_PROFILE)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    simulate: Annotated[
        bool,
        typer.Option(
            "--simulate",
            help="Use a fresh in-process simulator (no key, nothing persists) (env "
            "SENDFROM_SIMULATE)",
            rich_help_panel=_CONNECTION,
        ),
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="API base URL, e.g. a 'sendfrom simulate' server (env SENDFROM_BASE_URL)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    org_id: Annotated[
        str | None,
        typer.Option(
            help=f"{scope_help('org_id')} (env SENDFROM_ORG_ID)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    account_id: Annotated[
        str | None,
        typer.Option(
            help=f"{scope_help('account_id')} (env SENDFROM_ACCOUNT_ID)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    organization_id: Annotated[
        str | None,
        typer.Option(
            help=f"{scope_help('organization_id')} (env SENDFROM_ORGANIZATION_ID)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    on_behalf_of: Annotated[
        str | None,
        typer.Option(
            help=f"{scope_help('on_behalf_of')} (env SENDFROM_ON_BEHALF_OF)",
            rich_help_panel=_CONNECTION,
            show_default=False,
        ),
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(min=0, help="Retries per request (default 2)", rich_help_panel=_CONNECTION),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            help="Seconds per request (default 30)",
            rich_help_panel=_CONNECTION,
        ),
    ] = None,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="One JSON document on stdout (a list for list commands, else an object)",
            rich_help_panel=_OUTPUT,
        ),
    ] = False,
    raw: Annotated[
        bool,
        typer.Option(
            "--raw",
            help="JSON including each object's provider payload (raw); implies --json",
            rich_help_panel=_OUTPUT,
        ),
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit"
        ),
    ] = False,
) -> None:
    given = {
        "provider": provider,
        "profile": profile,
        "base_url": base_url,
        "org_id": org_id,
        "account_id": account_id,
        "organization_id": organization_id,
        "on_behalf_of": on_behalf_of,
        "max_retries": max_retries,
        "timeout": timeout,
        "simulate": True if simulate else None,
    }
    ctx.obj = State(
        connect={k: v for k, v in given.items() if v is not None},
        json=json_output or raw,
        raw=raw,
    )


app.command("capabilities", help=capabilities.HELP)(capabilities.capabilities)
app.command("simulate", help=simulate.HELP)(simulate.simulate)
app.add_typer(identities.app, name="identities")
app.add_typer(domains.app, name="domains")
app.add_typer(fleet.app, name="fleet")
app.command("call", help=call.HELP)(call.call)
