"""Many processes, one API key: how much of the provider's limit they use together, and how many
429s they collect, with one limit shared through Redis and with a limiter per process.

The MailerSend simulator, served over loopback HTTP from this process, enforces the limit (a 429
past it, counted); 1, 2 and 4 worker processes (started, then released together) each make their
share of the calls with ``max_retries=0``, so every 429 is a failed call. The store is Debian's
``redis-server``, started here on a free port of 127.0.0.1 (``make bench`` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.settings import KEY, ROOT

PROCESSES = (1, 2, 4)
QUICK_PROCESSES = (2,)

WORKER = """
import json, sys
import sendfrom
from sendfrom.errors import RateLimitError

url, store, key, requests, per, calls = sys.argv[1:7]
limit = sendfrom.RateLimit(int(requests), per=float(per), storage=store or None)
client = sendfrom.connect("mailersend", api_key=key, base_url=url, rate_limit=limit, max_retries=0)
print("ready", flush=True)
sys.stdin.readline()
limited = 0
for _ in range(int(calls)):
    try:
        list(client.identities.list())
    except RateLimitError:
        limited += 1
print(json.dumps({"limited": limited}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def redis_store() -> Iterator[str | None]:
    """A Redis server on 127.0.0.1 for the run (its URI), or None when none is installed."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run(processes: int, store: str, requests: int, per: float, calls: int) -> dict[str, Any]:
    """One run: ``calls`` in all, split over ``processes``; ``store`` "" for per-process limits."""
    from sendfrom import RateLimit
    from sendfrom.providers.mailersend.simulator import MailerSendSimulator
    from sendfrom.testing import SimulatorServer

    sim = MailerSendSimulator(rate_limit=RateLimit(requests, per=per))
    arrivals: list[float] = []
    sim.response_hooks.append(lambda _request, _response: arrivals.append(time.monotonic()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    key = f"{KEY}-{uuid.uuid4().hex[:8]}"  # a window of its own in the store
    arguments = [store, key, str(requests), str(per), str(calls // processes)]
    with SimulatorServer(sim).start() as server:
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, server.base_url, *arguments],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                cwd=ROOT,
                text=True,
            )
            for _ in range(processes)
        ]
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline() == "ready\n"
        outputs = [worker.communicate("go\n", timeout=300)[0] for worker in workers]
    assert sim.throttle is not None
    limited = sum(json.loads(out)["limited"] for out in outputs)
    admitted = sim.throttle.admitted
    # What the limit allowed from the first request until the last one's window closed.
    duration = max(arrivals) - min(arrivals) + per
    return {
        "processes": processes,
        "shared": bool(store),
        "calls": calls // processes * processes,
        "admitted": admitted,
        "rejected": sim.throttle.rejected,
        "failed_calls": limited,
        "seconds": duration - per,
        "share": admitted / (requests / per * duration),
    }


def workers(quick: bool) -> dict[str, Any] | None:
    """Every run, shared and per process (None: no redis-server to share through)."""
    requests, per, windows = (5, 1.0, 2) if quick else (20, 2.0, 4)
    with redis_store() as store:
        if store is None:
            return None
        runs = []
        for processes in QUICK_PROCESSES if quick else PROCESSES:
            for shared in (store, ""):
                label = "shared" if shared else "per process"
                print(f"bench: {processes} process(es), {label} limit", file=sys.stderr)
                runs.append(_run(processes, shared, requests, per, requests * windows))
    return {"requests": requests, "per": per, "windows": windows, "runs": runs}
