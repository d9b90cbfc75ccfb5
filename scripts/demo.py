"""``make demo``: one provider-agnostic walkthrough, run against every simulated provider.

Create a domain, show the DNS records to add, create identities, list them, update one, verify,
delete. The same code runs on each provider; a step the provider cannot do is reported, not
hidden. Then a customer's domain is onboarded on each simulated provider that can wait on one:
octoDNS publishes its records into a zone file, a DNS server on 127.0.0.1 serves it, the records
are checked, and the wait ends when the simulator sees them (all local, no network).

With ``SENDFROM_PROVIDER`` and ``SENDFROM_API_KEY`` set (and the provider's scope ids), the
walkthrough runs once against that real account instead, on the domain ``SENDFROM_DEMO_DOMAIN``,
and removes what it created (no onboarding there: it would publish into a real DNS host).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import httpx

import sendfrom
from sendfrom import (
    ConflictError,
    EmailDomain,
    InvalidRequestError,
    SenderIdentity,
    SendfromError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from sendfrom.capabilities import polling
from sendfrom.providers import PROVIDERS
from sendfrom.publish import publish, quiet_octodns
from sendfrom.testing import simulator_of
from sendfrom.testing.dns_server import DnsServer

OK, NO, SKIP = "ok", "cannot", "skipped"


@dataclass
class Walkthrough:
    """One run of the walkthrough on one client, printing as it goes."""

    client: sendfrom.Client
    domain_name: str
    out: TextIO
    simulated: bool
    outcomes: dict[str, str] = field(default_factory=dict)
    domain: EmailDomain | None = None
    identities: list[SenderIdentity] = field(default_factory=list)

    def say(self, text: str) -> None:
        print(text, file=self.out)

    def step(self, name: str, action: Callable[[], str | None]) -> None:
        """Run one step; print what happened, or why the provider cannot do it."""
        try:
            detail = action()
        except UnsupportedOperationError as error:
            self.outcomes[name] = NO
            self.say(f"  - {name:<18} {self.client.provider} cannot: {error.reason or error}")
            return
        except SendfromError as error:
            self.outcomes[name] = f"failed ({type(error).__name__})"
            self.say(f"  ! {name:<18} {type(error).__name__}: {error}")
            return
        if detail is None:
            self.outcomes[name] = SKIP
            return
        self.outcomes[name] = OK
        self.say(f"  + {name:<18} {detail}")

    def simulator_note(self, text: str) -> None:
        self.say(f"    (simulator: {text})")

    # ---- the steps

    def create_domain(self) -> str:
        self.domain = self.client.domains.create(self.domain_name)
        return _domain_line(self.domain)

    def dns_records(self) -> str | None:
        if self.domain is None:
            return None
        if self.client.supports("domains.dns_records"):
            records = self.client.domains.dns_records(self.domain.id)
        else:  # the domain as created carries them (Invent)
            records = self.domain.dns_records
        lines = [f"{len(records)} records to add to the zone of {self.domain.name}:"]
        lines += [f"{'':21}{r.type:<6} {r.name:<40} {r.value}" for r in records]
        return "\n".join(lines)

    def create_identities(self) -> str:
        made = []
        for local, name in (("hello", "Hello"), ("billing", "Billing")):
            email = f"{local}@{self.domain_name}"
            try:
                identity = self._create_identity(email, name)
            except (UnprocessableEntityError, ConflictError) as error:
                if not self.identities:
                    raise
                # A provider that keeps one address per account (Space Invoices) says so with
                # "`email` already exists", of an address never created: say what happened.
                first = self.identities[0].email
                self.say(
                    f"    ({email} not created: {self.client.provider} refused a second address "
                    f"beside {first}, answering {error.message!r})"
                )
                continue
            self.identities.append(identity)
            made.append(f"{identity.email} ({identity.status})")
        if self.domain is None and self.client.supports("domains.list"):
            # Where domains come with identities (Space Invoices), find the one just made.
            self.domain = next(
                (d for d in self.client.domains.list() if d.name == self.domain_name), None
            )
        return ", ".join(made)

    def _create_identity(self, email: str, name: str) -> SenderIdentity:
        domain_id = self.domain.id if self.domain else None
        if not self.client.supports("identities.create", "domain_id"):
            domain_id = None  # SendGrid: a verified sender belongs to no domain
        try:
            return self.client.identities.create(email, name=name, domain_id=domain_id)
        except InvalidRequestError as error:
            # What the provider cannot do without (SendGrid: a postal address for anti-spam law)
            needed = {key: DEMO_SENDER[key] for key in error.fields if key in DEMO_SENDER}
            if not needed or len(needed) != len(error.fields):
                raise
            if not self.identities:
                self.say(f"    ({self.client.provider} needs {', '.join(needed)}: the demo's)")
            return self.client.identities.create(
                email, name=name, domain_id=domain_id, provider_options=needed
            )
        except UnsupportedOperationError as error:
            if not self.client.supports("identities.create"):
                raise
            # The operation exists but takes fewer fields (Space Invoices: the address alone).
            if not self.identities:
                self.say(f"    ({error.reason}: sending the address alone)")
            return self.client.identities.create(email)

    def _listed(self) -> list[SenderIdentity]:
        return list(self.client.identities.list())

    def list_identities(self) -> str:
        listed = self._listed()
        if not self.identities:
            self.identities = [i for i in listed if i.email.endswith("@" + self.domain_name)]
        rows = [f"{len(listed)} identit{'y' if len(listed) == 1 else 'ies'}:"]
        rows += [f"{'':21}{i.email:<32} {i.name or '-':<12} {i.status}" for i in listed]
        return "\n".join(rows)

    def update_identity(self) -> str | None:
        if not self.identities and self.client.supports("identities.update"):
            return None
        # Without an identity this still asks, so that a provider that cannot update says why.
        target = self.identities[0].id if self.identities else "none"
        updated = self.client.identities.update(target, name="Sales team")
        return f"{updated.email} is now named {updated.name!r}"

    def verify(self) -> str | None:
        if self.domain is None:
            return None
        if self.simulated and self.client.supports("domains.verify"):
            simulator_of(self.client).mark_domain(self.domain.id, "verified")
            self.simulator_note("the DNS records above are now published")
        checked = self.client.domains.verify(self.domain.id)
        checks = ", ".join(f"{k} {v}" for k, v in sorted(checked.checks.items()))
        return f"{checked.name}: {checked.status}" + (f" ({checks})" if checks else "")

    def delete(self) -> str | None:
        gone = []
        for identity in self.identities:
            self.client.identities.delete(identity.id)
            gone.append(identity.email)
        if self.domain is not None:
            try:
                self.client.domains.delete(self.domain.id)
                gone.append(self.domain.name)
            except UnsupportedOperationError as error:
                if not gone:
                    raise
                gone.append(f"(the domain: {error.reason})")
        return ", ".join(gone) or None

    def run(self) -> None:
        self.step("create domain", self.create_domain)
        self.step("create identities", self.create_identities)
        sim: Any = simulator_of(self.client) if self.simulated else None
        if not self.identities and hasattr(sim, "add_identity"):
            # Invent's API cannot create identities; its dashboard can. Do what it would.
            sim.add_identity(f"hello@{self.domain_name}", "Hello")
            self.simulator_note(f"hello@{self.domain_name} added, as Invent's dashboard would")
        self.step("DNS records", self.dns_records)
        self.step("list identities", self.list_identities)
        self.step("update identity", self.update_identity)
        self.step("verify domain", self.verify)
        self.step("delete", self.delete)


DEMO_SENDER = {
    "nickname": "Demo",
    "address": "1 Demo Street",
    "city": "Ljubljana",
    "country": "Slovenia",
}
"""A postal address for providers that ask a sender for one (SendGrid's verified senders)."""


def _domain_line(domain: EmailDomain) -> str:
    return f"{domain.name} (id {domain.id}, {domain.status})"


STEPS = (
    "create domain",
    "create identities",
    "DNS records",
    "list identities",
    "update identity",
    "verify domain",
    "delete",
)


def walk(client: sendfrom.Client, domain_name: str, out: TextIO, simulated: bool) -> dict[str, str]:
    """Run the walkthrough on one client; the outcome of each step."""
    mode = "simulated" if simulated else "REAL ACCOUNT"
    print(f"\n== {client.provider} ({mode}) " + "=" * 40, file=out)
    walkthrough = Walkthrough(client, domain_name, out, simulated)
    walkthrough.run()
    return walkthrough.outcomes


def summary(results: dict[str, dict[str, str]], out: TextIO) -> None:
    """A provider-by-step table of the outcomes."""
    providers = list(results)
    print("\n" + f"{'step':<20}" + "".join(f"{p:<15}" for p in providers), file=out)
    for step in STEPS:
        cells = "".join(f"{results[p].get(step, SKIP):<15}" for p in providers)
        print(f"{step:<20}{cells}", file=out)


# ---- onboarding a customer's domain (simulated)

ONBOARD_DOMAIN = "customer.example"
OCTODNS_CONFIG = """\
providers:
  host:
    class: octodns.provider.yaml.YamlProvider
    directory: {folder}
    escaped_semicolons: true
zones:
  {zone}.:
    sources: [host]
    targets: [host]
"""


def _verified_on_poll(client: sendfrom.Client, domain_id: str, polls: int) -> None:
    """The simulator "sees" the DNS records on the ``polls``-th request from now."""
    sim = simulator_of(client)
    answered = [0]

    def hook(_request: httpx.Request, _response: httpx.Response) -> None:
        answered[0] += 1
        if answered[0] == polls:
            sim.mark_domain(domain_id, "verified")

    sim.response_hooks.append(hook)


def onboard(client: sendfrom.Client, out: TextIO) -> str:
    """ensure → records → octoDNS publish → DNS check → verify → wait; the final status."""
    say = lambda text: print(f"  {text}", file=out)  # noqa: E731
    name = ONBOARD_DOMAIN
    if client.supports("domains.create"):
        domain = client.domains.ensure(name)
    else:  # the domain comes with an address (Space Invoices)
        client.identities.ensure(f"hello@{name}")
        found = client.domains.find(name)
        assert found is not None
        domain = found
    records = client.domains.dns_records(domain.id)
    say(f"1. {domain.name}: {domain.status}, {len(records)} DNS records to publish")
    with tempfile.TemporaryDirectory() as folder, DnsServer() as dns_server, quiet_octodns():
        config = Path(folder) / "octodns.yaml"
        config.write_text(OCTODNS_CONFIG.format(folder=folder, zone=name))
        result = publish(records, domain.name, config, apply=True)
        say(f"2. octoDNS added {len(result.changes)} records to the zone {result.zone}")
        dns_server.serve_octodns(Path(folder) / f"{name}.yaml")
        checks = client.domains.check_dns(domain.id, nameservers=[dns_server.address])
        ok = sum(1 for c in checks if c.ok)
        say(f"3. DNS ({dns_server.address}): {ok} of {len(checks)} records ok")
    say(f"4. verify: {client.domains.verify(domain.id).status}")
    _verified_on_poll(client, domain.id, polls=2)
    seen: list[str] = []
    domain = client.domains.wait_until_verified(
        domain.id, interval=0.01, on_poll=lambda d: seen.append(str(d.status))
    )
    say(f"5. waited: {' → '.join(seen)}")
    return str(domain.status)


def onboard_everywhere(out: TextIO) -> dict[str, str]:
    """The onboarding on each simulated provider that can wait on a domain."""
    print("\n== onboarding a customer's domain (simulated) " + "=" * 30, file=out)
    results: dict[str, str] = {}
    for provider in PROVIDERS:
        if "domains" not in polling(provider):
            print(f"{provider}: skipped (its domains cannot be waited on)", file=out)
            continue
        print(f"{provider}:", file=out)
        with sendfrom.connect(provider, simulate=True) as client:
            results[provider] = onboard(client, out)
    return results


def main(out: TextIO = sys.stdout) -> int:
    """Run against the real account the environment names, else against every simulator."""
    real = os.environ.get("SENDFROM_PROVIDER") and (
        os.environ.get("SENDFROM_API_KEY") or os.environ.get("SENDFROM_SIMULATE")
    )
    results: dict[str, dict[str, str]] = {}
    try:
        if real:
            domain_name = os.environ.get("SENDFROM_DEMO_DOMAIN", "demo.example.com")
            with sendfrom.connect() as client:
                simulated = bool(getattr(client, "_simulator", None))
                results[client.provider] = walk(client, domain_name, out, simulated)
        else:
            for provider in PROVIDERS:
                with sendfrom.connect(provider, simulate=True) as client:
                    results[provider] = walk(client, "demo.example.com", out, simulated=True)
            summary(results, out)
            onboarded = onboard_everywhere(out)
            if any(status != "verified" for status in onboarded.values()):
                return 1
            return 1 if _failed(results) else 0
    except SendfromError as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    summary(results, out)
    return 1 if _failed(results) else 0


def _failed(results: dict[str, dict[str, str]]) -> list[str]:
    return [p for p, r in results.items() if any(v.startswith("failed") for v in r.values())]


if __name__ == "__main__":
    sys.exit(main())
