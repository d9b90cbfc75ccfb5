"""``sendfrom.dns.to_bind`` and ``to_octodns``: the records as DNS tools read them. The zone-file
lines are parsed by dnspython, and the octoDNS zone is loaded by octoDNS's own YAML provider:
both must give the very records the provider asked for."""

from __future__ import annotations

import re
from pathlib import Path

import dns.rdatatype
import dns.zone
import pytest
import yaml

import sendfrom
import sendfrom.dns
from sendfrom.models import DnsRecord

DKIM_KEY = (
    "v=DKIM1; k=rsa; p=" + "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDSzu8kBan8FU5qCOnCvJko8" * 6
)


def records() -> list[DnsRecord]:
    """What providers give: absolute names (with and without the dot), a long DKIM TXT with
    semicolons, an apex carrying TXT and MX, CNAMEs with natural-order names."""
    return [
        DnsRecord(purpose="spf", type="TXT", name="example.com",
                  value="v=spf1 include:_spf.mailersend.net ~all"),
        DnsRecord(purpose="mx", type="MX", name="Example.com.", value="inbound.mailersend.net",
                  priority=20),
        DnsRecord(purpose="dkim", type="TXT", name="s1._domainkey.example.com", value=DKIM_KEY),
        DnsRecord(purpose="dkim", type="CNAME", name="ms10._domainkey.example.com",
                  value="ms10._domainkey.mailersend.net"),
        DnsRecord(purpose="dkim", type="CNAME", name="ms2._domainkey.example.com.",
                  value="ms2._domainkey.mailersend.net."),
        DnsRecord(purpose="return_path", type="CNAME", name="mta.example.com",
                  value="mailersend.net"),
        DnsRecord(purpose="ownership", type="TXT", name="example.com", value="token-123"),
        DnsRecord(purpose="tracking", type="CAA", name="example.com",
                  value='0 issue "amazon.com"'),  # Resend's TrackingCAA
    ]  # fmt: skip


def expected_rdata() -> set[tuple[str, str, str]]:
    """(owner, type, rdata in dnspython's text form) of ``records()``."""
    long = " ".join(f'"{DKIM_KEY[i : i + 255]}"' for i in range(0, len(DKIM_KEY), 255))
    return {
        ("example.com.", "TXT", '"v=spf1 include:_spf.mailersend.net ~all"'),
        ("example.com.", "TXT", '"token-123"'),
        ("example.com.", "MX", "20 inbound.mailersend.net."),
        ("s1._domainkey.example.com.", "TXT", long),
        ("ms10._domainkey.example.com.", "CNAME", "ms10._domainkey.mailersend.net."),
        ("ms2._domainkey.example.com.", "CNAME", "ms2._domainkey.mailersend.net."),
        ("mta.example.com.", "CNAME", "mailersend.net."),
        ("example.com.", "CAA", '0 issue "amazon.com"'),
    }


def zone_rdata(zone: dns.zone.Zone) -> set[tuple[str, str, str]]:
    return {
        (name.to_text().lower(), dns.rdatatype.to_text(rdataset.rdtype), rdata.to_text())
        for name, node in zone.nodes.items()
        for rdataset in node.rdatasets
        for rdata in rdataset
    }


# ---- to_bind


def test_bind_lines_load_as_the_records_asked_for() -> None:
    text = sendfrom.dns.to_bind(records())

    zone = dns.zone.from_text(text, origin="example.com.", relativize=False, check_origin=False)

    assert zone_rdata(zone) == expected_rdata()
    assert len(text.splitlines()) == len(records())
    for line in text.splitlines():
        owner, ttl, klass, _kind, _rdata = line.split("\t")
        assert owner.endswith(".")
        assert (ttl, klass) == ("3600", "IN")


def test_bind_ttl_and_mx_default_priority() -> None:
    mx = DnsRecord(purpose="inbound", type="MX", name="in.example.com", value="mx.example.net")
    assert (
        sendfrom.dns.to_bind([mx], ttl=300) == "in.example.com.\t300\tIN\tMX\t10 mx.example.net.\n"
    )
    assert sendfrom.dns.to_bind([]) == ""


def test_long_txt_values_are_split_into_quoted_strings() -> None:
    value = 'v=DKIM1; k=rsa; p="' + "A" * 600 + "é" * 100 + '\\"'
    record = DnsRecord(purpose="dkim", type="TXT", name="s._domainkey.x.com", value=value)

    (line,) = sendfrom.dns.to_bind([record]).splitlines()

    owner, ttl, klass, kind, rdata = line.split("\t")
    assert (owner, ttl, klass, kind) == ("s._domainkey.x.com.", "3600", "IN", "TXT")
    chunks = re.findall(r'"((?:[^"\\]|\\.)*)"', rdata)
    assert len(chunks) == 4
    unescaped = [re.sub(r"\\(.)", r"\1", c) for c in chunks]
    assert all(len(c.encode()) <= 255 for c in unescaped)
    assert "".join(unescaped) == value
    assert rdata == " ".join(f'"{c}"' for c in chunks)


