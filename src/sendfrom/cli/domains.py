"""``sendfrom domains``: list, get, find, ensure, create, update, delete, verify, dns (the
records to publish, as a table, zone-file lines, an octoDNS zone or JSON), and check (each record
looked up in DNS)."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

import sendfrom
import sendfrom.dns
from sendfrom.cli import _output as out
from sendfrom.cli._common import (
    CLEAR,
    DomainId,
    ProviderOptions,
    clearable,
    connect,
    done,
    emit,
    emit_json,
    not_found,
    nothing_to_update,
    parse_options,
    state,
    usage,
)
from sendfrom.cli._errors import NOT_OK
from sendfrom.cli._waiting import (
    DEFAULT_INTERVAL,
    DEFAULT_TIMEOUT,
    Interval,
    Wait,
    WaitOptions,
    WaitTimeout,
    keeping_the_deadline,
    refuse_unwaitable,
    wait_for,
)
from sendfrom.cli.onboarding import domains_onboard
from sendfrom.cli.publishing import domains_publish
from sendfrom.client import Client

app = typer.Typer(help="Email domains and the DNS records that verify them.", no_args_is_help=True)


def _show_domain(ctx: typer.Context, domain: sendfrom.EmailDomain) -> None:
    if state(ctx).json:
        emit_json(ctx, domain)
        return
    if domain.dns_records:
        out.show(out.domain_details(domain), "", out.dns_table(domain.dns_records))
    else:
        out.show(out.domain_details(domain))


def _show_records_to_publish(
    ctx: typer.Context, client: Client, domain: sendfrom.EmailDomain
) -> None:
    """Before a wait: the records to publish, on stderr (stdout keeps only the final state)."""
    if state(ctx).json or domain.status == sendfrom.VerificationStatus.VERIFIED:
        return
    records = domain.dns_records
    if not records and client.supports("domains.dns_records"):
        records = client.domains.dns_records(domain.id)
    if records:
        typer.echo(f"Waiting for {domain.name}: publish these DNS records", err=True)
        for line in out.plain_lines(out.dns_table(records).rows):
            typer.echo(f"  {line}", err=True)


@app.command("list")
def domains_list(ctx: typer.Context) -> None:
    """List every domain (all pages)."""
    with connect(ctx) as client:
        items = out.collect(client.domains.list(), "Listing domains")
    if not items and not state(ctx).json:
        typer.echo("No domains.", err=True)
        return
    emit(ctx, items, out.domains_table(items))


@app.command("get")
def domains_get(ctx: typer.Context, domain_id: DomainId) -> None:
    """Show one domain, its checks and its DNS records (where the provider reports them)."""
    with connect(ctx) as client:
        domain = client.domains.get(domain_id)
    _show_domain(ctx, domain)


@app.command("find")
def domains_find(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain name (any case)", show_default=False)],
) -> None:
    """Show the domain with this name; none: exit code 7 (JSON: null)."""
    with connect(ctx) as client:
        domain = client.domains.find(name)
    if domain is None:
        not_found(ctx, f"no domain named {name}")
    _show_domain(ctx, domain)


@app.command("ensure")
def domains_ensure(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain, e.g. example.com", show_default=False)],
    description: Annotated[
        str | None, typer.Option(help="Description, if it is created", show_default=False)
    ] = None,
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Show the domain with this name, creating it first if there is none (never twice)."""
    waiting = WaitOptions(wait, wait_timeout, interval)
    with connect(ctx) as client:
        refuse_unwaitable(client, "domains", waiting)
        domain = client.domains.ensure(name, description=description)
        if waiting.wait:
            _show_records_to_publish(ctx, client, domain)
        domain = wait_for(ctx, client, domain, waiting)
    _show_domain(ctx, domain)


