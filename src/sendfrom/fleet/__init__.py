"""Many customer domains kept verified, unattended and durably (extra ``sendfrom[fleet]``).

    from sendfrom import fleet

    with fleet.open("sqlite:///sendfrom-fleet.db") as f:
        f.add("acme.com", profile="prod", identities=["billing@acme.com"], key="customer-42")
        f.run_due()                      # or f.run(stop) / `sendfrom fleet run`
        for event in f.events():
            print(event.type, event.domain)

Each domain goes ``new`` → ``created`` → (``published``) → ``dns_ok`` → ``verified`` →
``monitored``, one idempotent check-once ``step`` at a time, on a ``Schedule`` with growing gaps
and a deadline; every state change commits with its ``Event`` (the outbox), and ``on_event`` sees
each at least once, after the commit. Leases keep one step per domain at a time across threads,
processes and hosts sharing the store (SQLite here, PostgreSQL for many hosts).
"""

from __future__ import annotations

from sendfrom.fleet._fleet import Fleet, NotTrackedError
from sendfrom.fleet._model import (
    EVENT_TYPES,
    STAGES,
    DomainState,
    Event,
    EventType,
    Schedule,
    Stage,
)
from sendfrom.fleet._opening import open
from sendfrom.fleet._store import SCHEMA_VERSION

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "STAGES",
    "DomainState",
    "Event",
    "EventType",
    "Fleet",
    "NotTrackedError",
    "Schedule",
    "Stage",
    "open",
]
