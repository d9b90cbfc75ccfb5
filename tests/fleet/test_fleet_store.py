"""The fleet store's schema: an older version is migrated in place, in one transaction, never
dropped; a version this sendfrom has no migration for is refused with the store left as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text

import sendfrom
from sendfrom import fleet
from sendfrom.fleet import _store
from sendfrom.testing import simulator


def _store_at_version_1(path: Path) -> None:
    """A version-1 store holding one domain and its event (as this sendfrom writes it)."""
    client = simulator("mailersend").connect()
    with fleet.open(path, connect=lambda _profile: client) as f:
        f.add("acme.com", key="customer-42")
        f.step("acme.com")  # created: an event in the outbox
        assert [e.type for e in f.events()] == ["domain.created"]


def _version(path: Path) -> str:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT value FROM sendfrom_fleet_meta WHERE name = 'schema_version'"
        ).fetchone()
    return str(row[0])


def test_an_older_store_is_migrated_in_place_and_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fleet.db"
    _store_at_version_1(path)
    with fleet.open(path) as f:
        before = (f.get("acme.com"), f.events())
    assert _version(path) == "1"

    ran: list[int] = []

    def to_2(conn: Connection) -> None:
        ran.append(1)
        conn.execute(text("ALTER TABLE sendfrom_fleet_domains ADD COLUMN note TEXT"))
        conn.execute(text("UPDATE sendfrom_fleet_domains SET note = 'migrated'"))

    monkeypatch.setattr(_store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(_store._MIGRATIONS, 1, to_2)
    with fleet.open(path) as f:
        assert (f.get("acme.com"), f.events()) == before, "nothing lost, nothing changed"
    assert ran == [1]
    assert _version(path) == "2"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT domain, note FROM sendfrom_fleet_domains").fetchall() == [
            ("acme.com", "migrated")
        ]
    fleet.open(path).close()
    assert ran == [1], "a migrated store is not migrated again"


def test_a_version_without_a_migration_is_refused_and_the_store_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fleet.db"
    _store_at_version_1(path)
    half: list[Any] = []

    def to_2(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE sendfrom_fleet_domains ADD COLUMN note TEXT"))
        half.append(1)

    monkeypatch.setattr(_store, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(_store._MIGRATIONS, 1, to_2)  # 1 → 2 exists, 2 → 3 does not
    with pytest.raises(sendfrom.ConfigurationError, match=r"version 2.*cannot migrate to 3"):
        fleet.open(path)
    assert half == [1]
    assert _version(path) == "1", "the whole migration was rolled back"
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(sendfrom_fleet_domains)")]
    assert "note" not in columns
    monkeypatch.setattr(_store, "SCHEMA_VERSION", 1)
    with fleet.open(path) as f:
        assert f.get("acme.com").key == "customer-42", "still usable by this sendfrom"
