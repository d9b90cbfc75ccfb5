"""``client.call(ENDPOINT, **params)``: every operation of every spec, through the same runner as
the unified API, on the simulators (each answer held against the spec), sync and async."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import sendfrom
from provider_facts import facts
from sendfrom import (
    ConfigurationError,
    InvalidRequestError,
    NotFoundError,
    ResponseFormatError,
    ServerError,
)
from sendfrom._call import endpoints
from sendfrom._engine import RetryPolicy
from sendfrom.providers import PROVIDERS
from sendfrom.testing import simulator
from sendfrom_generated._endpoint import Endpoint
from sendfrom_generated.invent import models as invent_models
from sendfrom_generated.invent.api.contacts import (
    add_segment_to_contact,
    create_contact,
    list_contacts,
    update_contact,
    update_contact_channel,
)
from sendfrom_generated.mailersend.api.identities import delete_identity
from sendfrom_generated.vortex.api.email_domains import list_domains as vortex_list_domains
from simcheck import SpecCheck, checked_simulator
from speclib import load_spec, operations

NO_WAIT = RetryPolicy(max_retries=2, sleep=lambda _: None, jitter=lambda: 0.0)


def _endpoint(provider: str, operation_id: str) -> Endpoint[Any]:
    return endpoints(f"sendfrom_generated.{provider}")[operation_id]


# ---- every operation of the four specs


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_spec_operation_has_an_endpoint(provider: str) -> None:
    found = endpoints(f"sendfrom_generated.{provider}")
    spec = load_spec(provider)
    spec_operations = operations(provider)
    assert sorted(found) == sorted(op.operation_id for op in spec_operations)
    for op in spec_operations:
        endpoint = found[op.operation_id]
        assert (endpoint.method, endpoint.provider) == (op.method.upper(), provider)
        documented = sorted(int(c) for c in op.body["responses"] if str(c).startswith("2"))
        assert list(endpoint.success) == documented
        assert op.operation_id in repr(endpoint)
        assert _type_name(endpoint.response) == _spec_type(
            op, spec["components"].get("responses", {})
        )
        body = op.body.get("requestBody")
        if body and "$ref" in body:  # a requestBodies component
            body = spec["components"]["requestBodies"][body["$ref"].rsplit("/", 1)[1]]
        expected_body = body["content"]["application/json"]["schema"]["$ref"] if body else None
        assert _type_name(endpoint.body) == (expected_body or "None").rsplit("/", 1)[-1]
        declared = [
            p if "$ref" not in p else spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
            for p in [*spec["paths"][op.path].get("parameters", []), *op.body.get("parameters", [])]
        ]
        assert [p.name for p in endpoint.path_parameters] == [
            p["name"] for p in declared if p["in"] == "path"
        ]
        assert [p.name for p in endpoint.query_parameters] == [
            p["name"] for p in declared if p["in"] == "query"
        ]


def _type_name(value: Any) -> str:
    """ "Contact", "list[Contact]" or "None": a response or body type as the spec names it."""
    if value is None:
        return "None"
    args = getattr(value, "__args__", None)
    return f"list[{args[0].__name__}]" if args else str(value.__name__)


def _spec_type(op: Any, responses: dict[str, Any]) -> str:
    """The success body's schema name, as ``_type_name`` writes it."""
    for code, given in op.body["responses"].items():
        if str(code).startswith("2"):
            # a response component, or the response itself
            answer = responses[given["$ref"].rsplit("/", 1)[1]] if "$ref" in given else given
            schema = answer.get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                return "None"
            if schema.get("type") == "array":
                return f"list[{schema['items']['$ref'].rsplit('/', 1)[1]}]"
            return str(schema["$ref"].rsplit("/", 1)[1])
    return "None"


REACHABLE = [
    pytest.param(provider, op.operation_id, id=f"{provider}-{op.operation_id}")
    for provider in PROVIDERS
    for op in operations(provider)
]


