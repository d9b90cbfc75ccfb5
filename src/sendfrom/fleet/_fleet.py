"""``Fleet``: many domains kept verified, from one store (see ``sendfrom.fleet``)."""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sendfrom._checks import check_domain_args
from sendfrom._redact import redact_url
from sendfrom.client import Client
from sendfrom.errors import (
    ConfigurationError,
    InvalidRequestError,
    NotFoundError,
    SendfromError,
)
from sendfrom.fleet._adding import (
    check_fleet_support,
    checked_identities,
    checked_key,
    checked_profile,
    checked_publish,
)
from sendfrom.fleet._model import STAGES, DomainState, Event, Schedule
from sendfrom.fleet._outbox import deliver
from sendfrom.fleet._prefetch import Existing, existing_domains
from sendfrom.fleet._step import Step
from sendfrom.fleet._store import Store, engine_for, naive, state_of
from sendfrom.fleet._verdicts import LeaseLostError

log = logging.getLogger("sendfrom.fleet")

OnEvent = Callable[[Event], object]
Connect = Callable[[str | None], Client]
_DELIVERY_BATCH = 100
_RUN_POLL = 5.0
"""``run`` looks for due domains at least this often (seconds), so domains other processes add
are picked up."""


class NotTrackedError(SendfromError, LookupError):
    """The fleet tracks no domain of that name."""


