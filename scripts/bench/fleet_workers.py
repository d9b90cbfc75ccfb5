"""The fleet on many Celery workers: N domains, each with one sender address, to verified by 1, 2
and 4 ``celery worker`` processes (``--pool solo``; the first also runs beat) on one PostgreSQL
store and one rate limit shared through Redis, the broker too, all three started here on
127.0.0.1 (``make bench`` installs them).

The MailerSend simulator, served over loopback from this process, enforces its limit (a 429 past
it, counted) and plays the provider and the DNS host at once: a domain's records are served at a
loopback DNS server the moment it is created, and each address is confirmed the moment it is
(response hooks, no request), so the run measures the fleet, not a schedule's waits. Figures:
wall time from the first request to the last, the share of the limit used in it, requests per
domain, steps per domain, and the store's claims per second (``Store.dispatch`` on its own,
from 1 and 4 threads, each claiming batches of the tick's size until none is due).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.settings import KEY, ROOT
from bench.workers import redis_store

RATE = 100
"""Requests a second the provider allows: MailerSend's 60 a minute, scaled so a run takes a few
minutes; as in the one-process bench, below what the machine's two cores can serve (the
simulator, PostgreSQL, Redis and the workers share them), so the limit is what is measured."""
WINDOW = 10
"""Seconds of the provider's window: ``RATE * WINDOW`` requests in any ``WINDOW`` seconds.
MailerSend's real window is a minute; a 1 s one made the margin weigh 60 times what it weighs
there. The provider counts arrivals, which trail the entries in Redis (traced: the workers
send within 7 ms of theirs, and this process reads a request within 75 ms of its sending once
its collector is frozen, see ``run_workers``): the margin (the library's default, 2.5% of the
window: 250 ms here) has to cover that, and at a 1 s window a margin that did (over 10%) would
leave less than 90% of the limit to use."""
EVERY = 0.5
BATCH = 25
"""Domains a tick hands out: a little more than the limit allows in ``EVERY`` seconds (a step
here is 2 to 7 requests), as docs/fleet.md's "Sizing the tick" says."""
FULL_RUNS = ((2000, 1), (2000, 2), (2000, 4), (500, 4))
QUICK_RUNS = ((12, 1), (12, 2), (6, 2))
CLAIMS = 2000
QUICK_CLAIMS = 60
APP_DIR = Path(__file__).resolve().parent / "celery_app"


@contextmanager
def _postgres() -> Iterator[str | None]:
    """A PostgreSQL server on 127.0.0.1 for the run (its SQLAlchemy URL), or None when Debian's
    ``postgresql`` is not installed. The tests' launcher (tests/pg_server.py) is the one used."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pytest

    from pg_server import postgres_server

    try:
        with postgres_server() as url:
            yield url
    except pytest.skip.Exception:
        yield None


def _database(server: str, name: str) -> str:
    import psycopg

    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}"


def _workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    started = []
    for n in range(count):
        command = [sys.executable, "-m", "celery", "-A", "fleet_bench_app", "worker",
                   "--pool", "solo", "-n", f"bench{n}@%h", "--without-gossip",
                   "--without-mingle", "--without-heartbeat", "-l", "WARNING"]  # fmt: skip
        if n == 0:
            command += ["-B", "-s", str(logs / "beat-schedule")]
        log = (logs / f"worker{n}.log").open("ab")
        started.append(
            subprocess.Popen(command, cwd=APP_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
        log.close()
    return started


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _provider_and_dns_host(sim: Any, dns: Any) -> None:
    """Serve a created domain's records and confirm a created address at once."""

    def hook(request: Any, response: Any) -> None:
        if request.method != "POST" or response.status_code != 201:
            return
        created = response.json()["data"]
        if request.url.path.endswith("/domains"):
            dns.serve_records(sim.domain_records(created["id"]), created["name"])
        elif request.url.path.endswith("/identities"):
            sim.mark_identity(created["id"], "verified")

    sim.response_hooks.append(hook)


