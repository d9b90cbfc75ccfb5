"""The fleet (``sendfrom.fleet``): N domains, each with one sender address, to verified in one
process on the MailerSend simulator, under a rate limit the simulator enforces (a 429 past it)
and the fleet's client keeps to (``rate_limit=``).

The bench plays the DNS host and the provider between rounds: it serves every record the fleet
stored in a real loopback DNS server, and marks what was created verified (simulator hooks: no
request). The fleet's schedule runs on a manual clock (advanced between rounds); requests and
the rate limit run on the real one. Figures: requests per domain against the fewest possible,
the share of the limit used while the fleet works, 429s, the store's time per step, and the
Python memory the fleet holds after each round (allocations in the simulator excluded).
"""

from __future__ import annotations

import gc
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sendfrom
from bench.settings import KEY

RATE = 100
"""Requests a second: MailerSend's 60 a minute, scaled so a run takes a minute. Not faster: at
200 a second the in-process simulator, DNS server and store share one core with the fleet, and
the figure measured the machine's spare CPU (79-96% from run to run), not the fleet."""
MARGIN = sendfrom.RateLimit(RATE).wait_margin
"""Seconds the client keeps a request out of the window after its oldest left: the library's
default (2.5% of the window). Requests reach the simulator up to 130 ms after their slot when a
thread waits for the GIL or a core (measured: p99.9 21 ms); until December 2026 the limiter
counted a slot from its reservation, so this bench needed 75 ms (93% of the limit usable) and
still saw 0-3 429s a run. A slot now counts from when its request went (the answer's time less
the fastest round trip): the default margin leaves 1 / (1 + MARGIN) of the limit, 97.6%."""
THREADS = 4
"""Steps at a time. The simulator is in-process, so a request never waits on a network: more
threads only contend for the GIL and SQLite's one writer (8 doubled the store's time per step)."""
FULL_SIZES = (250, 1000)
QUICK_SIZES = (10, 40)
TRACED_SIZES = (50, 200)  # tracemalloc with deep stacks is slow: memory on smaller runs
QUICK_TRACED = (5, 20)


def fewest(size: int) -> float:
    """The fewest requests per domain that take ``size`` new MailerSend domains, each with one
    address, to verified with the unified operations: whether each exists (one list of what
    exists, shared: nothing yet, so one page), create it (1; MailerSend's answer holds no
    records), its records (``domains.dns_records``: 1), verify once they are in DNS
    (``domains.verify``: 2, the re-check and the fresh domain), find and create the identity
    (``identities.ensure``: 2), read it once its owner confirmed it (``identities.get``: 1).
    Local DNS checks send none."""
    return 7 + 1 / size