@app.command("create")
def domains_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain, e.g. example.com", show_default=False)],
    description: Annotated[str | None, typer.Option(show_default=False)] = None,
    provider_options: ProviderOptions = None,
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Add a domain; then publish its DNS records (`sendfrom domains dns ID`)."""
    options = parse_options(provider_options)
    waiting = WaitOptions(wait, wait_timeout, interval)
    with connect(ctx) as client:
        refuse_unwaitable(client, "domains", waiting)
        domain = client.domains.create(name, description=description, provider_options=options)
        hint = not domain.dns_records and client.supports("domains.dns_records")
        if waiting.wait:
            _show_records_to_publish(ctx, client, domain)
        domain = wait_for(ctx, client, domain, waiting)
    _show_domain(ctx, domain)
    if hint and not state(ctx).json:
        typer.echo(f"DNS records to publish: sendfrom domains dns {domain.id}", err=True)


@app.command("update")
def domains_update(
    ctx: typer.Context,
    domain_id: DomainId,
    description: Annotated[str | None, typer.Option(help="Description" + CLEAR)] = None,
    provider_options: ProviderOptions = None,
) -> None:
    """Change only the given fields; nothing else is sent."""
    options = parse_options(provider_options)
    changes: dict[str, Any] = {"description": clearable(description)}
    if nothing_to_update(changes, options):
        usage("nothing to update: give --description or --provider-options")
    with connect(ctx) as client:
        domain = client.domains.update(domain_id, provider_options=options, **changes)
    _show_domain(ctx, domain)


@app.command("delete")
def domains_delete(ctx: typer.Context, domain_id: DomainId) -> None:
    """Remove a domain."""
    with connect(ctx) as client:
        client.domains.delete(domain_id)
        provider = client.provider
    done(
        ctx,
        {"provider": provider, "id": domain_id, "deleted": True},
        f"Deleted domain {domain_id}.",
    )


@app.command("verify")
def domains_verify(
    ctx: typer.Context,
    domain_id: DomainId,
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Ask the provider to re-check the domain's DNS, and show its fresh state (with --wait:
    once it is verified)."""
    waiting = WaitOptions(wait, wait_timeout, interval)
    with connect(ctx) as client:
        refuse_unwaitable(client, "domains", waiting)
        with keeping_the_deadline(client, waiting):
            domain = wait_for(ctx, client, client.domains.verify(domain_id), waiting)
    _show_domain(ctx, domain)


class DnsFormat(StrEnum):
    TABLE = "table"
    BIND = "bind"
    OCTODNS = "octodns"
    JSON = "json"


@app.command("dns")
def domains_dns(
    ctx: typer.Context,
    domain_id: DomainId,
    output_format: Annotated[
        DnsFormat | None,
        typer.Option(
            "--format",
            help="table (default), bind (zone-file lines: absolute names, TTL 3600, IN), "
            "octodns (an octoDNS YAML zone file, names relative to --zone), "
            "or json (same as --json)",
            show_default=False,
        ),
    ] = None,
    zone: Annotated[
        str | None,
        typer.Option(
            help="octodns: the zone the names are relative to (default: the domain's name)",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The DNS records to publish for the domain."""
    given = state(ctx)
    if given.json and output_format not in {None, DnsFormat.JSON}:
        usage(f"--json and --format {output_format} contradict each other: give one")
    if zone is not None and output_format is not DnsFormat.OCTODNS:
        usage("--zone is for --format octodns only")
    chosen = output_format or (DnsFormat.JSON if given.json else DnsFormat.TABLE)
    with connect(ctx) as client:
        records = client.domains.dns_records(domain_id)
        provider = client.provider
        if chosen is DnsFormat.OCTODNS and zone is None:
            zone = client.domains.get(domain_id).name
    header = f"DNS records of {provider} domain {domain_id} (generated by sendfrom)"
    if chosen is DnsFormat.JSON:
        emit_json(ctx, records)
    elif chosen is DnsFormat.BIND:
        sys.stdout.write(out.bind_lines(records, header))
    elif chosen is DnsFormat.OCTODNS:
        assert zone is not None
        document = sendfrom.dns.to_octodns(records, zone)
        note = f"octoDNS zone {zone.rstrip('.')}. (YamlProvider, escaped_semicolons: true): "
        sys.stdout.write(out.octodns_yaml(document, note + header))
    elif records:
        out.show(out.dns_table(records))
    else:
        typer.echo("No DNS records.", err=True)


@app.command("check")
def domains_check(
    ctx: typer.Context,
    domain_id: DomainId,
    nameserver: Annotated[
        list[str] | None,
        typer.Option(
            "--nameserver",
            help="host or host:port of a nameserver to ask (repeat for more; default: the "
            "system resolver)",
            show_default=False,
        ),
    ] = None,
    dns_timeout: Annotated[
        float,
        typer.Option(help="seconds each nameserver gets to answer (--timeout is the provider's)"),
    ] = 5.0,
) -> None:
    """Look each of the domain's DNS records up in DNS: ok, missing, mismatch (what is published
    instead) or error. Exit code 0 only when every record is ok, 1 otherwise."""
    with connect(ctx) as client:
        checks = client.domains.check_dns(domain_id, nameservers=nameserver, timeout=dns_timeout)
    bad = [c for c in checks if not c.ok]
    if state(ctx).json:
        emit_json(ctx, checks)
    elif checks:
        out.show(out.checks_table(checks))
    else:
        typer.echo("No DNS records.", err=True)
    if bad:
        if not state(ctx).json:
            typer.echo(f"{len(bad)} of {len(checks)} records are not published as asked", err=True)
        raise typer.Exit(NOT_OK)


app.command("publish")(domains_publish)
app.command("onboard")(domains_onboard)
