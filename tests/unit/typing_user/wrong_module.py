"""What mypy must refuse in a user's module (tests/unit/test_typing.py)."""

from __future__ import annotations

import sendfrom
from sendfrom.testing import simulator

sendfrom.connect("mailersnd", simulate=True)  # a typo: no such provider
simulator("invent").connect(max_retrys=1)  # a typo: no such keyword


def wrong_call_type() -> None:
    from sendfrom_generated.invent.api.contacts import list_contacts

    with sendfrom.connect("invent", simulate=True) as client:
        one: str = client.call(list_contacts.ENDPOINT)  # a list of Contact, not a str
        assert one
