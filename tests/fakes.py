"""Canned provider servers for ``httpx.MockTransport``: the ``Fake`` each provider's double is
built on, and the helpers the doubles share.

Each provider's double is in ``tests/providers/<name>/facts.py`` (``FACTS.double.build``), built
from the recorded and documented payloads in specs/evidence/ (ids rewritten where a test needs
several distinct objects). Where a double lists many objects in the provider's own paging, the
provider's simulator serves that route, seeded with the payloads: paging is implemented once, in
the simulators."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from sendfrom import RetryPolicy
from speclib import PROVIDERS_DIR

Handler = Callable[[httpx.Request], httpx.Response]


def raw_payload(provider: str, name: str) -> bytes:
    """A payload file of specs/evidence/<provider>/, as its bytes."""
    return (PROVIDERS_DIR / provider / name).read_bytes()


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers or {})


class Fake:
    """A provider double: routes requests to canned responses and keeps every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def route(self, method: str, pattern: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(f"^{pattern}$"), handler))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for method, pattern, handler in self.routes:
            if request.method == method and pattern.match(request.url.path):
                return handler(request)
        return json_response(
            404, {"message": f"no fake route for {request.method} {request.url.path}"}
        )

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)

    def sync_client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle_async))


def copies(one: dict[str, Any], prefix: str, count: int) -> dict[str, dict[str, Any]]:
    """``count`` copies of a payload, by id: ``<prefix>-0``, ``<prefix>-1``, ..."""
    return {f"{prefix}-{n}": {**copy.deepcopy(one), "id": f"{prefix}-{n}"} for n in range(count)}


def segment(request: httpx.Request, index: int) -> str:
    return request.url.path.split("/")[index]


def instant_policy() -> RetryPolicy:
    """A retry policy whose sleeps return at once and advance its own clock: a wait's intervals
    (and its deadline) cost no time in a test."""
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    async def asleep(seconds: float) -> None:
        sleep(seconds)

    return RetryPolicy(sleep=sleep, asleep=asleep, now=lambda: now[0])


def wait_verified_at(
    sim: Any, client: Any, domain_id: str, polls: int = 3
) -> tuple[Any, list[Any], list[httpx.Request]]:
    """``client.domains.wait_until_verified(domain_id)`` on ``sim``, whose domain is marked verified
    once ``polls`` states were seen: the domain returned, every state polled, the requests sent."""
    seen: list[Any] = []
    start = len(sim.requests)

    def on_poll(polled: Any) -> None:
        seen.append(polled)
        if len(seen) == polls:
            sim.mark_domain(domain_id, "verified")

    got = client.domains.wait_until_verified(domain_id, interval=1.0, on_poll=on_poll)
    return got, seen, sim.requests[start:]
