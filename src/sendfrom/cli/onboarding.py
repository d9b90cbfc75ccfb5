"""``sendfrom domains onboard NAME``: a customer's domain from nothing to verified, in one command.

ensure the domain → show its records → publish them with octoDNS (``--publish FILE``, applied
with ``--doit``) → look them up in DNS → ask the provider to verify → wait (``--wait``) → the
final state. Each step is the library's public API; docs/onboarding.md's recipe is the same flow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

import sendfrom.dns
from sendfrom.cli import _output as out
from sendfrom.cli._common import connect, emit_json, not_found, state
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
from sendfrom.cli.publishing import Doit, publish_records, records_of, result_document
from sendfrom.client import Client
from sendfrom.dns import RecordCheck
from sendfrom.models import DnsRecord, EmailDomain

__all__ = ["domains_onboard"]

Publish = Annotated[
    Path | None,
    typer.Option(
        "--publish",
        help="Publish the records with this octoDNS config (the plan only, unless --doit)",
        show_default=False,
        exists=True,
        dir_okay=False,
        metavar="OCTODNS_CONFIG",
    ),
]
Nameserver = Annotated[
    list[str] | None,
    typer.Option(
        "--nameserver",
        help="Check DNS at this server (HOST or HOST:PORT; repeat for more); default: the "
        "system resolver",
        show_default=False,
    ),
]
DnsTimeout = Annotated[
    float, typer.Option("--dns-timeout", min=0.001, help="Seconds each nameserver gets to answer")
]


class Steps:
    """Prints each step for people (nothing with --json: one document comes at the end)."""

    def __init__(self, ctx: typer.Context) -> None:
        self.quiet = state(ctx).json
        self.number = 0

    def heading(self, text: str) -> None:
        self.number += 1
        if not self.quiet:
            typer.echo(("\n" if self.number > 1 else "") + f"{self.number}. {text}")

    def say(self, text: str) -> None:
        if not self.quiet:
            typer.echo(f"   {text}")

    def show(self, *renderables: Any) -> None:
        if not self.quiet:
            out.show(*renderables)


def _check_dns(
    steps: Steps, records: list[DnsRecord], nameservers: list[str] | None, timeout: float
) -> list[RecordCheck]:
    """The records just shown, looked up in DNS (what ``client.domains.check_dns`` does, without
    asking the provider for them again)."""
    if not records:
        steps.say("no records to look up")
        return []
    checks = sendfrom.dns.check(records, nameservers=nameservers, timeout=timeout)
    steps.show(out.checks_table(checks))
    missing = sum(1 for c in checks if not c.ok)
    steps.say(
        "every record is published"
        if not missing
        else f"{missing} of {len(checks)} not (yet) as asked: the provider will not verify "
        "until they are (DNS changes can take a while to show)"
    )
    return checks


def _ensure(ctx: typer.Context, client: Client, name: str) -> EmailDomain:
    """The domain, created if need be; where domains cannot be created (they come with an
    identity, as on Space Invoices) the existing one, or exit 7 saying how to make it."""
    if client.supports("domains.create") or not client.supports("domains.find"):
        return client.domains.ensure(name)  # (or UnsupportedOperationError, exit 4)
    found = client.domains.find(name)
    if found is None:
        not_found(
            ctx,
            f"no domain named {name}, and {client.provider} cannot create domains: its domains "
            f"come with an identity (sendfrom identities create hello@{name})",
        )
    return found


def domains_onboard(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The domain, e.g. example.com", show_default=False)],
    publish: Publish = None,
    doit: Doit = False,
    nameserver: Nameserver = None,
    dns_timeout: DnsTimeout = 5.0,
    wait: Wait = False,
    wait_timeout: WaitTimeout = DEFAULT_TIMEOUT,
    interval: Interval = DEFAULT_INTERVAL,
) -> None:
    """Onboard a customer's domain: ensure it, show its DNS records, publish them (--publish,
    --doit), check DNS, ask the provider to verify, wait (--wait), show the final state."""
    steps = Steps(ctx)
    waiting = WaitOptions(wait, wait_timeout, interval)
    document: dict[str, Any] = {"publish": None}
    if publish is not None:  # a config that cannot be used stops here, before any request
        from sendfrom.publish import quiet_octodns, zone_for

        with quiet_octodns():
            zone_for(name, publish)
    with connect(ctx) as client:
        refuse_unwaitable(client, "domains", waiting)
        steps.heading(f"Domain {name} on {client.provider}")
        domain = _ensure(ctx, client, name)
        steps.say(f"id {domain.id}, {domain.status}")

        steps.heading("DNS records to publish")
        records = records_of(client, domain)
        document["records"] = records
        steps.show(out.dns_table(records))

        if publish is not None:
            steps.heading(f"Publishing with octoDNS ({publish})")
            document["publish"] = result_document(
                publish_records(ctx, records, domain.name, publish, doit)
            )

        steps.heading("Looking the records up in DNS")
        checks = _check_dns(steps, records, nameserver, dns_timeout)
        document["dns_checks"] = checks

        steps.heading("Asking the provider to verify")
        if client.supports("domains.verify"):
            domain = client.domains.verify(domain.id)
            steps.say(str(domain.status))
        else:
            steps.say(f"{client.provider} verifies on its own schedule (no verify call)")

        if waiting.wait:
            steps.heading("Waiting for verification")
            domain = wait_for(ctx, client, domain, waiting)
    document["domain"] = domain
    if state(ctx).json:
        emit_json(ctx, document)
        return
    steps.heading("Final state")
    out.show(out.domain_details(domain))