@pytest.mark.parametrize(("provider", "operation_id"), REACHABLE)
def test_every_spec_operation_runs_on_its_simulator(provider: str, operation_id: str) -> None:
    sim, check = checked_simulator(provider)
    endpoint = _endpoint(provider, operation_id)
    calls = facts(provider).spec_calls  # its seed, settings and bodies
    with sim.connect(strict=True, **calls.settings) as client:
        known = {} if operation_id in calls.unseeded else calls.seed(sim, client)
        params: dict[str, Any] = {
            p.python_name: known[p.python_name] for p in endpoint.path_parameters if p.scope is None
        }
        params.update(
            {q.python_name: known[q.python_name] for q in endpoint.query_parameters if q.required}
        )
        if endpoint.body is not None:
            params["body"] = calls.bodies[operation_id](known)
        result = client.call(endpoint, **params)
    if endpoint.response is None:
        assert result is None
    else:
        assert result is not None
    assert check.problems == [], "\n".join(check.problems)


# ---- Invent contacts end to end, sync and async


class _Sync:
    """A sync client seen through the async shape, so one scenario serves both."""

    def __init__(self, client: sendfrom.Client) -> None:
        self._client = client

    async def call(self, endpoint: Endpoint[Any], **params: Any) -> Any:
        return self._client.call(endpoint, **params)


@pytest.fixture(params=["sync", "async"])
def invent(request: pytest.FixtureRequest) -> Any:
    sim, check = checked_simulator("invent")
    if request.param == "sync":
        with sim.connect(strict=True) as client:
            yield _Sync(client), sim, check
    else:
        yield sim.connect_async(strict=True), sim, check
    assert check.problems == [], "\n".join(check.problems)


async def test_invent_contacts_end_to_end(invent: tuple[Any, Any, SpecCheck]) -> None:
    client, sim, _ = invent
    vip = sim.add_segment("VIP", "red")
    news = sim.add_segment("Newsletter")
    ada = await client.call(
        create_contact.ENDPOINT,
        body={"channel": {"name": "Ada", "email": "ada@example.com"}, "segment_ids": [vip["id"]]},
    )
    assert isinstance(ada, invent_models.Contact)
    assert ada.name == "Ada"
    assert ada.blocked is False
    assert [s.name for s in ada.segments] == ["VIP"]
    bob = await client.call(create_contact.ENDPOINT, body={"channel": {"name": "Bob"}})

    blocked = await client.call(update_contact.ENDPOINT, contact_id=ada.id, body={"blocked": True})
    assert blocked.blocked is True
    assert blocked.blocked_at is not None
    assert [c.id for c in await client.call(list_contacts.ENDPOINT, status="BLOCKED")] == [ada.id]
    by_email = await client.call(list_contacts.ENDPOINT, email="ada@example.com", take=5)
    assert [c.id for c in by_email] == [ada.id]
    in_vip = await client.call(list_contacts.ENDPOINT, segment_id=vip["id"])
    assert [c.id for c in in_vip] == [ada.id]
    page_two = await client.call(list_contacts.ENDPOINT, page=2, take=1)
    assert [c.id for c in page_two] == [bob.id]

    channel = ada.channels[0]
    changed = await client.call(
        update_contact_channel.ENDPOINT,
        contact_id=ada.id,
        channel_id=channel.id,
        body=invent_models.ContactChannelUpdateRequest(phone="+15550100"),
    )
    assert isinstance(changed, invent_models.ContactChannel)
    assert changed.phone == "+15550100"
    assert changed.name == "Ada"

    joined = await client.call(
        add_segment_to_contact.ENDPOINT, contact_id=bob.id, segment_id=news["id"]
    )
    assert [s.name for s in joined.segments] == ["Newsletter"]
    assert joined.segments[0].contacts_count == 1

    with pytest.raises(NotFoundError) as raised:
        await client.call(update_contact.ENDPOINT, contact_id="nosuch", body={"blocked": True})
    error = raised.value
    assert (error.provider, error.operation, error.status_code) == ("invent", "update_contact", 404)
    assert error.body == {"statusCode": 404, "message": "Contact not found", "error": "Not Found"}
    assert error.message == "Contact not found"
    assert error.request_method == "PATCH"
    assert error.request_url.endswith("/contacts/nosuch")


