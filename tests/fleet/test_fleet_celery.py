"""The fleet on many workers, with the real parts: PostgreSQL (tests/pg_server.py), Redis as the
Celery broker and the shared rate limit (tests/redis_server.py), three ``celery worker``
processes (one also runs beat, which sends the tick), a MailerSend simulator over loopback that
enforces its limit and verifies a domain once its records are at the DNS server, and that DNS
server. Then the same with one worker killed with SIGKILL mid-run and started again."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

import pytest

import sendfrom
from pg_server import postgres_server
from redis_server import redis_server
from sendfrom import fleet
from sendfrom.fleet._store import Store, database_url, engine_for
from sendfrom.testing import serve, simulator
from sendfrom.testing.dns_server import DnsServer

pytest.importorskip("celery")

WORKER_DIR = Path(__file__).parent / "celery_worker"
KEY = "sk-celery-fleet-3b9d"
DOMAINS = 300
LIMIT = sendfrom.RateLimit(120, per=1.0)
"""What the simulated provider enforces (a 429 past it)."""
TRANSITIONS = ("domain.created", "domain.dns_ok", "domain.verified", "identity.created",
               "identity.verified")  # fmt: skip
VERIFIED = sendfrom.VerificationStatus.VERIFIED


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[str, str]]:
    """(PostgreSQL URL, Redis URL), for this module's tests."""
    with postgres_server() as pg, redis_server() as redis:
        yield pg, redis


_databases = iter(range(1, 100))


def fresh_database(base: str) -> str:
    """A new, empty database on the server of ``base`` (one per test)."""
    import psycopg

    name = f"fleet_{next(_databases)}"
    server = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + f"/{name}"


