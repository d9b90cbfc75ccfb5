"""The PostgreSQL the shared-store tests start: a real server that takes SQL, gone after."""

from __future__ import annotations

import psycopg

from pg_server import postgres_server


def test_the_test_postgres_takes_sql_and_stops_after() -> None:
    with postgres_server() as url:
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE TABLE t (n int)")
            conn.execute("INSERT INTO t VALUES (41), (1)")
            row = conn.execute("SELECT sum(n) FROM t").fetchone()
        assert row == (42,)
    try:
        psycopg.connect(dsn, connect_timeout=2).close()
    except psycopg.OperationalError:
        return
    raise AssertionError("the server still answers after the fixture ended")
