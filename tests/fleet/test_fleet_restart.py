"""A process running ``Fleet.run`` killed with SIGKILL mid-run, then started again, loses nothing
and duplicates nothing: every domain ends verified with its identity, the simulator holds exactly
one domain per name and one identity per address, and each transition is in the outbox once.

The simulator serves over loopback in this process (so the test can play the provider, marking
what it created verified); the fleet runs in child processes on one SQLite file, as it would on
a host, with a real clock and a fast schedule."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import sendfrom
from sendfrom import fleet
from sendfrom.testing import serve, simulator
from sendfrom.testing.dns_server import DnsServer

DOMAINS = [f"customer{n}.example" for n in range(12)]
CHILD = """
import sys, sendfrom
from sendfrom import fleet
db, url, nameserver = sys.argv[1:4]
client = sendfrom.connect("mailersend", api_key="fleet-key", base_url=url, max_retries=0)
schedule = fleet.Schedule(first=0.1, factor=1.0, cap=0.1, recheck=3600)
with fleet.open(db, connect=lambda profile: client, schedule=schedule, lease=2,
                nameservers=[nameserver], dns_timeout=0.2) as f:
    f.run()
"""


def _start(db: Path, url: str, nameserver: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    with (db.parent / "child.log").open("a") as log:  # the child keeps its own copy of the fd
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), url, nameserver],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )


def _play_the_provider(
    provider: sendfrom.Client, sim_marked: set[str], mark: Callable[[str, str], None]
) -> None:
    """Verify every domain and identity the fleet created (what the provider's checks and the
    addresses' owners would do)."""
    for domain in provider.domains.list():
        if domain.id not in sim_marked:
            mark(domain.id, "domain")
            sim_marked.add(domain.id)
    for identity in provider.identities.list():
        if identity.id not in sim_marked:
            mark(identity.id, "identity")
            sim_marked.add(identity.id)


def _wait_until(done: object, seconds: float, child: subprocess.Popen[str], tick: object) -> None:
    deadline = time.monotonic() + seconds
    while not done():  # type: ignore[operator]
        assert child.poll() is None, (
            f"the fleet process died: {child.stderr.read() if child.stderr else ''}"
        )
        assert time.monotonic() < deadline, "the fleet did not get there in time"
        tick()
        time.sleep(0.05)


def test_a_fleet_process_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    sim = simulator("mailersend")
    db = tmp_path / "fleet.db"
    with serve(sim) as server, DnsServer() as dns:
        # No zone is served: every lookup is REFUSED, so the fleet asks the provider (DESIGN).
        provider = server.connect(api_key="fleet-key", max_retries=0)
        with fleet.open(db, connect=lambda _profile: provider) as f:
            for name in DOMAINS:
                f.add(name, identities=[f"billing@{name}"])
        marked: set[str] = set()

        def mark(object_id: str, kind: str) -> None:
            if kind == "domain":
                sim.mark_domain(object_id, "verified")
            else:
                sim.mark_identity(object_id, "verified")

        def tick() -> None:
            _play_the_provider(provider, marked, mark)

        with fleet.open(db) as watcher:

            def created() -> bool:
                return sum(s.domain_id is not None for s in watcher.list()) >= 4

            def all_verified() -> bool:
                states = list(watcher.list())
                return all(
                    s.stage == "monitored"
                    and set(s.identities.values()) == {sendfrom.VerificationStatus.VERIFIED}
                    for s in states
                )

            child = _start(db, server.base_url, dns.address)
            try:
                _wait_until(created, 60, child, lambda: None)  # some done, most not
            finally:
                child.send_signal(signal.SIGKILL)
                child.wait(timeout=20)
            assert not all_verified(), "killed mid-run"
            child = _start(db, server.base_url, dns.address)
            try:
                _wait_until(all_verified, 120, child, tick)
            finally:
                child.kill()
                child.wait(timeout=20)
            events = watcher.events(limit=10_000)

        names = Counter(d.name for d in provider.domains.list())
        addresses = Counter(i.email for i in provider.identities.list())
        provider.close()  # the fleets did not: a client given with connect= is the caller's
    assert names == Counter(DOMAINS), "one domain per name at the provider"
    assert addresses == Counter(f"billing@{n}" for n in DOMAINS), "one identity per address"
    transitions = Counter((e.domain, e.type) for e in events if e.type not in ("step.error",))
    for name in DOMAINS:
        for kind in ("domain.created", "domain.verified", "identity.created", "identity.verified"):
            assert transitions[(name, kind)] == 1, f"{name}: {kind} x{transitions[(name, kind)]}"
    assert all(n == 1 for n in transitions.values()), "no transition twice"
