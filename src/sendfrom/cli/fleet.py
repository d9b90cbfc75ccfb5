"""``sendfrom fleet``: many domains kept verified from one store (``sendfrom.fleet``).

add | ls | show | step | run [--once] | retry | remove | events, each with ``--db URL`` (default
``SENDFROM_FLEET_DB``, else ``./sendfrom-fleet.db``) and the global ``--json``. The provider
settings are the global ones (``--provider``, ``--profile``, the environment, sendfrom.toml);
``fleet add --profile`` stores a profile per domain, used for every later step of that domain.
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

import sendfrom
from sendfrom.cli import _output as out
from sendfrom.cli._common import emit, emit_json, parse_options, state
from sendfrom.cli.onboarding import DnsTimeout, Nameserver  # the same DNS options

if TYPE_CHECKING:
    from sendfrom.client import Client
    from sendfrom.fleet import DomainState, Event, Fleet

__all__ = ["app"]

app = typer.Typer(
    help="Keep many domains verified, unattended (sendfrom.fleet; needs sendfrom[fleet])",
    no_args_is_help=True,
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="The fleet's store: a SQLAlchemy URL or a SQLite file (default: SENDFROM_FLEET_DB, "
        "else ./sendfrom-fleet.db)",
        show_default=False,
        metavar="URL",
    ),
]
Domain = Annotated[str, typer.Argument(help="The domain name")]


@contextmanager
def _open(
    ctx: typer.Context,
    db: str | None,
    nameservers: list[str] | None = None,
    dns_timeout: float = 5.0,
) -> Iterator[Fleet]:
    """The fleet on ``db``, connecting each domain's profile with the global options; the
    clients it made are closed with it."""
    from sendfrom import fleet

    given = dict(state(ctx).connect)
    provider = given.pop("provider", None)
    default_profile = given.pop("profile", None)
    made: list[Client] = []

    def connect(profile: str | None) -> Client:
        client = sendfrom.connect(provider, profile=profile or default_profile, **given)
        made.append(client)
        return client

    try:
        with fleet.open(
            db, connect=connect, nameservers=nameservers, dns_timeout=dns_timeout
        ) as opened:
            yield opened
    finally:
        for client in made:
            client.close()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def document(item: DomainState | Event) -> dict[str, Any]:
    """A state or an event as JSON-safe data (what --json prints)."""
    return {f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(item)}


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S")


def _states_table(states: list[DomainState]) -> Any:
    table = out.table("DOMAIN", "STAGE", "STATUS", "PROVIDER", "NEXT CHECK", "ATTENTION", "KEY")
    for s in states:
        attention = (s.last_error or "yes") if s.needs_attention else ""
        table.add_row(
            s.domain,
            s.stage,
            s.status.value,
            s.provider,
            _when(s.next_check_at),
            attention,
            s.key or "",
        )
    return table


def _details(s: DomainState) -> Any:
    table = out.table("FIELD", "VALUE")
    for name, value in document(s).items():
        shown = (
            ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else value
        )
        table.add_row(name, "" if shown is None else str(shown))
    return table


def _show(ctx: typer.Context, states: list[DomainState]) -> None:
    emit(ctx, [document(s) for s in states], _states_table(states))


@app.command("add")
def fleet_add(
    ctx: typer.Context,
    domain: Domain,
    identity: Annotated[
        list[str] | None,
        typer.Option("--identity", help="A sender address at the domain (repeat for more)"),
    ] = None,
    publish: Annotated[
        Path | None,
        typer.Option(
            "--publish",
            help="Publish its records with this octoDNS config",
            metavar="OCTODNS_CONFIG",  # checked by add: a missing one is a ConfigurationError (3)
        ),
    ] = None,
    key: Annotated[str | None, typer.Option("--key", help="Your own reference")] = None,
    identity_options: Annotated[
        str | None,
        typer.Option(
            "--identity-options", help="JSON: the identities' provider_options", metavar="JSON"
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Track a domain (idempotent): created, published, checked and verified by later steps."""
    with _open(ctx, db) as f:
        added = f.add(
            domain,
            profile=state(ctx).connect.get("profile"),
            identities=identity or [],
            publish=publish,
            key=key,
            identity_options=parse_options(identity_options),
        )
        _show(ctx, [added])


