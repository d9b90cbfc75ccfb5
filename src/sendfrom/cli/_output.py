"""What the ``sendfrom`` command prints: rich tables for people, JSON for scripts, BIND zone lines.

Tables go to stdout through rich (no markup, emoji or highlighting is read from provider data); when
stdout is not a terminal they are drawn at their natural width, so a pipe to ``grep`` sees whole
ids. Progress goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from rich import box
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from sendfrom.dns import DEFAULT_TTL, RecordCheck, to_bind
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity

__all__ = [
    "BIND_TTL",
    "Unbroken",
    "bind_lines",
    "checks_table",
    "collect",
    "dns_table",
    "domain_details",
    "domains_table",
    "dump_json",
    "identities_table",
    "identity_details",
    "jsonable",
    "octodns_yaml",
    "show",
    "table",
]

T = TypeVar("T")

BIND_TTL = DEFAULT_TTL
_UNBOUNDED = 100_000  # table width when stdout is not a terminal: never wrap an id or a key


@dataclass(frozen=True)
class Unbroken:
    """A table whose cells must never be wrapped or cut (DNS names and values, to copy): drawn
    as a table where it fits the terminal, else as plain space-aligned lines, one row a line."""

    table: Table
    rows: list[list[str]]
    """The header, then each row, as plain text."""


def _terminal(stream: Any) -> bool:
    return bool(stream.isatty())


def plain_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """``rows`` as lines, columns aligned with two spaces, no trailing blanks (never wrapped)."""
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))] if rows else []
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def _natural_width(console: Console, renderable: Table) -> int:
    """The width ``renderable`` takes when nothing constrains it."""
    unbounded = console.options.update_width(_UNBOUNDED)
    return Measurement.get(console, unbounded, renderable).maximum


def show(*renderables: RenderableType | Unbroken) -> None:
    """Print to stdout: through rich on a terminal; else at natural width, no trailing blanks."""
    stream = sys.stdout  # looked up now, so test runners can swap it
    options: dict[str, Any] = {"markup": False, "emoji": False, "highlight": False}
    if _terminal(stream):
        console = Console(file=stream, **options)
        for renderable in renderables:
            if not isinstance(renderable, Unbroken):
                console.print(renderable)
            elif _natural_width(console, renderable.table) <= console.width:
                console.print(renderable.table)
            else:  # a narrower table would wrap or cut a cell: plain lines instead
                console.file.write("".join(line + "\n" for line in plain_lines(renderable.rows)))
        return
    buffer = io.StringIO()
    console = Console(file=buffer, width=_UNBOUNDED, color_system=None, **options)
    for renderable in renderables:
        console.print(renderable.table if isinstance(renderable, Unbroken) else renderable)
    stream.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def stderr_console() -> Console:
    return Console(file=sys.stderr, markup=False, emoji=False, highlight=False)


# ---- progress


@contextmanager
def progress(label: str) -> Iterator[Callable[[int], None]]:
    """A spinner on stderr while pages are fetched; nothing at all unless stderr is a terminal."""
    if not sys.stderr.isatty():
        yield lambda _count: None
        return
    with stderr_console().status(f"{label}…") as status:
        yield lambda count: status.update(f"{label}… {count}")


def collect(items: Iterable[T], label: str) -> list[T]:
    """Every item of a lazily paged listing, with a progress indicator."""
    collected: list[T] = []
    with progress(label) as update:
        for item in items:
            collected.append(item)
            update(len(collected))
    return collected


# ---- JSON


def jsonable(value: Any, *, raw: bool) -> Any:
    """Models as ``model_dump(mode="json")`` (``raw``, the provider's payload, only if asked)."""
    if isinstance(value, SenderIdentity | EmailDomain):
        dumped: dict[str, Any] = value.model_dump(mode="json")  # raw is never dumped itself
        return {**dumped, "raw": value.raw} if raw else dumped  # --raw: after the unified fields
    if isinstance(value, DnsRecord | RecordCheck):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [jsonable(v, raw=raw) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v, raw=raw) for k, v in value.items()}
    return value


def dump_json(value: Any, *, raw: bool) -> str:
    """One JSON document, indented, ending with a newline."""
    return json.dumps(jsonable(value, raw=raw), indent=2, ensure_ascii=False) + "\n"


# ---- tables


def _cell(value: Any) -> Text:
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, datetime):
        return Text(value.isoformat())
    return Text(str(value))


def _status(status: Any, status_raw: str | None = None) -> Text:
    if status is None:
        return _cell(None)
    word = str(status)
    style = {"verified": "green", "failed": "red", "pending": "yellow"}.get(word, "")
    text = Text(word, style=style)
    if status_raw is not None and status_raw.lower() != word:
        text.append(f" ({status_raw})", style="dim")
    return text


