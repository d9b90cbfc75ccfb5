"""MailerSend's identity scenarios: the documented examples, recorded errors and java's mocks."""

from __future__ import annotations

import sendfrom
from cassette_scenarios.common import (
    PENDING,
    Ctx,
    Input,
    scenario,
    status_error,
)
from cassette_scenarios.mailersend.common import (
    MISSING_IDENTITY,
    MS,
    MS_DOMAIN,
    MS_IDENTITY,
    ms_identity,
)
from sendfrom import DomainRef


@scenario(MS, "identities_list", "identities.list")
async def _ms_identities_list(ctx: Ctx) -> None:
    identities = await ctx.call("identities.list")
    wire = [item for i in range(ctx.responses) for item in ctx.body(i)["data"]]
    assert [i.id for i in identities] == [w["id"] for w in wire]
    for identity, raw in zip(identities, wire, strict=True):
        ms_identity(identity, raw)
    if ctx.exact:
        [identity] = identities
        assert (identity.id, identity.email, identity.name) == (
            "7nxe3yjmeq28vp0k",
            "john@test.com",
            "John Doe",
        )
        assert identity.status is PENDING
        assert identity.domain == DomainRef(id="7nxe3yjmeq28vp0k", name="test.com")
        assert identity.reply_to_email is None


@scenario(MS, "identities_get", "identities.get", inputs={"id": MS_IDENTITY})
async def _ms_identities_get(ctx: Ctx) -> None:
    identity = await ctx.call("identities.get", ctx["id"])
    ms_identity(identity, ctx.body(0)["data"])
    assert identity.id == ctx["id"]
    if ctx.exact:
        assert identity.email == "john@test.com"
        assert identity.status is PENDING


@scenario(MS, "identities_get_not_found", "identities.get", inputs={"id": MISSING_IDENTITY})
async def _ms_identities_get_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "identities.get", ctx["id"])
    status_error(exc, 404, "GET", f"/identities/{ctx['id']}", "Resource not found.")
    assert exc.body == {"message": "Resource not found."}


MS_CREATE = {
    "email": Input("pedro@test.com", "SENDFROM_RECORD_EMAIL"),
    "domain_id": Input("7nxe3yjmeq28vp0k", "SENDFROM_RECORD_DOMAIN_ID"),
}
MS_NOTE = "Hi Pedro, please confirm this email by clicking on the link below."


@scenario(
    MS,
    "identities_create_delete",
    "identities.create",
    "identities.delete",
    inputs=MS_CREATE,
    destructive=True,
)
async def _ms_identities_create_delete(ctx: Ctx) -> None:
    identity = await ctx.call(
        "identities.create",
        email=ctx["email"],
        name="Pedro Doe",
        domain_id=ctx["domain_id"],
        reply_to_email="test@test.com",
        reply_to_name="Test Doe",
        provider_options={"personal_note": MS_NOTE, "add_note": True},
    )
    ms_identity(identity, ctx.body(0)["data"])
    assert identity.email == ctx["email"]
    assert identity.raw["personal_note"] == MS_NOTE, "provider_options reached MailerSend"
    assert await ctx.call("identities.delete", identity.id) is None
    assert ctx.request(1).path.endswith(f"/identities/{identity.id}")
    if ctx.exact:
        assert identity.id == "7nxe3yjmeq28vp0k"
        assert identity.reply_to_email == "test@test.com"
        assert identity.status is PENDING


@scenario(
    MS,
    "identities_create_email_taken",
    "identities.create",
    inputs={
        "email": Input("ms-sdk@igor.fail", "SENDFROM_RECORD_EXISTING_EMAIL"),
        "domain_id": MS_DOMAIN,
    },
    destructive=True,
)
async def _ms_identities_create_email_taken(ctx: Ctx) -> None:
    # "already exists" is a ConflictError on every provider; MailerSend's own status (422) is kept
    exc = await ctx.fails(
        sendfrom.ConflictError,
        "identities.create",
        email=ctx["email"],
        name="Test Identity",
        domain_id=ctx["domain_id"],
        reply_to_email=ctx["email"],
        reply_to_name="Reply Test",
        provider_options={
            "add_note": True,
            "personal_note": "Test identity for integration testing",
        },
    )
    taken = "The email has already been taken."
    status_error(exc, 422, "POST", "/identities", taken)
    assert exc.fields == {"email": [taken]}


