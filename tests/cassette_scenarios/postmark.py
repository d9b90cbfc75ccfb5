"""Postmark's scenarios: the traffic postmarker recorded (specs/evidence/postmark/recorded/)."""

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

PM = "postmark"
PM_DOMAIN = Input("64054", "SENDFROM_RECORD_DOMAIN_ID")
PM_NEW_DOMAIN = Input("386143", "SENDFROM_RECORD_DOMAIN_ID")
PM_SIGNATURE = Input("128462", "SENDFROM_RECORD_IDENTITY_ID")
PM_NEW_SIGNATURE = Input("723694", "SENDFROM_RECORD_IDENTITY_ID")
DEFAULT_SCOPE[PM] = {}
VERIFIED = VerificationStatus.VERIFIED


def pm_domain(domain: EmailDomain, wire: dict[str, Any]) -> None:
    same_domain(domain, PM, wire)
    assert (domain.id, domain.name) == (str(wire["ID"]), wire["Name"]), "ids are str here"
    both = wire["DKIMVerified"] and wire["ReturnPathDomainVerified"]
    assert domain.status is (VERIFIED if both else PENDING), "DKIM and return path, else pending"
    assert domain.status_raw is None, "flags, no status word"
    assert set(domain.checks) == {"dkim", "return_path", "spf"}
    assert domain.checks["spf"] is (VERIFIED if wire["SPFVerified"] else PENDING)


def pm_signature(identity: SenderIdentity, wire: dict[str, Any]) -> None:
    same_identity(identity, PM, wire)
    assert (identity.id, identity.email) == (str(wire["ID"]), wire["EmailAddress"])
    assert identity.status is (VERIFIED if wire["Confirmed"] else PENDING), "Confirmed"
    assert identity.domain is not None
    assert identity.domain.name == wire["Domain"]
    assert identity.domain.id is None, "a signature names its domain, not a domain id"
    assert identity.reply_to_email == (wire["ReplyToEmailAddress"] or None)


@scenario(PM, "domains_list", "domains.list")
async def _pm_domains_list(ctx: Ctx) -> None:
    domains = await ctx.call("domains.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["Domains"]]
    assert len(domains) == len(wire)
    for domain, raw in zip(domains, wire, strict=True):
        pm_domain(domain, raw)
        assert domain.dns_records is None, "a list item carries no records"
    assert dict(ctx.request(0).query) == {"count": "500", "offset": "0"}
    if ctx.exact:
        assert [(d.id, d.name) for d in domains] == [
            ("64052", "example.com"),
            ("64054", "example.org"),
        ]


@scenario(PM, "domains_get", "domains.get", inputs={"id": PM_DOMAIN})
async def _pm_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    pm_domain(domain, ctx.body(0))
    if ctx.exact:
        # DKIM verified, no return path set yet: pending until one is (DESIGN §3)
        assert domain.status is PENDING
        assert domain.checks == {"dkim": VERIFIED, "return_path": PENDING, "spf": VERIFIED}
        assert domain.dns_records is not None
        assert [(r.purpose, r.type, r.name) for r in domain.dns_records] == [
            ("dkim", "TXT", "20150316104110.pm._domainkey.example.com"),
            ("spf", "TXT", "example.com"),
        ]


@scenario(PM, "domains_get_not_found", "domains.get", inputs={"id": Input("1")})
async def _pm_domains_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "domains.get", ctx["id"])
    status_error(exc, 422, "GET", f"/domains/{ctx['id']}", None)
    assert exc.body["ErrorCode"] == 510, "Postmark says not found with a code, on a 422"


@scenario(
    PM,
    "domains_create",
    "domains.create",
    inputs={"name": Input("newsuperdomain.name", "SENDFROM_RECORD_DOMAIN_NAME")},
    destructive=True,
)
async def _pm_domains_create(ctx: Ctx) -> None:
    domain = await ctx.call("domains.create", ctx["name"])
    pm_domain(domain, ctx.body(0))
    assert domain.status is PENDING
    assert ctx.request(0).method == "POST"
    if ctx.exact:
        assert domain.dns_records is not None
        dkim = domain.dns_records[0]
        # a new domain's first key is the pending pair: the record to publish
        assert (dkim.purpose, dkim.type, dkim.status) == ("dkim", "TXT", PENDING)
        assert dkim.name == ctx.body(0)["DKIMPendingHost"]
        assert dkim.value == ctx.body(0)["DKIMPendingTextValue"]


