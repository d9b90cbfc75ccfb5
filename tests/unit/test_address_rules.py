"""Addresses that cannot spoof, display names that cannot inject a header, and every check before
the first request (issue: "addresses and names that cannot spoof or inject").

One validator (``sendfrom._checks.check_email``) takes every address: identities create, update
(``reply_to_email``), ensure and find, sync and async. Each bad value is an ``InvalidRequestError``
naming the field, and the simulator has seen no request at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from sendfrom.errors import InvalidRequestError
from sendfrom.testing import simulator_of

BAD_ADDRESSES = {
    "quote": 'a"b@example.com',
    "quoted local part": '"ada lovelace"@example.com',
    "comma": "a,b@example.com",
    "parenthesis": "a(comment)@example.com",
    "two dots": "ada..l@example.com",
    "leading dot": ".ada@example.com",
    "trailing dot": "ada.@example.com",
    "NUL": "ada\x00@example.com",
    "ESC": "ada\x1b@example.com",
    "DEL": "ada\x7f@example.com",
    "zero width space": "ad\u200ba@example.com",
    "word joiner": "ada\u2060@example.com",
    "BOM": "\ufeffada@example.com",
    "LRM": "ada\u200e@example.com",
    "RLM": "ada@exa\u200fmple.com",
    "RLO": "ada\u202e@example.com",
    "LRE": "\u202aada@example.com",
    "isolate": "ada\u2066@example.com",
    "pop isolate": "ada@example\u2069.com",
    "invisible in domain": "ada@exam\u200bple.com",
    "lone surrogate": "ada\ud800@example.com",
    "local part over 64 octets": "a" * 65 + "@example.com",
    "local part over 64 octets in UTF-8": "é" * 33 + "@example.com",  # 33 chars, 66 octets
    "address over 254 octets": "a" * 60 + "@" + ".".join(["b" * 60] * 3) + ".example.com",
}
GOOD_ADDRESSES = [
    "billing+eu@example.com",
    "o'brien@example.com",
    "a.b.c@example.com",
    "{x}|~@example.com",
    "a" * 64 + "@example.com",
    "josé@example.com",
]


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's."""


def _address_calls(address: str) -> dict[str, Callable[[Any], Any]]:
    return {
        "create": lambda c: c.identities.create(email=address, name="Ada", domain_id="d1"),
        "create reply_to": lambda c: c.identities.create(
            email="ada@example.com", name="Ada", domain_id="d1", reply_to_email=address
        ),
        "update reply_to": lambda c: c.identities.update("i1", reply_to_email=address),
        "ensure": lambda c: c.identities.ensure(address, name="Ada", domain_id="d1"),
        "find": lambda c: c.identities.find(address),
    }


def _refused(call: Callable[[Any], Any], field: str) -> None:
    """``call`` is refused naming ``field``, sync and async, with no request sent."""
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(InvalidRequestError) as caught:
        call(client)
    assert field in caught.value.fields
    assert simulator_of(client).requests == []

    async def run_async() -> None:
        aclient = sendfrom.connect_async("mailersend", simulate=True)
        with pytest.raises(InvalidRequestError) as caught:
            await call(aclient)
        assert field in caught.value.fields
        assert simulator_of(aclient).requests == []
        await aclient.aclose()

    asyncio.run(run_async())


@pytest.mark.parametrize("where", list(_address_calls("x@example.com")))
@pytest.mark.parametrize("address", BAD_ADDRESSES.values(), ids=BAD_ADDRESSES.keys())
def test_an_address_that_could_spoof_is_refused_before_sending(address: str, where: str) -> None:
    field = "reply_to_email" if "reply_to" in where else "email"
    _refused(_address_calls(address)[where], field)


@pytest.mark.parametrize("address", GOOD_ADDRESSES)
def test_a_plain_address_is_sent(address: str) -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    assert client.identities.find(address) is None
    assert len(simulator_of(client).requests) >= 1


def test_the_message_says_what_is_wrong_and_shows_no_raw_control_character() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(InvalidRequestError) as caught:
        client.identities.find("ada\u202e\x1b@example.com")
    message = str(caught.value)
    assert "U+202E" in message
    assert "\u202e" not in message
    assert "\x1b" not in message


def test_lengths_are_counted_in_utf8_octets() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(InvalidRequestError, match="66 octets"):
        client.identities.find("é" * 33 + "@example.com")


BAD_NAMES = {"CR": "Ada\rBcc: x@evil.example", "LF": "Ada\nBcc: x", "NUL": "Ada\x00", "TAB": "A\tB"}


@pytest.mark.parametrize("field", ["name", "reply_to_name"])
@pytest.mark.parametrize("value", BAD_NAMES.values(), ids=BAD_NAMES.keys())
@pytest.mark.parametrize("operation", ["create", "update", "ensure"])
def test_a_display_name_with_a_control_character_is_refused(
    field: str, value: str, operation: str
) -> None:
    calls: dict[str, Callable[[Any], Any]] = {
        "create": lambda c: c.identities.create(
            email="ada@example.com", domain_id="d1", **{"name": "Ada", field: value}
        ),
        "update": lambda c: c.identities.update("i1", **{field: value}),
        "ensure": lambda c: c.identities.ensure(
            "ada@example.com", domain_id="d1", **{"name": "Ada", field: value}
        ),
    }
    _refused(calls[operation], field)


def test_ensure_checks_the_providers_required_arguments_before_its_find() -> None:
    """MailerSend needs domain_id and name on create: ensure refuses before it looks anything up."""
    _refused(lambda c: c.identities.ensure("ada@example.com"), "domain_id")


def test_domains_ensure_checks_everything_before_its_find() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(InvalidRequestError):
        client.domains.ensure("example.com", provider_options={"return_path_subdomain": ["x"]})
    assert simulator_of(client).requests == []
