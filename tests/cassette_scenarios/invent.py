"""Invent's scenarios: the documented examples (Mintlify placeholders such as "<string>")."""

from __future__ import annotations

from typing import Any

import sendfrom
from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    PENDING,
    UNKNOWN,
    VERIFIED,
    Ctx,
    Input,
    emulated_not_found,
    same_domain,
    same_identity,
    scenario,
)
from sendfrom import DomainRef, SenderIdentity, VerificationStatus

INV = "invent"
INV_IDENTITY = Input("<string>", "SENDFROM_RECORD_IDENTITY_ID")
DEFAULT_SCOPE[INV] = {"org_id": Input("c", "SENDFROM_ORG_ID", record_default="c")}


def inv_identity(identity: SenderIdentity, wire: dict[str, Any]) -> None:
    same_identity(identity, INV, wire)
    assert (identity.id, identity.email, identity.name) == (wire["id"], wire["email"], wire["name"])
    assert identity.status_raw == wire.get("status")
    expected = {"PENDING": PENDING, "VERIFIED": VERIFIED, "FAILED": VerificationStatus.FAILED}
    assert identity.status == expected.get(wire.get("status") or "", UNKNOWN)
    assert identity.domain == DomainRef(id=wire["domain"]["id"], name=wire["domain"]["domain"])
    assert identity.is_default is wire["is_default"]
    assert identity.click_tracking is wire["click_tracking"]
    assert identity.open_tracking is wire["open_tracking"]


async def _inv_list(ctx: Ctx, status: VerificationStatus) -> None:
    identities = await ctx.call("identities.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)]
    assert len(identities) == len(wire)
    for identity, raw in zip(identities, wire, strict=True):
        inv_identity(identity, raw)
    assert ctx.request(0).query == [("page", "1"), ("take", "100")]
    if ctx.exact:
        [identity] = identities
        assert identity.status is status
        assert identity.verified_at is not None


@scenario(INV, "identities_list", "identities.list")
async def _inv_identities_list(ctx: Ctx) -> None:
    await _inv_list(ctx, PENDING)


@scenario(
    INV, "identities_list_variant", "identities.list", not_recordable="a documentation variant"
)
async def _inv_identities_list_variant(ctx: Ctx) -> None:
    await _inv_list(ctx, UNKNOWN)  # this page's example has no `status`: never guessed


@scenario(INV, "identities_get", "identities.get", inputs={"id": INV_IDENTITY})
async def _inv_identities_get(ctx: Ctx) -> None:
    identity = await ctx.call("identities.get", ctx["id"])
    wire = next(w for i in range(ctx.responses) for w in ctx.body(i) if w["id"] == ctx["id"])
    inv_identity(identity, wire)
    assert identity.id == ctx["id"]


@scenario(INV, "identities_get_not_found", "identities.get", inputs={"id": Input("missing-id")})
async def _inv_identities_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "identities.get", ctx["id"])
    emulated_not_found(exc, INV)


@scenario(
    INV, "identities_update", "identities.update", inputs={"id": INV_IDENTITY}, destructive=True
)
async def _inv_identities_update(ctx: Ctx) -> None:
    identity = await ctx.call(
        "identities.update",
        ctx["id"],
        name="<string>",
        is_default=True,
        click_tracking=True,
        open_tracking=True,
    )
    inv_identity(identity, ctx.body(0))
    assert ctx.request(0).method == "PATCH"
    if ctx.exact:
        assert ctx.request(0).path == "/orgs/c/emails/identities/%3Cstring%3E"
        assert identity.status is PENDING


@scenario(
    INV,
    "domains_create",
    "domains.create",
    inputs={"name": Input("example.com", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _inv_domains_create(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", ctx["name"])
    wire = ctx.body(0)
    same_domain(domain, INV, wire)
    assert (domain.id, domain.name, domain.status_raw) == (
        wire["id"],
        wire["domain"],
        wire["dkim_status"],
    )
    tokens = wire["dkim_tokens"] or []
    assert [(r.purpose, r.type, r.name, r.value) for r in domain.dns_records] == [
        ("dkim", "CNAME", t["name"], t["value"]) for t in tokens
    ]
    if ctx.exact:
        assert domain.status is PENDING
        assert domain.checks == {"dkim": PENDING}
