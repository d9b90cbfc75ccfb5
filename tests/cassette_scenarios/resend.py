"""Resend's scenarios: the official Python SDK's mocked answers (specs/evidence/resend)."""

from __future__ import annotations

from typing import Any

import sendfrom
from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    PENDING,
    Ctx,
    Input,
    same_domain,
    scenario,
    status_error,
)
from sendfrom import DnsRecord, EmailDomain

RS = "resend"
RS_DOMAIN = Input("d91cd9bd-1176-453e-8fc1-35364d380206", "SENDFROM_RECORD_DOMAIN_ID")
DEFAULT_SCOPE[RS] = {}


def rs_domain(domain: EmailDomain, wire: dict[str, Any]) -> None:
    same_domain(domain, RS, wire)
    assert (domain.id, domain.name, domain.status_raw) == (wire["id"], wire["name"], wire["status"])
    assert domain.description is None
    assert domain.is_default is None
    assert domain.created_at is not None, "Resend's timestamptz text is read"
    if "records" not in wire:
        assert domain.dns_records is None, "not fetched with this answer: None, never []"


def rs_records(records: list[DnsRecord]) -> None:
    """The SDK's create answer, mapped: full names, quotes off the SPF value, own statuses."""
    assert [(r.purpose, r.type, r.name) for r in records] == [
        ("return_path", "MX", "bounces.example.com"),
        ("spf", "TXT", "bounces.example.com"),
        ("dkim", "CNAME", "nhapbbryle57yxg3fbjytyodgbt2kyyg._domainkey.example.com"),
        ("dkim", "CNAME", "xbakwbe5fcscrhzshpap6kbxesf6pfgn._domainkey.example.com"),
        ("dkim", "CNAME", "txrcreso3dqbvcve45tqyosxwaegvhgn._domainkey.example.com"),
    ]
    assert records[0].priority == 10
    assert records[1].value == "v=spf1 include:amazonses.com ~all"
    assert {r.status for r in records} == {PENDING}  # not_started


@scenario(RS, "domains_list", "domains.list")
async def _rs_domains_list(ctx: Ctx) -> None:
    domains = await ctx.call("domains.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["data"]]
    assert len(domains) == len(wire)
    for domain, raw in zip(domains, wire, strict=True):
        rs_domain(domain, raw)
        assert domain.dns_records is None, "a list item carries no records"
    assert dict(ctx.request(0).query)["limit"] == "100"
    if ctx.exact:
        assert [(d.name, d.status) for d in domains] == [("example.com", PENDING)]


@scenario(RS, "domains_get", "domains.get", inputs={"id": RS_DOMAIN})
async def _rs_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    rs_domain(domain, ctx.body(0))
    if ctx.exact:
        assert (domain.name, domain.status, domain.checks) == ("example.com", PENDING, {})


@scenario(RS, "domains_get_not_found", "domains.get", inputs={"id": Input("missing-domain-id")})
async def _rs_domains_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.get", ctx["id"])
    status_error(exc, 404, "GET", f"/domains/{ctx['id']}", None)
    assert exc.provider == RS


@scenario(
    RS,
    "domains_create",
    "domains.create",
    inputs={"name": Input("example.com", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _rs_domains_create(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", ctx["name"])
    rs_domain(domain, ctx.body(0))
    assert domain.dns_records, "a new domain answers the records to publish"
    if ctx.exact:
        rs_records(domain.dns_records)
        assert domain.checks == {"return_path": PENDING, "spf": PENDING, "dkim": PENDING}


@scenario(RS, "domains_update", "domains.update", inputs={"id": RS_DOMAIN}, destructive=True)
async def _rs_domains_update(ctx: Ctx) -> None:
    domain = await ctx.call("domains.update", ctx["id"], provider_options={"open_tracking": True})
    assert ctx.request(0).method == "PATCH"
    rs_domain(domain, ctx.body(1))  # the answer is only the id: the domain is fetched after it


@scenario(RS, "domains_verify", "domains.verify", inputs={"id": RS_DOMAIN})
async def _rs_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    assert ctx.request(0).method == "POST"
    assert ctx.request(0).path.endswith(f"/domains/{ctx['id']}/verify")
    rs_domain(domain, ctx.body(1))


@scenario(
    RS,
    "domains_delete",
    "domains.delete",
    inputs={"id": Input("4ef9a417-02e9-4d39-ad75-9611e0fcc33c", "SENDFROM_RECORD_DOMAIN_ID")},
    destructive=True,
)
async def _rs_domains_delete(ctx: Ctx) -> None:
    assert await ctx.call("domains.delete", ctx["id"]) is None
    assert ctx.request(0).method == "DELETE"


@scenario(RS, "domains_dns_records", "domains.dns_records", inputs={"id": RS_DOMAIN})
async def _rs_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    assert all(isinstance(r, DnsRecord) for r in records)
    assert len(records) == len(ctx.body(0).get("records") or [])
    if ctx.exact:
        rs_records(records)
