"""SendGrid's scenarios: the upstream specs' own examples (specs/evidence/sendgrid)."""

from __future__ import annotations

from typing import Any

import sendfrom
from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    PENDING,
    Ctx,
    Input,
    same_domain,
    same_identity,
    scenario,
    status_error,
)
from sendfrom import DnsRecord, EmailDomain, SenderIdentity, VerificationStatus

SG = "sendgrid"
SG_DOMAIN = Input("45373692", "SENDFROM_RECORD_DOMAIN_ID")
SG_SENDER = Input("1234", "SENDFROM_RECORD_IDENTITY_ID")
SG_POSTAL = {"nickname": "Example Orders", "address": "1234 Fake St.", "city": "San Francisco",
             "country": "USA"}  # fmt: skip
DEFAULT_SCOPE[SG] = {}
VERIFIED = VerificationStatus.VERIFIED


def sg_domain(domain: EmailDomain, wire: dict[str, Any]) -> None:
    same_domain(domain, SG, wire)
    assert (domain.id, domain.name) == (str(wire["id"]), wire["domain"]), "ids are str here"
    assert domain.status is (VERIFIED if wire["valid"] else PENDING), "valid, else pending"
    assert domain.status_raw is None, "a flag, no status word"
    assert domain.is_default is wire["default"]
    assert domain.dns_records is not None
    assert len(domain.dns_records) == len(wire["dns"])


def sg_sender(identity: SenderIdentity, wire: dict[str, Any]) -> None:
    same_identity(identity, SG, wire)
    assert (identity.id, identity.email) == (str(wire["id"]), wire["from_email"])
    assert identity.status is (VERIFIED if wire["verified"] else PENDING)
    assert identity.domain is None, "a verified sender belongs to no domain"


def sg_records(records: list[DnsRecord], wire: dict[str, Any]) -> None:
    """The automatic-security records: a return-path CNAME and two DKIM CNAMEs, full names."""
    dns = wire["dns"]
    assert [(r.purpose, r.type, r.name, r.value) for r in records] == [
        ("return_path", "CNAME", dns["mail_cname"]["host"], dns["mail_cname"]["data"]),
        ("dkim", "CNAME", dns["dkim1"]["host"], dns["dkim1"]["data"]),
        ("dkim", "CNAME", dns["dkim2"]["host"], dns["dkim2"]["data"]),
    ]


@scenario(SG, "domains_list", "domains.list")
async def _sg_domains_list(ctx: Ctx) -> None:
    domains = await ctx.call("domains.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)]
    assert len(domains) == len(wire)
    for domain, raw in zip(domains, wire, strict=True):
        sg_domain(domain, raw)
    assert dict(ctx.request(0).query) == {"limit": "100", "offset": "0", "exclude_subusers": "true"}
    if ctx.exact:
        assert [(d.name, d.status) for d in domains] == [
            ("example.com", VERIFIED),
            ("example2.com", PENDING),
        ]


@scenario(SG, "domains_get", "domains.get", inputs={"id": SG_DOMAIN})
async def _sg_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    sg_domain(domain, ctx.body(0))
    if ctx.exact:
        assert domain.checks == {"return_path": VERIFIED, "dkim": VERIFIED}


@scenario(SG, "domains_get_not_found", "domains.get", inputs={"id": Input("1")})
async def _sg_domains_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.get", ctx["id"])
    status_error(exc, 404, "GET", f"/v3/whitelabel/domains/{ctx['id']}", None)
    assert exc.provider == SG


@scenario(
    SG,
    "domains_create",
    "domains.create",
    inputs={"name": Input("example.com", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _sg_domains_create(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", ctx["name"])
    sg_domain(domain, ctx.body(0))
    assert domain.status is PENDING
    if ctx.exact:
        assert domain.dns_records is not None
        sg_records(domain.dns_records, ctx.body(0))
        assert {r.status for r in domain.dns_records} == {PENDING}


@scenario(SG, "domains_update", "domains.update", inputs={"id": SG_DOMAIN}, destructive=True)
async def _sg_domains_update(ctx: Ctx) -> None:
    domain = await ctx.call("domains.update", ctx["id"], provider_options={"default": True})
    assert ctx.request(0).method == "PATCH"
    sg_domain(domain, ctx.body(0))  # the PATCH answers the domain (overlay-corrected schema)


@scenario(SG, "domains_verify", "domains.verify", inputs={"id": SG_DOMAIN})
async def _sg_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    assert ctx.request(0).method == "POST"
    assert ctx.request(0).path.endswith(f"/whitelabel/domains/{ctx['id']}/validate")
    sg_domain(domain, ctx.body(1))  # validate answers per record: the domain is fetched after


@scenario(SG, "domains_delete", "domains.delete", inputs={"id": SG_DOMAIN}, destructive=True)
async def _sg_domains_delete(ctx: Ctx) -> None:
    assert await ctx.call("domains.delete", ctx["id"]) is None
    assert ctx.request(0).method == "DELETE"


@scenario(SG, "domains_dns_records", "domains.dns_records", inputs={"id": SG_DOMAIN})
async def _sg_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    assert all(isinstance(r, DnsRecord) for r in records)
    if ctx.exact:
        sg_records(records, ctx.body(0))


@scenario(SG, "identities_list", "identities.list")
async def _sg_identities_list(ctx: Ctx) -> None:
    identities = await ctx.call("identities.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["results"]]
    assert len(identities) == len(wire)
    for identity, raw in zip(identities, wire, strict=True):
        sg_sender(identity, raw)
    assert dict(ctx.request(0).query) == {"limit": "100"}


@scenario(SG, "identities_get", "identities.get", inputs={"id": SG_SENDER})
async def _sg_identities_get(ctx: Ctx) -> None:
    identity = await ctx.call("identities.get", ctx["id"])
    sg_sender(identity, ctx.body(0)["results"][0])
    assert dict(ctx.request(0).query) == {"id": ctx["id"]}
    if ctx.exact:
        assert (identity.name, identity.reply_to_email) == ("Example Orders", "orders@example.com")


@scenario(
    SG,
    "identities_create",
    "identities.create",
    inputs={"email": Input("orders@example.com", "SENDFROM_RECORD_EMAIL")},
    destructive=True,
)
async def _sg_identities_create(ctx: Ctx) -> None:
    identity = await ctx.call(
        "identities.create", ctx["email"], name="Example Orders", provider_options=SG_POSTAL
    )
    sg_sender(identity, ctx.body(0))
    assert ctx.request(0).method == "POST"


@scenario(SG, "identities_update", "identities.update", inputs={"id": SG_SENDER}, destructive=True)
async def _sg_identities_update(ctx: Ctx) -> None:
    identity = await ctx.call("identities.update", ctx["id"], name="Example Orders")
    assert ctx.request(0).method == "PATCH"
    sg_sender(identity, ctx.body(0))


@scenario(SG, "identities_delete", "identities.delete", inputs={"id": SG_SENDER}, destructive=True)
async def _sg_identities_delete(ctx: Ctx) -> None:
    assert await ctx.call("identities.delete", ctx["id"]) is None
    assert ctx.request(0).method == "DELETE"


@scenario(
    SG,
    "identities_resend_verification",
    "identities.resend_verification",
    inputs={"id": SG_SENDER},
)
async def _sg_identities_resend(ctx: Ctx) -> None:
    assert await ctx.call("identities.resend_verification", ctx["id"]) is None
    assert ctx.request(0).path.endswith(f"/verified_senders/resend/{ctx['id']}")
