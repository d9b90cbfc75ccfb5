"""``sendfrom.publish``: a domain's records added to a zone through octoDNS's own API (a real
YamlProvider writing real zone files in tmp_path), never deleting or replacing what is there."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import sendfrom
import sendfrom.dns
from dnsserver import DnsServer
from sendfrom.errors import ConfigurationError, InvalidRequestError, SendfromError
from sendfrom.publish import apublish, merge_spf, publish

EXISTING = """\
---
'':
  - type: MX
    value:
      exchange: mx.other.example.
      preference: 5
  - type: TXT
    values:
    - google-site-verification=abc
    - v=spf1 include:_spf.google.com ~all
email:
  type: CNAME
  value: someone-else.example.
www:
  type: A
  value: 192.0.2.1
"""


def write_config(tmp_path: Path, zone: str = "example.com.", processors: str = "") -> Path:
    zones = tmp_path / "zones"
    zones.mkdir(exist_ok=True)
    config = tmp_path / "octodns.yaml"
    config.write_text(
        f"""\
manager:
  max_workers: 1
providers:
  zones:
    class: octodns.provider.yaml.YamlProvider
    directory: {zones}
    escaped_semicolons: true
{processors}
zones:
  {zone}:
    sources: [zones]
    targets: [zones]
"""
        + ("    processors: [no-a]\n" if processors else "")
    )
    return config


def zone_file(tmp_path: Path, zone: str = "example.com") -> dict[str, Any]:
    loaded = yaml.safe_load((tmp_path / "zones" / f"{zone}.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def records(name: str = "example.com", provider: str = "mailersend") -> list[sendfrom.DnsRecord]:
    client = sendfrom.connect(provider, simulate=True)  # type: ignore[call-overload]
    domain = client.domains.create(name)
    found: list[sendfrom.DnsRecord] = client.domains.dns_records(domain.id)
    return found


def as_list(entry: Any) -> list[dict[str, Any]]:
    return entry if isinstance(entry, list) else [entry]


def test_existing_records_stay_and_the_spf_gets_the_include(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(EXISTING)
    result = publish(records(), "example.com", config, apply=True)
    assert result.applied
    zone = zone_file(tmp_path)
    apex = {e["type"]: e for e in as_list(zone[""])}
    assert apex["MX"]["value"] == {"exchange": "mx.other.example.", "preference": 5}
    assert apex["TXT"]["values"] == [
        "google-site-verification=abc",
        "v=spf1 include:_spf.google.com include:_spf.mailersend.net ~all",  # merged, ~all kept
    ]
    assert zone["www"] == {"type": "A", "value": "192.0.2.1"}
    assert zone["email"] == {"type": "CNAME", "value": "someone-else.example."}  # not replaced
    assert zone["ms1._domainkey"]["value"] == "ms1._domainkey.mailersend.net."
    assert zone["mta"]["value"] == "mailersend.net."
    (conflict,) = result.conflicts
    assert (conflict.name, conflict.type) == ("email.example.com", "CNAME")
    assert "someone-else.example." in conflict.reason
    update = next(c for c in result.changes if c.action == "update")
    assert update.before == ("google-site-verification=abc", "v=spf1 include:_spf.google.com ~all")
    assert not publish(records(), "example.com", config).changes  # nothing left to add


def test_a_plan_alone_changes_nothing(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    path = tmp_path / "zones" / "example.com.yaml"
    path.write_text(EXISTING)
    result = publish(records(), "example.com", config)
    assert not result.applied
    assert {c.action for c in result.changes} == {"create", "update"}
    assert path.read_text() == EXISTING
    assert "update example.com TXT" in " ".join(result.describe().split())


def test_a_subdomain_goes_into_its_parent_zone_with_relative_names(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    publish(records("mail.example.com"), "mail.example.com", config, apply=True)
    zone = zone_file(tmp_path)
    assert zone["mail"] == {"type": "TXT", "value": "v=spf1 include:_spf.mailersend.net -all"}
    assert "ms1._domainkey.mail" in zone


def test_records_a_filter_processor_hides_are_never_deleted(tmp_path: Path) -> None:
    reject_a = """\
processors:
  no-a:
    class: octodns.processor.filter.TypeRejectlistFilter
    rejectlist: [A]
