"""Contract points found in review (DESIGN.md section 3): each test fails without its fix."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import sendfrom
import sendfrom.dns
from sendfrom.models import DnsRecord
from sendfrom.testing.dns_server import DnsServer

ZONE = """\
$ORIGIN example.com.
$TTL 300
@            IN SOA ns. hostmaster. 1 7200 3600 1209600 300
@            IN NS  ns.
@            IN TXT "v=spf1 redirect=_spf.provider.net"
all          IN TXT "v=spf1 redirect=_spf.provider.net -all"
s1._domainkey IN CNAME s1.dkim.provider.net.
"""


def record(kind: str, name: str, value: str, purpose: str = "spf") -> DnsRecord:
    return DnsRecord(purpose=purpose, type=kind, name=name, value=value, priority=None, status=None)


@pytest.fixture(scope="module")
def server() -> Iterator[DnsServer]:
    with DnsServer() as running:
        running.serve_bind(ZONE, "example.com")
        yield running


# ---- sendfrom.RateLimit(requests, per, *, storage=None)


def test_rate_limit_takes_only_requests_and_per_by_position() -> None:
    # A third positional argument once became the clock: RateLimit(60, 60, "redis://...")
    # made a limit whose `now` was a string, failing only at the first request.
    with pytest.raises(TypeError):
        sendfrom.RateLimit(60, 60.0, "redis://localhost:6379/0")  # type: ignore[misc]
    with pytest.raises(TypeError):
        sendfrom.RateLimit(60, 60.0, time.monotonic)  # type: ignore[misc]
    limit = sendfrom.RateLimit(60, 60.0, storage="redis://localhost:6379/0")
    assert (limit.requests, limit.per, limit.storage) == (60, 60.0, "redis://localhost:6379/0")


# ---- sendfrom.dns.check


def test_check_takes_nameservers_from_any_iterable(server: DnsServer) -> None:
    wanted = record("CNAME", "s1._domainkey.example.com", "s1.dkim.provider.net", "dkim")
    for given in ((server.address,), (a for a in [server.address]), {server.address}):
        (result,) = sendfrom.dns.check([wanted], nameservers=given, timeout=2.0)
        assert result.state == "ok", (given, result.detail)


@pytest.mark.parametrize("bad", [b"127.0.0.1", {"127.0.0.1": 53}, 53])
def test_check_still_refuses_nameservers_that_are_no_list(bad: object) -> None:
    wanted = record("CNAME", "s1._domainkey.example.com", "s1.dkim.provider.net", "dkim")
    with pytest.raises(sendfrom.InvalidRequestError):
        sendfrom.dns.check([wanted], nameservers=bad, timeout=1.0)  # type: ignore[arg-type]


def test_spf_redirect_to_the_included_domain_is_ok(server: DnsServer) -> None:
    # redirect= hands the policy to the provider's record: its senders are allowed (RFC 7208 6.1)
    wanted = record("TXT", "example.com", "v=spf1 include:_spf.provider.net ~all")
    other = record("TXT", "example.com", "v=spf1 include:spf.other.net ~all")
    ok, mismatch = sendfrom.dns.check([wanted, other], nameservers=[server.address], timeout=2.0)
    assert ok.state == "ok", ok.detail
    assert mismatch.state == "mismatch"
    assert "include:spf.other.net" in mismatch.detail


def test_spf_redirect_beside_all_is_ignored(server: DnsServer) -> None:
    # RFC 7208 6.1: "any redirect modifier MUST be ignored if there is an all mechanism"
    wanted = record("TXT", "all.example.com", "v=spf1 include:_spf.provider.net ~all")
    (result,) = sendfrom.dns.check([wanted], nameservers=[server.address], timeout=2.0)
    assert result.state == "mismatch"


# ---- sendfrom.testing: fail_next answers with any JSON body


def test_fail_next_sends_a_json_array_body() -> None:
    # A list endpoint answers with an array; fail_next took only dicts (a list: TypeError).
    from sendfrom.testing import simulator
    from sendfrom_generated.invent.api.contacts import list_contacts

    sim = simulator("invent")
    client = sim.connect()
    sim.fail_next(200, body=[])
    assert client.call(list_contacts.ENDPOINT) == []
    sim.fail_next(200, body=[{"id": "c1", "blocked": "not a boolean"}])
    with pytest.raises(sendfrom.ResponseFormatError) as caught:
        client.call(list_contacts.ENDPOINT)
    assert b'"not a boolean"' in caught.value.body


# ---- APIError.request_url is a real URL, also for an error raised before sending


def test_an_unreachable_store_names_the_request_it_held_back() -> None:
    from sendfrom.testing import simulator

    sim = simulator("mailersend")
    store = "redis://:s3cret@127.0.0.1:1/0"  # nothing listens on port 1: refused at once
    client = sim.connect(rate_limit=sendfrom.RateLimit(5, 1, storage=store))
    with pytest.raises(sendfrom.APIConnectionError) as caught:
        client.domains.get("dom-1")
    error = caught.value
    assert "redis://:***@127.0.0.1:1/0" in str(error)
    assert (error.request_method, error.request_url) == ("GET", f"{sim.base_url}/domains/dom-1")
    assert "s3cret" not in f"{error!s} {error!r} {vars(error)}"
    assert sim.requests == []  # held back, never sent


def test_a_closed_client_names_the_request_it_refused() -> None:
    from sendfrom.testing import simulator

    sim = simulator("mailersend")
    client = sim.connect(rate_limit=sendfrom.RateLimit(5, 1))
    client.close()
    with pytest.raises(sendfrom.APIConnectionError) as caught:
        client.domains.get("dom-1")
    assert caught.value.request_url == f"{sim.base_url}/domains/dom-1"


# ---- client.domains.check_dns where the provider cannot give a domain's records


async def test_check_dns_unsupported_names_itself() -> None:
    # Like ensure and wait_until_verified: the operation called, and what it would need.
    from sendfrom.testing import simulator

    sim = simulator("invent")  # records only in create's answer: no get, no dns-records
    domain = sim.connect().domains.create("example.com")
    sent = len(sim.requests)
    with pytest.raises(sendfrom.UnsupportedOperationError) as caught:
        sim.connect().domains.check_dns(domain.id)
    with pytest.raises(sendfrom.UnsupportedOperationError) as acaught:
        await sim.connect_async().domains.check_dns(domain.id)
    for error in (caught.value, acaught.value):
        assert (error.provider, error.operation) == ("invent", "domains.check_dns")
        assert "sendfrom.dns.check(domain.dns_records)" in str(error)
    assert len(sim.requests) == sent


# ---- to_bind / to_octodns / check: bad input is an InvalidRequestError, never AttributeError

A_RECORD = record("CNAME", "s1._domainkey.example.com", "s1.dkim.provider.net", "dkim")


def _to_octodns(records: Any, **options: Any) -> object:
    return sendfrom.dns.to_octodns(records, "example.com", **options)


def _check(records: Any, **_: Any) -> object:
    return sendfrom.dns.check(records, nameservers=["127.0.0.1:1"], timeout=0.5)


EXPORTS: dict[str, Callable[..., object]] = {
    "to_bind": sendfrom.dns.to_bind,
    "to_octodns": _to_octodns,
    "check": _check,
}


@pytest.mark.parametrize("use", sorted(EXPORTS))
@pytest.mark.parametrize(
    "records", [[{"name": "a.example.com"}], "example.com", None, 5, A_RECORD], ids=repr
)
def test_records_that_are_no_dns_records_are_refused(use: str, records: object) -> None:
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        EXPORTS[use](records)
    assert "DnsRecord" in str(caught.value)
    assert caught.value.fields == {"records": caught.value.fields["records"]}


@pytest.mark.parametrize("use", ["to_bind", "to_octodns"])
@pytest.mark.parametrize("ttl", [-1, "300", 1.5, True, 2**31])
def test_a_ttl_no_dns_server_takes_is_refused(use: str, ttl: object) -> None:
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        EXPORTS[use]([A_RECORD], ttl=ttl)
    assert "ttl" in caught.value.fields


def test_records_as_a_generator_and_ttl_zero_are_fine() -> None:
    assert sendfrom.dns.to_bind((r for r in [A_RECORD]), ttl=0) == (
        "s1._domainkey.example.com.\t0\tIN\tCNAME\ts1.dkim.provider.net.\n"
    )
    zone = sendfrom.dns.to_octodns((r for r in [A_RECORD]), "Example.COM.", ttl=60)
    assert zone == {"s1._domainkey": {"ttl": 60, "type": "CNAME", "value": "s1.dkim.provider.net."}}


# ---- a store URI that cannot be used names the setting it came from


@pytest.mark.parametrize(
    "uri", ["nosuch://:pw-123@host/0", "memcached://:pw-123@host:11211", "redis://:pw-123@h:99999"]
)
def test_a_bad_store_from_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, uri: str
) -> None:
    monkeypatch.setenv("SENDFROM_RATE_LIMIT_STORAGE", uri)
    with pytest.raises(sendfrom.ConfigurationError) as caught:
        sendfrom.connect("mailersend", api_key="k")
    assert "SENDFROM_RATE_LIMIT_STORAGE" in str(caught.value)
    assert "pw-123" not in str(caught.value)
    # The RateLimit's own storage wins over the environment, and its error says so by its URI.
    with pytest.raises(sendfrom.ConfigurationError) as own:
        sendfrom.connect(
            "mailersend", api_key="k", rate_limit=sendfrom.RateLimit(5, 1, storage=uri)
        )
    assert "SENDFROM_RATE_LIMIT_STORAGE" not in str(own.value)


def test_a_store_alone_where_no_limit_is_documented_says_why_a_limit_is_wanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sendfrom.providers import PROVIDERS, adapter_class

    undocumented = [p for p in PROVIDERS if adapter_class(p).rate_limit is None]
    assert undocumented  # Vortex documents none
    monkeypatch.setenv("SENDFROM_RATE_LIMIT_STORAGE", "redis://127.0.0.1:6379/0")
    for provider in undocumented:
        with pytest.raises(sendfrom.ConfigurationError) as caught:
            sendfrom.connect(provider, api_key="k", account_id="a", organization_id="o")
        assert "SENDFROM_RATE_LIMIT_STORAGE" in str(caught.value)
        assert "SENDFROM_RATE_LIMIT " in str(caught.value)  # and how to give the limit


def test_publish_leaves_an_spf_record_that_redirects_to_the_include_as_it_is() -> None:
    # What check calls ok, publish does not rewrite (and still adds what is really missing).
    from sendfrom.publish import merge_spf

    ours = "v=spf1 include:_spf.provider.net ~all"
    assert merge_spf("v=spf1 redirect=_spf.provider.net", ours) == (
        "v=spf1 redirect=_spf.provider.net"
    )
    assert merge_spf("v=spf1 redirect=_spf.other.net", ours) == (
        "v=spf1 include:_spf.provider.net redirect=_spf.other.net"
    )


def test_check_asks_for_the_records_at_once(server: DnsServer) -> None:
    # A nameserver that does not answer costs one timeout, not one per record (acheck's way).
    names = [f"k{i}._domainkey.example.com" for i in range(6)]
    for name in names:
        server.fail(name, "drop")
    wanted = [record("TXT", name, "v=DKIM1; p=x", "dkim") for name in names]
    try:
        started = time.monotonic()
        results = sendfrom.dns.check(wanted, nameservers=[server.address], timeout=0.5)
        elapsed = time.monotonic() - started
    finally:
        for name in names:
            server.heal(name)
    assert [r.state for r in results] == ["error"] * 6
    assert [r.record for r in results] == wanted  # in order, whatever order they came back in
    assert elapsed < 2.5, elapsed  # one after another: 6 x 0.5 s at least
