"""Logging as DESIGN.md describes: logger ``sendfrom``, one DEBUG line per request (method, redacted
URL, status, elapsed, attempt) and one INFO line per retry (why, and how long it waits); the drift
logger is ``sendfrom.drift``. Never the key; nothing configured by the library but a NullHandler."""

from __future__ import annotations

import logging
import re
import time

import httpx
import pytest

import sendfrom
from sendfrom.testing import simulator

KEY = "log-key-0123456789abcdef"


def _no_wait(_: float) -> None:
    return None


def test_one_debug_line_per_request_and_one_info_line_per_retry(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sim = simulator("mailersend", api_key=KEY)
    client = sim.connect(api_key=KEY, retry_policy=sendfrom.RetryPolicy(sleep=_no_wait))
    sim.fail_next(503, times=2)
    caplog.set_level(logging.DEBUG, logger="sendfrom")
    assert list(client.domains.list()) == []
    mine = [r for r in caplog.records if r.name == "sendfrom"]
    debug = [r.getMessage() for r in mine if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in mine if r.levelno == logging.INFO]
    assert len(debug) == 3  # two 503s and the 200
    assert re.fullmatch(
        r"domains\.list GET https://api\.mailersend\.com/v1/domains\?page=1&limit=100 "
        r"-> 503 in \d+\.\d ms \(attempt 1\)",
        debug[0],
    )
    assert debug[2].endswith("(attempt 3)")
    assert "-> 200 in" in debug[2]
    assert len(info) == 2
    assert re.fullmatch(r".*: 503; retrying in \d+\.\d\d s \(retry 1 of 2\)", info[0])
    assert all(KEY not in r.getMessage() and KEY not in repr(r.args) for r in mine)


async def test_the_async_client_logs_the_same(caplog: pytest.LogCaptureFixture) -> None:
    sim = simulator("vortex")
    client = sim.connect_async(retry_policy=sendfrom.RetryPolicy(asleep=_async_no_wait))
    sim.fail_next(kind="disconnect")
    caplog.set_level(logging.DEBUG, logger="sendfrom")
    assert [d async for d in client.domains.list()] == []
    lines = [r.getMessage() for r in caplog.records if r.name == "sendfrom"]
    assert any("-> RemoteProtocolError" in m or "-> APIConnectionError" in m for m in lines)
    assert any("retrying in" in m for m in lines)


async def _async_no_wait(_: float) -> None:
    return None


def test_the_library_configures_nothing_but_a_null_handler() -> None:
    handlers = logging.getLogger("sendfrom").handlers
    assert handlers
    assert all(isinstance(h, logging.NullHandler) for h in handlers)
    assert logging.getLogger("sendfrom.drift").handlers == []


def test_retries_are_logged_at_info_when_debug_is_off(caplog: pytest.LogCaptureFixture) -> None:
    """INFO is the level an application keeps on: its retry lines must not need DEBUG."""
    sim = simulator("mailersend", api_key=KEY)
    client = sim.connect(api_key=KEY, retry_policy=sendfrom.RetryPolicy(sleep=_no_wait))
    sim.fail_next(503, times=1)
    caplog.set_level(logging.INFO, logger="sendfrom")
    assert list(client.domains.list()) == []
    lines = [r.getMessage() for r in caplog.records if r.name == "sendfrom"]
    assert len(lines) == 1
    assert re.fullmatch(
        r"domains\.list GET https://api\.mailersend\.com/v1/domains\?page=1&limit=100: 503; "
        r"retrying in \d+\.\d\d s \(retry 1 of 2\)",
        lines[0],
    )


def test_the_logged_time_is_in_milliseconds(caplog: pytest.LogCaptureFixture) -> None:
    def slow(_request: httpx.Request) -> httpx.Response:
        time.sleep(0.03)
        return httpx.Response(200, json={"data": [], "links": {"next": None}})

    client = sendfrom.connect(
        "mailersend", api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(slow))
    )
    caplog.set_level(logging.DEBUG, logger="sendfrom")
    list(client.domains.list())
    (line,) = [r.getMessage() for r in caplog.records if r.name == "sendfrom"]
    assert line.startswith(
        "domains.list GET https://api.mailersend.com/v1/domains?page=1&limit=100 -> 200 in "
    )
    found = re.search(r" in (\d+\.\d) ms ", line)
    assert found is not None
    assert 25.0 <= float(found.group(1)) < 5000.0  # it slept 30 ms
