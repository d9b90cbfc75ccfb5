"""The ``sendfrom`` command (typer): identities, domains, capabilities and simulate.

Imported only by ``sendfrom.cli.main`` (and tests): ``import sendfrom`` never loads typer or rich.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

import sendfrom
from sendfrom.cli import _output as out
from sendfrom.cli._errors import EXIT_CODES, USAGE, exit_code, one_line
from sendfrom.client import NOT_GIVEN, Client, NotGiven
from sendfrom.errors import ConfigurationError, SendfromError
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


class _RootGroup(TyperGroup):
    """Global options anywhere on the line; every ``sendfrom.errors`` exception becomes its exit
    code and one line on stderr, never a traceback."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except SendfromError as error:
            typer.echo(one_line(error), err=True)
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
identities_app = typer.Typer(
    help="Sender identities: the addresses you send as.", no_args_is_help=True
)
domains_app = typer.Typer(
    help="Email domains and the DNS records that verify them.", no_args_is_help=True
)
app.add_typer(identities_app, name="identities")
app.add_typer(domains_app, name="domains")


@dataclass(frozen=True)
class _State:
    connect: dict[str, Any]
    """Only the settings the user gave; ``connect`` resolves the rest (environment, profile)."""
    json: bool
    raw: bool


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
        "max_retries": max_retries,
        "timeout": timeout,
        "simulate": True if simulate else None,
    }
    ctx.obj = _State(
        connect={k: v for k, v in given.items() if v is not None},
        json=json_output or raw,
        raw=raw,
    )


def _state(ctx: typer.Context) -> _State:
    state = ctx.find_root().obj
    assert isinstance(state, _State)
    return state


def _connect(ctx: typer.Context) -> Client:
    arguments = dict(_state(ctx).connect)
    return sendfrom.connect(arguments.pop("provider", None), **arguments)


def _emit_json(ctx: typer.Context, value: Any) -> None:
    sys.stdout.write(out.dump_json(value, raw=_state(ctx).raw))


def _emit(ctx: typer.Context, value: Any, table: Any) -> None:
    """``value`` as JSON with --json, else ``table`` (a rich renderable) for people."""
    if _state(ctx).json:
        _emit_json(ctx, value)
    else:
        out.show(table)


def _done(ctx: typer.Context, document: dict[str, Any], message: str) -> None:
    if _state(ctx).json:
        _emit_json(ctx, document)
    else:
        typer.echo(message)


def _usage(message: str) -> NoReturn:
    typer.echo(f"sendfrom: usage error: {message}", err=True)
    raise typer.Exit(USAGE)


def _clearable(value: str | None) -> str | NotGiven | None:
    """An update option: not given → NOT_GIVEN (unchanged); "" → None (cleared)."""
    if value is None:
        return NOT_GIVEN
    return value or None


def _toggle(value: bool | None) -> bool | NotGiven:
    return NOT_GIVEN if value is None else value


def _options(text: str | None) -> Mapping[str, Any] | None:
    if text is None:
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise typer.BadParameter(f"not JSON: {error}", param_hint="--provider-options") from None
    if not isinstance(parsed, dict):
        raise typer.BadParameter("must be a JSON object", param_hint="--provider-options")
    return parsed


def _nothing_to_update(changes: Mapping[str, Any], options: Mapping[str, Any] | None) -> bool:
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
_CLEAR = ' ("" clears it)'

# ---- identities


@identities_app.command("list")
def identities_list(
    ctx: typer.Context,
    domain_id: Annotated[
        str | None, typer.Option(help="Only this domain's identities", show_default=False)
    ] = None,
) -> None:
    """List every identity (all pages)."""
    with _connect(ctx) as client:
        items = out.collect(client.identities.list(domain_id=domain_id), "Listing identities")
    if not items and not _state(ctx).json:
        typer.echo("No identities.", err=True)
        return
    _emit(ctx, items, out.identities_table(items))


