"""One masker for every URL sendfrom shows: a store's or a proxy's password, in the userinfo or in
a credential-looking query parameter, never appears in a repr, an error or a log line."""

from __future__ import annotations

import logging

import httpx
import pytest

import sendfrom
from sendfrom._redact import redact_url
from sendfrom.config import Settings


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://h:6379/0?password=pw1", "redis://h:6379/0?password=***"),
        ("redis://:pw1@h:6379/0", "redis://:***@h:6379/0"),
        ("https://user:pw1@proxy/v1", "https://user:***@proxy/v1"),
        ("redis://h/0?db_pass=pw1&x=1", "redis://h/0?db_pass=***&x=1"),
        ("https://h/x?auth-token=pw1", "https://h/x?auth-token=***"),
    ],
)
def test_the_masker_hides_userinfo_and_query_credentials(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_reprs_hide_the_store_and_base_url_passwords() -> None:
    settings = Settings(
        provider="mailersend",
        base_url="https://u:pw1@proxy/v1",
        rate_limit_storage="redis://:pw2@h:6379/0",
    )
    limit = sendfrom.RateLimit(5, 1, storage="redis://h:6379/0?password=pw3")
    shown = repr(settings) + repr(limit) + str(limit)
    assert "pw1" not in shown
    assert "pw2" not in shown
    assert "pw3" not in shown


def test_a_base_url_password_is_hidden_in_repr_errors_and_debug_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    transport = httpx.MockTransport(lambda _request: httpx.Response(404, json={"message": "no"}))
    client = sendfrom.connect(
        "mailersend",
        api_key="k-1",
        base_url="https://u:pw9@proxy.example/v1",
        http_client=httpx.Client(transport=transport),
    )
    caplog.set_level(logging.DEBUG, logger="sendfrom")
    with pytest.raises(sendfrom.NotFoundError) as caught:
        client.identities.get("i1")
    seen = repr(client) + str(caught.value) + repr(caught.value) + caught.value.request_url
    seen += "\n".join(record.getMessage() for record in caplog.records)
    assert "pw9" not in seen
    assert "u:***@proxy.example" in caught.value.request_url
