"""``fleet.open``: its arguments checked, then the ``Fleet`` on its store."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime

from sendfrom.errors import InvalidRequestError
from sendfrom.fleet._fleet import Connect, Fleet, OnEvent, utcnow
from sendfrom.fleet._model import Schedule
from sendfrom.fleet._store import database_url


def open(
    url: str | os.PathLike[str] | None = None,
    *,
    schedule: Schedule | None = None,
    on_event: OnEvent | None = None,
    nameservers: Iterable[str] | None = None,
    clock: Callable[[], datetime] | None = None,
    lease: float = 300.0,
    connect: Connect | None = None,
    dns_timeout: float = 5.0,
) -> Fleet:
    """The fleet on its store, created (or migrated) on first open.

    ``url``: a SQLAlchemy URL (``sqlite:///path``, ``postgresql://...``), a SQLite file path, or
    None (``SENDFROM_FLEET_DB``, else ``./sendfrom-fleet.db``). ``on_event``: called with each
    ``Event`` after its commit, at least once. ``nameservers``: for every DNS check (None: the
    system's resolvers), each given ``dns_timeout`` seconds. ``clock``: returns the aware UTC
    now (tests). ``lease``: seconds a step holds its domain. ``connect``: makes the client for a
    domain's profile (default ``sendfrom.connect(profile=profile)``); clients it returns are the
    caller's to close, the default ones close with the fleet."""
    if schedule is not None and not isinstance(schedule, Schedule):
        raise InvalidRequestError("schedule must be a fleet.Schedule", {"schedule": ["Schedule"]})
    if on_event is not None and not callable(on_event):
        raise InvalidRequestError("on_event must be callable", {"on_event": ["callable"]})
    if isinstance(lease, bool) or not isinstance(lease, int | float) or not 1 <= lease < 1e7:
        raise InvalidRequestError("lease must be seconds, >= 1", {"lease": ["seconds >= 1"]})
    servers = None
    if nameservers is not None:
        if isinstance(nameservers, str):
            nameservers = [nameservers]
        servers = [str(s) for s in nameservers]
    from sendfrom.dns import _lookup  # dnspython (the fleet checks DNS): ConfigurationError without

    _lookup.check_args(servers, dns_timeout)  # a bad server or timeout now, not at every step
    return Fleet(
        database_url(url),
        schedule=schedule or Schedule(),
        on_event=on_event,
        nameservers=servers,
        clock=clock or utcnow,
        lease=float(lease),
        connect=connect,
        dns_timeout=dns_timeout,
    )
