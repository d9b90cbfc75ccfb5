"""A user's module, type-checked by tests/unit/test_typing.py with ``mypy --strict``."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

import sendfrom
from sendfrom.providers.invent.simulator import InventSimulator
from sendfrom.testing import Simulator, simulator


def onboard(name: str) -> str | None:
    provider: sendfrom.ProviderName = "mailersend"
    with sendfrom.connect(provider, simulate=True, timeout=httpx.Timeout(10.0)) as client:
        kind: sendfrom.ProviderName = client.provider
        domain = client.domains.ensure(name)
        found: sendfrom.EmailDomain | None = client.domains.find(name)
        try:
            client.domains.create(name)
        except sendfrom.ConflictError as error:
            fields: dict[str, list[str]] = error.fields
            assert fields is not None
        for page in client.domains.pages(page_size=50):
            first: list[sendfrom.EmailDomain] = page
            assert first is not None
        retry = sendfrom.RetryPolicy(max_retries=1)
        assert retry.max_retries == 1
        assert kind
        return found.id if found is not None else domain.id


def simulated_identities() -> list[sendfrom.SenderIdentity]:
    """``simulator("invent")`` is an ``InventSimulator``; its ``connect`` takes typed keywords."""
    sim: InventSimulator = simulator("invent")  # the overload names the concrete class
    added: dict[str, object] = sim.add_identity("ada@example.com", name="Ada")
    assert added
    client: sendfrom.Client = sim.connect(max_retries=0, timeout=httpx.Timeout(5.0))
    identities: Iterator[sendfrom.SenderIdentity] = client.identities.list()
    return list(identities)


def any_provider(name: str) -> sendfrom.AsyncClient:
    """Any other name: a ``Simulator``, whose ``connect_async`` returns an ``AsyncClient``."""
    sim: Simulator = simulator(name)  # a plain str falls back to the base class
    return sim.connect_async(strict=True, retry_policy=sendfrom.RetryPolicy(max_retries=1))


def contacts() -> list[str]:
    """``client.call`` returns the operation's wire model, inferred from its ``ENDPOINT``."""
    from typing import assert_type

    from sendfrom_generated.invent.api.contacts import list_contacts, update_contact
    from sendfrom_generated.invent.models import Contact
    from sendfrom_generated.mailersend.api.identities import delete_identity

    with sendfrom.connect("invent", simulate=True) as client:
        listed = client.call(list_contacts.ENDPOINT, take=10, unsubscribed=False)
        assert_type(listed, list[Contact])
        if listed:
            changed = client.call(update_contact.ENDPOINT, contact_id=listed[0].id, body={})
            assert_type(changed, Contact)
            blocked: bool = changed.blocked
            assert blocked is not None
    with sendfrom.connect("mailersend", simulate=True) as other:
        assert_type(other.call(delete_identity.ENDPOINT, identity_id="x"), None)
    return [contact.id for contact in listed]


async def contacts_async() -> list[str]:
    """The async twin: awaiting ``call`` gives the same type."""
    from typing import assert_type

    from sendfrom_generated.invent.api.contacts import list_contacts
    from sendfrom_generated.invent.models import Contact

    client = sendfrom.connect_async("invent", simulate=True)
    listed = await client.call(list_contacts.ENDPOINT)
    assert_type(listed, list[Contact])
    await client.aclose()
    return [contact.id for contact in listed]
