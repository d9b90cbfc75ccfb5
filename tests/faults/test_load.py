"""Load over a real loopback socket: many concurrent calls through a bounded pool lose nothing and
leak no connection; a sync client shared by threads is safe."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

import httpx

import sendfrom
from sendfrom.testing import serve

CALLS = 1000
POOL = 20


async def test_a_thousand_concurrent_async_calls_through_a_bounded_pool() -> None:
    with serve("mailersend") as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_connections=POOL))
        client = sendfrom.connect_async(
            "mailersend", api_key="k", base_url=server.base_url, http_client=http
        )
        domain = await client.domains.create("load.example")
        in_use: list[int] = []

        async def create(n: int) -> str:
            identity = await client.identities.create(
                f"u{n}@load.example", name=f"User {n}", domain_id=domain.id
            )
            in_use.append(len(http._transport._pool.connections))  # type: ignore[attr-defined]
            return identity.email

        emails = await asyncio.gather(*(create(n) for n in range(CALLS)))
        assert sorted(emails) == sorted(f"u{n}@load.example" for n in range(CALLS))
        listed = [i.email async for i in client.identities.list(domain_id=domain.id)]
        assert sorted(listed) == sorted(emails), "nothing lost, nothing doubled"
        assert len(server.simulator.identities) == CALLS  # type: ignore[attr-defined]
        assert max(in_use) <= POOL
        await http.aclose()
        assert http._transport._pool.connections == []  # type: ignore[attr-defined]


def test_a_sync_client_shared_by_threads() -> None:
    with serve("vortex") as server, server.connect(account_id="acc") as client:
        failures: list[BaseException] = []
        created: dict[str, str] = {}  # id -> name, of every domain any worker created

        def work(worker: int) -> None:
            try:
                mine: dict[str, str] = {}
                for n in range(25):
                    domain = client.domains.create(f"d{worker}-{n}.example")
                    assert domain.name == f"d{worker}-{n}.example"
                    mine[domain.id] = domain.name
                    # While the other threads create and list (across pages), a list shows each
                    # domain this thread created so far, once.
                    listed = Counter(d.id for d in client.domains.list())
                    assert {i: listed[i] for i in mine} == dict.fromkeys(mine, 1)
                created.update(mine)
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        expected = sorted(f"d{w}-{n}.example" for w in range(8) for n in range(25))
        assert sorted(created.values()) == expected
        # Afterwards the list holds exactly the created domains: each once, none lost or made up.
        listed = [(d.id, d.name) for d in client.domains.list()]
        assert sorted(listed) == sorted(created.items())