def table(*columns: str) -> Table:
    """An empty table with these column headers."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def identities_table(identities: Sequence[SenderIdentity]) -> Table:
    rows = table("ID", "EMAIL", "NAME", "STATUS", "DOMAIN", "DEFAULT")
    for i in identities:
        rows.add_row(
            _cell(i.id),
            _cell(i.email),
            _cell(i.name),
            _status(i.status, i.status_raw),
            _cell(i.domain.name if i.domain else None),
            _cell(i.is_default),
        )
    return rows


def domains_table(domains: Sequence[EmailDomain]) -> Table:
    rows = table("ID", "NAME", "STATUS", "CHECKS", "DESCRIPTION")
    for d in domains:
        rows.add_row(
            _cell(d.id),
            _cell(d.name),
            _status(d.status, d.status_raw),
            _checks(d),
            _cell(d.description),
        )
    return rows


def _checks(domain: EmailDomain) -> Text:
    if not domain.checks:
        return _cell(None)
    text = Text()
    for n, (check, status) in enumerate(domain.checks.items()):
        if n:
            text.append(" ")
        text.append(f"{check}:")
        text.append_text(_status(status))
    return text


def dns_table(records: Sequence[DnsRecord]) -> Unbroken:
    """The records to publish; a name or a value is never wrapped or cut, at any width."""
    columns = ("TYPE", "NAME", "VALUE", "PRIORITY", "PURPOSE", "STATUS")
    rows = table(*columns)
    for column in rows.columns[1:3]:
        column.no_wrap = True
        column.overflow = "ignore"
    plain = [list(columns)]
    for r in records:
        cells = (_cell(r.type), _cell(r.name), _cell(r.value), _cell(r.priority), _cell(r.purpose))
        status = _status(r.status)
        rows.add_row(*cells, status)
        plain.append([cell.plain for cell in (*cells, status)])
    return Unbroken(rows, plain)


_STATE_STYLE = {"ok": "green", "missing": "yellow", "mismatch": "red", "error": "red"}


def checks_table(checks: Sequence[RecordCheck]) -> Unbroken:
    """Each record looked up in DNS: its state, and what was found or went wrong. A name is
    never wrapped or cut; nor is what was found (to compare with the value asked for)."""
    columns = ("TYPE", "NAME", "PURPOSE", "STATE", "FOUND / DETAIL")
    rows = table(*columns)
    rows.columns[1].no_wrap = True
    rows.columns[1].overflow = "ignore"
    plain = [list(columns)]
    for c in checks:
        state = Text(c.state, style=_STATE_STYLE[c.state])
        shown = [c.detail] if c.detail else []
        if c.state != "ok" and c.found:
            shown.append("found: " + " | ".join(c.found))
        cells = (_cell(c.record.type), _cell(c.record.name), _cell(c.record.purpose), state)
        note = Text("; ".join(shown)) if shown else _cell(None)
        rows.add_row(*cells, note)
        plain.append([cell.plain for cell in (*cells, note)])
    return Unbroken(rows, plain)


def _details(rows: list[tuple[str, Text]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, value)
    return table


def identity_details(identity: SenderIdentity) -> Table:
    domain = None
    if identity.domain is not None:
        domain = identity.domain.name
        if identity.domain.id is not None and identity.domain.id != identity.domain.name:
            domain += f" (id {identity.domain.id})"
    return _details(
        [
            ("provider", _cell(identity.provider)),
            ("id", _cell(identity.id)),
            ("email", _cell(identity.email)),
            ("name", _cell(identity.name)),
            ("status", _status(identity.status, identity.status_raw)),
            ("domain", _cell(domain)),
            ("reply-to email", _cell(identity.reply_to_email)),
            ("reply-to name", _cell(identity.reply_to_name)),
            ("default", _cell(identity.is_default)),
            ("click tracking", _cell(identity.click_tracking)),
            ("open tracking", _cell(identity.open_tracking)),
            ("created", _cell(identity.created_at)),
            ("updated", _cell(identity.updated_at)),
            ("verified", _cell(identity.verified_at)),
        ]
    )


def domain_details(domain: EmailDomain) -> Table:
    return _details(
        [
            ("provider", _cell(domain.provider)),
            ("id", _cell(domain.id)),
            ("name", _cell(domain.name)),
            ("status", _status(domain.status, domain.status_raw)),
            ("checks", _checks(domain)),
            ("description", _cell(domain.description)),
            ("default", _cell(domain.is_default)),
            ("active", _cell(domain.active)),
            ("created", _cell(domain.created_at)),
            ("updated", _cell(domain.updated_at)),
            ("verified", _cell(domain.verified_at)),
        ]
    )


# ---- BIND zone file lines


def octodns_yaml(document: dict[str, Any], header: str) -> str:
    """An octoDNS zone file (``sendfrom.dns.to_octodns``'s document), keys kept in its order."""
    import yaml  # the cli extra's; loaded only for this format

    body = yaml.safe_dump(document, sort_keys=False, default_flow_style=False, width=_UNBOUNDED)
    return f"# {header}\n{body}"


def bind_lines(records: Sequence[DnsRecord], header: str) -> str:
    """Zone-file lines (``sendfrom.dns.to_bind``: absolute names, TTL 3600, class IN), after a
    comment line per record (its purpose and status)."""
    lines = [f"; {header}\n"]
    for record in records:
        status = f", {record.status}" if record.status is not None else ""
        lines.append(f"; {record.purpose}{status}\n")
        lines.append(to_bind([record], ttl=BIND_TTL))
    return "".join(lines)
