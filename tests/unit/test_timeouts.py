"""``timeout`` takes seconds or an ``httpx.Timeout`` wherever it is accepted (DESIGN §3)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import sendfrom
from sendfrom.errors import ConfigurationError

IDENTITY_LIST = {"data": [], "meta": {"current_page": 1, "last_page": 1}}


class Recorder:
    def __init__(self) -> None:
        self.timeouts: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(request.extensions["timeout"])
        return httpx.Response(200, json=IDENTITY_LIST)


FINE = httpx.Timeout(connect=1.5, read=42.0, write=3.0, pool=4.0)
EXPECTED = {"connect": 1.5, "read": 42.0, "write": 3.0, "pool": 4.0}
TWELVE = {"connect": 5.0, "read": 12.0, "write": 12.0, "pool": 12.0}


def _connect(recorder: Recorder, **kwargs: Any) -> sendfrom.Client:
    return sendfrom.connect(
        "mailersend",
        api_key="k" * 12,
        base_url="https://api.example.test/v1",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        **kwargs,
    )


def test_connect_takes_an_httpx_timeout_as_given() -> None:
    recorder = Recorder()
    list(_connect(recorder, timeout=FINE).identities.list())
    assert recorder.timeouts == [EXPECTED]


def test_connect_takes_seconds_with_a_five_second_connect() -> None:
    recorder = Recorder()
    list(_connect(recorder, timeout=12.0).identities.list())
    assert recorder.timeouts == [TWELVE]


def test_with_options_takes_an_httpx_timeout() -> None:
    recorder = Recorder()
    client = _connect(recorder, timeout=12.0)
    list(client.with_options(timeout=FINE).identities.list())
    list(client.identities.list())  # the original keeps its own
    assert recorder.timeouts == [
        EXPECTED,
        {"connect": 5.0, "read": 12.0, "write": 12.0, "pool": 12.0},
    ]


async def test_connect_async_takes_an_httpx_timeout() -> None:
    recorder = Recorder()

    async def handler(request: httpx.Request) -> httpx.Response:
        return recorder(request)

    client = sendfrom.connect_async(
        "mailersend",
        api_key="k" * 12,
        timeout=FINE,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    assert [i async for i in client.identities.list()] == []
    assert recorder.timeouts == [EXPECTED]


@pytest.mark.parametrize("bad", [True, 0, -1.0, float("inf"), "soon", [1]])
def test_a_timeout_that_is_no_timeout_is_a_configuration_error(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        sendfrom.connect("mailersend", api_key="k" * 12, timeout=bad)