def test_bind_keeps_the_origin() -> None:
    records = [
        DnsRecord(purpose="mx", type="MX", name="@", value="mx.example.net."),
        DnsRecord(purpose="spf", type="TXT", name="example.com.", value=""),
    ]
    lines = sendfrom.dns.to_bind(records).splitlines()
    assert lines == ["@\t3600\tIN\tMX\t10 mx.example.net.", 'example.com.\t3600\tIN\tTXT\t""']


# ---- to_octodns


def test_octodns_document_shape() -> None:
    document = sendfrom.dns.to_octodns(records(), "example.com")

    assert list(document) == ["", "ms2._domainkey", "ms10._domainkey", "mta", "s1._domainkey"]
    assert document[""] == [
        {"type": "CAA", "value": {"flags": 0, "tag": "issue", "value": "amazon.com"}},
        {"type": "MX", "value": {"exchange": "inbound.mailersend.net.", "preference": 20}},
        {"type": "TXT", "values": ["v=spf1 include:_spf.mailersend.net ~all", "token-123"]},
    ]
    assert document["mta"] == {"type": "CNAME", "value": "mailersend.net."}
    assert document["s1._domainkey"] == {"type": "TXT", "value": DKIM_KEY.replace(";", "\\;")}
    assert sendfrom.dns.to_octodns(records()[:1], "example.com.", ttl=300) == {
        "": {"ttl": 300, "type": "TXT", "value": "v=spf1 include:_spf.mailersend.net ~all"}
    }


@pytest.mark.parametrize("ttl", [None, 600])
def test_octodns_loads_the_zone_as_the_records_asked_for(tmp_path: Path, ttl: int | None) -> None:
    from octodns.provider.yaml import YamlProvider
    from octodns.yaml import safe_dump
    from octodns.zone import Zone

    document = sendfrom.dns.to_octodns(records(), "example.com.", ttl=ttl)
    with (tmp_path / "example.com.yaml").open("w") as file:
        safe_dump(document, file)
    # enforce_order (the default): the keys must already be in the order octoDNS wants
    provider = YamlProvider("sendfrom", str(tmp_path), escaped_semicolons=True)
    zone = Zone("example.com.", [])
    provider.populate(zone)

    loaded = set()
    for record in zone.records:
        rrset = record.to_rrset()
        assert rrset.ttl == (ttl or 3600)
        loaded |= {(rrset.name, rrset._type, rdata) for rdata in rrset.rdatas}
    assert loaded == expected_rdata()


