"""Creating what already exists is a ``ConflictError`` on every provider, whatever status the
provider says it with; the real status and the provider's field errors are kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

import sendfrom
from provider_facts import facts
from sendfrom.errors import ConflictError, UnprocessableEntityError
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import simulator
from speclib import sample_create_options


def _twice(provider: str) -> Callable[[Any], Any]:
    """A create that the second time refers to what the first made."""
    if facts(provider).same_name_domains:
        # A second domain of one name is no duplicate there; a second identity of one address is.
        options = sample_create_options(provider)
        return lambda c: c.identities.create("billing@example.com", provider_options=options)
    if adapter_class(provider).capabilities.get("domains.create"):
        return lambda c: c.domains.create("example.com")
    return lambda c: c.identities.create("billing@example.com")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_duplicate_create_is_a_conflict(provider: str) -> None:
    client = simulator(provider).connect()
    create = _twice(provider)
    create(client)
    with pytest.raises(ConflictError) as info:
        create(client)
    error = info.value
    assert error.status_code == facts(provider).conflict_status  # the provider's own, kept
    assert error.provider == provider
    assert error.operation.endswith(".create")
    assert isinstance(error.fields, dict)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_duplicate_create_is_a_conflict_async(provider: str) -> None:
    client = simulator(provider).connect_async()
    create = _twice(provider)
    await create(client)
    with pytest.raises(ConflictError):
        await create(client)


def test_mailersend_taken_address_keeps_its_field_errors() -> None:
    sim = simulator("mailersend")
    client = sim.connect()
    domain = client.domains.create("example.com")
    client.identities.create("a@example.com", name="A", domain_id=domain.id)
    with pytest.raises(ConflictError) as info:
        client.identities.create("a@example.com", name="A", domain_id=domain.id)
    assert info.value.fields == {"email": ["The email has already been taken."]}


def _answer(status: int, body: dict[str, Any]) -> sendfrom.Client:
    transport = httpx.MockTransport(lambda _: httpx.Response(status, json=body))
    return sendfrom.connect(
        "mailersend", api_key="k" * 12, http_client=httpx.Client(transport=transport)
    )


def test_a_422_that_is_also_invalid_is_no_conflict() -> None:
    """Taken *and* another field wrong: the request is invalid, not just a duplicate."""
    body = {
        "message": "The email has already been taken. (and 1 more error)",
        "errors": {
            "email": ["The email has already been taken."],
            "domain_id": ["The selected domain id is invalid."],
        },
    }
    with pytest.raises(UnprocessableEntityError):
        _answer(422, body).identities.create("a@example.com", name="A", domain_id="d")


def test_a_409_is_a_conflict_on_any_provider() -> None:
    with pytest.raises(ConflictError) as info:
        _answer(409, {"message": "exists"}).domains.create("example.com")
    assert info.value.status_code == 409


def test_an_unrelated_422_stays_unprocessable() -> None:
    body = {"message": "The name must be a string.", "errors": {"name": ["must be a string"]}}
    with pytest.raises(UnprocessableEntityError):
        _answer(422, body).domains.create("example.com")
