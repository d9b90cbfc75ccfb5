"""``sendfrom capabilities``: what each provider can do, from the adapters' declarations."""

from __future__ import annotations

import typer

from sendfrom.cli import _output as out
from sendfrom.cli._common import emit_json, state

HELP = (
    "What each provider can do: native, emulated (served from other calls), or "
    "unsupported.\n\n"
    "Every provider by default; with --provider, that one and the reasons. --json: "
    '{provider: {operation: "native" | "emulated" | "unsupported"}}. Needs no key and sends '
    "nothing."
)


def capabilities(ctx: typer.Context) -> None:
    from sendfrom.capabilities import OPERATIONS, capability_matrix
    from sendfrom.providers import adapter_class

    chosen = state(ctx).connect.get("provider")
    matrix = capability_matrix([chosen] if chosen else None)
    if state(ctx).json:
        emit_json(ctx, matrix)
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
