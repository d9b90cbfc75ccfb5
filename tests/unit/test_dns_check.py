"""``sendfrom.dns.check`` and ``acheck`` against a real authoritative DNS server on loopback
(tests/dnsserver.py): every state, every comparison rule, and every way a lookup fails."""

from __future__ import annotations

import asyncio
import math
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import dns.resolver
import pytest

import sendfrom
import sendfrom.dns
from dnsserver import DnsServer
from sendfrom.dns import RecordCheck
from sendfrom.models import DnsRecord

KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "x" * 330 + "IDAQAB"
DKIM = f"v=DKIM1; k=rsa; p={KEY}"  # over 255 octets: published as two strings
SPF = "v=spf1 include:_spf.mailersend.net ~all"
DMARC = "v=DMARC1; p=none; rua=mailto:dmarc@example.com"


def txt(value: str) -> str:
    """``value`` as zone-file TXT strings of at most 255 octets (split mid-value on purpose)."""
    chunks = (value[i : i + 255].replace('"', '\\"') for i in range(0, len(value), 255))
    return " ".join(f'"{chunk}"' for chunk in chunks)


ZONE = f"""\
$ORIGIN example.com.
$TTL 300
@                   IN TXT   "{SPF.replace("~all", "a mx ~all")}"
@                   IN TXT   "google-site-verification=abc"
@                   IN TXT   "sendfrom-token-1"
@                   IN MX    10 Inbound.MailerSend.NET.
@                   IN MX    20 backup.example.net.
ms1._domainkey      IN CNAME MS1._domainkey.mailersend.net.
ms2._domainkey      IN CNAME ms2._domainkey.mailersend.net.
mta                 IN CNAME mailersend.net.
s1._domainkey       IN TXT   {txt(DKIM)}
_dmarc              IN TXT   "{DMARC}"
dangling            IN CNAME gone.example.com.
@                   IN CAA   0 issue "letsencrypt.org"
@                   IN CAA   0 ISSUE "amazon.com"
"""


def record(kind: str, name: str, value: str, purpose: str = "dkim", **more: Any) -> DnsRecord:
    return DnsRecord(purpose=purpose, type=kind, name=name, value=value, **more)


GOOD = [
    record("TXT", "example.com", SPF, "spf"),
    record("TXT", "example.com.", "sendfrom-token-1", "ownership"),
    record("MX", "example.com", "inbound.mailersend.net", "inbound", priority=10),
    record("CNAME", "ms1._domainkey.example.com", "ms1._domainkey.mailersend.net"),
    record("CNAME", "MS2._domainkey.example.com.", "ms2._domainkey.mailersend.net."),
    record("CNAME", "mta.example.com", "MailerSend.net", "return_path"),
    record("TXT", "s1._domainkey.example.com", DKIM),
    record("TXT", "_dmarc.example.com", DMARC, "dmarc"),
]

Check = Callable[..., list[RecordCheck]]


@pytest.fixture(params=["check", "acheck"])
def check(request: pytest.FixtureRequest, dns_server: DnsServer) -> Check:
    """``sendfrom.dns.check``, or ``acheck`` run on an event loop: the same results expected.
    Asks the loopback server unless ``nameservers`` is given."""

    def run(records: Sequence[DnsRecord], **kwargs: Any) -> list[RecordCheck]:
        kwargs.setdefault("nameservers", [dns_server.address])
        kwargs.setdefault("timeout", 2.0)
        if request.param == "check":
            return sendfrom.dns.check(records, **kwargs)
        return asyncio.run(sendfrom.dns.acheck(records, **kwargs))

    return run


@pytest.fixture
def zone(dns_server: DnsServer) -> DnsServer:
    dns_server.serve_bind(ZONE)
    return dns_server


def one(check: Check, wanted: DnsRecord, **kwargs: Any) -> RecordCheck:
    (result,) = check([wanted], **kwargs)
    assert result.record == wanted
    return result


# ---- ok