@scenario(
    MS,
    "identities_create_throttled",
    "identities.create",
    not_recordable="a 429 cannot be asked for",
    connect={"max_retries": 0},
)
async def _ms_identities_create_throttled(ctx: Ctx) -> None:
    exc = await ctx.fails(
        sendfrom.RateLimitError,
        "identities.create",
        email="pedro@test.com",
        name="Pedro Doe",
        domain_id="7nxe3yjmeq28vp0k",
        reply_to_email="test@test.com",
        reply_to_name="Test Doe",
        provider_options={"personal_note": MS_NOTE, "add_note": True},
    )
    message = "You cannot create a resource at the moment. Please wait a while before retrying."
    status_error(exc, 429, "POST", "/identities", message)
    assert exc.retry_after is None, "the recorded 429 carried no Retry-After"


@scenario(
    MS, "identities_update", "identities.update", inputs={"id": MS_IDENTITY}, destructive=True
)
async def _ms_identities_update(ctx: Ctx) -> None:
    identity = await ctx.call(
        "identities.update",
        ctx["id"],
        name="Pedro Doe",
        reply_to_name="Test Doe",
        reply_to_email="test@test.com",
        provider_options={"personal_note": MS_NOTE, "add_note": True},
    )
    ms_identity(identity, ctx.body(0)["data"])
    assert (identity.name, identity.reply_to_name) == ("Pedro Doe", "Test Doe")
    if ctx.exact:
        assert identity.id == "7nxe3yjmeq28vp0k"


@scenario(MS, "identities_update_not_found", "identities.update", inputs={"id": MISSING_IDENTITY})
async def _ms_identities_update_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(
        sendfrom.NotFoundError, "identities.update", ctx["id"], name="Updated Test Identity"
    )
    status_error(exc, 404, "PUT", f"/identities/{ctx['id']}", "Resource not found.")


@scenario(
    MS,
    "identities_delete",
    "identities.delete",
    inputs={"id": Input("ident-id-123", "SENDFROM_RECORD_DELETE_IDENTITY_ID")},
    destructive=True,
)
async def _ms_identities_delete(ctx: Ctx) -> None:
    assert await ctx.call("identities.delete", ctx["id"]) is None
    response = ctx.cassette.data[0][1]
    assert response["status"]["code"] in {200, 204}
    if ctx.exact:  # 204, no body, text/html: nothing to parse, and nothing is parsed
        assert response["status"]["code"] == 204
        assert response["headers"]["content-type"] == ["text/html; charset=UTF-8"]


@scenario(MS, "identities_delete_not_found", "identities.delete", inputs={"id": MISSING_IDENTITY})
async def _ms_identities_delete_not_found(ctx: Ctx) -> None:
    exc = await ctx.fails(sendfrom.NotFoundError, "identities.delete", ctx["id"])
    status_error(exc, 404, "DELETE", f"/identities/{ctx['id']}", "Resource not found.")


@scenario(
    MS,
    "identities_resend_verification",
    "identities.resend_verification",
    inputs={"id": Input("ident-id-123", "SENDFROM_RECORD_IDENTITY_ID")},
    destructive=True,  # sends an email
)
async def _ms_identities_resend(ctx: Ctx) -> None:
    assert await ctx.call("identities.resend_verification", ctx["id"]) is None
    assert ctx.request(0).method == "POST"
    assert ctx.request(0).path.endswith(f"/identities/{ctx['id']}/resend")
