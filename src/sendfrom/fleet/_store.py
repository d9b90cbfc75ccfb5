"""The fleet's durable state: SQLAlchemy 2 Core tables on SQLite (WAL) or PostgreSQL.

Every change a step makes is one ``UPDATE ... WHERE lease_owner = <this step>`` and, with it, its
event, in one transaction: no event without its change and no change from a step that lost its
lease. Claims are one atomic ``UPDATE ... WHERE`` the lease is free or expired, so one domain is
never stepped twice at once, across threads, processes and hosts. Times are stored as naive UTC.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from sendfrom._redact import redact_url
from sendfrom.errors import ConfigurationError
from sendfrom.fleet._model import DomainState, Event
from sendfrom.models import VerificationStatus

SCHEMA_VERSION = 1
"""Bumped with each change to the tables; ``_MIGRATIONS[n]`` takes a store from n to n + 1."""
DEFAULT_DB = "sendfrom-fleet.db"
ENV_DB = "SENDFROM_FLEET_DB"

metadata = MetaData()
meta = Table(
    "sendfrom_fleet_meta",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
domains = Table(
    "sendfrom_fleet_domains",
    metadata,
    Column("domain", String(253), primary_key=True),
    Column("provider", String(64), nullable=False),
    Column("profile", String(200)),
    Column("key", String(200)),
    Column("publish", Text),
    Column("identity_options", JSON),
    Column("identities", JSON, nullable=False),  # {email: {"id": str | None, "status": str}}
    Column("stage", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("domain_id", String(200)),
    Column("records", JSON),  # the records ensure returned, as DnsRecord dicts
    Column("checks", JSON, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_check_at", DateTime, index=True),
    Column("recheck_at", DateTime),
    Column("deadline_at", DateTime),
    Column("needs_attention", Boolean, nullable=False),
    Column("last_error", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("lease_owner", String(64)),
    Column("lease_until", DateTime),
)
events = Table(
    "sendfrom_fleet_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("domain", String(253), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("data", JSON, nullable=False),
    Column("delivered", Boolean, nullable=False, index=True),
)

_MIGRATIONS: dict[int, Any] = {}
"""Version n → a function(connection) taking the tables to n + 1 (none yet); never a drop."""


def naive(moment: datetime) -> datetime:
    """``moment`` as the store keeps it: UTC, without a tzinfo (SQLite has no time zones)."""
    if moment.tzinfo is None:
        raise ConfigurationError("the fleet's clock must return aware datetimes (UTC)")
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def database_url(url: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL for ``url``: a URL, a file path (SQLite), or None (``SENDFROM_FLEET_DB``,
    else ``./sendfrom-fleet.db``). ``postgresql://`` means psycopg 3."""
    if url is None:
        url = os.environ.get(ENV_DB) or DEFAULT_DB
    text = os.fspath(url)
    if not isinstance(text, str) or not text:
        raise ConfigurationError("the fleet's database must be a URL or a file path")
    if text == ":memory:":
        return "sqlite://"
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    scheme, rest = text.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return text


_MEMORY = frozenset({"sqlite://", "sqlite:///:memory:"})
"""In-memory stores (examples, tests): gone when the fleet closes."""


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the one writer
    cursor.execute("PRAGMA busy_timeout=30000")  # writers from other processes queue, not fail
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; safe with WAL
    cursor.close()


def engine_for(url: str) -> Engine:
    """An engine on ``url``, its schema created or migrated; ``ConfigurationError`` if the store
    cannot be opened or was written by a newer sendfrom."""
    shown = redact_url(url)
    try:
        if url in _MEMORY:  # one connection shared, or each would see its own empty database
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=StaticPool
            )
        elif url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _prepare(engine)
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            f"the fleet store {shown} needs a driver that is not installed ({exc.name}); "
            'PostgreSQL: pip install "sendfrom[fleet]" "psycopg[binary]"'
        ) from None
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        raise ConfigurationError(
            f"the fleet store {shown} cannot be opened: {type(cause).__name__}"
        ) from None
    return engine


