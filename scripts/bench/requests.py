"""Requests per operation, per provider: what each unified call sends to the provider, counted
on its in-process simulator (no clock, no network: the counts are exact, not timed).

A fleet's budget, and any rate limit, is counted in these. Each operation runs once on a fresh
object the way a product calls it: ``find`` and ``ensure`` on one that exists, ``list`` one page.
A wait's polls are counted apart: the first poll, and each later one while nothing changed (where
an adapter reuses the last state, ``Adapter.reverify_domain``, a later poll costs less).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sendfrom import RetryPolicy
from sendfrom.errors import SendfromError
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import Simulator, simulator

OPERATIONS = (
    "domains.create",
    "domains.get",
    "domains.list",
    "domains.find",
    "domains.ensure",
    "domains.dns_records",
    "domains.verify",
    "domains.wait_until_verified: first poll",
    "domains.wait_until_verified: later poll",
    "identities.create",
    "identities.get",
    "identities.list",
    "identities.find",
    "identities.ensure",
    "identities.resend_verification",
    "identities.wait_until_verified: first poll",
    "identities.wait_until_verified: later poll",
    "identities.delete",
    "domains.delete",
)
NAME, EMAIL = "bench.example.com", "info@bench.example.com"


def _still_clock() -> RetryPolicy:
    """Sleeps that return at once (a wait's intervals cost no time here)."""
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    async def asleep(seconds: float) -> None:
        sleep(seconds)

    return RetryPolicy(sleep=sleep, asleep=asleep, now=lambda: now[0])


class _Counter:
    """Runs calls on one client and keeps how many requests each sent."""

    def __init__(self, provider: str) -> None:
        self.sim: Simulator = simulator(provider)
        self.client = self.sim.connect(retry_policy=_still_clock())
        self.counts: dict[str, int | None] = dict.fromkeys(OPERATIONS)

    def count(self, operation: str, call: Callable[[], Any]) -> Any:
        before = len(self.sim.requests)
        result = call()
        self.counts[operation] = len(self.sim.requests) - before
        return result

    def supports(self, operation: str) -> bool:
        return bool(self.client.supports(operation))

    def count_supported(self, calls: dict[str, Callable[[], Any]]) -> None:
        """``count`` each call whose operation the provider supports; one it refuses here (e.g.
        a resend to an address already verified) is left uncounted."""
        for operation, call in calls.items():
            if self.supports(operation):
                try:
                    self.count(operation, call)
                except SendfromError:
                    self.counts[operation] = None

    def polls(self, kind: str, object_id: str) -> None:
        """The first and a later poll of a wait that ends verified at its third poll."""
        marks = {"identities": self.sim.mark_identity, "domains": self.sim.mark_domain}
        seen: list[int] = []
        start = len(self.sim.requests)

        def on_poll(_obj: Any) -> None:
            seen.append(len(self.sim.requests) - start)
            if len(seen) == 2:
                marks[kind](object_id, "verified")

        resource = getattr(self.client, kind)
        resource.wait_until_verified(object_id, interval=1.0, on_poll=on_poll)
        self.counts[f"{kind}.wait_until_verified: first poll"] = seen[0]
        self.counts[f"{kind}.wait_until_verified: later poll"] = seen[1] - seen[0]


def _identity_arguments(provider: str, domain_id: str | None, client: Any) -> dict[str, Any]:
    """``identities.create``'s arguments: a name and the domain where the provider takes them, the
    ``provider_options`` it cannot do without (SendGrid's postal address), filled in."""
    arguments: dict[str, Any] = {}
    if client.supports("identities.create", "name"):
        arguments["name"] = "Info"
    if domain_id is not None and client.supports("identities.create", "domain_id"):
        arguments["domain_id"] = domain_id
    required = adapter_class(provider).required_options.get("identities.create", ())
    if required:
        arguments["provider_options"] = dict.fromkeys(required, "bench")
    return arguments


def provider_counts(provider: str) -> dict[str, int | None]:
    """Every operation of ``OPERATIONS`` the provider supports, and the requests it sent (None:
    not supported)."""
    run = _Counter(provider)
    client, sim = run.client, run.sim
    domain_id: str | None = None
    if run.supports("domains.create"):
        domain_id = run.count("domains.create", lambda: client.domains.create(NAME)).id
    identity_id: str | None = None
    if run.supports("identities.create"):
        arguments = _identity_arguments(provider, domain_id, client)
        made = run.count("identities.create", lambda: client.identities.create(EMAIL, **arguments))
        identity_id = made.id
        if domain_id is None and made.domain is not None:
            domain_id = made.domain.id  # the domain comes with the address (Space Invoices)
    elif hasattr(sim, "add_identity"):
        identity_id = str(sim.add_identity(EMAIL)["id"])  # seeded as its dashboard would
    if domain_id is not None:
        _domain_counts(run, domain_id)
    if identity_id is not None:
        _identity_counts(run, provider, identity_id, domain_id)
    if domain_id is not None and run.supports("domains.delete"):
        run.count("domains.delete", lambda: client.domains.delete(domain_id))
    return run.counts


def _domain_counts(run: _Counter, domain_id: str) -> None:
    domains = run.client.domains
    calls: dict[str, Callable[[], Any]] = {
        "domains.get": lambda: domains.get(domain_id),
        "domains.list": lambda: next(iter(domains.pages()), None),
        "domains.find": lambda: domains.find(NAME),
        "domains.dns_records": lambda: domains.dns_records(domain_id),
        "domains.verify": lambda: domains.verify(domain_id),
    }
    run.count_supported(calls)
    if run.supports("domains.find") and run.supports("domains.create"):
        run.count("domains.ensure", lambda: domains.ensure(NAME))
    if "domains" in adapter_class(run.client.provider).poll:
        run.polls("domains", domain_id)


def _identity_counts(run: _Counter, provider: str, identity_id: str, domain_id: str | None) -> None:
    identities = run.client.identities
    calls: dict[str, Callable[[], Any]] = {
        "identities.get": lambda: identities.get(identity_id),
        "identities.list": lambda: next(iter(identities.pages()), None),
        "identities.find": lambda: identities.find(EMAIL),
        "identities.resend_verification": lambda: identities.resend_verification(identity_id),
    }
    run.count_supported(calls)
    if run.supports("identities.find") and run.supports("identities.create"):
        arguments = _identity_arguments(provider, domain_id, run.client)
        run.count("identities.ensure", lambda: identities.ensure(EMAIL, **arguments))
    if "identities" in adapter_class(provider).poll:
        run.polls("identities", identity_id)
    if run.supports("identities.delete"):
        run.count("identities.delete", lambda: identities.delete(identity_id))


def requests_per_operation() -> dict[str, dict[str, int | None]]:
    """``provider_counts`` of every registered provider."""
    return {provider: provider_counts(provider) for provider in PROVIDERS}


def requests_section(found: dict[str, dict[str, int | None]] | None) -> list[str]:
    """The report's "requests per operation" table: operations down, providers across."""
    if not found:
        return []
    providers = list(found)
    lines = [
        "## Requests per operation",
        "",
        (__doc__ or "").split("\n\n")[0].replace("\n", " ")
        + " A blank: the provider does not support it.",
        "",
        "| operation | " + " | ".join(providers) + " |",
        "|---|" + "---:|" * len(providers),
    ]
    for operation in OPERATIONS:
        cells = [found[p].get(operation) for p in providers]
        if all(cell is None for cell in cells):
            continue
        shown = ["" if cell is None else str(cell) for cell in cells]
        lines.append(f"| {operation} | " + " | ".join(shown) + " |")
    return [*lines, ""]
