"""The outbox's delivery: events handed to ``on_event`` in order, each at least once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sendfrom.fleet._model import Event
from sendfrom.fleet._store import Store

log = logging.getLogger("sendfrom.fleet")
_BATCH = 100


def deliver(store: Store, on_event: Callable[[Event], object], lock: threading.Lock) -> int:
    """Each undelivered event to ``on_event``, oldest first, marked delivered once it returned.
    A callback that raises stops the delivery there (logged: the event type, domain and the
    error, which sendfrom never fills with a secret); the next delivery starts with it again.
    One thread of a fleet delivers at a time (``lock``); returns how many were delivered."""
    if not lock.acquire(blocking=False):
        return 0  # another thread of this fleet is delivering: it will see these too
    delivered = 0
    try:
        while batch := store.undelivered(_BATCH):
            for item in batch:
                try:
                    on_event(item)
                except Exception as error:
                    log.error(
                        "fleet: on_event raised for event %d (%s %s): %s: %s",
                        item.id,
                        item.type,
                        item.domain,
                        type(error).__name__,
                        error,
                    )
                    return delivered
                store.delivered(item.id)
                delivered += 1
    finally:
        lock.release()
    return delivered
