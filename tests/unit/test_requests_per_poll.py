"""What a poll of ``wait_until_verified`` costs: never more requests than the operation it stands
for (``Adapter.poll``), and where an adapter reuses the last state (``reverify_domain``), the state
it reports is the one a fresh read gives: fewer requests, never a stale answer."""

from __future__ import annotations

from typing import Any

import pytest

from fakes import instant_policy
from provider_facts import make_domain, make_identity
from sendfrom.capabilities import polling
from sendfrom.providers import PROVIDERS, adapter_class
from sendfrom.testing import Simulator, simulator

KINDS = [(p, kind) for p in PROVIDERS for kind in ("identities", "domains") if kind in polling(p)]


def _made(provider: str, kind: str) -> tuple[Simulator, Any, str]:
    sim = simulator(provider)
    client = sim.connect(retry_policy=instant_policy())
    if kind == "identities":
        return sim, client, make_identity(sim, client, "info@example.com")
    return sim, client, make_domain(client)


def _one_call(sim: Simulator, client: Any, via: str, object_id: str) -> int:
    """Requests one plain call of ``via`` (e.g. "domains.verify") sends."""
    before = len(sim.requests)
    kind, operation = via.split(".")
    getattr(getattr(client, kind), operation)(object_id)
    return len(sim.requests) - before


@pytest.mark.parametrize(("provider", "kind"), KINDS, ids=[f"{p}-{k}" for p, k in KINDS])
def test_a_poll_costs_at_most_its_operation_and_reports_what_a_fresh_read_does(
    provider: str, kind: str
) -> None:
    sim, client, object_id = _made(provider, kind)
    via = adapter_class(provider).poll[kind]
    most = _one_call(sim, client, via, object_id)
    mark = sim.mark_identity if kind == "identities" else sim.mark_domain
    reader = sim.connect()  # a second client: what the provider says now, without reuse
    spent: list[int] = []
    fresh_reads = 0
    start = len(sim.requests)

    def on_poll(obj: Any) -> None:
        nonlocal fresh_reads
        spent.append(len(sim.requests) - start - fresh_reads)
        before = len(sim.requests)
        fresh = getattr(getattr(reader, kind), via.split(".")[1])(object_id)
        fresh_reads += len(sim.requests) - before
        assert (obj.id, obj.status) == (fresh.id, fresh.status)
        if kind == "domains":
            assert obj.dns_records == fresh.dns_records
        if len(spent) == 3:
            mark(object_id, "verified")

    got = getattr(client, kind).wait_until_verified(object_id, interval=1.0, on_poll=on_poll)
    assert got.status == "verified"
    per_poll = [after - before for before, after in zip([0, *spent], spent, strict=False)]
    assert len(per_poll) == 4
    assert all(1 <= n <= most for n in per_poll), (per_poll, most)
