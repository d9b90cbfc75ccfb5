"""`supports()` and `capabilities` answer for the methods made of other operations (ensure,
pages, wait_until_verified, check_dns) exactly as calling them does: a portable program can ask
before it calls, on every provider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import sendfrom
from sendfrom.capabilities import COMPOSED
from sendfrom.providers import PROVIDERS

# Each composed method called with an id that exists nowhere: an unsupported one raises
# UnsupportedOperationError before sending; a supported one gets as far as the provider.
CALLS: dict[str, Callable[[sendfrom.Client], Any]] = {
    "identities.pages": lambda c: next(iter(c.identities.pages()), None),
    "identities.ensure": lambda c: c.identities.ensure("ada@composed.example"),
    "identities.wait_until_verified": lambda c: c.identities.wait_until_verified(
        "no-such-id", timeout=0.01, interval=0.01
    ),
    "domains.pages": lambda c: next(iter(c.domains.pages()), None),
    "domains.ensure": lambda c: c.domains.ensure("composed.example"),
    "domains.wait_until_verified": lambda c: c.domains.wait_until_verified(
        "no-such-id", timeout=0.01, interval=0.01
    ),
    "domains.check_dns": lambda c: c.domains.check_dns(
        "no-such-id", nameservers=["127.0.0.1:9"], timeout=0.05
    ),
}


def test_every_composed_method_is_covered() -> None:
    assert set(CALLS) == set(COMPOSED)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("operation", sorted(COMPOSED))
def test_supports_says_what_calling_does(provider: str, operation: str) -> None:
    client = sendfrom.connect(provider, simulate=True)
    said = client.supports(operation)
    assert operation not in client.capabilities  # the table's operations only
    if not said:
        with pytest.raises(sendfrom.UnsupportedOperationError) as refused:
            CALLS[operation](client)
        # named as called (pages: as the list it is, one list per request)
        assert refused.value.operation == operation.replace(".pages", ".list")
        return
    try:
        CALLS[operation](client)
    except sendfrom.UnsupportedOperationError as error:  # supports() said yes: a contradiction
        pytest.fail(f"{provider} {operation}: supports() said yes, the call said {error}")
    except sendfrom.SendfromError:
        pass  # got past the support check: a not-found id, a timeout, ...


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_composed_method_refuses_what_its_parts_refuse(provider: str) -> None:
    client = sendfrom.connect(provider, simulate=True)
    for composed, part in (("domains.ensure", "domains.create"), ("domains.pages", "domains.list")):
        for argument in COMPOSED[composed]:
            if client.supports(composed) and argument in sendfrom.capabilities.ARGUMENTS[part]:
                assert client.supports(composed, argument) == client.supports(part, argument)


def test_mailersend_cannot_ensure_a_domain_with_a_description() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    assert client.supports("domains.ensure")
    assert not client.supports("domains.ensure", "description")
    with pytest.raises(sendfrom.UnsupportedOperationError):
        client.domains.ensure("described.example", description="no")


def test_unknown_operations_and_arguments_are_refused() -> None:
    client = sendfrom.connect("mailersend", simulate=True)
    with pytest.raises(sendfrom.InvalidRequestError, match=r"domains\.wait_until_verified"):
        client.supports("domains.wait")  # the message lists the composed methods too
    with pytest.raises(sendfrom.InvalidRequestError, match="nameservers"):
        client.supports("domains.check_dns", "nameserver")
    assert client.supports("domains.check_dns", "nameservers", "timeout")
