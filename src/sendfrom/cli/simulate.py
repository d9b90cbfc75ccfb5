"""``sendfrom simulate``: a provider's simulator served over HTTP until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Annotated, Any

import typer

from sendfrom.errors import ConfigurationError
from sendfrom.providers import known

HELP = (
    "Serve a provider's simulator over HTTP until Ctrl-C; the first line on stdout is its "
    "base URL.\n\n"
    "Its state lives as long as the server: point other invocations at it with --base-url URL "
    "and any SENDFROM_API_KEY (and the scope settings a provider requires, e.g. --account-id, "
    "any value).\n\n"
    "With --nameserver, the provider's own check (domains verify) finds a domain's records "
    "there and verifies it, as the real provider would: `domains verify ID --wait` can end "
    "verified."
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
    rate_limit: Annotated[
        str | None,
        typer.Option(
            help="Answer 429 past this limit, as the provider would: a rate like '20/2s', or "
            "'true' for the provider's documented one",
            show_default=False,
        ),
    ] = None,
    nameserver: Annotated[
        list[str] | None,
        typer.Option(
            "--nameserver",
            help="Verify a domain when the provider's check finds its records at this DNS "
            "server (HOST or HOST:PORT; repeat for more); default: only by hand, never",
            show_default=False,
        ),
    ] = None,
    dns_timeout: Annotated[
        float, typer.Option("--dns-timeout", min=0.001, help="Seconds each nameserver gets")
    ] = 1.0,
) -> None:
    from sendfrom.providers import provider_name
    from sendfrom.testing import SimulatorServer, simulator
    from sendfrom.testing._throttle import enforced_limit

    try:
        provider = provider_name(provider)
    except ConfigurationError as error:
        raise typer.BadParameter(str(error), param_hint="PROVIDER") from None
    limit = enforced_limit(provider, rate_limit)
    sim = simulator(
        provider,
        api_key=api_key,
        seed=seed,
        rate_limit=limit,
        nameservers=nameserver,
        dns_timeout=dns_timeout,
    )
    server = SimulatorServer(sim, host, port)  # a busy port: ConfigurationError, as everywhere
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
