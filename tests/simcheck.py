"""Holds every simulator answer against the provider's spec: route, declared status and body."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx

from sendfrom.testing import Simulator, simulator
from speclib import find_operation, response_pointer, validation_errors


class SpecCheck:
    """A simulator response hook collecting every way an answer breaks the spec."""

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self.problems: list[str] = []
        self.checked = 0

    def __call__(self, request: httpx.Request, response: httpx.Response) -> None:
        where = f"{request.method} {request.url.path} -> {response.status_code}"
        try:
            op = find_operation(self.provider, request.method, str(request.url))
            pointer = response_pointer(op, response.status_code)
        except LookupError as error:
            self.problems.append(f"{where}: {error}")
            return
        self.checked += 1
        if pointer is None:
            if response.content:
                self.problems.append(f"{where}: {op.operation_id} declares no body")
            return
        if "json" not in response.headers.get("content-type", ""):
            self.problems.append(f"{where}: not JSON ({response.headers.get('content-type')})")
            return
        errors = validation_errors(self.provider, pointer, json.loads(response.content))
        self.problems.extend(f"{where}: {op.operation_id}: {e}" for e in errors)


def checked_simulator(provider: str, **kwargs: object) -> tuple[Simulator, SpecCheck]:
    """A fresh simulator whose every answer is checked against its spec."""
    sim = simulator(provider, **kwargs)  # type: ignore[arg-type]
    check = SpecCheck(provider)
    sim.response_hooks.append(check)
    return sim, check


def ignoring_the_page(sim: Simulator) -> Callable[[httpx.Request], httpx.Response]:
    """``sim`` as a server that ignores the page a list asks for (``start``, ``page``) and says
    nothing of how many there are (no ``pagination-count``): every list answer is the first page."""
    answer = sim.answer

    def handle(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        params.pop("start", None)
        params.pop("page", None)
        url = request.url.copy_with(params=params)
        response = answer(httpx.Request(request.method, url, headers=request.headers))
        response.headers.pop("pagination-count", None)
        return response

    return handle