def test_invent_seeded_contacts_admins_and_channels_the_api_cannot_update() -> None:
    sim, check = checked_simulator("invent")
    admin = sim.add_contact("Root", email="root@example.com", is_admin=True)
    bot = sim.add_contact("Wanda", channel_type="whatsapp_bot")
    with sim.connect(strict=True) as client:
        admins = client.call(list_contacts.ENDPOINT, is_admin=True)
        assert [c.id for c in admins] == [admin["id"]]
        others = client.call(list_contacts.ENDPOINT, exclude_admins=True)
        assert [c.id for c in others] == [bot["id"]]
        with pytest.raises(sendfrom.BadRequestError, match="custom"):
            client.call(
                update_contact_channel.ENDPOINT,
                contact_id=bot["id"],
                channel_id=bot["channels"][0]["id"],
                body={"name": "W"},
            )
        with pytest.raises(NotFoundError):
            client.call(add_segment_to_contact.ENDPOINT, contact_id=bot["id"], segment_id="nope")
    assert check.problems == []


def test_invent_contact_list_pagination_headers() -> None:
    sim, check = checked_simulator("invent")
    with sim.connect() as client:
        for name in ("A", "B", "C"):
            client.call(create_contact.ENDPOINT, body={"channel": {"name": name}})
        contacts = client.call(list_contacts.ENDPOINT, take=2, page=2)
    assert [c.name for c in contacts] == ["C"]
    answer = sim(sim.requests[-1])  # the same request again, as the wire saw it
    assert answer.headers["pagination-count"] == "3"
    assert answer.headers["pagination-page"] == "2"
    assert answer.headers["pagination-take"] == "2"
    assert check.problems == []


def test_scope_parameters_come_from_the_settings_unless_given() -> None:
    sim = simulator("invent")
    with sim.connect() as client:  # Invent's default org: "c", the key's own
        client.call(list_contacts.ENDPOINT)
        client.call(list_contacts.ENDPOINT, org_id="sub-org")
    with sim.connect(org_id="agency-child") as client:
        client.call(list_contacts.ENDPOINT)
    paths = [r.url.path for r in sim.requests]
    assert paths == ["/orgs/c/contacts", "/orgs/sub-org/contacts", "/orgs/agency-child/contacts"]


def test_a_scope_goes_by_its_setting_name_too() -> None:
    sim = simulator("spaceinvoices")
    endpoint = _endpoint("spaceinvoices", "create_organization_email_address")
    with sim.connect() as client:
        client.call(endpoint, organization_id="o7", body={"email": "a@example.com"})
        client.call(endpoint, id="o8", body={"email": "b@example.com"})
    paths = [r.url.path for r in sim.requests]
    assert paths == ["/v1/organizations/o7/email-address", "/v1/organizations/o8/email-address"]


def test_a_scope_that_is_not_set_is_asked_for() -> None:
    sim = simulator("spaceinvoices")
    endpoint = _endpoint("spaceinvoices", "get_organization_email_address")
    with sim.connect() as client, pytest.raises(InvalidRequestError, match="organization_id"):
        client.call(endpoint)
    assert sim.requests == []


# ---- refused before sending


def test_an_endpoint_of_another_provider_is_refused_before_sending() -> None:
    sim = simulator("invent")
    with sim.connect() as client, pytest.raises(ConfigurationError) as raised:
        client.call(vortex_list_domains.ENDPOINT)
    assert "vortex" in str(raised.value)
    assert "invent" in str(raised.value)
    assert sim.requests == []


