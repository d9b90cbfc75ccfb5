"""A fast loopback server for the latency bench: the simulator's answers, replayed from memory.

The stdlib ``http.server`` the simulator runs on spends about a millisecond on a page, which hides
a client's own overhead in the ratio. This server asks the simulator once per distinct request
(method, target) and then writes the stored bytes: its own time per request is tens of µs
(measured and reported: ``GET /_served``). HTTP/1.1 keep-alive on asyncio, GET requests only
(what the latency bench sends); a request with a body is refused.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
from typing import Any

import httpx

_STATS_PATH = b"/_served"


def _render(response: httpx.Response) -> bytes:
    """A simulator's ``httpx.Response`` as the bytes of an HTTP/1.1 answer (keep-alive)."""
    body = response.content
    skip = {"content-length", "connection", "transfer-encoding", "content-encoding"}
    head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    head += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() not in skip]
    head += [f"content-length: {len(body)}", "connection: keep-alive"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class _Replay(asyncio.Protocol):
    """One connection: requests parsed from the buffer, answered from the shared cache."""

    def __init__(self, server: FastServer) -> None:
        self.server = server
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            start = time.perf_counter()
            answer = self.server.answer(head)
            assert self.transport is not None
            self.transport.write(answer)
            self.server.timings.append(time.perf_counter() - start)


class FastServer:
    """Serves ``simulator``'s answers on 127.0.0.1 from a background thread's event loop."""

    def __init__(self, simulator: Any) -> None:
        self.simulator = simulator
        self.cache: dict[bytes, bytes] = {}
        self.timings: list[float] = []
        self._ready = threading.Event()
        self.port = 0

    def answer(self, head: bytes) -> bytes:
        lines = head.split(b"\r\n")
        method, target, _ = lines[0].split(b" ", 2)
        if target == _STATS_PATH:
            return _render(httpx.Response(200, json=self.served()))
        key = method + b" " + target
        found = self.cache.get(key)
        if found is None:
            if any(line.lower().startswith(b"content-length:") for line in lines[1:]):
                return _render(httpx.Response(400, text="a body is not replayed"))
            headers = [tuple(line.decode("latin-1").split(":", 1)) for line in lines[1:] if line]
            request = httpx.Request(
                method.decode(),
                "http://127.0.0.1" + target.decode(),
                headers=[(k.strip(), v.strip()) for k, v in headers],
            )
            found = self.cache[key] = _render(self.simulator(request))
        return found

    def served(self) -> dict[str, float]:
        """The server's own time per request so far: median and p90, in µs."""
        timings = sorted(self.timings) or [0.0]
        return {
            "requests": len(self.timings),
            "median_us": statistics.median(timings) * 1e6,
            "p90_us": timings[int(0.9 * (len(timings) - 1))] * 1e6,
        }

    def start(self) -> FastServer:
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait()
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        server = loop.run_until_complete(loop.create_server(lambda: _Replay(self), "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        loop.run_forever()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"


def served(base_url: str) -> dict[str, float]:
    """``GET /_served`` of a running ``FastServer``."""
    origin = base_url.rsplit("/v1", 1)[0]
    return dict(json.loads(httpx.get(origin + _STATS_PATH.decode()).content))