def test_octodns_plain_yaml_dump_loads_too(tmp_path: Path) -> None:
    from octodns.provider.yaml import YamlProvider
    from octodns.zone import Zone

    document = sendfrom.dns.to_octodns(records(), "example.com")
    (tmp_path / "example.com.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    zone = Zone("example.com.", [])
    YamlProvider("sendfrom", str(tmp_path), escaped_semicolons=True).populate(zone)
    assert len(zone.records) == len(document) + 2  # the apex holds three record types


@pytest.mark.parametrize("name", ["example.org", "example.com.evil.net", "notexample.com", "com"])
def test_octodns_refuses_names_outside_the_zone(name: str) -> None:
    record = DnsRecord(purpose="dkim", type="CNAME", name=name, value="x.example.net")
    with pytest.raises(sendfrom.InvalidRequestError, match=re.escape(name)) as caught:
        sendfrom.dns.to_octodns([record], "example.com")
    assert caught.value.fields == {"records": [f"{name} is outside example.com"]}


@pytest.mark.parametrize("zone", ["", ".", "  "])
def test_octodns_refuses_an_empty_zone(zone: str) -> None:
    with pytest.raises(sendfrom.InvalidRequestError, match="zone"):
        sendfrom.dns.to_octodns(records(), zone)


def test_octodns_refuses_a_cname_beside_other_data() -> None:
    clash = [
        DnsRecord(purpose="return_path", type="CNAME", name="mta.example.com", value="a.net"),
        DnsRecord(purpose="ownership", type="TXT", name="mta.example.com", value="token"),
    ]
    with pytest.raises(sendfrom.InvalidRequestError, match="CNAME cannot share"):
        sendfrom.dns.to_octodns(clash, "example.com")


def test_octodns_merges_duplicates_and_reads_the_origin_as_apex() -> None:
    spf = DnsRecord(purpose="spf", type="TXT", name="@", value="v=spf1 -all")
    assert sendfrom.dns.to_octodns([spf, spf], "example.com") == {
        "": {"type": "TXT", "value": "v=spf1 -all"}
    }


def test_octodns_refuses_non_ascii_txt() -> None:
    record = DnsRecord(purpose="ownership", type="TXT", name="example.com", value="tökén")
    with pytest.raises(sendfrom.InvalidRequestError, match="ASCII"):
        sendfrom.dns.to_octodns([record], "example.com")


def test_record_check_model() -> None:
    record = records()[0]
    check = sendfrom.dns.RecordCheck(record=record, state="mismatch", found=["v=spf1 -all"])
    assert not check.ok
    assert sendfrom.dns.RecordCheck(record=record, state="ok").ok
    assert check.model_dump()["found"] == ["v=spf1 -all"]
    with pytest.raises(ValueError, match="state"):
        sendfrom.dns.RecordCheck(record=record, state="fine")  # type: ignore[arg-type]


INJECTED = [
    ("name", DnsRecord(purpose="dkim", type="CNAME", name="k._domainkey.example.com\nwww",
                       value="k.dkim.example.net")),
    ("value", DnsRecord(purpose="dkim", type="TXT", name="k._domainkey.example.com",
                        value="v=DKIM1; p=abc\nwww 300 IN A 192.0.2.66")),
    ("value", DnsRecord(purpose="return_path", type="CNAME", name="rp.example.com",
                        value="bounce.example.net. 300 IN A 192.0.2.66")),
    ("type", DnsRecord(purpose="dkim", type="TXT\r", name="k.example.com", value="v=DKIM1")),
    ("value", DnsRecord(purpose="spf", type="TXT", name="example.com", value="v=spf1 \x00~all")),
    ("value", DnsRecord(purpose="tracking", type="CAA", name="example.com",
                        value='0 issue "amazon.com"\nwww 300 IN A 192.0.2.66')),
]  # fmt: skip


@pytest.mark.parametrize(("field", "record"), INJECTED)
def test_provider_data_never_becomes_zone_syntax(field: str, record: DnsRecord) -> None:
    """A newline (or a space in a host name) from a provider would write a second zone line:
    every exporter, and the DNS check, refuse the record, naming the field."""
    ok = DnsRecord(purpose="dkim", type="TXT", name="a._domainkey.example.com", value="v=DKIM1")
    for export in (
        lambda: sendfrom.dns.to_bind([ok, record]),
        lambda: sendfrom.dns.to_octodns([ok, record], "example.com"),
        lambda: sendfrom.dns.check([ok, record], nameservers=["127.0.0.1:9"], timeout=0.1),
    ):
        with pytest.raises(sendfrom.InvalidRequestError, match="cannot hold") as caught:
            export()
        assert list(caught.value.fields) == [f"records[1].{field}"]
        assert "\n" not in str(caught.value), "the message escapes what it shows"


def test_spaces_inside_a_txt_value_are_data() -> None:
    record = DnsRecord(purpose="spf", type="TXT", name="example.com", value="v=spf1 mx ~all")
    assert sendfrom.dns.to_bind([record]).endswith('"v=spf1 mx ~all"\n')


def test_caa_values_are_read_as_rfc_8659_writes_them() -> None:
    caa = DnsRecord(purpose="tracking", type="CAA", name="example.com", value="0 issue amazon.com")
    assert sendfrom.dns.to_bind([caa]) == 'example.com.\t3600\tIN\tCAA\t0 issue "amazon.com"\n'
    document = sendfrom.dns.to_octodns([caa], "example.com")
    assert document == {"": {"type": "CAA", "value": {"flags": 0, "tag": "issue",
                                                       "value": "amazon.com"}}}  # fmt: skip


@pytest.mark.parametrize("value", ["amazon.com", "256 issue amazon.com", "0 issue", "x issue y"])
def test_a_caa_value_that_is_none_is_refused_naming_it(value: str) -> None:
    bad = DnsRecord(purpose="tracking", type="CAA", name="example.com", value=value)
    for export in (
        lambda: sendfrom.dns.to_bind([bad]),
        lambda: sendfrom.dns.to_octodns([bad], "example.com"),
        lambda: sendfrom.dns.check([bad], nameservers=["127.0.0.1:9"], timeout=0.1),
    ):
        with pytest.raises(sendfrom.InvalidRequestError, match="flags 0-255") as caught:
            export()
        assert list(caught.value.fields) == ["records[0].value"]
