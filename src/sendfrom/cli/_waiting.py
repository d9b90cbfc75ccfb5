"""``--wait``: ``wait_until_verified`` with a status line on stderr that shows the time elapsed and
the state last polled. On a terminal it is one live line (rich), redrawn as the clock runs; in a
pipe or a log it is one plain line per poll (none with ``--json``, whose stderr stays for errors).

Exit codes: verified 0; ``VerificationFailedError`` 11; ``WaitTimeoutError`` 12 (``_errors``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

import typer
from rich.text import Text

from sendfrom._engine import RetryPastDeadline
from sendfrom.capabilities import polling
from sendfrom.cli import _output as out
from sendfrom.cli._common import state
from sendfrom.client import Client
from sendfrom.errors import UnsupportedOperationError, WaitTimeoutError
from sendfrom.models import EmailDomain, SenderIdentity, VerificationStatus

__all__ = ["Interval", "Wait", "WaitOptions", "WaitTimeout", "refuse_unwaitable", "wait_for"]

T = TypeVar("T", SenderIdentity, EmailDomain)
Kind = Literal["domains", "identities"]

_WAIT_PANEL = "Waiting (--wait)"
Wait = Annotated[
    bool,
    typer.Option(
        "--wait",
        help="Then wait until verified: exit 0 verified, 11 failed, 12 timed out",
        rich_help_panel=_WAIT_PANEL,
    ),
]
# Not --timeout: that is the global per-request timeout, accepted anywhere on the line.
WaitTimeout = Annotated[
    float,
    typer.Option(
        "--wait-timeout",
        min=0.001,
        help="Seconds to wait at most",
        rich_help_panel=_WAIT_PANEL,
    ),
]
Interval = Annotated[
    float,
    typer.Option(
        "--interval",
        min=0.001,
        help="Seconds before the first re-check; each next one is 1.5x longer (at most 60 s)",
        rich_help_panel=_WAIT_PANEL,
    ),
]
DEFAULT_TIMEOUT = 600.0
DEFAULT_INTERVAL = 10.0


@dataclass(frozen=True)
class WaitOptions:
    """What the user asked of ``--wait`` (``wait`` False: no waiting at all)."""

    wait: bool = False
    timeout: float = DEFAULT_TIMEOUT
    interval: float = DEFAULT_INTERVAL


def refuse_unwaitable(client: Client, kind: Kind, options: WaitOptions) -> None:
    """``--wait`` on a provider that cannot wait on ``kind``: refused before anything is sent
    (so ``domains create --wait`` does not create a domain and then fail)."""
    if options.wait and kind not in polling(client.provider):
        raise UnsupportedOperationError(
            client.provider,
            f"{kind}.wait_until_verified",
            f"no operation of {client.provider} shows the fresh state of its {kind}",
        )


def _describe(obj: SenderIdentity | EmailDomain) -> str:
    """The state polled: the status, and each check of a domain."""
    text = str(obj.status)
    if isinstance(obj, EmailDomain) and obj.checks:
        text += " (" + ", ".join(f"{k} {v}" for k, v in obj.checks.items()) + ")"
    return text


class StatusLine:
    """The line shown while waiting; rendered afresh on every refresh, so the clock runs."""

    def __init__(self, label: str, started: float) -> None:
        self.label = label
        self.started = started
        self.state = "not checked yet"
        self.polls = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def plain(self) -> str:
        return f"[{self.elapsed():6.1f} s] {self.label}: {self.state}"

    def __rich__(self) -> Text:
        polls = f", {self.polls} polls" if self.polls != 1 else ", 1 poll"
        return Text(  # the clock first, so a narrow terminal cuts the checks, not the time
            f"{self.elapsed():.0f} s{polls}: waiting for {self.label} to be verified: {self.state}",
            no_wrap=True,
            overflow="ellipsis",
        )


def wait_for(ctx: typer.Context, client: Client, obj: T, options: WaitOptions) -> T:
    """``obj`` once the provider says it is verified (``obj`` itself without ``--wait`` or when
    it already is); ``VerificationFailedError`` / ``WaitTimeoutError`` otherwise."""
    if not options.wait or obj.status == VerificationStatus.VERIFIED:
        return obj
    label = obj.name if isinstance(obj, EmailDomain) else obj.email
    line = StatusLine(label, time.monotonic())
    line.state = _describe(obj)
    live = sys.stderr.isatty()
    chatty = not live and not state(ctx).json

    def on_poll(polled: SenderIdentity | EmailDomain) -> None:
        line.polls += 1
        line.state = _describe(polled)
        if chatty:
            typer.echo(line.plain(), err=True)

    if chatty:
        typer.echo(f"Waiting for {label} to be verified (at most {options.timeout:g} s)", err=True)
    if not live:
        return _wait(client, obj, options, on_poll)
    with out.stderr_console().status(line):
        result = _wait(client, obj, options, on_poll)
    out.stderr_console().print(f"{label}: verified after {line.elapsed():.0f} s")
    return result


def _wait(
    client: Client,
    obj: T,
    options: WaitOptions,
    on_poll: Callable[[SenderIdentity | EmailDomain], None],
) -> T:
    timeout, interval = options.timeout, options.interval
    if isinstance(obj, EmailDomain):
        return client.domains.wait_until_verified(
            obj.id, timeout=timeout, interval=interval, on_poll=on_poll
        )
    return client.identities.wait_until_verified(
        obj.id, timeout=timeout, interval=interval, on_poll=on_poll
    )


@contextmanager
def keeping_the_deadline(client: Client, options: WaitOptions) -> Iterator[None]:
    """With ``--wait``, ``--wait-timeout`` covers the request before the wait too (``domains
    verify``'s own call): no retry inside sleeps past it, the command ends timed out instead."""
    if not options.wait:
        yield
        return
    try:
        with client._runner.within(options.timeout):
            yield
    except RetryPastDeadline as stop:
        raise WaitTimeoutError(
            f"timed out after --wait-timeout {options.timeout:g} s: the provider asked to retry "
            f"in {stop.retry_in:.0f} s",
            last=None,
        ) from stop.error
