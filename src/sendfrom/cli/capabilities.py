"""``sendfrom capabilities``: what each provider can do, from the adapters' declarations."""

from __future__ import annotations

from typing import Annotated

import typer

from sendfrom.cli import _output as out
from sendfrom.cli._common import emit_json, state

HELP = (
    "What each provider can do: native, emulated (served from other calls), or "
    "unsupported.\n\n"
    "Every provider by default; with --provider, that one and the reasons. Then the arguments "
    "an operation does not take on a provider, with the reason. --json: "
    '{provider: {operation: "native" | "emulated" | "unsupported"}}; --json --arguments: '
    "{provider: {operation: {argument: reason}}}; --json --waits: {provider: {resource: the "
    "operation each wait_until_verified poll is}}. Needs no key and sends nothing."
)


def capabilities(
    ctx: typer.Context,
    arguments: Annotated[
        bool,
        typer.Option("--arguments", help="With --json: the arguments each provider does not take"),
    ] = False,
    waits: Annotated[
        bool,
        typer.Option("--waits", help="With --json: what each wait_until_verified poll is"),
    ] = False,
) -> None:
    from sendfrom.capabilities import (
        OPERATIONS,
        WAITS,
        argument_limits,
        capability_matrix,
        polling,
    )
    from sendfrom.providers import adapter_class

    chosen = state(ctx).connect.get("provider")
    providers = [chosen] if chosen else None
    matrix = capability_matrix(providers)
    limits = argument_limits(providers)
    polls = {name: polling(name) for name in matrix}
    if arguments and waits:
        from sendfrom.cli._common import usage

        usage("--arguments and --waits are two different tables: give one")
    if state(ctx).json:
        emit_json(ctx, limits if arguments else polls if waits else matrix)
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
    refused = [
        (name, op, argument, reason)
        for name, by_op in limits.items()
        for op, by_argument in by_op.items()
        for argument, reason in by_argument.items()
    ]
    if refused:
        table = out.table("PROVIDER", "OPERATION", "ARGUMENT NOT TAKEN", "WHY")
        for line in sorted(refused, key=lambda r: (r[0], OPERATIONS.index(r[1]), r[2])):
            table.add_row(*line)
        out.show(table)
    # What waiting does per provider: reading the object, or asking for a re-check (a poll that
    # costs the provider a DNS lookup, hence the growing interval).
    table = out.table("WAIT", *names)
    for kind in WAITS:
        cells = [_poll_words(polls[n].get(kind)) for n in names]
        table.add_row(f"{kind}.wait_until_verified", *cells)
    out.show(table)


def _poll_words(operation: str | None) -> str:
    if operation is None:
        return "unsupported"
    how = "a re-check" if operation.endswith(".verify") else "a read"
    return f"{operation} ({how})"
