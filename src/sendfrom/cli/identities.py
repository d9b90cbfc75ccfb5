"""``sendfrom identities``: list, get, find, ensure, create, update, delete, resend."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sendfrom.cli import _output as out
from sendfrom.cli._common import (
    CLEAR,
    IdentityId,
    ProviderOptions,
    clearable,
    connect,
    done,
    emit,
    not_found,
    nothing_to_update,
    parse_options,
    state,
    toggle,
    usage,
)
from sendfrom.cli._waiting import (
    DEFAULT_INTERVAL,
    DEFAULT_TIMEOUT,
    Interval,
    Wait,
    WaitOptions,
    WaitTimeout,
    refuse_unwaitable,
    wait_for,
)

app = typer.Typer(help="Sender identities: the addresses you send as.", no_args_is_help=True)


@app.command("list")
def identities_list(
    ctx: typer.Context,
    domain_id: Annotated[
        str | None, typer.Option(help="Only this domain's identities", show_default=False)
    ] = None,
) -> None:
    """List every identity (all pages)."""
    with connect(ctx) as client:
        items = out.collect(client.identities.list(domain_id=domain_id), "Listing identities")
    if not items and not state(ctx).json:
        typer.echo("No identities.", err=True)
        return
    emit(ctx, items, out.identities_table(items))


@app.command("get")
def identities_get(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Show one identity."""
    with connect(ctx) as client:
        identity = client.identities.get(identity_id)
    emit(ctx, identity, out.identity_details(identity))


@app.command("find")
def identities_find(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The address (any case)", show_default=False)],
) -> None:
    """Show the identity with this address; none: exit code 7 (JSON: null)."""
    with connect(ctx) as client:
        identity = client.identities.find(email)
    if identity is None:
        not_found(ctx, f"no identity with the address {email}")
    emit(ctx, identity, out.identity_details(identity))


@app.command("ensure")
def identities_ensure(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The address to send as", show_default=False)],
    name: Annotated[
        str | None, typer.Option(help="Sender name, if it is created", show_default=False)
    ] = None,
    domain_id: Annotated[
        str | None, typer.Option(help="The domain it belongs to, if created", show_default=False)
    ] = None,
    provider_options: ProviderOptions = None,
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Show the identity with this address, creating it first if there is none (never twice)."""
    waiting = WaitOptions(wait, wait_timeout, interval)
    options = parse_options(provider_options)
    with connect(ctx) as client:
        refuse_unwaitable(client, "identities", waiting)
        identity = client.identities.ensure(
            email, name=name, domain_id=domain_id, provider_options=options
        )
        identity = wait_for(ctx, client, identity, waiting)
    emit(ctx, identity, out.identity_details(identity))


@app.command("create")
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
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Add an identity; the provider starts verifying it."""
    options = parse_options(provider_options)
    waiting = WaitOptions(wait, wait_timeout, interval)
    with connect(ctx) as client:
        refuse_unwaitable(client, "identities", waiting)
        identity = client.identities.create(
            email,
            name=name,
            domain_id=domain_id,
            reply_to_email=reply_to_email,
            reply_to_name=reply_to_name,
            provider_options=options,
        )
        identity = wait_for(ctx, client, identity, waiting)
    emit(ctx, identity, out.identity_details(identity))


@app.command("update")
def identities_update(
    ctx: typer.Context,
    identity_id: IdentityId,
    name: Annotated[str | None, typer.Option(help="Sender name" + CLEAR)] = None,
    reply_to_email: Annotated[str | None, typer.Option(help="Reply-to address" + CLEAR)] = None,
    reply_to_name: Annotated[str | None, typer.Option(help="Reply-to name" + CLEAR)] = None,
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
    options = parse_options(provider_options)
    changes: dict[str, Any] = {
        "name": clearable(name),
        "reply_to_email": clearable(reply_to_email),
        "reply_to_name": clearable(reply_to_name),
        "is_default": toggle(default),
        "click_tracking": toggle(click_tracking),
        "open_tracking": toggle(open_tracking),
    }
    if nothing_to_update(changes, options):
        usage("nothing to update: give at least one option (see `sendfrom identities update -h`)")
    with connect(ctx) as client:
        identity = client.identities.update(identity_id, provider_options=options, **changes)
    emit(ctx, identity, out.identity_details(identity))


@app.command("delete")
def identities_delete(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Remove an identity."""
    with connect(ctx) as client:
        client.identities.delete(identity_id)
        provider = client.provider
    done(
        ctx,
        {"provider": provider, "id": identity_id, "deleted": True},
        f"Deleted identity {identity_id}.",
    )


@app.command("resend")
def identities_resend(ctx: typer.Context, identity_id: IdentityId) -> None:
    """Send the verification email again."""
    with connect(ctx) as client:
        client.identities.resend_verification(identity_id)
        provider = client.provider
    done(
        ctx,
        {"provider": provider, "id": identity_id, "verification_resent": True},
        f"Verification email sent again for identity {identity_id}.",
    )
