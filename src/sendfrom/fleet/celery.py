"""The fleet on many workers and hosts: its steps as Celery tasks, over one shared store.

    from celery import Celery
    from sendfrom.fleet.celery import register

    app = Celery("fleet", broker="redis://127.0.0.1:6379/0")
    register(app, "postgresql://fleet@db.internal/fleet", batch=200, every=10)

``sendfrom.fleet.tick`` (celery beat sends it every ``every`` seconds) hands out up to ``batch``
due domains from the store and sends one ``sendfrom.fleet.step`` task for each; that task steps
its domain as ``Fleet.step`` does, under the domain's lease. A handed-out domain is not handed out
again for ``hold`` seconds (default: the lease), so a step lost with its worker is sent again
then, and two ticks never hand out one domain (PostgreSQL's ``FOR UPDATE SKIP LOCKED``; on one
host, SQLite's one writer). Task arguments are domain names, results JSON. Every worker opens the
store once per process (after the fork) and connects each domain's profile as ``fleet.open``
does; one rate limit for all of them comes from ``rate_limit_storage`` (Redis): a 429's
``Retry-After`` then delays that provider's steps on every worker. Extra ``sendfrom[celery]``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sendfrom.errors import InvalidRequestError
from sendfrom.fleet._fleet import Connect, Fleet, NotTrackedError, OnEvent
from sendfrom.fleet._model import Schedule
from sendfrom.fleet._opening import open as open_fleet
from sendfrom.fleet._prefetch import NONE_FOUND as _NONE_FOUND
from sendfrom.fleet._prefetch import existing_domains
from sendfrom.fleet._store import naive

__all__ = ["STEP", "TICK", "FleetTasks", "register"]

TICK = "sendfrom.fleet.tick"
STEP = "sendfrom.fleet.step"


@dataclass(frozen=True)
class FleetTasks:
    """The two tasks ``register`` made (``tick.delay()`` hands out the due domains now)."""

    tick: Any
    step: Any


class _PerProcess:
    """The fleet this process steps with, opened on first use: a store's connections must not
    cross a fork, so a worker child opens its own (and a parent's is never reused there)."""

    def __init__(self, arguments: dict[str, Any]) -> None:
        self._arguments = arguments
        self._lock = threading.Lock()
        self._fleet: Fleet | None = None
        self._pid = 0

    def __call__(self) -> Fleet:
        with self._lock:
            if self._fleet is None or self._pid != os.getpid():
                self._fleet = open_fleet(**self._arguments)
                self._pid = os.getpid()
            return self._fleet


def _positive(name: str, value: object, kind: type[int] | tuple[type, ...]) -> None:
    if isinstance(value, bool) or not isinstance(value, kind) or not value > 0:  # type: ignore[operator]
        raise InvalidRequestError(f"{name} must be above 0, not {value!r}", {name: ["> 0"]})


def register(
    app: Any,
    url: str | os.PathLike[str] | None = None,
    *,
    batch: int = 100,
    every: float = 10.0,
    hold: float | None = None,
    schedule: Schedule | None = None,
    on_event: OnEvent | None = None,
    nameservers: Iterable[str] | None = None,
    dns_timeout: float = 5.0,
    lease: float = 300.0,
    connect: Connect | None = None,
) -> FleetTasks:
    """Register ``sendfrom.fleet.tick`` and ``sendfrom.fleet.step`` on the Celery ``app``, and
    a beat entry sending the tick every ``every`` seconds. ``batch``: domains one tick hands out
    (size it to what the workers step in ``every`` seconds under the rate limit); ``hold``:
    seconds before a handed-out domain is handed out again (default ``lease``). The rest are
    ``fleet.open``'s, used by every worker process; ``on_event`` runs in the worker that made
    the event. Bad arguments: ``InvalidRequestError``, before anything is registered."""
    if isinstance(batch, bool) or not isinstance(batch, int) or not 1 <= batch <= 10_000:
        raise InvalidRequestError(f"batch must be 1..10000, not {batch!r}", {"batch": ["1..10000"]})
    _positive("every", every, (int, float))
    if hold is not None:
        _positive("hold", hold, (int, float))
    arguments: dict[str, Any] = {
        "url": url,
        "schedule": schedule,
        "on_event": on_event,
        "nameservers": None if nameservers is None else list(nameservers),
        "dns_timeout": dns_timeout,
        "lease": lease,
        "connect": connect,
    }
    open_fleet(**arguments).close()  # every argument checked, and the store made, here
    opened = _PerProcess(arguments)
    held = timedelta(seconds=float(lease if hold is None else hold))

    @app.task(name=STEP, shared=False)  # type: ignore[untyped-decorator]
    def step(domain: str, absent: bool = False, handed: str | None = None) -> dict[str, Any]:
        """One check-once step of ``domain``; its state, as JSON. ``absent``: the tick listed
        the provider's domains and this new one was not there, so it is created without a
        lookup of its own (a conflict still falls back to one). ``handed``: when the tick
        handed it out (the next check it set); a task whose domain was handed out again, or
        stepped, since then is stale (workers fell behind the tick) and sends nothing."""
        fleet = opened()
        name = fleet._name(domain)
        row = fleet._store.row(name)
        if row is None:  # removed after it was handed out
            return {"domain": domain, "tracked": False}
        stepped = handed is None or row["next_check_at"] == datetime.fromisoformat(handed)
        try:
            state = (
                fleet._step_named(name, _NONE_FOUND if absent else None)
                if stepped
                else fleet.get(name)
            )
        except NotTrackedError:
            return {"domain": domain, "tracked": False}
        return {
            "domain": state.domain,
            "tracked": True,
            "stepped": stepped,
            "stage": state.stage,
            "status": state.status.value,
            "needs_attention": state.needs_attention,
        }

    @app.task(name=TICK, shared=False)  # type: ignore[untyped-decorator]
    def tick() -> dict[str, Any]:
        """Hand out the due domains (at most ``batch``): one step task each. The new ones among
        them are looked up at the provider here, in one list per profile, not one lookup each
        (a lookup by name lists every domain where the provider has none: per step, the
        requests would grow with the domains the account holds)."""
        fleet = opened()
        now = fleet._now()
        until = naive(now + held)
        handed = fleet._store.dispatch(now, batch, now + held)
        existing = existing_domains(handed, fleet._client)
        for name, stage, profile in handed:
            listed = existing.get(profile) if existing is not None else None
            absent = stage == "new" and listed is not None and name not in listed
            step.delay(name, absent, until.isoformat())
        return {"dispatched": len(handed)}

    beat = dict(app.conf.beat_schedule or {})
    beat[TICK] = {"task": TICK, "schedule": float(every)}
    app.conf.beat_schedule = beat
    return FleetTasks(tick=tick, step=step)