@app.command("ls")
def fleet_ls(
    ctx: typer.Context,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only the domains at this stage")
    ] = None,
    db: Db = None,
) -> None:
    """Every tracked domain, with its stage and next check."""
    with _open(ctx, db) as f:
        _show(ctx, list(f.list(stage)))


@app.command("show")
def fleet_show(ctx: typer.Context, domain: Domain, db: Db = None) -> None:
    """One domain's whole state."""
    with _open(ctx, db) as f:
        found = f.get(domain)
        emit(ctx, document(found), _details(found))


@app.command("step")
def fleet_step(
    ctx: typer.Context,
    domain: Domain,
    nameserver: Nameserver = None,
    dns_timeout: DnsTimeout = 5.0,
    db: Db = None,
) -> None:
    """One check-once step on a domain, now (due or not)."""
    with _open(ctx, db, nameserver, dns_timeout) as f:
        _show(ctx, [f.step(domain)])


@app.command("run")
def fleet_run(
    ctx: typer.Context,
    once: Annotated[
        bool, typer.Option("--once", help="Step the due domains once, then stop")
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many a round")
    ] = None,
    nameserver: Nameserver = None,
    dns_timeout: DnsTimeout = 5.0,
    db: Db = None,
) -> None:
    """Step every due domain, round after round, until Ctrl-C (--once: one round)."""
    with _open(ctx, db, nameserver, dns_timeout) as f:
        if once:
            _show(ctx, f.run_due(limit))
            return
        stepped = 0
        console = out.stderr_console()

        def progress(states: list[DomainState]) -> None:
            nonlocal stepped
            stepped += len(states)
            counts = Counter(s.stage for s in f.list())
            if state(ctx).json:
                emit_json(ctx, {"stepped": stepped, "stages": dict(counts)})
            elif sys.stderr.isatty():
                line = ", ".join(f"{n} {stage}" for stage, n in sorted(counts.items()))
                console.print(f"\r{stepped} steps; {line}", end="")

        try:
            f.run(limit=limit, on_round=progress)
        except KeyboardInterrupt:
            if sys.stderr.isatty():
                console.print()


@app.command("retry")
def fleet_retry(
    ctx: typer.Context,
    domain: Domain,
    nameserver: Nameserver = None,
    dns_timeout: DnsTimeout = 5.0,
    db: Db = None,
) -> None:
    """Lift needs-attention (or revive a failed domain) and check it now."""
    with _open(ctx, db, nameserver, dns_timeout) as f:
        _show(ctx, [f.retry(domain)])


@app.command("remove")
def fleet_remove(
    ctx: typer.Context,
    domain: Domain,
    delete: Annotated[
        bool, typer.Option("--delete", help="Also delete the domain at the provider")
    ] = False,
    db: Db = None,
) -> None:
    """Stop tracking a domain (its events stay)."""
    with _open(ctx, db) as f:
        _show(ctx, [f.remove(domain, delete=delete)])


@app.command("events")
def fleet_events(
    ctx: typer.Context,
    after: Annotated[int, typer.Option("--after", min=0, help="Only events after this id")] = 0,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many")] = 100,
    db: Db = None,
) -> None:
    """The outbox: what happened to the domains, in order."""
    with _open(ctx, db) as f:
        found = f.events(after, limit)
        table = out.table("ID", "AT", "DOMAIN", "EVENT", "DATA")
        for e in found:
            data = ", ".join(f"{k}={v}" for k, v in e.data.items())
            table.add_row(str(e.id), _when(e.at), e.domain, e.type, data)
        emit(ctx, [document(e) for e in found], table)