BAD_CALLS: list[tuple[Any, dict[str, Any], str]] = [
    (update_contact.ENDPOINT, {"contact_id": "../identities", "body": {}}, "not a valid id"),
    (update_contact.ENDPOINT, {"contact_id": "a/b", "body": {}}, "not a valid id"),
    (update_contact.ENDPOINT, {"contact_id": "c1", "body": {"blocked": "yes"}}, "blocked"),
    (update_contact.ENDPOINT, {"contact_id": "c1"}, "needs body"),
    (update_contact.ENDPOINT, {"contact_id": "c1", "body": None}, "needs body"),
    (update_contact.ENDPOINT, {"body": {}}, "needs contact_id"),
    (update_contact.ENDPOINT, {"contact_id": "c1", "body": [1]}, "body must be"),
    (list_contacts.ENDPOINT, {"unsubscribed": "yes"}, "must be a boolean"),
    (list_contacts.ENDPOINT, {"take": 0}, "at least 1"),
    (list_contacts.ENDPOINT, {"take": 101}, "at most 100"),
    (list_contacts.ENDPOINT, {"page": True}, "must be an integer"),
    (list_contacts.ENDPOINT, {"segmnt_id": "s"}, "did you mean 'segment_id'"),
    (list_contacts.ENDPOINT, {"body": {}}, "takes no body"),
    (list_contacts.ENDPOINT, {"next": "a", "next_": "b"}, "same parameter"),
    (list_contacts, {}, "pass list_contacts.ENDPOINT"),
    (list_contacts.ENDPOINT, {"take": 10**5000}, "an integer of about 5,001 digits"),
    (list_contacts.ENDPOINT, {"search": "ada\ud800"}, "search holds a lone surrogate"),
    (update_contact.ENDPOINT, {"contact_id": "c1", "body": {"name": "x\ud800"}}, "body.name holds"),
    (update_contact.ENDPOINT, {"contact_id": "c1", "body": {"n\udc00": 1}}, "lone surrogate"),
    (
        update_contact_channel.ENDPOINT,
        {"contact_id": "c", "channel_id": "h", "body": invent_models.ContactUpdateRequest()},
        "must be a ContactChannelUpdateRequest",
    ),
]


@pytest.mark.parametrize(("endpoint", "params", "says"), BAD_CALLS)
def test_bad_input_is_refused_before_sending(
    endpoint: Any, params: dict[str, Any], says: str
) -> None:
    sim = simulator("invent")
    with sim.connect() as client, pytest.raises(InvalidRequestError, match=says):
        client.call(endpoint, **params)
    assert sim.requests == []


def test_query_parameters_go_by_their_spec_name_too() -> None:
    sim = simulator("invent")
    with sim.connect() as client:
        client.call(list_contacts.ENDPOINT, next="token", is_admin=False)
    assert sim.requests[0].url.params["next"] == "token"
    assert sim.requests[0].url.params["is_admin"] == "false"


# ---- the runner's guarantees


def test_an_idempotent_call_is_retried_and_a_post_is_not() -> None:
    sim = simulator("invent")
    with sim.connect(retry_policy=NO_WAIT) as client:
        sim.fail_next(503)
        assert client.call(list_contacts.ENDPOINT) == []
        assert len(sim.requests) == 2
        sim.fail_next(503)
        with pytest.raises(ServerError):
            client.call(create_contact.ENDPOINT, body={"channel": {"name": "A"}})
        assert len(sim.requests) == 3, "a POST is not retried on a 5xx: it could duplicate"
        sim.fail_next(429)
        client.call(create_contact.ENDPOINT, body={"channel": {"name": "A"}})
        assert len(sim.requests) == 5, "a POST is retried on 429"


async def test_the_async_call_retries_too() -> None:
    sim = simulator("invent")
    client = sim.connect_async(retry_policy=NO_WAIT)
    sim.fail_next(502)
    assert await client.call(list_contacts.ENDPOINT) == []
    assert len(sim.requests) == 2
    await client.aclose()


def test_the_key_is_scrubbed_from_errors() -> None:
    key = "inv-secret-key-0123456789"
    sim = simulator("invent")
    with sim.connect(api_key=key, max_retries=0) as client:
        sim.fail_next(400, body={"message": f"bad key {key}", "statusCode": 400})
        with pytest.raises(sendfrom.BadRequestError) as raised:
            client.call(list_contacts.ENDPOINT)
    assert key not in str(raised.value)
    assert key not in repr(raised.value.body)