@scenario(PM, "domains_update", "domains.update", inputs={"id": PM_NEW_DOMAIN}, destructive=True)
async def _pm_domains_update(ctx: Ctx) -> None:
    domain = await ctx.call(
        "domains.update", ctx["id"], provider_options={"ReturnPathDomain": "pm.newsuperdomain.name"}
    )
    assert ctx.request(0).method == "PUT"
    pm_domain(domain, ctx.body(0))
    if ctx.exact:
        assert domain.dns_records is not None
        return_path = [r for r in domain.dns_records if r.purpose == "return_path"]
        assert [(r.type, r.name, r.value) for r in return_path] == [
            ("CNAME", "pm.newsuperdomain.name", "pm.mtasv.net")
        ]


@scenario(PM, "domains_verify", "domains.verify", inputs={"id": PM_NEW_DOMAIN})
async def _pm_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    assert [ctx.request(i).method for i in range(2)] == ["PUT", "PUT"]
    assert ctx.request(0).path.endswith(f"/domains/{ctx['id']}/verifyDkim")
    assert ctx.request(1).path.endswith(f"/domains/{ctx['id']}/verifyReturnPath")
    pm_domain(domain, ctx.body(1))  # the return-path check's answer is the fresh domain


@scenario(PM, "domains_delete", "domains.delete", inputs={"id": PM_NEW_DOMAIN}, destructive=True)
async def _pm_domains_delete(ctx: Ctx) -> None:
    assert await ctx.call("domains.delete", ctx["id"]) is None
    assert ctx.request(0).method == "DELETE"


@scenario(PM, "domains_dns_records", "domains.dns_records", inputs={"id": PM_DOMAIN})
async def _pm_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    assert all(isinstance(r, DnsRecord) for r in records)
    if ctx.exact:
        wire = ctx.body(0)
        assert [(r.purpose, r.type, r.name, r.value) for r in records] == [
            ("dkim", "TXT", wire["DKIMHost"], wire["DKIMTextValue"]),
            ("spf", "TXT", wire["SPFHost"], wire["SPFTextValue"]),
        ]


@scenario(PM, "identities_list", "identities.list")
async def _pm_identities_list(ctx: Ctx) -> None:
    identities = await ctx.call("identities.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["SenderSignatures"]]
    assert len(identities) == len(wire)
    for identity, raw in zip(identities, wire, strict=True):
        pm_signature(identity, raw)
    assert dict(ctx.request(0).query) == {"count": "500", "offset": "0"}


@scenario(PM, "identities_get", "identities.get", inputs={"id": PM_SIGNATURE})
async def _pm_identities_get(ctx: Ctx) -> None:
    identity = await ctx.call("identities.get", ctx["id"])
    pm_signature(identity, ctx.body(0))
    if ctx.exact:
        assert (identity.email, identity.name, identity.status) == (
            "exampleZ@exampleX.com",
            "Example",
            VERIFIED,
        )


@scenario(
    PM,
    "identities_create",
    "identities.create",
    inputs={"email": Input("exampleX@blablaz.com", "SENDFROM_RECORD_EMAIL")},
    destructive=True,
)
async def _pm_identities_create(ctx: Ctx) -> None:
    identity = await ctx.call("identities.create", ctx["email"], name="Test")
    pm_signature(identity, ctx.body(0))
    assert identity.status is PENDING, "unconfirmed until the confirmation email is clicked"


@scenario(
    PM,
    "identities_create_exists",
    "identities.create",
    inputs={"email": Input("exampleX@blablaz.com")},
    not_recordable="a taken address cannot be asked for on a fresh account",
)
async def _pm_identities_create_exists(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.ConflictError, "identities.create", ctx["email"], name="Test")
    status_error(exc, 422, "POST", "/senders", "Sender Signature already exists.")


@scenario(
    PM, "identities_update", "identities.update", inputs={"id": PM_SIGNATURE}, destructive=True
)
async def _pm_identities_update(ctx: Ctx) -> None:
    identity = await ctx.call("identities.update", ctx["id"], name="Test")
    assert ctx.request(0).method == "PUT"
    pm_signature(identity, ctx.body(0))


@scenario(
    PM, "identities_delete", "identities.delete", inputs={"id": PM_NEW_SIGNATURE}, destructive=True
)
async def _pm_identities_delete(ctx: Ctx) -> None:
    assert await ctx.call("identities.delete", ctx["id"]) is None
    assert ctx.request(0).method == "DELETE"


@scenario(
    PM,
    "identities_resend_verification",
    "identities.resend_verification",
    inputs={"id": PM_NEW_SIGNATURE},
)
async def _pm_identities_resend(ctx: Ctx) -> None:
    assert await ctx.call("identities.resend_verification", ctx["id"]) is None
    assert ctx.request(0).path.endswith(f"/senders/{ctx['id']}/resend")