class Workers:
    """Celery worker processes on the test app (tests/fleet/celery_worker/fleet_app.py)."""

    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp = tmp
        self.env = env
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []

    def start(self, name: str, *, beat: bool = False) -> None:
        command = [sys.executable, "-m", "celery", "-A", "fleet_app", "worker", "--pool", "solo",
                   "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
                   "--without-heartbeat", "-l", "WARNING"]  # fmt: skip
        if beat:
            command += ["-B", "-s", str(self.tmp / "beat-schedule")]
        log = (self.tmp / f"{name}.log").open("ab")
        self.logs.append(log)
        self.running[name] = subprocess.Popen(
            command, cwd=WORKER_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def kill(self, name: str) -> None:
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.running.values():
            process.terminate()
        for process in self.running.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()

    def output(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.tmp.glob("*.log"))


def worker_env(store: str, redis: str, dns: str, base_url: str) -> dict[str, str]:
    """A worker's environment: the test app's settings, and the provider's as SENDFROM_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    env |= {
        "PYTHONPATH": os.pathsep.join([str(WORKER_DIR), env.get("PYTHONPATH", "")]),
        "FLEET_TEST_BROKER": redis.rsplit("/", 1)[0] + "/1",
        "FLEET_TEST_STORE": store,
        "FLEET_TEST_DNS": dns,
        "SENDFROM_PROVIDER": "mailersend",
        "SENDFROM_API_KEY": KEY,
        "SENDFROM_BASE_URL": base_url,
        # 5% under the provider's limit, shared by every worker through Redis
        "SENDFROM_RATE_LIMIT": "114/1s",
        "SENDFROM_RATE_LIMIT_STORAGE": redis,
    }
    return env


def run_to_verified(tmp: Path, services: tuple[str, str], *, kill: bool) -> None:
    pg, redis = services
    store = fresh_database(pg)
    with ExitStack() as stack:
        dns = stack.enter_context(DnsServer())
        sim = simulator("mailersend", nameservers=[dns.address], rate_limit=LIMIT)
        server = serve(sim)
        stack.callback(server.stop)
        client = server.connect(api_key=KEY)
        stack.callback(client.close)
        names = [f"customer{n:03d}.example" for n in range(DOMAINS)]
        with fleet.open(store, connect=lambda _profile: client) as f:
            for name in names:
                dns.serve_records([], name)
                f.add(name, identities=[f"billing@{name}"])
        env = worker_env(store, redis, dns.address, server.base_url)
        workers = Workers(tmp, env)
        stack.callback(workers.stop)
        workers.start("w1", beat=True)
        workers.start("w2")
        workers.start("w3")
        watcher = fleet.open(store, connect=lambda _profile: client)
        stack.callback(watcher.close)
        killed = False
        deadline = time.monotonic() + 240
        while True:
            states = list(watcher.list())
            created = [s for s in states if s.domain_id is not None]
            for state in created:  # the DNS host serves what was asked; the owner clicks
                assert state.domain_id is not None
                if state.stage == "created":
                    dns.serve_records(sim.domain_records(state.domain_id), state.domain)
                for email, identity_id in state.identity_ids.items():
                    if state.identities[email] is not VERIFIED:
                        sim.mark_identity(identity_id, "verified")
            if kill and not killed and len(created) >= DOMAINS // 3:
                workers.kill("w2")  # mid-run: it may hold a step, a lease, a task
                killed = True
                threading.Timer(1.0, workers.start, ("w2",)).start()
            if all(
                s.stage == "monitored" and set(s.identities.values()) == {VERIFIED} for s in states
            ):
                break
            stuck = [(s.domain, s.last_error) for s in states if s.needs_attention]
            assert not stuck, f"{stuck[:3]}\n{workers.output()}"
            stages = collections.Counter(s.stage for s in states)
            assert time.monotonic() < deadline, f"{stages}\n{workers.output()}"
            time.sleep(0.3)
        events = []
        after = 0
        while batch := watcher.events(after=after, limit=500):
            events += batch
            after = batch[-1].id

    assert not kill or killed
    assert_one_of_each(sim, events, names)


def assert_one_of_each(sim: Any, events: list[fleet.Event], names: list[str]) -> None:
    """One domain and one identity per name at the provider, each transition once, no 429."""
    assert len(sim.domains) == DOMAINS, "one domain per name at the provider"
    assert sorted(d["name"] for d in sim.domains.values()) == names
    emails = collections.Counter(i["email"] for i in sim.identities.values())
    assert emails == {f"billing@{name}": 1 for name in names}, "one identity per address"
    per_domain: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for event in events:
        per_domain[event.domain][event.type] += 1
    for name in names:
        assert {t: per_domain[name][t] for t in TRANSITIONS} == dict.fromkeys(TRANSITIONS, 1), name
    assert sim.throttle is not None
    assert sim.throttle.rejected == 0, "no 429: every worker kept to the one shared limit"
    lists = [r for r in sim.requests if r.method == "GET" and r.url.path.endswith("/domains")]
    assert len(lists) <= DOMAINS // 5, "new domains looked up a tick at a time, not one by one"


def test_three_celery_workers_verify_every_domain_on_one_postgresql_store(
    tmp_path: Path, services: tuple[str, str]
) -> None:
    run_to_verified(tmp_path, services, kill=False)


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    tmp_path: Path, services: tuple[str, str]
) -> None:
    run_to_verified(tmp_path, services, kill=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_dispatches_never_hand_out_one_domain_twice(
    backend: str, tmp_path: Path, services: tuple[str, str]
) -> None:
    store = fresh_database(services[0]) if backend == "postgresql" else f"{tmp_path}/fleet.db"
    client = simulator("mailersend").connect()
    with fleet.open(store, connect=lambda _profile: client) as f:
        for n in range(200):
            f.add(f"d{n:03d}.example")
        now = f._now()
    engine = engine_for(database_url(store))

    handed: list[list[str]] = []
    lock = threading.Lock()

    def dispatcher() -> None:
        own = Store(engine)
        while batch := own.dispatch(now, 7, now.replace(year=now.year + 1)):
            with lock:
                handed.append([name for name, _stage, _profile in batch])

    threads = [threading.Thread(target=dispatcher) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    every: list[Any] = [name for names in handed for name in names]
    assert sorted(every) == [f"d{n:03d}.example" for n in range(200)], "each exactly once"
    assert all(len(names) <= 7 for names in handed)
    engine.dispose()


def test_register_adds_both_tasks_and_the_beat_entry_and_steps_in_process(
    tmp_path: Path,
) -> None:
    from celery import Celery

    from sendfrom.fleet.celery import STEP, TICK, register

    sim = simulator("mailersend")
    client = sim.connect()
    app = Celery("t", broker="memory://")
    app.conf.task_always_eager = True  # tick's step tasks run here, at once
    store = tmp_path / "fleet.db"
    tasks = register(app, store, batch=2, every=5, connect=lambda _profile: client)
    assert {TICK, STEP} <= set(app.tasks)
    assert app.conf.beat_schedule[TICK] == {"task": TICK, "schedule": 5.0}
    with fleet.open(store, connect=lambda _profile: client) as f:
        for name in ("a.example", "b.example", "c.example"):
            f.add(name)
    assert tasks.tick.apply().get() == {"dispatched": 2}, "at most batch a tick"
    lists = [r for r in sim.requests if r.method == "GET" and r.url.path.endswith("/domains")]
    creates = [r for r in sim.requests if r.method == "POST" and r.url.path.endswith("/domains")]
    assert (len(lists), len(creates)) == (1, 2), "one list for the new ones, no lookup each"
    assert tasks.tick.apply().get() == {"dispatched": 1}, "the others are held"
    assert tasks.tick.apply().get() == {"dispatched": 0}
    result = tasks.step.apply(args=("a.example",)).get()
    assert result == {"domain": "a.example", "tracked": True, "stepped": True, "stage": "created",
                      "status": "pending", "needs_attention": False}  # fmt: skip
    sent = len(sim.requests)
    stale = tasks.step.apply(args=("b.example", False, "2026-01-01T00:00:00")).get()
    assert stale["stepped"] is False, "handed out again (or stepped) since: a stale task"
    assert len(sim.requests) == sent, "a stale task sends nothing"
    assert tasks.step.apply(args=("gone.example",)).get() == {
        "domain": "gone.example",
        "tracked": False,
    }
    assert sorted(d.name for d in client.domains.list()) == ["a.example", "b.example", "c.example"]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"batch": 0}, "batch"), ({"batch": True}, "batch"), ({"every": 0}, "every"),
     ({"every": "10"}, "every"), ({"hold": -1}, "hold"), ({"lease": 0}, "lease")],
)  # fmt: skip
def test_register_refuses_bad_arguments_before_registering_anything(
    arguments: dict[str, Any], field: str, tmp_path: Path
) -> None:
    from celery import Celery

    from sendfrom.fleet.celery import TICK, register

    app = Celery("t", broker="memory://")
    with pytest.raises(sendfrom.InvalidRequestError) as raised:
        register(app, tmp_path / "fleet.db", **arguments)
    assert field in raised.value.fields
    assert TICK not in app.tasks
    assert not app.conf.beat_schedule
