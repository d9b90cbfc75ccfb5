"""Space Invoices' scenarios: the documented examples (placeholders "string"; the email derived),
for the account's address and for an organization's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sendfrom
from cassette_scenarios import common
from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    UNKNOWN,
    Ctx,
    Input,
    Run,
    emulated_not_found,
    same_domain,
    same_identity,
)
from sendfrom import DomainRef, EmailDomain, SenderIdentity

SI = "spaceinvoices"
SI_ORGANIZATION = "string"  # the documented example's organizationId
DEFAULT_SCOPE[SI] = {}  # account level


def scenario(provider: str, name: str, *operations: str, **options: Any) -> Callable[[Run], Run]:
    """``common.scenario``; an account-level scenario is recorded only when no organization is
    named (else the organization's are)."""
    if "organization_id" not in options.get("scope", DEFAULT_SCOPE[provider]):
        options.setdefault("record_unless", ("SENDFROM_ORGANIZATION_ID",))
    return common.scenario(provider, name, *operations, **options)


SI_ID = Input("string", "SENDFROM_RECORD_IDENTITY_ID")
SI_DOMAIN = Input("example.com", "SENDFROM_RECORD_DOMAIN_ID")
SI_ORG_SCOPE = {"organization_id": Input(SI_ORGANIZATION, "SENDFROM_ORGANIZATION_ID")}


def si_identity(identity: SenderIdentity, wire: dict[str, Any]) -> None:
    same_identity(identity, SI, wire)
    assert (identity.id, identity.email) == (wire["id"], wire["email"])
    assert identity.status_raw == wire["emailVerificationStatus"]
    domain = wire["email"].rpartition("@")[2].lower()
    assert identity.domain == DomainRef(id=domain, name=domain)


def si_domain(domain: EmailDomain, wire: dict[str, Any], status_word: str | None = None) -> None:
    same_domain(domain, SI, wire)
    name = wire["email"].rpartition("@")[2].lower()
    assert (domain.id, domain.name) == (name, name), "the domain's id is its name"
    word = status_word if status_word is not None else wire["domainVerificationStatus"]
    assert domain.status_raw == word
    assert [(r.type, r.name, r.value) for r in domain.dns_records] == [
        ("CNAME", f"{t}._domainkey.{name}", f"{t}.dkim.amazonses.com") for t in wire["tokens"]
    ]


def si_exact_identity(identity: SenderIdentity) -> None:
    assert (identity.id, identity.email) == ("string", "billing@example.com")
    assert identity.status is UNKNOWN, "the placeholder status word is no known word"
    assert identity.created_at is not None, 'the odd "+00:00Z" timestamp parses'


@scenario(SI, "identities_list", "identities.list")
async def _si_identities_list(ctx: Ctx) -> None:
    identities = await ctx.call("identities.list")
    assert len(identities) == 1, "one address per account"
    si_identity(identities[0], ctx.body(0))
    if ctx.exact:
        si_exact_identity(identities[0])


@scenario(SI, "identities_get", "identities.get", inputs={"id": SI_ID})
async def _si_identities_get(ctx: Ctx) -> None:
    identity = await ctx.call("identities.get", ctx["id"])
    si_identity(identity, ctx.body(0))
    assert identity.id == ctx["id"]
    if ctx.exact:
        si_exact_identity(identity)


@scenario(SI, "identities_get_not_found", "identities.get", inputs={"id": Input("other-id")})
async def _si_identities_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "identities.get", ctx["id"])
    emulated_not_found(exc, SI)


@scenario(
    SI,
    "identities_create",
    "identities.create",
    inputs={"email": Input("billing@example.com", "SENDFROM_RECORD_EMAIL")},
    destructive=True,
)
async def _si_identities_create(ctx: Ctx) -> None:
    identity = await ctx.call("identities.create", email=ctx["email"])
    assert identity.email == ctx["email"]
    if ctx.body(0):  # an address in the answer: that is the identity
        si_identity(identity, ctx.body(0))
    else:  # documented: the account-level create answers {}; sendfrom reads the address back
        assert ctx.request(1).method == "GET"
        si_identity(identity, ctx.body(1))
    if ctx.exact:
        assert ctx.body(0) == {}
        si_exact_identity(identity)


