"""A SendGrid wait compares each ``validate`` answer (the domain's ``valid`` and each record's,
under the ``dns`` keys) with the domain it last read, and fetches the domain only when one moved:
a pending domain's later polls cost one request, not two (issue #30 item 9; specs/README.md)."""

from __future__ import annotations

from typing import Any

from fakes import instant_policy, wait_verified_at
from sendfrom.models import EmailDomain, VerificationStatus
from sendfrom.providers.sendgrid.mappers import unchanged_since
from sendfrom.testing import simulator


def test_a_pending_domain_is_fetched_again_only_once_a_flag_moves() -> None:
    sim = simulator("sendgrid")
    client = sim.connect(retry_policy=instant_policy())
    domain = client.domains.create("example.com")
    got, _, sent = wait_verified_at(sim, client, domain.id)
    paths = [request.url.path.rsplit("/", 1)[-1] for request in sent]
    validate, fetch = "validate", domain.id
    assert paths == [validate, fetch, validate, validate, validate, fetch]
    assert got.status is VerificationStatus.VERIFIED
    assert all(r.status is VerificationStatus.VERIFIED for r in got.dns_records or [])


def _pending(dns: dict[str, Any]) -> EmailDomain:
    raw = {"id": 1, "domain": "example.com", "valid": False, "dns": dns}
    return EmailDomain(provider="sendgrid", id="1", name="example.com", status="pending", raw=raw)


def test_an_answer_that_cannot_be_compared_is_fetched() -> None:
    dns = {"dkim1": {"valid": False, "host": "s1._domainkey.example.com", "data": "x"}}
    last = _pending(dns)
    same = {"id": 1, "valid": False, "validation_results": {"dkim1": {"valid": False}}}
    assert unchanged_since(last, same)
    assert not unchanged_since(last, {**same, "valid": True})  # the domain's flag moved
    moved = {"dkim1": {"valid": True}}
    assert not unchanged_since(last, {**same, "validation_results": moved})
    more = {"dkim1": {"valid": False}, "dkim2": {"valid": False}}
    assert not unchanged_since(last, {**same, "validation_results": more})  # another record
    assert not unchanged_since(last, {"id": 1})  # no flags at all (drift): fetch
    assert not unchanged_since(last, {**same, "validation_results": {"dkim1": {"valid": None}}})
