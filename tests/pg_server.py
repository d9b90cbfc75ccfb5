"""A real PostgreSQL server for the fleet's shared-store tests: Debian's ``postgresql`` binaries
(``initdb``, ``postgres``) on 127.0.0.1, on a free port, in a throw-away data directory; started
by a session fixture and stopped (and its directory removed) after.

``make test`` installs the package when it is missing (``make postgres``); without it the tests are
skipped on a developer's machine and fail in CI (``CI`` set), so they never silently stop running.
PostgreSQL refuses to run as root: as root (CI) the server runs as Debian's ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from redis_server import free_port

__all__ = ["postgres_server"]


def _binary(name: str) -> str | None:
    """Debian keeps the server binaries off PATH, under /usr/lib/postgresql/<major>/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _missing(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _accepts_logins(port: int, user: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user=user, dbname="postgres", connect_timeout=2
        ):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def postgres_server() -> Iterator[str]:
    """Run a PostgreSQL server; yields a SQLAlchemy URL (``postgresql+psycopg://...``)."""
    initdb, postgres = _binary("initdb"), _binary("postgres")
    if initdb is None or postgres is None:
        _missing("PostgreSQL is not installed (`make postgres` installs Debian's package)")
    assert initdb is not None
    assert postgres is not None
    as_user: list[str] = []
    user = os.environ.get("USER") or "sendfrom"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _missing("running as root needs runuser to start PostgreSQL as the postgres user")
        as_user, user = ["runuser", "-u", "postgres", "--"], "postgres"
    workdir = Path(tempfile.mkdtemp(prefix="sendfrom-pg-"))
    data = workdir / "data"
    if as_user:
        shutil.chown(workdir, user="postgres")
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    port = free_port()
    settings = [
        "-c", "listen_addresses=127.0.0.1", "-c", f"port={port}",
        "-c", f"unix_socket_directories={workdir}", "-c", "fsync=off",
        "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=100",
    ]  # fmt: skip
    process = subprocess.Popen(
        [*as_user, postgres, "-D", str(data), *settings],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30.0
        while not _accepts_logins(port, user):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"postgres did not start on 127.0.0.1:{port}")
            time.sleep(0.1)
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/postgres"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)