"""
    config = write_config(tmp_path, processors=reject_a)
    (tmp_path / "zones" / "example.com.yaml").write_text(EXISTING)
    result = publish(records(), "example.com", config, apply=True)
    assert result.changes
    assert zone_file(tmp_path)["www"] == {"type": "A", "value": "192.0.2.1"}


@pytest.mark.parametrize(
    ("existing", "ours", "merged"),
    [
        ("v=spf1 mx ~all", "v=spf1 include:a.example -all", "v=spf1 mx include:a.example ~all"),
        ("v=spf1 include:a.example -all", "v=spf1 include:A.example ~all", None),
        ("v=spf1 mx", "v=spf1 include:a.example -all", "v=spf1 mx include:a.example"),
        (
            "v=spf1 ip4:192.0.2.0/24 redirect=_spf.example",
            "v=spf1 include:a.example include:b.example ~all",
            "v=spf1 ip4:192.0.2.0/24 include:a.example include:b.example redirect=_spf.example",
        ),
        # an include after all is never evaluated: it moves before all, once
        (
            "v=spf1 -all include:a.example",
            "v=spf1 include:a.example ~all",
            "v=spf1 include:a.example -all",
        ),
        (
            "v=spf1 mx ~ALL include:A.example. a",
            "v=spf1 include:a.example -all",
            "v=spf1 mx include:a.example ~ALL a",
        ),
        ("v=spf1 ?all", "v=spf1 include:a.example -all", "v=spf1 include:a.example ?all"),
        ("v=spf1 all", "v=spf1 include:a.example -all", "v=spf1 include:a.example all"),
        # never twice: case, trailing dot and + qualifier do not make another include
        ("v=spf1 +include:a.example. ~all", "v=spf1 include:A.EXAMPLE -all", None),
        ("v=spf1 include:A.example ~all", "v=spf1 +include:a.example. -all", None),
        (
            "v=spf1 ~all",
            "v=spf1 include:a.example +include:A.example. -all",
            "v=spf1 include:a.example ~all",
        ),
    ],
)
def test_merge_spf(existing: str, ours: str, merged: str | None) -> None:
    assert merge_spf(existing, ours) == (merged or existing)


def with_apex_spf(spf: str) -> str:
    return EXISTING.replace("v=spf1 include:_spf.google.com ~all", spf)


@pytest.mark.parametrize(
    "spf",
    [
        "v=spf1 -all include:_spf.mailersend.net",
        "v=spf1 +include:_SPF.MailerSend.net. ~all",
        "v=spf1 ~ALL mx include:_spf.mailersend.net",
        "v=spf1 include:a.example include:b.example include:c.example include:d.example ~all",
    ],
)
def test_what_publish_writes_the_check_accepts(
    tmp_path: Path, dns_server: DnsServer, spf: str
) -> None:
    """The zone publish wrote, served by a real DNS server: every record checks ok."""
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(with_apex_spf(spf))
    wanted = records()
    publish(wanted, "example.com", config, apply=True)
    dns_server.serve_octodns(tmp_path / "zones" / "example.com.yaml")
    checks = sendfrom.dns.check(wanted, nameservers=[dns_server.address], timeout=2)
    ours = [c for c in checks if c.record.purpose == "spf"]
    assert [(c.state, c.detail) for c in ours] == [("ok", "")]
    (published,) = ours[0].found
    assert published.lower().count("include:_spf.mailersend.net") == 1


TEN = "v=spf1 " + " ".join(f"include:_spf{i}.example" for i in range(10)) + " ~all"


@pytest.mark.parametrize("apply", [True, False])
def test_an_spf_record_over_ten_lookups_is_refused_before_anything_is_pushed(
    tmp_path: Path, apply: bool
) -> None:
    config = write_config(tmp_path)
    path = tmp_path / "zones" / "example.com.yaml"
    path.write_text(with_apex_spf(TEN))
    with pytest.raises(InvalidRequestError) as caught:
        publish(records(), "example.com", config, apply=apply)
    message = str(caught.value)
    assert "11 DNS-querying terms" in message
    assert "RFC 7208 (4.6.4) allows at most 10" in message
    assert "include:_spf.mailersend.net" in message  # the record it would have written
    assert "Nothing was published" in message
    assert list(caught.value.fields) == ["records"]
    assert path.read_text() == with_apex_spf(TEN)  # not even the DKIM CNAMEs


def test_an_spf_record_already_holding_the_include_is_left_as_it_is(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    spf = TEN.replace("_spf9.example", "_spf.mailersend.net")
    (tmp_path / "zones" / "example.com.yaml").write_text(with_apex_spf(spf))
    result = publish(records(), "example.com", config, apply=True)
    assert result.applied
    assert not [c for c in result.changes if c.type == "TXT"]


@pytest.mark.parametrize(
    ("spf", "said"),
    [
        ("v=spf1 mx redirect=a.example redirect=b.example", "redirect= is given 2 times"),
        ("v=spf1 mx exp=a.example ~all exp=b.example", "exp= is given 2 times"),
    ],
)
def test_an_spf_record_with_a_modifier_twice_is_refused(
    tmp_path: Path, spf: str, said: str
) -> None:
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(with_apex_spf(spf))
    with pytest.raises(InvalidRequestError, match=said):
        publish(records(), "example.com", config, apply=True)


def test_a_second_spf_record_there_is_refused(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    two = with_apex_spf("v=spf1 mx ~all\n    - v=spf1 a -all")
    (tmp_path / "zones" / "example.com.yaml").write_text(two)
    with pytest.raises(InvalidRequestError, match=r"2 SPF \(v=spf1\) records"):
        publish(records(), "example.com", config)


def test_bad_configs_are_configuration_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no such file"):
        publish(records(), "example.com", tmp_path / "missing.yaml")
    (tmp_path / "broken.yaml").write_text("providers: {}\n")
    with pytest.raises(ConfigurationError, match=r"broken\.yaml"):
        publish(records(), "example.com", tmp_path / "broken.yaml")
    config = write_config(tmp_path, zone="example.org.")
    with pytest.raises(ConfigurationError, match=r"no zone for example\.com .*example\.org\."):
        publish(records(), "example.com", config)
    with pytest.raises(ConfigurationError, match=r"no zone for notexample\.com"):
        publish([], "notexample.com", write_config(tmp_path, zone="example.com."))
    undotted = write_config(tmp_path, zone="example.com")  # octoDNS's names end with a dot
    for domain in ("example.com", "mail.example.com"):
        with pytest.raises(ConfigurationError, match=r"'example\.com' needs its trailing dot"):
            publish(records(), domain, undotted)


def test_vortex_records_with_a_txt_ownership_token(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    wanted = records(provider="vortex")
    result = publish(wanted, "example.com", config, apply=True)
    shown = [value for change in result.changes for value in change.after]
    assert sorted(shown) == sorted(r.value for r in wanted)  # as DNS has them: ; unescaped
    written = yaml.safe_dump(zone_file(tmp_path))
    for record in wanted:
        assert record.value.rstrip(".").replace(";", "\\;") in written  # octoDNS escapes ;


async def test_apublish_runs_off_the_event_loop(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    result = await apublish(records(), "example.com", config, apply=True)
    task.cancel()
    assert result.applied
    assert ticks > 0
    assert "ms1._domainkey" in zone_file(tmp_path)


def test_without_octodns_a_configuration_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path)
    monkeypatch.setitem(sys.modules, "octodns.manager", None)
    with pytest.raises(ConfigurationError, match=r'pip install "sendfrom\[octodns\]"'):
        publish(records(), "example.com", config)


def test_a_dns_host_that_fails_is_a_sendfrom_error(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    zones = tmp_path / "zones"
    zones.rmdir()
    zones.write_text("a file where the zone folder should be")
    with pytest.raises(SendfromError, match="octoDNS target 'zones'") as info:
        publish(records(), "example.com", config, apply=True)
    assert info.value.__cause__ is not None


def test_an_always_dry_run_zone_is_planned_never_applied(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    config.write_text(config.read_text() + "    always-dry-run: true\n")
    result = publish(records(), "example.com", config, apply=True)
    assert result.changes
    assert not result.applied
    assert not (tmp_path / "zones" / "example.com.yaml").exists()


def test_a_different_dmarc_record_is_kept_and_reported_not_doubled(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(
        "---\n_dmarc:\n  type: TXT\n  value: v=DMARC1\\; p=reject\n"
    )
    ours = [
        sendfrom.DnsRecord(
            purpose="dmarc",
            type="TXT",
            name="_dmarc.example.com",
            value="v=DMARC1; p=none",
            priority=None,
            status=None,
        )
    ]
    result = publish(ours, "example.com", config, apply=True)
    (conflict,) = result.conflicts
    assert "'v=DMARC1; p=reject'" in conflict.reason
    assert not result.changes
    assert zone_file(tmp_path)["_dmarc"] == {"type": "TXT", "value": "v=DMARC1\\; p=reject"}


def test_a_resend_domain_with_tracking_and_receiving_publishes_and_checks_ok(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    """Resend's tracking records hold a CAA (``0 issue "amazon.com"`` at the domain) and its
    receiving one an apex MX: published with octoDNS and served, every record checks ok."""
    client = sendfrom.connect("resend", simulate=True)
    options = {"open_tracking": True, "tracking_subdomain": "links",
               "capabilities": {"receiving": "enabled"}}  # fmt: skip
    domain = client.domains.create("example.com", provider_options=options)
    wanted = client.domains.dns_records(domain.id)
    assert {(r.purpose, r.type) for r in wanted} >= {("tracking", "CAA"), ("inbound", "MX")}
    config = write_config(tmp_path)
    (tmp_path / "zones" / "example.com.yaml").write_text(EXISTING)
    assert publish(wanted, "example.com", config, apply=True).applied
    apex = {e["type"]: e for e in as_list(zone_file(tmp_path)[""])}
    assert apex["CAA"]["value"] == {"flags": 0, "tag": "issue", "value": "amazon.com"}
    dns_server.serve_octodns(tmp_path / "zones" / "example.com.yaml")
    checks = client.domains.check_dns(domain.id, nameservers=[dns_server.address], timeout=2)
    assert [(c.record.purpose, c.state, c.detail) for c in checks if not c.ok] == []