@scenario(
    SI,
    "identities_resend_verification",
    "identities.resend_verification",
    inputs={"id": SI_ID},
    destructive=True,  # sends an email
)
async def _si_identities_resend(ctx: Ctx) -> None:
    assert await ctx.call("identities.resend_verification", ctx["id"]) is None
    assert ctx.request(1).path.endswith("/email-address/resend-verification")
    assert ctx.body(1) == {"success": True}


@scenario(SI, "identities_delete", "identities.delete", inputs={"id": SI_ID}, destructive=True)
async def _si_identities_delete(ctx: Ctx) -> None:
    assert await ctx.call("identities.delete", ctx["id"]) is None
    assert [ctx.request(i).method for i in range(ctx.responses)] == ["GET", "DELETE"]
    assert ctx.body(1) == {"count": 1}


@scenario(SI, "domains_list", "domains.list")
async def _si_domains_list(ctx: Ctx) -> None:
    domains = await ctx.call("domains.list")
    assert len(domains) == 1
    si_domain(domains[0], ctx.body(0))
    if ctx.exact:
        assert domains[0].id == "example.com"
        assert domains[0].status is UNKNOWN


@scenario(SI, "domains_get", "domains.get", inputs={"id": SI_DOMAIN})
async def _si_domains_get(ctx: Ctx) -> None:
    domain = await ctx.call("domains.get", ctx["id"])
    si_domain(domain, ctx.body(0))


@scenario(SI, "domains_verify", "domains.verify", inputs={"id": SI_DOMAIN})
async def _si_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    status = ctx.body(1)
    si_domain(domain, ctx.body(0), status_word=status["domainVerificationStatus"])
    assert ctx.request(1).path.endswith("/email-address/status")


@scenario(SI, "domains_dns_records", "domains.dns_records", inputs={"id": SI_DOMAIN})
async def _si_domains_dns_records(ctx: Ctx) -> None:
    records = await ctx.call("domains.dns_records", ctx["id"])
    wire = ctx.body(0)
    assert len(records) == len(wire["tokens"])
    if ctx.exact:
        assert [(r.purpose, r.type, r.name, r.value) for r in records] == [
            ("dkim", "CNAME", "string._domainkey.example.com", "string.dkim.amazonses.com")
        ]


@scenario(
    SI,
    "organization_identities_create",
    "identities.create",
    inputs={"email": Input("billing@example.com", "SENDFROM_RECORD_EMAIL")},
    scope=SI_ORG_SCOPE,
    destructive=True,
)
async def _si_org_identities_create(ctx: Ctx) -> None:
    identity = await ctx.call("identities.create", email=ctx["email"])
    assert ctx.request(0).path.endswith("/email-address")
    assert "/organizations/" in ctx.request(0).path
    if ctx.exact:
        assert ctx.responses == 1, "the organization-level create answers the address"
        si_identity(identity, ctx.body(0))


@scenario(
    SI,
    "organization_identities_resend_verification",
    "identities.resend_verification",
    inputs={"id": SI_ID},
    scope=SI_ORG_SCOPE,
    destructive=True,
)
async def _si_org_identities_resend(ctx: Ctx) -> None:
    assert await ctx.call("identities.resend_verification", ctx["id"]) is None
    assert ctx.request(1).path.endswith("/email-address/resend-verification")
    assert "/organizations/" in ctx.request(1).path


@scenario(
    SI,
    "organization_identities_delete",
    "identities.delete",
    inputs={"id": SI_ID},
    scope=SI_ORG_SCOPE,
    destructive=True,
)
async def _si_org_identities_delete(ctx: Ctx) -> None:
    assert await ctx.call("identities.delete", ctx["id"]) is None
    assert all("/organizations/" in ctx.request(i).path for i in range(ctx.responses))


@scenario(
    SI,
    "organization_domains_verify",
    "domains.verify",
    inputs={"id": SI_DOMAIN},
    scope=SI_ORG_SCOPE,
)
async def _si_org_domains_verify(ctx: Ctx) -> None:
    domain = await ctx.call("domains.verify", ctx["id"])
    si_domain(domain, ctx.body(0), status_word=ctx.body(1)["domainVerificationStatus"])
    assert all("/organizations/" in ctx.request(i).path for i in range(ctx.responses))