def run_workers(
    server: str, redis: str, domains: int, workers: int, timeout: float = 900.0
) -> dict[str, Any]:
    """One run: ``domains`` to verified by ``workers`` processes; its figures."""
    import sendfrom
    from sendfrom import fleet
    from sendfrom.testing import serve, simulator
    from sendfrom.testing.dns_server import DnsServer

    store = _database(server, f"bench_{uuid.uuid4().hex[:10]}")
    names = [f"customer{n:05d}.example" for n in range(domains)]
    arrivals: list[float] = []
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        dns = stack.enter_context(DnsServer())
        limit = sendfrom.RateLimit(RATE * WINDOW, per=float(WINDOW))
        sim = simulator("mailersend", nameservers=[dns.address], rate_limit=limit)
        sim.response_hooks.append(lambda _request, _response: arrivals.append(time.monotonic()))
        _provider_and_dns_host(sim, dns)
        http = serve(sim)
        stack.callback(http.stop)
        client = http.connect(api_key=KEY)  # for add's checks; it sends nothing
        stack.callback(client.close)
        with fleet.open(store, connect=lambda _profile: client) as f:
            for name in names:
                dns.serve_records([], name)
                f.add(name, identities=[f"billing@{name}"])
        # This process is the provider. Traced (December 2026): the workers sent within 7 ms of
        # their entry in Redis, but this process read requests up to 180 ms after they were
        # sent, mostly during its full garbage collections (up to 210 ms each, over everything
        # set up here and every request the simulator kept), a lateness the 250 ms margin only
        # nearly covered (1 to 3 429s in 14,400 requests). A provider's edge counts arrivals
        # whatever its application's collector does: frozen, a collection here takes < 60 ms.
        gc.collect()
        gc.freeze()
        stack.callback(gc.unfreeze)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
        env |= {
            "PYTHONPATH": os.pathsep.join([str(APP_DIR), env.get("PYTHONPATH", "")]),
            "BENCH_BROKER": redis.rsplit("/", 1)[0] + "/1",
            "BENCH_LIMIT_STORE": redis,
            "BENCH_STORE": store,
            "BENCH_DNS": dns.address,
            "BENCH_BASE_URL": http.base_url,
            "BENCH_KEY": f"{KEY}-{uuid.uuid4().hex[:8]}",  # a window of its own in Redis
            "BENCH_RATE": str(RATE),
            "BENCH_WINDOW": str(WINDOW),
            "BENCH_BATCH": str(BATCH),
            "BENCH_EVERY": str(EVERY),
        }
        started = _workers(workers, env, logs)
        stack.callback(_stop, started)
        watcher = stack.enter_context(fleet.open(store, connect=lambda _profile: client))
        deadline = time.monotonic() + timeout
        confirmed, after = 0, 0
        # Watched through the outbox's new events only: this process also serves the provider,
        # and reading every domain's state each round held the GIL long enough (hundreds of ms)
        # to stamp a burst of arrivals late, which the provider then counted in the wrong window.
        while confirmed < domains:
            if time.monotonic() > deadline or any(p.poll() is not None for p in started):
                tails = "\n".join(p.read_text(errors="replace")[-2000:] for p in logs.glob("*.log"))
                raise RuntimeError(f"the workers did not verify every domain\n{tails}")
            time.sleep(1.0)
            sim.requests.clear()  # the simulator's log of requests: counted (throttle), not held
            while batch := watcher.events(after=after, limit=500):
                confirmed += sum(e.type == "identity.verified" for e in batch)
                after = batch[-1].id
        assert _all_verified(watcher), "every domain monitored, its address verified"
        transitions = _transitions(watcher)
    assert sim.throttle is not None
    seconds = max(arrivals) - min(arrivals)
    return {
        "domains": domains,
        "workers": workers,
        "requests": sim.throttle.admitted,
        "429s": sim.throttle.rejected,
        "seconds": seconds,
        "utilisation": sim.throttle.admitted / allowed(seconds),
        "requests_per_domain": sim.throttle.admitted / domains,
        "transitions_per_domain": transitions / domains,
    }


