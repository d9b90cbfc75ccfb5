"""MailerSend's domain scenarios: the 2025 recordings, and the 2022 ones kept for older shapes."""

from __future__ import annotations

from typing import Any

import sendfrom
from cassette_scenarios.common import (
    PENDING,
    VERIFIED,
    Ctx,
    Input,
    same_domain,
    scenario,
    status_error,
)
from cassette_scenarios.mailersend.common import (
    HISTORICAL,
    MISSING_DOMAIN,
    MS,
    MS_DOMAIN,
    ms_domain,
)
from sendfrom import DnsRecord, EmailDomain


async def _ms_list_domains(ctx: Ctx, expected: list[tuple[str, str]] | None) -> None:
    domains = await ctx.call("domains.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["data"]]
    assert len(domains) == len(wire)
    for domain, raw in zip(domains, wire, strict=True):
        ms_domain(domain, raw)
    assert ctx.request(0).query == [("limit", "100"), ("page", "1")]
    if ctx.exact and expected is not None:
        assert [(d.id, d.name) for d in domains] == expected


@scenario(MS, "domains_list", "domains.list")
async def _ms_domains_list(ctx: Ctx) -> None:
    await _ms_list_domains(
        ctx, [("xkjn41mjxp94z781", "bob.fail"), ("65qngkdovk8lwr12", "igor.fail")]
    )


@scenario(MS, "domains_list_2022", "domains.list", not_recordable=HISTORICAL)
async def _ms_domains_list_2022(ctx: Ctx) -> None:
    await _ms_list_domains(ctx, [("jpzkmgq7e5vl059v", "test-sdk.com")])


@scenario(MS, "domains_get", "domains.get", inputs={"id": MS_DOMAIN})
async def _ms_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    ms_domain(domain, ctx.body(0)["data"])
    assert domain.id == ctx["id"]
    if ctx.exact:
        assert domain.name == "igor.fail"
        assert domain.status is VERIFIED
        assert domain.checks == {"dkim": VERIFIED, "spf": VERIFIED, "tracking": PENDING}
        assert domain.active is False  # send_paused: true
        assert domain.created_at is not None
        assert domain.dns_records is None  # not fetched: MailerSend's come from dns_records


@scenario(
    MS,
    "domains_get_2022",
    "domains.get",
    inputs={"id": Input("jpzkmgq7e5vl059v")},
    not_recordable=HISTORICAL,
)
async def _ms_domains_get_2022(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    ms_domain(domain, ctx.body(0)["data"])
    assert "domain_stats" not in domain.raw, "the 2022 shape, without domain_stats"
    assert domain.name == "test-sdk.com"


@scenario(MS, "domains_get_not_found", "domains.get", inputs={"id": MISSING_DOMAIN})
async def _ms_domains_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.get", ctx["id"])
    status_error(exc, 404, "GET", f"/domains/{ctx['id']}", "Resource not found.")


@scenario(
    MS,
    "domains_create_delete",
    "domains.create",
    "domains.delete",
    inputs={"name": Input("hrcek.info", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _ms_domains_create_delete(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", ctx["name"])
    ms_domain(domain, ctx.body(0)["data"])
    assert domain.name == ctx["name"]
    assert await ctx.call("domains.delete", domain.id) is None
    assert ctx.cassette.data[1][1]["status"]["code"] == 204
    if ctx.exact:
        assert domain.id == "y7zpl98d72545vx6"
        assert domain.status is PENDING
        assert domain.checks == {}, "a new domain's checks are all null"


@scenario(MS, "domains_create_2022", "domains.create", not_recordable=HISTORICAL)
async def _ms_domains_create_2022(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", "domain-to-add.com")
    ms_domain(domain, ctx.body(0)["data"])
    assert (domain.id, domain.status, domain.checks) == ("jy7zpl95rd045vx6", PENDING, {})


@scenario(MS, "domains_delete_not_found", "domains.delete", inputs={"id": MISSING_DOMAIN})
async def _ms_domains_delete_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.delete", ctx["id"])
    status_error(exc, 404, "DELETE", f"/domains/{ctx['id']}", "Resource not found.")


@scenario(MS, "domains_update", "domains.update", inputs={"id": MS_DOMAIN}, destructive=True)
async def _ms_domains_update(ctx: Ctx) -> None:
    domain = await ctx.call("domains.update", ctx["id"], provider_options={"send_paused": True})
    ms_domain(domain, ctx.body(0)["data"])
    assert domain.active is False
    assert domain.raw["domain_settings"]["send_paused"] is True


MS_TRACKING = {
    "send_paused": False,
    "track_clicks": True,
    "track_opens": True,
    "track_unsubscribe": True,
    "track_content": True,
    "track_unsubscribe_html": "<p>Custom unsubscribe {{unsubscribe}}</p>",
    "track_unsubscribe_plain": "Custom unsubscribe {{unsubscribe}}",
    "custom_tracking_enabled": True,
    "custom_tracking_subdomain": "track",
}


@scenario(
    MS, "domains_update_tracking", "domains.update", inputs={"id": MS_DOMAIN}, destructive=True
)
async def _ms_domains_update_tracking(ctx: Ctx) -> None:
    domain = await ctx.call("domains.update", ctx["id"], provider_options=MS_TRACKING)
    ms_domain(domain, ctx.body(0)["data"])
    settings = domain.raw["domain_settings"]
    assert settings["track_unsubscribe_html"] == MS_TRACKING["track_unsubscribe_html"]
    assert domain.active is True


@scenario(
    MS,
    "domains_settings_workflow",
    "domains.update",
    "domains.get",
    inputs={"id": MS_DOMAIN},
    destructive=True,
)
async def _ms_domains_settings_workflow(ctx: Ctx) -> None:
    on = {"send_paused": False, "track_clicks": True, "track_opens": True}
    on |= {"track_unsubscribe": True, "track_content": True, "custom_tracking_enabled": True}
    off = {"send_paused": True, "track_clicks": False, "track_opens": False}
    off |= {"track_unsubscribe": False, "track_content": False}
    for step, settings in enumerate((on, off)):
        updated = await ctx.call("domains.update", ctx["id"], provider_options=settings)
        ms_domain(updated, ctx.body(2 * step)["data"])
        fetched = await ctx.call("domains.get", ctx["id"])
        ms_domain(fetched, ctx.body(2 * step + 1)["data"])
        assert updated.active is fetched.active is not settings["send_paused"]
        assert fetched.raw["domain_settings"]["track_clicks"] is settings["track_clicks"]


async def _ms_verify(ctx: Ctx) -> EmailDomain:
    """verify = GET /verify (fresh check results), then GET the domain (its fresh state)."""
    domain = await ctx.call("domains.verify", ctx["id"])
    result, wire = ctx.body(0)["data"], ctx.body(1)["data"]
    same_domain(domain, MS, wire)
    assert (domain.id, domain.name) == (wire["id"], wire["name"])
    assert domain.status == (VERIFIED if wire["is_verified"] else PENDING)
    assert ctx.request(0).path.endswith(f"/domains/{ctx['id']}/verify")
    assert ctx.request(1).path.endswith(f"/domains/{ctx['id']}")
    fresh = {"dkim": "dkim", "spf": "spf", "mx": "mx", "tracking": "tracking"}
    fresh |= {"return_path": "rp_cname"}
    for check, key in fresh.items():
        assert domain.checks[check] == (VERIFIED if result[key] else PENDING), check
    return domain


@scenario(MS, "domains_verify", "domains.verify", inputs={"id": MS_DOMAIN})
async def _ms_domains_verify(ctx: Ctx) -> None:
    domain = await _ms_verify(ctx)
    if ctx.exact:
        assert domain.status is VERIFIED
        assert domain.checks == {
            "dkim": VERIFIED,
            "spf": VERIFIED,
            "mx": VERIFIED,
            "tracking": PENDING,
            "return_path": VERIFIED,
        }


@scenario(
    MS,
    "domains_verify_2022",
    "domains.verify",
    inputs={"id": Input("jpzkmgq7e5vl059v")},
    not_recordable=HISTORICAL,
)
async def _ms_domains_verify_2022(ctx: Ctx) -> None:
    domain = await _ms_verify(ctx)
    # "The domain is verified." while every flag is false: the flags win
    assert set(domain.checks.values()) == {PENDING}


@scenario(MS, "domains_verify_not_found", "domains.verify", inputs={"id": MISSING_DOMAIN})
async def _ms_domains_verify_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.verify", ctx["id"])
    status_error(exc, 404, "GET", f"/domains/{ctx['id']}/verify", "Resource not found.")
    assert ctx.responses == 1, "no domain read after a failed verify"


def _ms_records(records: list[DnsRecord], wire: dict[str, Any]) -> None:
    purposes = {"dkim": "dkim", "spf": "spf", "return_path": "return_path"}
    purposes |= {"custom_tracking": "tracking", "inbound_routing": "inbound"}
    assert all(isinstance(r, DnsRecord) for r in records)
    by_purpose = {r.purpose: r for r in records}
    for key, purpose in purposes.items():
        record = by_purpose[purpose]
        assert (record.type, record.name, record.value) == (
            wire[key]["type"].upper(),
            wire[key]["hostname"],
            wire[key]["value"],
        )


@scenario(MS, "domains_dns_records", "domains.dns_records", inputs={"id": MS_DOMAIN})
async def _ms_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    _ms_records(records, ctx.body(0)["data"])
    if ctx.exact:
        assert [(r.purpose, r.type, r.name) for r in records] == [
            ("dkim", "CNAME", "mlsend2._domainkey.igor.fail"),
            ("spf", "TXT", "igor.fail"),
            ("return_path", "CNAME", "mta.igor.fail"),
            ("tracking", "CNAME", "track.igor.fail"),
            ("inbound", "MX", "inbound.igor.fail"),
        ]
        assert records[-1].priority == 10, 'priority arrives as the string "10"'


@scenario(
    MS,
    "domains_dns_records_2022",
    "domains.dns_records",
    inputs={"id": Input("jpzkmgq7e5vl059v")},
    not_recordable=HISTORICAL,
)
async def _ms_domains_dns_records_2022(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    _ms_records(records, ctx.body(0)["data"])
    dkim = next(r for r in records if r.purpose == "dkim")
    assert dkim.type == "TXT", "in 2022 the DKIM record was a TXT with the whole key"
    assert dkim.value.startswith("v=DKIM1;")


@scenario(MS, "domains_dns_records_not_found", "domains.dns_records", inputs={"id": MISSING_DOMAIN})
async def _ms_domains_dns_records_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.dns_records", ctx["id"])
    status_error(exc, 404, "GET", f"/domains/{ctx['id']}/dns-records", "Resource not found.")
