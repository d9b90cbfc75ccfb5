"""Prism (``@stoplight/prism-cli``, pinned in package.json) on 127.0.0.1, started by the tests.

``prism_mock(spec)`` mocks a spec with request validation on (``--errors``): a request the spec
rejects gets a 4xx problem answer. ``prism_proxy(spec, upstream)`` forwards to ``upstream`` (a
simulator) and reports every answer that breaks the spec in an ``sl-violations`` header.

``make test`` installs Prism with ``npm ci`` (``make node``); without it the tests are skipped on a
developer's machine and fail in CI (``CI`` set), as the Redis and PostgreSQL ones do.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from redis_server import free_port

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"

__all__ = ["Seen", "prism_mock", "prism_proxy", "violations"]


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@contextmanager
def _prism(*arguments: str) -> Iterator[str]:
    if not PRISM.exists():
        message = "Prism is not installed (`make node` runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [str(PRISM), *arguments, "--errors", "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60.0  # node starts slowly on a busy machine
        while not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()[0][-2000:]
                pytest.fail(f"prism did not start on 127.0.0.1:{port}:\n{output}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def prism_mock(spec: Path) -> Any:
    """Prism mocking ``spec``, validating every request; yields its base URL."""
    return _prism("mock", str(spec))


def prism_proxy(spec: Path, upstream: str) -> Any:
    """Prism forwarding to ``upstream``, validating requests and answers; yields its base URL."""
    return _prism("proxy", str(spec), upstream)


def violations(response: httpx.Response) -> list[dict[str, Any]]:
    """What Prism found wrong with an exchange (its ``sl-violations`` header), or []."""
    header = response.headers.get("sl-violations")
    found: list[dict[str, Any]] = json.loads(header) if header else []
    return found


class Seen:
    """Every answer a client got (an httpx response hook), with what Prism said about it."""

    def __init__(self) -> None:
        self.answers: list[httpx.Response] = []

    def __call__(self, response: httpx.Response) -> None:
        self.answers.append(response)

    def problems(self) -> list[str]:
        """Each answer Prism found a violation in, or that refused the request."""
        return [
            f"{r.request.method} {r.request.url.path} -> {r.status_code}: {violations(r)}"
            for r in self.answers
            if violations(r) or r.status_code in (400, 401, 422)
        ]