def _prepare(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # workers starting at once create tables once
            conn.execute(text("SELECT pg_advisory_xact_lock(5372001)"))
        metadata.create_all(conn, tables=[meta], checkfirst=True)
        # Of two processes opening an old store at once, one migrates, the other then sees it done.
        _write_lock(conn)
        mark = meta.c.name == "schema_version"
        version_text = conn.execute(select(meta.c.value).where(mark)).scalar()
        if version_text is None:
            metadata.create_all(conn, checkfirst=True)
            conn.execute(insert(meta).values(name="schema_version", value=str(SCHEMA_VERSION)))
            return
        version = int(version_text)
        if version > SCHEMA_VERSION:
            raise ConfigurationError(
                f"the fleet store has schema version {version}, newer than this sendfrom's "
                f"({SCHEMA_VERSION}): upgrade sendfrom"
            )
        while version < SCHEMA_VERSION:
            step = _MIGRATIONS.get(version)
            if step is None:  # rolled back: the store stays as it was
                raise ConfigurationError(
                    f"the fleet store has schema version {version}, which this sendfrom "
                    f"cannot migrate to {SCHEMA_VERSION}"
                )
            step(conn)
            version += 1
        conn.execute(update(meta).where(meta.c.name == "schema_version").values(value=str(version)))


def _write_lock(conn: Connection) -> None:
    """A no-op write: it takes SQLite's write lock (PostgreSQL's lock on the meta row) now, for
    the rest of the transaction, before anything is read."""
    mark = meta.c.name == "schema_version"
    conn.execute(update(meta).where(mark).values(value=meta.c.value))


def _due(now: datetime) -> tuple[Any, ...]:
    """The conditions of a domain whose next check is due and whose lease is free."""
    return (
        domains.c.next_check_at <= naive(now),
        domains.c.needs_attention.is_(False),
        domains.c.stage.not_in(("failed", "removed")),
        or_(domains.c.lease_until.is_(None), domains.c.lease_until < naive(now)),
    )


def schema_version(engine: Engine) -> int:
    with engine.connect() as conn:
        found = conn.execute(select(meta.c.value).where(meta.c.name == "schema_version"))
        return int(found.scalar_one())


# ---- rows and states


def state_of(row: RowMapping) -> DomainState:
    wanted: Mapping[str, Mapping[str, Any]] = row["identities"] or {}
    return DomainState(
        domain=row["domain"],
        provider=row["provider"],
        profile=row["profile"],
        key=row["key"],
        stage=row["stage"],
        status=VerificationStatus(row["status"]),
        domain_id=row["domain_id"],
        checks=dict(row["checks"] or {}),
        identities={e: VerificationStatus(i["status"]) for e, i in wanted.items()},
        attempts=row["attempts"],
        next_check_at=aware(row["next_check_at"]),
        deadline_at=aware(row["deadline_at"]),
        needs_attention=row["needs_attention"],
        last_error=row["last_error"],
        updated_at=aware(row["updated_at"]) or datetime.now(UTC),
        identity_ids={e: i["id"] for e, i in wanted.items() if i.get("id")},
        publish=row["publish"],
    )


def event_of(row: RowMapping) -> Event:
    at = aware(row["at"])
    assert at is not None
    return Event(row["id"], at, row["domain"], row["type"], dict(row["data"]))


class _LeaseLostError(Exception):
    pass


class Store:
    """The tables, and the few statements the fleet runs on them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def row(self, domain: str) -> RowMapping | None:
        with self.engine.connect() as conn:
            return (
                conn.execute(select(domains).where(domains.c.domain == domain)).mappings().first()
            )

    def insert(self, values: dict[str, Any]) -> bool:
        """Add a row; False when the domain is already there (another process added it)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(domains).values(**values))
        except IntegrityError:
            return False
        return True

    def set(self, domain: str, values: dict[str, Any]) -> None:
        """Change a row whoever holds its lease (``add``'s new settings, ``remove``, ``retry``)."""
        with self.engine.begin() as conn:
            conn.execute(update(domains).where(domains.c.domain == domain).values(**values))

    def rows(self, stage: str | None, after: str, size: int) -> list[RowMapping]:
        query = select(domains).where(domains.c.domain > after)
        if stage is not None:
            query = query.where(domains.c.stage == stage)
        query = query.order_by(domains.c.domain).limit(size)
        with self.engine.connect() as conn:
            return list(conn.execute(query).mappings())

    def due(self, now: datetime, limit: int | None) -> list[tuple[str, str, str | None]]:
        """(name, stage, profile) of the domains whose next check is due and whose lease is
        free, soonest first."""
        query = select(domains.c.domain, domains.c.stage, domains.c.profile).where(*_due(now))
        query = query.order_by(domains.c.next_check_at, domains.c.domain)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [(r.domain, r.stage, r.profile) for r in conn.execute(query)]

    def dispatch(
        self, now: datetime, limit: int, until: datetime
    ) -> list[tuple[str, str, str | None]]:
        """(name, stage, profile) of up to ``limit`` due domains, handed out for steps elsewhere
        (Celery workers): each one's next check moves to ``until``, so no dispatch hands it out
        again before then (and one whose step never ran is due again then). PostgreSQL skips
        the rows another dispatch holds (``FOR UPDATE SKIP LOCKED``); on SQLite, its one
        writer, taken first, orders them."""
        pick = select(domains.c.domain, domains.c.stage, domains.c.profile).where(*_due(now))
        pick = pick.order_by(domains.c.next_check_at, domains.c.domain).limit(limit)
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "sqlite":
                _write_lock(conn)
            rows = conn.execute(pick.with_for_update(skip_locked=True))
            handed = [(r.domain, r.stage, r.profile) for r in rows]
            if handed:
                moved = update(domains).where(domains.c.domain.in_([n for n, _s, _p in handed]))
                conn.execute(moved.values(next_check_at=naive(until)))
        return handed

    def next_due(self) -> datetime | None:
        due, lease = domains.c.next_check_at, domains.c.lease_until  # run() waits out a lease
        query = (
            select(func.min(case((lease > due, lease), else_=due)))
            .where(domains.c.needs_attention.is_(False))
            .where(domains.c.stage.not_in(("failed", "removed")))
        )
        with self.engine.connect() as conn:
            return aware(conn.execute(query).scalar())

    def claim(self, domain: str, owner: str, now: datetime, until: datetime) -> bool:
        """Take the domain's lease if it is free or expired: one atomic UPDATE."""
        statement = (
            update(domains)
            .where(domains.c.domain == domain)
            .where(or_(domains.c.lease_until.is_(None), domains.c.lease_until < naive(now)))
            .values(lease_owner=owner, lease_until=naive(until))
        )
        with self.engine.begin() as conn:
            return conn.execute(statement).rowcount == 1

    def release(self, domain: str, owner: str) -> None:
        statement = (
            update(domains)
            .where(domains.c.domain == domain, domains.c.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )
        with self.engine.begin() as conn:
            conn.execute(statement)

    def change(
        self, domain: str, owner: str, values: dict[str, Any], new_events: list[dict[str, Any]]
    ) -> bool:
        """A step's change and its events, in one transaction, only while ``owner`` holds the
        lease; False (nothing written) once it does not."""
        try:
            with self.engine.begin() as conn:
                done = conn.execute(
                    update(domains)
                    .where(domains.c.domain == domain, domains.c.lease_owner == owner)
                    .values(**values)
                )
                if done.rowcount != 1:
                    raise _LeaseLostError  # leaving the block rolls the transaction back
                self._add_events(conn, new_events)
        except _LeaseLostError:
            return False
        return True

    @staticmethod
    def _add_events(conn: Connection, new_events: list[dict[str, Any]]) -> None:
        for item in new_events:
            conn.execute(insert(events).values(**item, delivered=False))

    def events(self, after: int, limit: int) -> list[Event]:
        query = select(events).where(events.c.id > after).order_by(events.c.id).limit(limit)
        with self.engine.connect() as conn:
            return [event_of(r) for r in conn.execute(query).mappings()]

    def undelivered(self, limit: int) -> list[Event]:
        query = (
            select(events).where(events.c.delivered.is_(False)).order_by(events.c.id).limit(limit)
        )
        with self.engine.connect() as conn:
            return [event_of(r) for r in conn.execute(query).mappings()]

    def delivered(self, event_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(events).where(events.c.id == event_id).values(delivered=True))

    def rows_iter(self, stage: str | None, size: int = 500) -> Iterator[RowMapping]:
        after = ""
        while True:
            page = self.rows(stage, after, size)
            yield from page
            if len(page) < size:
                return
            after = page[-1]["domain"]