def _connect_profile(profile: str | None) -> Client:
    from sendfrom.client import connect

    return connect(profile=profile)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Fleet:
    """Many domains kept verified, durably (``fleet.open``); a context manager that closes its
    clients and its store."""

    def __init__(
        self,
        url: str,
        *,
        schedule: Schedule,
        on_event: OnEvent | None,
        nameservers: list[str] | None,
        clock: Callable[[], datetime],
        lease: float,
        connect: Connect | None,
        dns_timeout: float,
    ) -> None:
        self._url = url
        self._store = Store(engine_for(url))
        self.schedule = schedule
        self._on_event = on_event
        self._nameservers = nameservers
        self._clock = clock
        self._lease = lease
        self._connect = connect or _connect_profile
        self._owns_clients = connect is None
        """Only clients the fleet connected itself are closed with it: ``connect=``'s are yours."""
        self._dns_timeout = dns_timeout
        self._clients: dict[str | None, Client] = {}
        self._clients_lock = threading.Lock()
        self._delivering = threading.Lock()
        self._worker = f"{socket.gethostname()[:24]}:{os.getpid()}"

    def __repr__(self) -> str:
        return f"Fleet({redact_url(self._url)!r})"

    def __enter__(self) -> Fleet:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the clients the fleet connected itself (not ``connect=``'s) and the store."""
        with self._clients_lock:
            clients, self._clients = list(self._clients.values()), {}
        if self._owns_clients:
            for client in clients:
                client.close()
        self._store.engine.dispose()

    # ---- the clock and the clients

    def _now(self) -> datetime:
        now = self._clock()
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise ConfigurationError("the fleet's clock must return an aware datetime (UTC)")
        return now

    def _client(self, profile: str | None) -> Client:
        with self._clients_lock:
            client = self._clients.get(profile)
            if client is None:
                client = self._connect(profile)
                self._clients[profile] = client
            return client

    # ---- tracking

    def add(
        self,
        domain: str,
        *,
        profile: str | None = None,
        identities: Iterable[str] | Mapping[str, str | None] = (),
        publish: str | os.PathLike[str] | None = None,
        key: str | None = None,
        identity_options: Mapping[str, Any] | None = None,
    ) -> DomainState:
        """Track ``domain`` (idempotent: the same call twice is one row; a second call with
        other settings replaces them). ``identities``: addresses at the domain to ensure once it
        is verified, or a mapping of address → sender name (default name: the local part;
        ``identity_options``: their ``provider_options``, e.g. SendGrid's postal
        address); ``publish``: an octoDNS config to publish its records with; ``key``: your own
        reference. Everything is checked, and the profile connected, before anything is
        stored."""
        name = check_domain_args(domain, None).lower()
        emails = checked_identities(name, identities)
        profile = checked_profile(profile)
        key = checked_key(key)
        config = checked_publish(publish)
        client = self._client(profile)
        check_fleet_support(client)
        options = dict(identity_options) if identity_options is not None else None
        if emails:
            if not client.supports("identities.create"):
                why = f"{client.provider} has no sender identities: add the domain without them"
                raise InvalidRequestError(why, {"identities": [why]})
            client._adapter.missing_options("identities.create", options, "identity_options")
        now = naive(self._now())
        settings: dict[str, Any] = {
            "provider": client.provider,
            "profile": profile,
            "key": key,
            "publish": config,
            "identity_options": options,
        }
        fresh = {
            **settings,
            "domain": name,
            "identities": {
                e: {"id": None, "status": "unknown", "name": n} for e, n in emails.items()
            },
            "stage": "new",
            "status": "unknown",
            "checks": {},
            "attempts": 0,
            "next_check_at": now,
            "deadline_at": now + timedelta(seconds=self.schedule.deadline),
            "needs_attention": False,
            "created_at": now,
            "updated_at": now,
        }
        if self._store.insert(fresh):
            return self.get(name)
        row = self._store.row(name)
        assert row is not None
        if row["stage"] == "removed":
            self._store.set(name, {k: v for k, v in fresh.items() if k != "created_at"})
            return self.get(name)
        if row["provider"] != client.provider and row["domain_id"] is not None:
            raise InvalidRequestError(
                f"{name} is tracked on {row['provider']}, not {client.provider}: remove it first",
                {"profile": [f"the domain is on {row['provider']}"]},
            )
        known = row["identities"] or {}
        wanted = {
            e: {**known.get(e, {"id": None, "status": "unknown"}), "name": n}
            for e, n in emails.items()
        }
        values: dict[str, Any] = {**settings, "identities": wanted, "updated_at": now}
        if set(wanted) - set(known) and row["stage"] == "monitored":
            values |= {"stage": "verified", "next_check_at": now}  # ensure the new ones now
        self._store.set(name, values)
        return self.get(name)

    def get(self, domain: str) -> DomainState:
        """The domain's state; ``NotTrackedError`` when the fleet does not track it."""
        row = self._store.row(self._name(domain))
        if row is None:
            raise NotTrackedError(f"the fleet tracks no domain {domain!r}")
        return state_of(row)

    def list(self, stage: str | None = None) -> Iterator[DomainState]:
        """Every tracked domain by name (``stage``: only those at it), read in pages."""
        if stage is not None and stage not in STAGES:
            raise InvalidRequestError(
                f"stage must be one of {', '.join(STAGES)}, not {stage!r}",
                {"stage": ["unknown stage"]},
            )
        return (state_of(row) for row in self._store.rows_iter(stage))

    @staticmethod
    def _name(domain: str) -> str:
        try:
            return check_domain_args(domain, None).lower()
        except InvalidRequestError:
            raise NotTrackedError(f"the fleet tracks no domain {domain!r}") from None

    # ---- stepping

    def step(self, domain: str) -> DomainState:
        """ONE check-once step on the domain, under its lease: as far forward as it can go now.
        While another step holds the lease, nothing is sent and the current state returned."""
        return self._step_named(self._name(domain), None)

    def _step_named(self, name: str, existing: Existing) -> DomainState:
        row = self._store.row(name)
        if row is None:
            raise NotTrackedError(f"the fleet tracks no domain {name!r}")
        now = self._now()
        owner = f"{self._worker}:{uuid.uuid4().hex[:12]}"
        if not self._store.claim(name, owner, now, now + self._lease_length()):
            return state_of(row)
        try:
            claimed = self._store.row(name)
            assert claimed is not None
            if not claimed["needs_attention"] and claimed["stage"] not in ("failed", "removed"):
                self._step(owner, dict(claimed), now, existing)
        finally:
            self._store.release(name, owner)
        self.deliver()
        return self.get(name)

    def _lease_length(self) -> timedelta:
        return timedelta(seconds=self._lease)

    def _step(self, owner: str, row: dict[str, Any], now: datetime, existing: Existing) -> None:
        try:
            client = self._client(row["profile"])
        except SendfromError as error:  # a profile gone from the configuration
            Step(self._store, owner, row, _NO_CLIENT, self.schedule, now, None, 0)._failed(error)
            return
        step = Step(
            self._store,
            owner,
            row,
            client,
            self.schedule,
            now,
            self._nameservers,
            self._dns_timeout,
            existing.get(row["profile"]) if existing is not None else None,
        )
        try:
            step.run()
        except LeaseLostError:
            log.warning("fleet: %s: the step's lease was lost; it stopped", row["domain"])

    def run_due(self, limit: int | None = None, *, threads: int = 1) -> builtins.list[DomainState]:
        """Step every domain whose next check is due (at most ``limit``), soonest first; the
        states of those stepped. ``threads`` > 1 steps that many domains at once (the requests
        wait on the network: a rate limit is reached only with several in flight)."""
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)):
            raise InvalidRequestError("limit must be an int or None", {"limit": ["an int"]})
        if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 64:
            raise InvalidRequestError("threads must be an int, 1..64", {"threads": ["1..64"]})
        due = self._store.due(self._now(), limit)
        existing = existing_domains(due, self._client)
        names = [name for name, _stage, _profile in due]

        def one(name: str) -> DomainState:
            return self._step_named(name, existing)

        if threads == 1 or len(names) < 2:
            return [one(name) for name in names]
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sendfrom-fleet") as pool:
            return list(pool.map(one, names))

    def run(
        self,
        stop: threading.Event | None = None,
        *,
        threads: int = 1,
        limit: int | None = None,
        on_round: Callable[[builtins.list[DomainState]], object] | None = None,
    ) -> None:
        """Step due domains (``run_due``) until ``stop`` is set (forever without one), sleeping
        until the next is due (at most 5 s, so domains added elsewhere are seen); ``on_round``
        sees the states each round stepped (a progress line, metrics)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            stepped = self.run_due(limit, threads=threads)
            if on_round is not None:
                on_round(stepped)
            upcoming = self._store.next_due()
            wait = _RUN_POLL
            if upcoming is not None:
                wait = min(wait, max(0.0, (upcoming - self._now()).total_seconds()))
            stop.wait(max(wait, 0.01))

    def retry(self, domain: str) -> DomainState:
        """Lift ``needs_attention`` (and revive a ``failed`` domain with a new deadline), then
        check it now."""
        state = self.get(domain)
        now = naive(self._now())
        values: dict[str, Any] = {
            "needs_attention": False,
            "last_error": None,
            "attempts": 0,
            "next_check_at": now,
        }
        if state.stage == "failed":
            values["stage"] = "created" if state.domain_id else "new"
            values["deadline_at"] = now + timedelta(seconds=self.schedule.deadline)
        if state.stage == "removed":
            raise InvalidRequestError(
                f"{state.domain} was removed: add it again", {"domain": ["removed"]}
            )
        self._store.set(state.domain, values)
        return self.step(state.domain)

    def remove(self, domain: str, *, delete: bool = False) -> DomainState:
        """Stop tracking the domain (its row stays, ``removed``, with its events). With
        ``delete=True`` it is also deleted at the provider first (an error there is raised, and
        the domain stays tracked)."""
        state = self.get(domain)
        if delete and state.domain_id is not None:
            with contextlib.suppress(NotFoundError):  # already gone: what was asked
                self._client(state.profile).domains.delete(state.domain_id)
        self._store.set(
            state.domain,
            {
                "stage": "removed",
                "next_check_at": None,
                "lease_owner": None,
                "lease_until": None,
                "updated_at": naive(self._now()),
            },
        )
        return self.get(state.domain)

    # ---- events

    def events(self, after: int = 0, limit: int = 100) -> builtins.list[Event]:
        """The outbox, in order: the events whose id is above ``after``, at most ``limit``."""
        for name, value in (("after", after), ("limit", limit)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidRequestError(f"{name} must be an int >= 0", {name: ["an int >= 0"]})
        return self._store.events(after, limit)

    def deliver(self) -> int:
        """Hand the undelivered events to ``on_event`` in order; an event is marked delivered
        only after its callback returns, so each is delivered at least once. A callback that
        raises keeps its event (and the ones after it) for the next delivery; the error is
        logged. Returns how many were delivered. Steps call it after they commit."""
        if self._on_event is None:
            return 0
        return deliver(self._store, self._on_event, self._delivering)


class _NoClient:
    """Stands in for a client that could not be made, so the error is recorded like any."""


_NO_CLIENT: Any = _NoClient()
