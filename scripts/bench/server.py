"""The server process: the MailerSend simulator, seeded and served over loopback HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from bench.settings import KEY, PACKAGE


def _seeded(count: int) -> Any:
    """A MailerSend simulator holding one domain and ``count`` identities.

    The first identity is made through the simulator's own API, so its shape is the simulator's;
    the rest are copies of it with their own id, address and name (seeding 100,000 through the API
    would check every address against every other one).
    """
    from sendfrom.providers.mailersend.simulator import MailerSendSimulator

    sim = MailerSendSimulator(api_key=KEY)
    with sim.connect() as client:
        domain = client.domains.create("bench.example")
        first = client.identities.create(
            email="sender0@bench.example", name="Sender 0", domain_id=domain.id
        )
    template = sim.identities[first.id]
    for number in range(1, count):
        identity = {
            **template,
            "id": sim.token(16),
            "email": f"sender{number}@bench.example",
            "name": f"Sender {number}",
            "domain": dict(template["domain"]),
        }
        sim.identities[identity["id"]] = identity
    return sim


def serve(small: int, big: int) -> None:
    """Serve two seeded simulators (and the small one replayed fast, ``bench.fast_server``) until
    stdin closes; print their base URLs as one JSON line."""
    from bench.fast_server import FastServer
    from sendfrom.testing import SimulatorServer

    small_sim = _seeded(small)
    servers = [SimulatorServer(small_sim).start(), SimulatorServer(_seeded(big)).start()]
    fast = FastServer(small_sim).start()  # the same answers, replayed from memory
    print(
        json.dumps(
            {
                "small": servers[0].base_url,
                "big": servers[1].base_url,
                "fast": fast.base_url,
                "identity_id": next(iter(small_sim.identities)),
            }
        ),
        flush=True,
    )
    sys.stdin.read()
    for server in servers:
        server.stop()


class Server:
    """The server process, as a context manager."""

    def __init__(self, small: int, big: int) -> None:
        self.args = [sys.executable, str(PACKAGE), "--serve", str(small), str(big)]

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise SystemExit(f"the simulator process failed (exit {self.process.returncode})")
        info = json.loads(line)
        self.small: str = info["small"]
        self.big: str = info["big"]
        self.fast: str = info["fast"]
        self.identity_id: str = info["identity_id"]
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