@pytest.mark.usefixtures("zone")
def test_every_record_published_as_asked_is_ok(check: Check) -> None:
    results = check(GOOD)

    assert [(r.record, r.state, r.detail) for r in results] == [(r, "ok", "") for r in GOOD]
    assert results[6].found == [DKIM]  # the two strings joined, nothing added between them
    assert results[1].found == ["sendfrom-token-1"]  # TXT of its kind only: no SPF, no other token
    assert results[3].found == ["ms1._domainkey.mailersend.net"]  # lower case, no final dot
    assert sorted(results[2].found) == ["10 inbound.mailersend.net", "20 backup.example.net"]
    assert all(r.ok for r in results)


def test_each_name_and_type_is_asked_once(check: Check, zone: DnsServer) -> None:
    check(GOOD)
    asked = [(name, kind) for name, kind, _ in zone.queries]
    assert sorted(asked) == sorted(set(asked))
    assert ("example.com.", "TXT") in asked


def test_a_cname_where_a_txt_is_expected_is_followed(check: Check, dns_server: DnsServer) -> None:
    """Delegated DKIM: the name is a CNAME to a TXT record elsewhere (another zone here)."""
    dns_server.serve_bind("s1._domainkey 300 IN CNAME s1.keys.example.net.\n", "example.com")
    dns_server.serve_bind(f"s1.keys 300 IN TXT {txt(DKIM)}\n", "example.net")

    result = one(check, record("TXT", "s1._domainkey.example.com", DKIM))

    assert (result.state, result.found) == ("ok", [DKIM])
    assert "CNAME to s1.keys.example.net" in result.detail


def test_a_zone_replaced_while_serving_is_what_is_checked(
    check: Check, dns_server: DnsServer
) -> None:
    wanted = record("CNAME", "mta.example.com", "mailersend.net", "return_path")
    dns_server.serve_records([wanted], "example.com")
    assert one(check, wanted).state == "ok"

    dns_server.serve_records([wanted.model_copy(update={"value": "old.example"})], "example.com")
    assert one(check, wanted).state == "mismatch"


