"""Vortex's scenarios: the documented examples (one EmailDomain object on every page)."""

from __future__ import annotations

from typing import Any

import sendfrom
from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    PENDING,
    VERIFIED,
    Ctx,
    Input,
    emulated_not_found,
    same_domain,
    scenario,
)
from sendfrom import DnsRecord, EmailDomain

VX = "vortex"
VX_DOMAIN = Input("123e4567-e89b-12d3-a456-426614174000", "SENDFROM_RECORD_DOMAIN_ID")
VORTEX_ACCOUNT = "123e4567-e89b-12d3-a456-426614174000"  # the documented examples' accountId
DEFAULT_SCOPE[VX] = {"account_id": Input(VORTEX_ACCOUNT, "SENDFROM_ACCOUNT_ID")}


def vx_domain(domain: EmailDomain, wire: dict[str, Any]) -> None:
    same_domain(domain, VX, wire)
    assert (domain.id, domain.name, domain.description) == (
        wire["id"],
        wire["domain"],
        wire["description"],
    )
    assert domain.status_raw == wire["tokenVerificationStatus"]
    assert domain.is_default is wire["isDefault"]
    assert domain.active is not wire["deactivated"]
    if wire["isVerified"]:
        assert domain.status is VERIFIED


def vx_exact(domain: EmailDomain) -> None:
    assert domain.name == "vortexsoftware.com"
    assert domain.status is PENDING  # waiting_for_provider / waiting_for_user
    assert domain.checks == {
        "ownership": PENDING,
        "dkim": PENDING,
        "spf": PENDING,
        "dmarc": PENDING,
    }
    assert [(r.purpose, r.type, r.name, r.value) for r in domain.dns_records] == [
        ("ownership", "TXT", "vortexsoftware.com", "verification-token-123"),
        ("dkim", "TXT", "dkim._domainkey.vortexsoftware.com", "dkim-token-123"),
    ]


def vx_pages(ctx: Ctx) -> list[dict[str, Any]]:
    return [item for i in range(ctx.responses) for item in ctx.body(i)]


@scenario(VX, "domains_list", "domains.list")
async def _vx_domains_list(ctx: Ctx) -> None:
    domains = await ctx.call("domains.list")
    wire = vx_pages(ctx)
    assert len(domains) == len(wire)
    for domain, raw in zip(domains, wire, strict=True):
        vx_domain(domain, raw)
    starts = [dict(ctx.request(i).query)["start"] for i in range(ctx.responses)]
    assert starts[0] == "0"
    assert ctx.body(ctx.responses - 1) == [], "the list ends on an empty page"
    if ctx.exact:
        assert starts == ["0", "1"]
        [domain] = domains
        vx_exact(domain)


@scenario(VX, "domains_get", "domains.get", inputs={"id": VX_DOMAIN})
async def _vx_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    vx_domain(domain, next(w for w in vx_pages(ctx) if w["id"] == ctx["id"]))
    if ctx.exact:
        vx_exact(domain)


@scenario(VX, "domains_get_not_found", "domains.get", inputs={"id": Input("missing-domain-id")})
async def _vx_domains_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.get", ctx["id"])
    emulated_not_found(exc, VX)
    assert ctx.body(ctx.responses - 1) == [], "the whole list was searched"


@scenario(
    VX,
    "domains_create",
    "domains.create",
    inputs={"name": Input("vortexsoftware.com", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _vx_domains_create(ctx: Ctx) -> None:
    domain = await ctx.call(
        "domains.create", ctx["name"], description="Email domain for Vortex Software"
    )
    vx_domain(domain, ctx.body(0))
    assert domain.name == ctx["name"]
    if ctx.exact:
        vx_exact(domain)


@scenario(VX, "domains_update", "domains.update", inputs={"id": VX_DOMAIN}, destructive=True)
async def _vx_domains_update(ctx: Ctx) -> None:
    domain = await ctx.call(
        "domains.update", ctx["id"], description="Email domain for Vortex Software"
    )
    vx_domain(domain, ctx.body(0))
    assert domain.description == "Email domain for Vortex Software"


@scenario(VX, "domains_verify", "domains.verify", inputs={"id": VX_DOMAIN})
async def _vx_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    vx_domain(domain, ctx.body(0))
    assert ctx.request(0).method == "PATCH"
    assert ctx.request(0).path.endswith(f"/{ctx['id']}/checkDkimStatus")
    if ctx.exact:
        vx_exact(domain)


@scenario(VX, "domains_dns_records", "domains.dns_records", inputs={"id": VX_DOMAIN})
async def _vx_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    wire = next(w for w in vx_pages(ctx) if w["id"] == ctx["id"])
    assert all(isinstance(r, DnsRecord) for r in records)
    expected = len(wire["dkimTokens"] or {}) + (1 if wire["verificationToken"] else 0)
    assert len(records) == expected
    if ctx.exact:
        assert [(r.purpose, r.type) for r in records] == [("ownership", "TXT"), ("dkim", "TXT")]