def allowed(seconds: float) -> int:
    """The most requests the provider's moving window (``RATE * WINDOW`` in any ``WINDOW``
    seconds) lets arrive in a span of ``seconds`` from the first arrival to the last: one full
    window for each ``WINDOW`` the span starts, so the share of it used is exact."""
    return RATE * WINDOW * (int(seconds // WINDOW) + 1)


def _all_verified(watcher: Any) -> bool:
    from sendfrom import VerificationStatus

    return all(
        s.stage == "monitored" and set(s.identities.values()) == {VerificationStatus.VERIFIED}
        for s in watcher.list()
    )


def _transitions(watcher: Any) -> int:
    """Events written: each a transition some step made (domain created, DNS found, verified,
    identity created, verified: five a domain when nothing went wrong)."""
    count, after = 0, 0
    while batch := watcher.events(after=after, limit=1000):
        count += len(batch)
        after = batch[-1].id
    return count


def claims_per_second(server: str, domains: int, threads: int) -> float:
    """``Store.dispatch`` alone: domains handed out per second, ``BATCH`` at a time from
    ``threads`` threads (each its own connection), until none is due."""
    from sendfrom import fleet
    from sendfrom.fleet._store import Store, database_url, engine_for
    from sendfrom.testing import simulator

    store = _database(server, f"claims_{uuid.uuid4().hex[:10]}")
    client = simulator("mailersend").connect()
    with fleet.open(store, connect=lambda _profile: client) as f:
        for n in range(domains):
            f.add(f"claim{n:05d}.example")
    engine = engine_for(database_url(store))
    now = datetime.now(UTC) + timedelta(seconds=1)
    later = now + timedelta(days=1)
    handed: list[int] = []

    def claimer() -> None:
        own = Store(engine)
        while batch := own.dispatch(now, BATCH, later):
            handed.append(len(batch))

    pool = [threading.Thread(target=claimer) for _ in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    engine.dispose()
    assert sum(handed) == domains, "every due domain handed out exactly once"
    return domains / elapsed


def fleet_workers_bench(quick: bool) -> dict[str, Any] | None:
    """Every run, then the store's claims (None: no PostgreSQL or redis-server)."""
    with redis_store() as redis, _postgres() as server:
        if redis is None or server is None:
            return None
        runs = []
        for domains, workers in QUICK_RUNS if quick else FULL_RUNS:
            print(f"bench: fleet, {domains} domains on {workers} worker(s)", file=sys.stderr)
            runs.append(run_workers(server, redis, domains, workers))
        size = QUICK_CLAIMS if quick else CLAIMS
        claims = {str(t): claims_per_second(server, size, t) for t in (1, 4)}
    return {"rate": RATE, "window": WINDOW, "batch": BATCH, "every": EVERY, "runs": runs,
            "claims": {"domains": size, "per_second": claims}}  # fmt: skip


def fleet_workers_section(found: dict[str, Any] | None) -> list[str]:
    """The report's "fleet on many workers" section."""
    lines = ["## The fleet on many workers (Celery, PostgreSQL, one limit in Redis)", ""]
    if found is None:
        return [*lines, "_Not run: PostgreSQL or redis-server is missing (`make bench`)._", ""]
    window = found["window"]
    lines += [
        (__doc__ or "").split("\n\n")[0].replace("\n", " ")
        + f" The limit: {found['rate'] * window:,} requests in any {window} s (MailerSend's "
        "60 a minute, scaled); each client keeps the library's default margin after the window "
        f"(2.5% of it, so at most {1 / 1.025:.1%} of the limit can be used); a tick every "
        f"{found['every']:g} s hands out {found['batch']} domains. *limit used*: requests the "
        "provider admitted over the most its window lets arrive from the first request to the "
        "last (a full window for each window the span starts: a burst of one window at once "
        "is within the limit); *transitions per domain*: the events written, per domain.",
        "",
        "| domains | workers | seconds | requests | per domain | limit used | 429s "
        "| transitions per domain |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in found["runs"]:
        lines.append(
            f"| {run['domains']:,} | {run['workers']} | {run['seconds']:.1f} | "
            f"{run['requests']:,} | {run['requests_per_domain']:.2f} | "
            f"{run['utilisation']:.1%} | {run['429s']} | {run['transitions_per_domain']:.1f} |"
        )
    claims = found["claims"]
    per_second = ", ".join(
        f"{rate:,.0f} a second from {threads} thread{'s' if threads != '1' else ''}"
        for threads, rate in claims["per_second"].items()
    )
    lines += [
        "",
        f"The store's claims (`Store.dispatch`, {found['batch']} at a time, {claims['domains']:,} "
        f"due domains on PostgreSQL): {per_second}.",
        "",
    ]
    growth = _growth(found)
    if growth:
        lines += [growth, ""]
    return lines


def _growth(found: dict[str, Any]) -> str:
    """How the cost grows from the smallest run to the largest, on the same workers."""
    most = max(run["workers"] for run in found["runs"])
    runs = sorted((r for r in found["runs"] if r["workers"] == most), key=lambda r: r["domains"])
    if len(runs) < 2:
        return ""
    small, big = runs[0], runs[-1]
    per_small = small["seconds"] / small["domains"]
    per_big = big["seconds"] / big["domains"]
    return (
        f"From {small['domains']:,} to {big['domains']:,} domains on {most} workers: requests "
        f"per domain {small['requests_per_domain']:.2f} → {big['requests_per_domain']:.2f}, "
        f"seconds per domain {per_small * 1000:.1f} ms → {per_big * 1000:.1f} ms "
        f"({per_big / per_small:.2f}x)."
    )


def fleet_workers_targets(found: dict[str, Any] | None) -> list[dict[str, str]]:
    """The targets table's row: the limit used by the most workers on the most domains."""
    if found is None:
        return []
    run = max(found["runs"], key=lambda r: (r["workers"], r["domains"]))
    met = run["utilisation"] >= 0.9 and run["429s"] == 0
    return [
        {
            "name": f"fleet on {run['workers']} Celery workers, {run['domains']:,} domains: "
            "limit used, 429s",
            "goal": "≥ 90%, no 429",
            "measured": f"{run['utilisation']:.1%}, {run['429s']} 429s",
            "verdict": "met" if met else "**missed**",
        }
    ]
