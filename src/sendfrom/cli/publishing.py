"""``sendfrom domains publish``: a thin layer over ``sendfrom.publish`` (octoDNS plan, then apply
with ``--doit``, octoDNS's own convention)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from sendfrom.cli._common import DomainId, connect, emit_json, state
from sendfrom.client import Client
from sendfrom.models import DnsRecord, EmailDomain

__all__ = ["Doit", "OctodnsConfig", "domains_publish", "publish_records", "records_of"]

OctodnsConfig = Annotated[
    Path,
    typer.Option(
        "--octodns-config",
        help="The octoDNS config whose zone (the domain's, or a parent) and targets to use",
        show_default=False,
        exists=True,
        dir_okay=False,
    ),
]
Doit = Annotated[
    bool,
    typer.Option("--doit", help="Make the changes (without it: only show the plan)"),
]


def records_of(client: Client, domain: EmailDomain) -> list[DnsRecord]:
    """The records to publish: the provider's full list where it has one."""
    if client.supports("domains.dns_records"):
        return client.domains.dns_records(domain.id)
    return list(domain.dns_records or [])


def publish_records(
    ctx: typer.Context, records: Sequence[DnsRecord], name: str, config: Path, doit: bool
) -> Any:
    """Plan (and with ``doit`` apply) ``records`` for domain ``name``, and print the plan on
    stdout (nothing with --json: the caller prints its JSON document)."""
    from sendfrom.publish import publish, quiet_octodns

    with quiet_octodns():
        result = publish(records, name, config, apply=doit)
    if not state(ctx).json:
        said = (
            "Applied"
            if result.applied
            else "Planned (the zone is always-dry-run: nothing applied)"
            if doit
            else "Planned (nothing is changed without --doit)"
        )
        typer.echo(f"{said}: {len(result.changes)} change(s) in zone {result.zone}")
        typer.echo(result.describe(), nl=False)
    return result


def result_document(result: Any) -> dict[str, Any]:
    document: dict[str, Any] = result.to_dict()
    return document


def domains_publish(
    ctx: typer.Context, domain_id: DomainId, octodns_config: OctodnsConfig, doit: Doit = False
) -> None:
    """Add the domain's DNS records to its zone with octoDNS, on the DNS host your octoDNS config
    names. Never deletes or replaces a record: an existing SPF record gets the include merged in.
    Shows the plan; --doit applies it."""
    with connect(ctx) as client:
        domain = client.domains.get(domain_id)
        records = records_of(client, domain)
    result = publish_records(ctx, records, domain.name, octodns_config, doit)
    if state(ctx).json:
        emit_json(ctx, result_document(result))
