"""``python -m sendfrom.testing <provider> [--port N] [--nameserver HOST:PORT]``: serve a
simulator over loopback HTTP."""

from __future__ import annotations

import argparse
import sys

from sendfrom.cli._errors import exit_code, one_line
from sendfrom.errors import ConfigurationError, SendfromError
from sendfrom.providers import PROVIDERS, provider_name
from sendfrom.testing import SimulatorServer, simulator
from sendfrom.testing._throttle import enforced_limit


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; the first stdout line is the base URL to connect to."""
    parser = argparse.ArgumentParser(
        prog="python -m sendfrom.testing", description="Serve a provider simulator over HTTP."
    )
    parser.add_argument("provider", type=_provider, help=", ".join(PROVIDERS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--api-key", help="accept only this key (default: any non-empty key)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated ids")
    parser.add_argument(
        "--rate-limit",
        help="answer 429 past this limit, as the provider would: a rate like '20/2s', or "
        "'true' for the provider's documented one",
    )
    parser.add_argument(
        "--nameserver",
        action="append",
        help="verify a domain when the provider's check finds its records at this DNS server "
        "(host or host:port; repeat for more)",
    )
    parser.add_argument("--dns-timeout", type=float, default=1.0, help="seconds per nameserver")
    args = parser.parse_args(argv)
    return run(
        args.provider,
        args.host,
        args.port,
        args.api_key,
        args.seed,
        args.rate_limit,
        nameservers=args.nameserver,
        dns_timeout=args.dns_timeout,
    )


def _provider(name: str) -> str:
    """The registered name (the spellings ``connect`` accepts); "did you mean" otherwise."""
    try:
        return provider_name(name)
    except ConfigurationError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run(
    provider: str,
    host: str,
    port: int,
    api_key: str | None,
    seed: int,
    rate_limit: str | None = None,
    *,
    nameservers: list[str] | None = None,
    dns_timeout: float = 1.0,
) -> int:
    """Serve ``provider``'s simulator in this thread until Ctrl-C."""
    try:
        limit = enforced_limit(provider, rate_limit)
        sim = simulator(
            provider,
            api_key=api_key,
            seed=seed,
            rate_limit=limit,
            nameservers=nameservers,
            dns_timeout=dns_timeout,
        )
        server = SimulatorServer(sim, host, port)
    except SendfromError as error:  # said and coded as `sendfrom simulate` says it
        print(one_line(error), file=sys.stderr)
        return exit_code(error)
    # The bare URL first and alone on stdout, flushed at once: a script reads it from the pipe
    # while the server runs (as `sendfrom simulate` prints it); the words for people on stderr.
    print(server.base_url, flush=True)
    print(f"{provider} simulator on {server.base_url} (Ctrl-C stops it)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