@identities_app.command("get")
def identities_get(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Show one identity."""
    with _connect(ctx) as client:
        identity = client.identities.get(identity_id)
    _emit(ctx, identity, out.identity_details(identity))


@identities_app.command("create")
def identities_create(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The address to send as", show_default=False)],
    name: Annotated[str | None, typer.Option(help="Sender name", show_default=False)] = None,
    domain_id: Annotated[
        str | None, typer.Option(help="The domain it belongs to", show_default=False)
    ] = None,
    reply_to_email: Annotated[str | None, typer.Option(show_default=False)] = None,
    reply_to_name: Annotated[str | None, typer.Option(show_default=False)] = None,
    provider_options: ProviderOptions = None,
) -> None:
    """Add an identity; the provider starts verifying it."""
    options = _options(provider_options)
    with _connect(ctx) as client:
        identity = client.identities.create(
            email,
            name=name,
            domain_id=domain_id,
            reply_to_email=reply_to_email,
            reply_to_name=reply_to_name,
            provider_options=options,
        )
    _emit(ctx, identity, out.identity_details(identity))


@identities_app.command("update")
def identities_update(
    ctx: typer.Context,
    identity_id: IdentityId,
    name: Annotated[str | None, typer.Option(help="Sender name" + _CLEAR)] = None,
    reply_to_email: Annotated[str | None, typer.Option(help="Reply-to address" + _CLEAR)] = None,
    reply_to_name: Annotated[str | None, typer.Option(help="Reply-to name" + _CLEAR)] = None,
    default: Annotated[
        bool | None, typer.Option("--default/--no-default", help="The default identity")
    ] = None,
    click_tracking: Annotated[bool | None, typer.Option("--click-tracking/--no-click-tracking")] = (
        None
    ),
    open_tracking: Annotated[bool | None, typer.Option("--open-tracking/--no-open-tracking")] = (
        None
    ),
    provider_options: ProviderOptions = None,
) -> None:
    """Change only the given fields; nothing else is sent."""
    options = _options(provider_options)
    changes: dict[str, Any] = {
        "name": _clearable(name),
        "reply_to_email": _clearable(reply_to_email),
        "reply_to_name": _clearable(reply_to_name),
        "is_default": _toggle(default),
        "click_tracking": _toggle(click_tracking),
        "open_tracking": _toggle(open_tracking),
    }
    if _nothing_to_update(changes, options):
        _usage("nothing to update: give at least one option (see `sendfrom identities update -h`)")
    with _connect(ctx) as client:
        identity = client.identities.update(identity_id, provider_options=options, **changes)
    _emit(ctx, identity, out.identity_details(identity))


@identities_app.command("delete")
def identities_delete(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Remove an identity."""
    with _connect(ctx) as client:
        client.identities.delete(identity_id)
        provider = client.provider
    _done(
        ctx,
        {"provider": provider, "id": identity_id, "deleted": True},
        f"Deleted identity {identity_id}.",
    )


@identities_app.command("resend")
def identities_resend(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Send the verification email again."""
    with _connect(ctx) as client:
        client.identities.resend_verification(identity_id)
        provider = client.provider
    _done(
        ctx,
        {"provider": provider, "id": identity_id, "verification_resent": True},
        f"Verification email sent again for identity {identity_id}.",
    )


# ---- domains


def _show_domain(ctx: typer.Context, domain: sendfrom.EmailDomain) -> None:
    if _state(ctx).json:
        _emit_json(ctx, domain)
        return
    if domain.dns_records:
        out.show(out.domain_details(domain), "", out.dns_table(domain.dns_records))
    else:
        out.show(out.domain_details(domain))


@domains_app.command("list")
def domains_list(ctx: typer.Context) -> None:
    """List every domain (all pages)."""
    with _connect(ctx) as client:
        items = out.collect(client.domains.list(), "Listing domains")
    if not items and not _state(ctx).json:
        typer.echo("No domains.", err=True)
        return
    _emit(ctx, items, out.domains_table(items))


@domains_app.command("get")
def domains_get(ctx: typer.Context, domain_id: DomainId) -> None:
    """Show one domain, its checks and its DNS records (where the provider reports them)."""
    with _connect(ctx) as client:
        domain = client.domains.get(domain_id)
    _show_domain(ctx, domain)


@domains_app.command("create")
def domains_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain, e.g. example.com", show_default=False)],
    description: Annotated[str | None, typer.Option(show_default=False)] = None,
    provider_options: ProviderOptions = None,
) -> None:
    """Add a domain; then publish its DNS records (`sendfrom domains dns ID`)."""
    options = _options(provider_options)
    with _connect(ctx) as client:
        domain = client.domains.create(name, description=description, provider_options=options)
        hint = not domain.dns_records and client.supports("domains.dns_records")
    _show_domain(ctx, domain)
    if hint and not _state(ctx).json:
        typer.echo(f"DNS records to publish: sendfrom domains dns {domain.id}", err=True)


@domains_app.command("update")
def domains_update(
    ctx: typer.Context,
    domain_id: DomainId,
    description: Annotated[str | None, typer.Option(help="Description" + _CLEAR)] = None,
    provider_options: ProviderOptions = None,
) -> None:
    """Change only the given fields; nothing else is sent."""
    options = _options(provider_options)
    changes: dict[str, Any] = {"description": _clearable(description)}
    if _nothing_to_update(changes, options):
        _usage("nothing to update: give --description or --provider-options")
    with _connect(ctx) as client:
        domain = client.domains.update(domain_id, provider_options=options, **changes)
    _show_domain(ctx, domain)


@domains_app.command("delete")
def domains_delete(ctx: typer.Context, domain_id: DomainId) -> None:
    """Remove a domain."""
    with _connect(ctx) as client:
        client.domains.delete(domain_id)
        provider = client.provider
    _done(
        ctx,
        {"provider": provider, "id": domain_id, "deleted": True},
        f"Deleted domain {domain_id}.",
    )


@domains_app.command("verify")
def domains_verify(ctx: typer.Context, domain_id: DomainId) -> None:
    """Ask the provider to re-check the domain's DNS, and show its fresh state."""
    with _connect(ctx) as client:
        domain = client.domains.verify(domain_id)
    _show_domain(ctx, domain)


class DnsFormat(StrEnum):
    TABLE = "table"
    BIND = "bind"
    JSON = "json"


@domains_app.command("dns")
def domains_dns(
    ctx: typer.Context,
    domain_id: DomainId,
    output_format: Annotated[
        DnsFormat | None,
        typer.Option(
            "--format",
            help="table (default), bind (zone-file lines: absolute names, TTL 3600, IN), "
            "or json (same as --json)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The DNS records to publish for the domain."""
    state = _state(ctx)
    if state.json and output_format not in {None, DnsFormat.JSON}:
        _usage(f"--json and --format {output_format} contradict each other: give one")
    chosen = output_format or (DnsFormat.JSON if state.json else DnsFormat.TABLE)
    with _connect(ctx) as client:
        records = client.domains.dns_records(domain_id)
        provider = client.provider
    if chosen is DnsFormat.JSON:
        _emit_json(ctx, records)
    elif chosen is DnsFormat.BIND:
        header = f"DNS records of {provider} domain {domain_id} (generated by sendfrom)"
        sys.stdout.write(out.bind_lines(records, header))
    elif records:
        out.show(out.dns_table(records))
    else:
        typer.echo("No DNS records.", err=True)


# ---- capabilities


@app.command(
    "capabilities",
    help="What each provider can do: native, emulated (served from other calls), or "
    "unsupported.\n\n"
    "Every provider by default; with --provider, that one and the reasons. --json: "
    '{provider: {operation: "native" | "emulated" | "unsupported"}}. Needs no key and sends '
    "nothing.",
)
def capabilities(ctx: typer.Context) -> None:
    from sendfrom.capabilities import OPERATIONS, capability_matrix
    from sendfrom.providers import adapter_class

    chosen = _state(ctx).connect.get("provider")
    matrix = capability_matrix([chosen] if chosen else None)
    if _state(ctx).json:
        _emit_json(ctx, matrix)
        return
    names = list(matrix)
    notes = adapter_class(names[0]).notes if len(names) == 1 else None
    table = out.table("OPERATION", *names, *(["NOTE"] if notes is not None else []))
    for op in OPERATIONS:
        row = [op] + [matrix[n][op] for n in names]
        if notes is not None:
            row.append(notes.get(op, ""))
        table.add_row(*row)
    out.show(table)


# ---- simulate


@app.command(
    "simulate",
    help="Serve a provider's simulator over HTTP until Ctrl-C; the first line on stdout is its "
    "base URL.\n\n"
    "Its state lives as long as the server: point other invocations at it with --base-url URL "
    "and any SENDFROM_API_KEY (and the scope settings a provider requires, e.g. --account-id, "
    "any value).",
)
def simulate(
    provider: Annotated[str, typer.Argument(help=known(), show_default=False)],
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="0 picks a free port")] = 0,
    api_key: Annotated[
        str | None,
        typer.Option(
            help="Accept only this (fake) key; default: any non-empty key", show_default=False
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the generated ids")] = 0,
) -> None:
    from sendfrom.providers import provider_name
    from sendfrom.testing import SimulatorServer, simulator

    try:
        provider = provider_name(provider)
    except ConfigurationError as error:
        raise typer.BadParameter(str(error), param_hint="PROVIDER") from None
    try:
        server = SimulatorServer(simulator(provider, api_key=api_key, seed=seed), host, port)
    except OSError as error:
        raise ConfigurationError(f"cannot listen on {host}:{port}: {error}") from None
    typer.echo(server.base_url)
    sys.stdout.flush()
    defaults = type(server.simulator).connect_defaults  # the scope settings it needs, if any
    scope = "".join(f" --{k.replace('_', '-')} {v}" for k, v in defaults.items())
    typer.echo(
        f"{provider} simulator on {server.base_url} (Ctrl-C stops it). Try:\n"
        f"  SENDFROM_API_KEY=any sendfrom --provider {provider} --base-url {server.base_url}"
        f"{scope} domains list",
        err=True,
    )
    previous = _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> Any:
    """Stop on SIGTERM as on Ctrl-C (closing the socket); the previous handler, to restore."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _interrupt)