_STORE_METHODS = ("row", "claim", "release", "change", "due", "undelivered", "delivered")


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _timed_store(store: Any) -> dict[str, float]:
    """Wrap the store's statements to add up the time spent in them."""
    spent = {"seconds": 0.0, "calls": 0}

    def wrap(method: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent["seconds"] += time.perf_counter() - start
                spent["calls"] += 1

        return timed

    for name in _STORE_METHODS:
        setattr(store, name, wrap(getattr(store, name)))
    return spent


def _held(outside: tuple[str, ...]) -> int:
    """Bytes allocated and still held, but for what was allocated with a frame of ``outside``
    anywhere in its stack (the simulator and the DNS server: the bench's stand-ins)."""
    snapshot = tracemalloc.take_snapshot().filter_traces(
        [tracemalloc.Filter(False, pattern, all_frames=True) for pattern in outside]
    )
    return sum(stat.size for stat in snapshot.statistics("filename"))


def run_fleet(size: int, *, trace: bool = False) -> dict[str, Any]:
    """One run: ``size`` domains to verified; its figures (``trace``: with the memory held after
    each round, measured with tracemalloc, which slows everything down: not timed then)."""
    import sendfrom
    from sendfrom import fleet
    from sendfrom.models import DnsRecord
    from sendfrom.testing import simulator
    from sendfrom.testing.dns_server import DnsServer

    limit = sendfrom.RateLimit(RATE, per=1.0)
    sim = simulator("mailersend", rate_limit=sendfrom.RateLimit(RATE, per=1.0))
    client = sim.connect(api_key=KEY, rate_limit=limit)
    clock = _Clock()
    names = [f"customer{n:05d}.example" for n in range(size)]
    outside = ("*/sendfrom/testing/*", "*/simulator.py", "*/tracemalloc.py", "*/bench/fleet.py")
    with tempfile.TemporaryDirectory() as scratch, DnsServer() as dns:
        f = fleet.open(
            Path(scratch) / "fleet.db",
            connect=lambda _profile: client,
            clock=clock,
            nameservers=[dns.address],
            dns_timeout=1.0,
        )
        for name in names:
            dns.serve_records([], name)
            f.add(name, identities=[f"billing@{name}"])
        spent = _timed_store(f._store)
        gc.collect()
        if trace:
            tracemalloc.start(40)
        baseline = _held(outside) if trace else 0
        working = 0.0
        steps = 0
        sent = 0
        held: list[int] = []
        rounds = 0
        while any(s.stage != "monitored" or "pending" in s.identities.values() for s in f.list()):
            start = time.perf_counter()
            steps += len(f.run_due(threads=THREADS))
            working += time.perf_counter() - start
            rounds += 1
            sent += len(sim.requests)
            sim.requests.clear()  # the simulator's log of requests: counted, not held
            if trace:
                gc.collect()
                held.append(_held(outside) - baseline)
            for row in f._store.rows_iter(None):  # the provider's and the DNS host's part
                if row["records"] is not None and row["stage"] == "created":
                    records = [DnsRecord.model_validate(r) for r in row["records"]]
                    dns.serve_records(records, row["domain"])
                    sim.mark_domain(row["domain_id"], "verified")
                for known in (row["identities"] or {}).values():
                    if known.get("id") and known["status"] != "verified":
                        sim.mark_identity(known["id"], "verified")
            clock.now += timedelta(seconds=f.schedule.first * 2)
            if rounds > 20:
                raise RuntimeError("the fleet did not verify every domain in 20 rounds")
        if trace:
            tracemalloc.stop()
        f.close()
    throttled = sim.throttle.rejected if sim.throttle is not None else 0
    return {
        "domains": size,
        "rounds": rounds,
        "requests": sent,
        "requests_per_domain": sent / size,
        "fewest_per_domain": fewest(size),
        "over_fewest": sent / size / fewest(size),
        "utilisation": sent / (working * RATE),
        "429s": throttled,
        "seconds": working,
        "store_ms_per_step": 1000 * spent["seconds"] / max(1, steps),
        "steps": steps,
        "held_kib": [round(h / 1024, 1) for h in held],
    }


def fleet_bench(quick: bool) -> dict[str, Any]:
    """Every size, smallest first (the cost's growth with N is read across them)."""
    sizes = QUICK_SIZES if quick else FULL_SIZES
    runs = [run_fleet(n) for n in sizes]
    traced = [run_fleet(n, trace=True) for n in (QUICK_TRACED if quick else TRACED_SIZES)]
    memory = [{"domains": r["domains"], "held_kib": r["held_kib"]} for r in traced]
    return {"rate": RATE, "margin": MARGIN, "threads": THREADS, "runs": runs, "memory": memory}


def fleet_section(found: dict[str, Any] | None) -> list[str]:
    """The report's "fleet" section."""
    lines = ["## The fleet: domains to verified in one process", ""]
    if found is None:
        return [*lines, "_Not run._", ""]
    lines += [
        (__doc__ or "").split("\n\n")[0].replace("\n", " ")
        + f" The limit: {found['rate']} requests a second (MailerSend's 60 a minute, scaled so "
        f"a run takes a minute); the client keeps the default {found['margin'] * 1000:.0f} ms "
        f"margin after the window (so at most {1 / (1 + found['margin']):.1%} of it can be "
        "used), and counts each slot from when its request went; "
        f"{found['threads']} steps at a time (`run_due(threads=...)`). "
        "*fewest*: the fewest requests per domain the unified operations allow (see "
        "`scripts/bench/fleet.py`); *limit used*: requests over what the limit allows while "
        "the fleet steps (the bench's own work between rounds excluded); *store per step*: "
        "time in the store's statements per step, waits for SQLite's one writer included.",
        "",
        "| domains | requests | per domain | fewest | over fewest | limit used | 429s | seconds "
        "| store per step |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in found["runs"]:
        lines.append(
            f"| {run['domains']:,} | {run['requests']:,} | {run['requests_per_domain']:.2f} | "
            f"{run['fewest_per_domain']:.2f} | {run['over_fewest']:.2f}x | "
            f"{run['utilisation']:.1%} | {run['429s']} | {run['seconds']:.1f} | "
            f"{run['store_ms_per_step']:.1f} ms |"
        )
    lines += [
        "",
        "Python memory the fleet holds after each round (KiB; tracemalloc, the simulator's and "
        "the DNS server's allocations left out):",
        "",
        "| domains | after each round |",
        "|---:|---|",
    ]
    for run in found["memory"]:
        lines.append(f"| {run['domains']:,} | {', '.join(f'{k:,.0f}' for k in run['held_kib'])} |")
    return [*lines, ""]


def fleet_targets(found: dict[str, Any] | None) -> list[dict[str, str]]:
    """The fleet's rows of the targets table."""
    if found is None:
        return []
    largest = found["runs"][-1]
    small, big = found["memory"][0], found["memory"][-1]
    # flat: four times the domains hold at most a quarter more (and 64 KiB of caches filling)
    flat = max(big["held_kib"]) <= 1.25 * max(small["held_kib"]) + 64
    return [
        {
            "name": f"fleet: {largest['domains']:,} domains to verified, requests per domain",
            "goal": "≤ 1.2x the fewest possible",
            "measured": f"{largest['over_fewest']:.2f}x",
            "verdict": "met" if largest["over_fewest"] <= 1.2 else "**missed**",
        },
        {
            "name": "fleet: rate limit used, 429s",
            "goal": "≥ 90%, no 429",
            "measured": f"{largest['utilisation']:.1%}, {largest['429s']} 429s",
            "verdict": "met"
            if largest["utilisation"] >= 0.9 and largest["429s"] == 0
            else "**missed**",
        },
        {
            "name": "fleet: memory held, flat in the number of domains",
            "goal": f"{big['domains']:,} domains hold no more than {small['domains']:,}",
            "measured": f"{max(small['held_kib']):,.0f} KiB vs {max(big['held_kib']):,.0f} KiB",
            "verdict": "met" if flat else "**missed**",
        },
    ]