def test_octodns_zone_from_to_octodns_checks_ok(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_octodns(sendfrom.dns.to_octodns(GOOD, "example.com"), "example.com")
    assert [r.state for r in check(GOOD)] == ["ok"] * len(GOOD)


def test_octodns_zone_file_is_served(check: Check, dns_server: DnsServer, tmp_path: Path) -> None:
    from octodns.yaml import safe_dump

    with (tmp_path / "example.com.yaml").open("w") as file:
        safe_dump(sendfrom.dns.to_octodns(GOOD, "example.com", ttl=60), file)
    dns_server.serve_octodns(tmp_path / "example.com.yaml")
    assert [r.state for r in check(GOOD)] == ["ok"] * len(GOOD)


def test_tcp_is_used_when_the_udp_answer_is_truncated(check: Check, zone: DnsServer) -> None:
    zone.truncate_udp = True
    assert one(check, GOOD[6]).state == "ok"
    assert {transport for *_, transport in zone.queries} == {"udp", "tcp"}


# ---- missing


@pytest.mark.parametrize(
    ("wanted", "detail"),
    [
        (record("CNAME", "ms3._domainkey.example.com", "x.mailersend.net"), "NXDOMAIN"),
        (record("CNAME", "example.com", "x.mailersend.net"), "no CNAME record at example.com"),
        (record("TXT", "mta.example.com", "t"), "no TXT record at mta.example.com (a CNAME to"),
        (record("TXT", "dangling.example.com", "t"), "a CNAME to gone.example.com, which does not"),
        (record("MX", "_dmarc.example.com", "in.mailersend.net"), "no MX record at _dmarc"),
        (record("TXT", "example.com", "other-token=1"), "no other-token= TXT record"),
        (record("TXT", "example.com", "v=DMARC1; p=none"), "no v=dmarc1 TXT record"),
    ],
)
@pytest.mark.usefixtures("zone")
def test_missing(check: Check, wanted: DnsRecord, detail: str) -> None:
    result = one(check, wanted)
    assert (result.state, result.found) == ("missing", [])
    assert detail in result.detail


def test_no_spf_record_among_other_txt_is_missing(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind('@ 300 IN TXT "google-site-verification=abc"\n', "example.com")
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("missing", [])
    assert "no v=spf1 TXT record at example.com" in result.detail


# ---- mismatch


@pytest.mark.usefixtures("zone")
def test_cname_to_another_target(check: Check) -> None:
    result = one(check, record("CNAME", "mta.example.com", "bounces.mailersend.net"))
    assert (result.state, result.found) == ("mismatch", ["mailersend.net"])
    assert result.detail == "CNAME is mailersend.net, not bounces.mailersend.net"


@pytest.mark.usefixtures("zone")
@pytest.mark.parametrize(
    ("value", "state"),
    [
        ('0 issue "amazon.com"', "ok"),  # Resend's TrackingCAA; the tag compares without case
        ("0 issue amazon.com", "ok"),  # the value unquoted, as RFC 8659 allows
        ('0 issue "letsencrypt.org"', "ok"),  # one of several CAA records
        ('128 issue "amazon.com"', "mismatch"),  # the flags differ
        ('0 issuewild "amazon.com"', "mismatch"),
        ('0 issue "amazonaws.com"', "mismatch"),
    ],
)
def test_caa_compares_flags_tag_and_value(check: Check, value: str, state: str) -> None:
    result = one(check, record("CAA", "example.com", value, "tracking"))
    assert result.state == state, result.detail
    assert sorted(result.found) == ['0 ISSUE "amazon.com"', '0 issue "letsencrypt.org"']
    if state == "mismatch":
        assert result.detail.startswith("CAA is ")


@pytest.mark.usefixtures("zone")
def test_a_caa_record_is_missing_where_none_is_published(check: Check) -> None:
    result = one(check, record("CAA", "_dmarc.example.com.", '0 issue "amazon.com"', "tracking"))
    assert (result.state, result.found) == ("missing", [])
    assert result.detail == "no CAA record at _dmarc.example.com"


@pytest.mark.usefixtures("zone")
def test_mx_with_another_priority(check: Check) -> None:
    result = one(check, record("MX", "example.com", "inbound.mailersend.net.", priority=5))
    assert result.state == "mismatch"
    assert "10 inbound.mailersend.net" in result.found
    assert result.detail == "MX inbound.mailersend.net has priority 10, not 5"


@pytest.mark.usefixtures("zone")
def test_mx_without_the_host(check: Check) -> None:
    result = one(check, record("MX", "example.com", "mx.other.net", priority=10))
    assert result.state == "mismatch"
    assert result.detail == "no MX record points to mx.other.net"


@pytest.mark.usefixtures("zone")
def test_mx_without_a_priority_matches_any(check: Check) -> None:
    assert one(check, record("MX", "example.com", "backup.example.net")).state == "ok"


@pytest.mark.parametrize(
    ("published", "state", "detail"),
    [
        ("v=spf1 a mx include:_SPF.mailersend.net. -all", "ok", ""),
        ("v=spf1 +include:_spf.mailersend.net ?all", "ok", ""),
        (
            "v=spf1 include:_spf.other.net ~all",
            "mismatch",
            "the SPF record lacks include:_spf.mailersend.net",
        ),
        (
            "v=spf1 -include:_spf.mailersend.net",
            "mismatch",
            "the SPF record lacks include:_spf.mailersend.net",
        ),
        ("v=spf1 ~all", "mismatch", "the SPF record lacks include:_spf.mailersend.net"),
    ],
)
def test_spf_compares_the_includes(
    check: Check, dns_server: DnsServer, published: str, state: str, detail: str
) -> None:
    dns_server.serve_bind(f'@ 300 IN TXT "{published}"\n@ 300 IN TXT "other"\n', "example.com")
    result = one(check, GOOD[0])
    assert (result.state, result.found, result.detail) == (state, [published], detail)


def test_spf_without_includes_compares_the_mechanisms(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind('@ 300 IN TXT "v=spf1 ip4:192.0.2.1 -all"\n', "example.com")
    assert one(check, record("TXT", "example.com", "v=spf1 ip4:192.0.2.1 ~all", "spf")).ok
    result = one(check, record("TXT", "example.com", "v=spf1 a ip4:192.0.2.1 -all", "spf"))
    assert (result.state, result.detail) == ("mismatch", "the SPF record lacks a")


def test_two_spf_records_are_a_mismatch(check: Check, dns_server: DnsServer) -> None:
    both = [SPF, "v=spf1 include:_spf.google.com ~all"]
    dns_server.serve_bind("".join(f'@ 300 IN TXT "{v}"\n' for v in both), "example.com")

    result = one(check, GOOD[0])

    assert result.state == "mismatch"
    assert sorted(result.found) == sorted(both)
    assert "2 SPF (v=spf1) records" in result.detail
    assert "RFC 7208" in result.detail


def serve_spf(server: DnsServer, published: str) -> None:
    server.serve_bind(f'@ 300 IN TXT "{published}"\n', "example.com")


@pytest.mark.parametrize("final", ["-all", "~all", "?all", "+all", "all", "-ALL", "~All"])
def test_an_include_after_all_is_never_evaluated(
    check: Check, dns_server: DnsServer, final: str
) -> None:
    """RFC 7208, 5.1: the mechanisms after ``all`` are never tested."""
    published = f"v=spf1 {final} include:_spf.mailersend.net"
    serve_spf(dns_server, published)
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("mismatch", [published])
    assert result.detail == (
        f"include:_spf.mailersend.net comes after {final}: RFC 7208 (5.1) never evaluates the "
        f"terms after all; move it before {final}"
    )


def test_after_all_counts_for_any_mechanism_asked_for(check: Check, dns_server: DnsServer) -> None:
    serve_spf(dns_server, "v=spf1 -all ip4:192.0.2.1")
    result = one(check, record("TXT", "example.com", "v=spf1 ip4:192.0.2.1 -all", "spf"))
    assert result.state == "mismatch"
    assert result.detail.startswith("ip4:192.0.2.1 comes after -all")


def test_the_include_before_all_is_ok_whatever_follows_it(
    check: Check, dns_server: DnsServer
) -> None:
    serve_spf(dns_server, "v=spf1 include:_spf.mailersend.net ~all mx exp=why.example.com")
    assert one(check, GOOD[0]).ok


@pytest.mark.parametrize(
    ("published", "name"),
    [
        ("v=spf1 include:_spf.mailersend.net redirect=a.example REDIRECT=b.example", "redirect"),
        ("v=spf1 include:_spf.mailersend.net exp=a.example ~all Exp=a.example", "exp"),
    ],
)
def test_a_modifier_given_twice_is_a_permanent_error(
    check: Check, dns_server: DnsServer, published: str, name: str
) -> None:
    """RFC 7208, 6: ``redirect=`` and ``exp=`` may each appear once."""
    serve_spf(dns_server, published)
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("mismatch", [published])
    assert result.detail == (
        f"{name}= is given 2 times: RFC 7208 (6) allows it once, more is a permanent error"
    )


ELEVEN = (
    "v=spf1 a mx ptr exists:%{i}.spf.example.com include:_spf.mailersend.net "
    "include:a.example include:b.example include:c.example +include:d.example "
    "~include:e.example redirect=f.example"
)


def test_more_than_ten_dns_querying_terms_is_a_permanent_error(
    check: Check, dns_server: DnsServer
) -> None:
    """RFC 7208, 4.6.4: include, a, mx, ptr, exists and redirect query DNS; at most 10."""
    serve_spf(dns_server, ELEVEN)
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("mismatch", [ELEVEN])
    assert result.detail.startswith("11 DNS-querying terms (include, a, mx, ptr, exists, redirect)")
    assert "at most 10" in result.detail
    assert "its includes are not followed" in result.detail


def test_ten_dns_querying_terms_are_ok_and_includes_are_not_followed(
    check: Check, dns_server: DnsServer
) -> None:
    ten = ELEVEN.replace(" redirect=f.example", " ip4:192.0.2.1 ip6:2001:db8::1 -all")
    serve_spf(dns_server, ten)
    # The included record has ten terms of its own: they are not counted (nor looked up).
    dns_server.serve_bind(f'_spf 300 IN TXT "v=spf1 {"a " * 10}-all"\n', "mailersend.net")
    assert one(check, GOOD[0]).ok
    assert [name for name, *_ in dns_server.queries] == ["example.com."]


def test_several_spf_problems_are_all_said(check: Check, dns_server: DnsServer) -> None:
    published = "v=spf1 ~all include:_spf.mailersend.net exp=a.example exp=b.example"
    serve_spf(dns_server, published)
    detail = one(check, GOOD[0]).detail
    assert detail.startswith("include:_spf.mailersend.net comes after ~all")
    assert "; exp= is given 2 times" in detail


@pytest.mark.parametrize(
    ("published", "detail"),
    [
        (txt(DKIM.replace("; ", ";  ")), "differs only in whitespace"),
        (txt(f'"{DKIM}"'), "quote marks"),
        (txt(DKIM.replace("IDAQAB", "IDAQAC")), "differs from the one asked for"),
    ],
)
def test_dkim_txt_must_be_exact(
    check: Check, dns_server: DnsServer, published: str, detail: str
) -> None:
    dns_server.serve_bind(f"s1._domainkey 300 IN TXT {published}\n", "example.com")
    result = one(check, GOOD[6])
    assert result.state == "mismatch"
    assert result.found != [DKIM]
    assert detail in result.detail


TOKEN = "vortex-verification=0123456789abcdef"
QUOTE_MARKS = 'the value is published with stray quote marks (") as part of its text: remove them'


@pytest.mark.parametrize(
    "published",
    [
        '"\\"vortex-verification=0123456789abcdef\\""',  # the quotes inside the value
        '"\\"" "vortex-verification=0123456789abcdef" "\\""',  # the quotes as strings of their own
        '"  \\"vortex-verification=0123456789abcdef\\" "',
    ],
    ids=["inside", "strings-of-their-own", "with-blanks"],
)
def test_a_token_with_its_quote_marks_as_text_is_a_mismatch_not_missing(
    check: Check, dns_server: DnsServer, published: str
) -> None:
    dns_server.serve_bind(f'@ 300 IN TXT {published}\n@ 300 IN TXT "{SPF}"\n', "example.com")
    result = one(check, record("TXT", "example.com", TOKEN, "ownership"))
    assert result.state == "mismatch"
    (found,) = result.found
    assert found.strip() == f'"{TOKEN}"'
    assert result.detail == QUOTE_MARKS


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("dkim.example.com", txt(f'"{DKIM}"')),  # a name that does not say it holds DKIM
        ("s1._domainkey.example.com", txt(f'"{DKIM[:200]}"') + " " + txt(f'"{DKIM[200:]}"')),
        ("s1._domainkey.example.com", txt(f'"{DKIM[:200]}" "{DKIM[200:]}"')),
    ],
    ids=["other-name", "each-string-quoted", "pasted-strings"],
)
def test_dkim_in_quote_marks_is_a_mismatch_at_any_name(
    check: Check, dns_server: DnsServer, name: str, published: str
) -> None:
    dns_server.serve_bind(f'{name}. 300 IN TXT {published}\n@ 300 IN TXT "x"\n', "example.com")
    result = one(check, record("TXT", name, DKIM))
    assert (result.state, result.detail) == ("mismatch", QUOTE_MARKS)
    assert len(result.found) == 1


def test_single_quote_marks_are_named(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind(f"_dmarc 300 IN TXT \"'{DMARC}'\"\n", "example.com")
    result = one(check, GOOD[7])
    assert result.state == "mismatch"
    assert result.detail == QUOTE_MARKS.replace('(")', "(')")


def test_a_quoted_value_that_also_differs_says_both(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind('@ 300 IN TXT "\\"vortex-verification=other\\""\n', "example.com")
    result = one(check, record("TXT", "example.com", TOKEN, "ownership"))
    assert (result.state, result.found) == ("mismatch", ['"vortex-verification=other"'])
    assert result.detail == (
        'the published value differs from the one asked for, and carries stray quote marks (") '
        "as part of its text"
    )


def test_a_bare_token_in_quote_marks_is_a_mismatch(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind('@ 300 IN TXT "\\"sendfrom-token-1\\""\n', "example.com")
    result = one(check, GOOD[1])
    assert (result.state, result.detail) == ("mismatch", QUOTE_MARKS)


def test_an_spf_record_in_quote_marks_is_a_mismatch(check: Check, dns_server: DnsServer) -> None:
    dns_server.serve_bind(f'@ 300 IN TXT "\\"{SPF}\\""\n', "example.com")
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("mismatch", [f'"{SPF}"'])
    assert result.detail == (
        'the SPF record is published with stray quote marks (") as part of its text, so '
        "resolvers do not read it as SPF: remove them"
    )


def test_an_spf_record_not_starting_with_v_spf1_is_a_mismatch(
    check: Check, dns_server: DnsServer
) -> None:
    published = SPF.replace("v=spf1", "v = spf1")
    dns_server.serve_bind(f'@ 300 IN TXT "{published}"\n', "example.com")
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("mismatch", [published])
    assert result.detail.startswith('the SPF record does not start with exactly "v=spf1 "')


def test_a_modifier_named_like_a_mechanism_is_no_lookup() -> None:
    from sendfrom.dns import _spf

    assert _spf.lookups(_spf.terms("v=spf1 a=x.example mx:m.example redirect=r.example")) == 2


def test_a_quoted_spf_lookalike_beside_the_real_one_is_not_a_second_record(
    check: Check, dns_server: DnsServer
) -> None:
    dns_server.serve_bind(f'@ 300 IN TXT "\\"{SPF}\\""\n@ 300 IN TXT "{SPF}"\n', "example.com")
    result = one(check, GOOD[0])
    assert (result.state, result.found) == ("ok", [SPF])


def test_dkim_with_another_first_tag_at_its_own_name_is_a_mismatch(
    check: Check, dns_server: DnsServer
) -> None:
    dns_server.serve_bind(f'_dmarc 300 IN TXT "p=none"\n@ 300 IN TXT "{DMARC}"\n', "example.com")
    result = one(check, GOOD[7])
    assert (result.state, result.found) == ("mismatch", ["p=none"])


@pytest.mark.usefixtures("zone")
def test_another_token_of_the_same_kind_is_a_mismatch(check: Check) -> None:
    result = one(check, record("TXT", "example.com", "google-site-verification=xyz", "ownership"))
    assert (result.state, result.found) == ("mismatch", ["google-site-verification=abc"])


# ---- error


def test_servfail_is_an_error(check: Check, zone: DnsServer) -> None:
    zone.fail("mta.example.com", "servfail")
    results = check(GOOD)
    failed = [r for r in results if r.state == "error"]
    assert [r.record.name for r in failed] == ["mta.example.com"]
    assert "SERVFAIL" in failed[0].detail
    assert zone.address in failed[0].detail.replace("@", ":")


@pytest.mark.usefixtures("zone")
def test_refused_outside_the_served_zones_is_an_error(check: Check) -> None:
    result = one(check, record("CNAME", "mta.example.org", "x.net"))
    assert (result.state, result.found) == ("error", [])
    assert "REFUSED" in result.detail


def test_no_answer_is_a_timeout_error(check: Check, zone: DnsServer) -> None:
    zone.fail("mta.example.com", "drop")
    started = time.monotonic()
    results = check(GOOD, timeout=0.5)
    assert time.monotonic() - started < 4
    (failed,) = [r for r in results if r.state == "error"]
    assert failed.record == GOOD[5]
    assert failed.detail.startswith("timed out looking up mta.example.com")


# ---- several nameservers: the next one is asked


def test_a_silent_nameserver_hands_the_lookups_to_the_next(
    check: Check, zone: DnsServer, silent_nameserver: str
) -> None:
    results = check(GOOD, nameservers=[silent_nameserver, zone.address], timeout=0.5)
    assert [(r.state, r.detail) for r in results] == [("ok", "")] * len(GOOD)


@pytest.mark.parametrize("how", ["refused", "servfail"])
def test_a_refusing_nameserver_hands_the_lookups_to_the_next(
    check: Check, zone: DnsServer, how: str
) -> None:
    with DnsServer() as failing:  # REFUSED: it serves no zone; SERVFAIL: every name fails
        if how == "servfail":
            failing.serve_bind(ZONE)
            for wanted in GOOD:
                failing.fail(wanted.name, "servfail")
        results = check(GOOD, nameservers=[failing.address, zone.address], timeout=5)
    assert [(r.state, r.detail) for r in results] == [("ok", "")] * len(GOOD)
    assert failing.queries  # it was asked first
    assert len(zone.queries) == len({(n, k) for n, k, _ in zone.queries})


def test_timeout_is_per_nameserver(check: Check, zone: DnsServer, silent_nameserver: str) -> None:
    """Each nameserver gets the whole ``timeout``: a third one is still reached after two silent
    ones (a timeout for the whole check would have ended at the first)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as second:
        second.bind(("127.0.0.1", 0))
        both = [silent_nameserver, f"127.0.0.1:{second.getsockname()[1]}"]
        (reached,) = check(GOOD[:1], nameservers=[*both, zone.address], timeout=0.4)
        assert (reached.state, reached.detail) == ("ok", "")

        started = time.monotonic()
        (failed,) = check(GOOD[:1], nameservers=both, timeout=0.4)
        elapsed = time.monotonic() - started
    assert failed.state == "error"
    assert failed.detail.startswith("timed out looking up example.com")
    assert elapsed >= 0.6  # both were waited for ...
    assert elapsed < 10  # ... and then it ended


def test_a_nameserver_nobody_listens_on_is_an_error(check: Check) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{probe.getsockname()[1]}"
    results = check(GOOD[:2], nameservers=[closed], timeout=0.5)
    assert [r.state for r in results] == ["error", "error"]
    assert all(r.detail for r in results)


def test_a_nameserver_name_is_resolved_first(
    check: Check, zone: DnsServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def hosts(host: str, *args: Any, **kwargs: Any) -> Any:  # no name lookup leaves the machine
        if host == "ns1.test":
            return real("127.0.0.1", *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", hosts)
    assert one(check, GOOD[5], nameservers=[f"ns1.test:{zone.port}"]).ok

    results = check(GOOD[:2], nameservers=["ns.unknown.test:53"])
    assert [r.state for r in results] == ["error", "error"]
    assert "the nameserver 'ns.unknown.test' has no address" in results[0].detail
    assert zone.queries[-1][0] == "mta.example.com."  # the second call sent nothing


def test_the_system_resolver_is_used_by_default(
    check: Check, zone: DnsServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("nameserver 127.0.0.1\n")
    read = dns.resolver.BaseResolver.read_resolv_conf

    def loopback(self: dns.resolver.BaseResolver, _path: Any) -> None:
        read(self, str(conf))
        self.port = zone.port

    monkeypatch.setattr(dns.resolver.BaseResolver, "read_resolv_conf", loopback)
    assert one(check, GOOD[5], nameservers=None).ok

    conf.write_text("# no nameserver\n")
    result = one(check, GOOD[5], nameservers=None)
    assert result.state == "error"
    assert result.detail.startswith("no system resolver to ask")


# ---- bad input: refused before any query


@pytest.mark.parametrize(
    "bad", ["127.0.0.1:99999", "127.0.0.1:", "", "a b", "[::1", "::g", "999.1.1.1", 53, "x:y:z:"]
)
def test_a_bad_nameserver_address_is_an_error_naming_it(
    check: Check, zone: DnsServer, bad: Any
) -> None:
    results = check(GOOD[:2], nameservers=[zone.address, bad])
    assert [r.state for r in results] == ["error", "error"]
    assert results[0].detail.startswith(f"bad nameserver address {bad!r}")
    assert zone.queries == []


def test_no_nameservers_is_an_error(check: Check, zone: DnsServer) -> None:
    (result,) = check(GOOD[:1], nameservers=[])
    assert (result.state, result.found) == ("error", [])
    assert result.detail.startswith("no nameservers to ask")
    assert zone.queries == []


@pytest.mark.parametrize("nameservers", [53, {"host": "127.0.0.1"}, b"127.0.0.1"])
def test_nameservers_that_are_no_list_are_refused(
    check: Check, zone: DnsServer, nameservers: Any
) -> None:
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        check(GOOD, nameservers=nameservers)
    assert list(caught.value.fields) == ["nameservers"]
    assert zone.queries == []


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf, "5", True, None])
def test_bad_timeouts_are_refused(check: Check, zone: DnsServer, timeout: Any) -> None:
    with pytest.raises(sendfrom.InvalidRequestError, match="timeout"):
        check(GOOD, timeout=timeout)
    assert zone.queries == []


@pytest.mark.parametrize(
    "bad", [record("TXT", "@", "x"), record("TXT", "", "x"), record("TXT", "a..b.com", "x")]
)
def test_names_that_cannot_be_looked_up_are_refused(
    check: Check, zone: DnsServer, bad: DnsRecord
) -> None:
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        check([GOOD[0], bad])
    assert list(caught.value.fields) == ["records"]
    assert zone.queries == []


def test_a_non_record_is_refused(check: Check) -> None:
    with pytest.raises(sendfrom.InvalidRequestError, match="DnsRecord"):
        check([{"type": "TXT", "name": "example.com", "value": "x"}])


def test_one_nameserver_as_a_string_and_ipv6_forms(check: Check, zone: DnsServer) -> None:
    assert one(check, GOOD[5], nameservers=zone.address).ok
    from sendfrom.dns._names import nameserver

    assert nameserver("[::1]:5353") == ("::1", 5353)
    assert nameserver("::1") == ("::1", 53)
    assert nameserver("ns1.example.net") == ("ns1.example.net", 53)


def test_empty_records_ask_nothing(check: Check, zone: DnsServer) -> None:
    assert check([]) == []
    assert zone.queries == []


# ---- async: concurrent, never blocking the loop


async def test_acheck_runs_lookups_concurrently_without_blocking(zone: DnsServer) -> None:
    names = [f"slow{i}.example.com" for i in range(4)]
    for name in names:
        zone.fail(name, "drop")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    beat = asyncio.create_task(ticker())
    started = time.monotonic()
    results = await sendfrom.dns.acheck(
        [record("TXT", n, "x") for n in names], nameservers=[zone.address], timeout=0.6
    )
    elapsed = time.monotonic() - started
    beat.cancel()

    assert [r.state for r in results] == ["error"] * 4
    assert elapsed < 4 * 0.6  # not one after the other
    assert ticks >= elapsed / 0.02 / 3  # the loop kept running while they waited


# ---- without dnspython


def test_without_dnspython_check_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['dns'] = None\n"
        "import sendfrom\n"
        "print(sendfrom.dns.to_bind([]) == '')\n"  # writing records needs no dnspython
        "try:\n"
        "    sendfrom.dns.check([])\n"
        "except sendfrom.ConfigurationError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.splitlines() == [
        "True",
        'checking DNS needs dnspython: pip install "sendfrom[dns]"',
    ]


def test_import_sendfrom_loads_no_dnspython(tmp_path: Path) -> None:
    code = (
        "import sys, sendfrom\n"
        "names = [m for m in sys.modules if m == 'dns' or m.startswith(('dns.', 'sendfrom.dns'))]\n"
        "print(names)\n"
        "sendfrom.dns.to_octodns([], 'example.com')\n"
        "print('dns' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.splitlines() == ["[]", "False"]


def test_the_dns_server_runs_on_its_own(tmp_path: Path) -> None:
    """``python -m sendfrom.testing.dns_server ZONEFILE ORIGIN``: a server to point tools at."""
    (tmp_path / "zone").write_text(ZONE)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sendfrom.testing.dns_server",
            str(tmp_path / "zone"),
            "example.com",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        address = line.split(" on ")[1].split()[0]
        assert line.startswith("serving example.com on 127.0.0.1:")
        assert [r.state for r in sendfrom.dns.check(GOOD, nameservers=[address])] == ["ok"] * 8
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()