def test_a_bodiless_success_is_none() -> None:
    sim = simulator("mailersend")
    with sim.connect() as client:
        domain = client.domains.create("example.com")
        identity = client.identities.create("a@example.com", name="A", domain_id=domain.id)
        assert client.call(delete_identity.ENDPOINT, identity_id=identity.id) is None
        with pytest.raises(NotFoundError):
            client.identities.get(identity.id)


def test_the_rate_limit_applies_to_calls() -> None:
    clock = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    limit = sendfrom.RateLimit(1, per=10.0, now=lambda: clock[0], sleep=sleep, margin=0.0)
    sim = simulator("invent")
    with sim.connect(rate_limit=limit) as client:
        for _ in range(3):
            client.call(list_contacts.ENDPOINT)
    assert sum(waits) == 20.0, "one call per 10 s: the second and the third waited"


# ---- tolerant and strict reading


def _contact_payload(**changes: Any) -> dict[str, Any]:
    stamp = "2026-01-01T00:00:00Z"
    segment = {"id": "s1", "name": "VIP", "contacts_count": 1, "created_at": stamp,
               "updated_at": stamp}  # fmt: skip
    return {"id": "c1", "name": "Ada", "blocked": False, "is_admin": False, "channels": [],
            "segments": [segment], "created_at": stamp, "updated_at": stamp, **changes}  # fmt: skip


def test_a_deviating_optional_field_is_tolerated_logged_and_strictly_refused(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sendfrom._reading._reported", set())
    caplog.set_level(logging.WARNING, logger="sendfrom.drift")
    sim = simulator("invent")
    drifted = _contact_payload(unsubscribed="sometimes", blocked_at="last week")
    with sim.connect() as client:
        for _ in range(2):
            sim.fail_next(200, body=drifted)
            contact = client.call(update_contact.ENDPOINT, contact_id="c1", body={})
            assert contact.id == "c1"
            assert contact.unsubscribed is None
            assert contact.blocked_at is None
    drift = [r.getMessage() for r in caplog.records if r.name == "sendfrom.drift"]
    assert len(drift) == 2, "once per (provider, operation, path)"
    assert any("update_contact" in m and "unsubscribed" in m for m in drift)
    sim.fail_next(200, body=drifted)
    with sim.connect(strict=True) as client, pytest.raises(ResponseFormatError):
        client.call(update_contact.ENDPOINT, contact_id="c1", body={})


def test_a_deviating_required_nullable_field_reads_as_null() -> None:
    stamp = "2026-01-01T00:00:00Z"
    channel = dict.fromkeys(
        ("avatar", "name", "username", "phone", "country", "agent", "ip", "language", "link",
         "platform_data"),
    )  # fmt: skip
    channel |= {"id": "h1", "type": "custom", "user_id": "u1", "email": 12345,
                "created_at": stamp, "updated_at": stamp}  # fmt: skip
    sim = simulator("invent")
    sim.fail_next(200, body=_contact_payload(channels=[channel]))
    with sim.connect() as client:
        contact = client.call(update_contact.ENDPOINT, contact_id="c1", body={})
    assert contact.channels[0].email is None
    assert contact.channels[0].user_id == "u1"


def test_a_deviating_required_field_fails_even_tolerant() -> None:
    sim = simulator("invent")
    sim.fail_next(200, body=_contact_payload(blocked="maybe"))
    with sim.connect() as client, pytest.raises(ResponseFormatError, match="blocked"):
        client.call(update_contact.ENDPOINT, contact_id="c1", body={})


def test_an_undocumented_success_status_is_strictly_refused() -> None:
    sim = simulator("invent")
    sim.fail_next(202, body=_contact_payload())
    with sim.connect(strict=True) as client, pytest.raises(ResponseFormatError, match="202"):
        client.call(update_contact.ENDPOINT, contact_id="c1", body={})
    with sim.connect() as client:
        sim.fail_next(202, body=_contact_payload())
        assert client.call(update_contact.ENDPOINT, contact_id="c1", body={}).id == "c1"


def test_a_simulated_client_calls_too() -> None:
    """``connect(..., simulate=True)``: the README's path."""
    with sendfrom.connect("invent", simulate=True) as client:
        assert client.call(list_contacts.ENDPOINT, unsubscribed=False) == []
