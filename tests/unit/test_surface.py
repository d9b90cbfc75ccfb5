"""The public surface of DESIGN.md section 3: sync and async twins, lazy imports, the error
hierarchy and the unified models."""

from __future__ import annotations

import collections.abc
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

import sendfrom
import sendfrom.errors
import sendfrom.models
from sendfrom.client import AsyncDomains, AsyncIdentities, Domains, Identities
from sendfrom.providers import PROVIDERS
from speclib import load_payload

KEY = "ms-live-8f3c0a1b2d4e"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")
IDENTITIES = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentities_200.json")


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


def answer(request: httpx.Request) -> httpx.Response:
    """A tiny MailerSend: the identity list on /identities, one identity on anything else."""
    if request.url.path == "/v1/identities":
        return httpx.Response(200, json=IDENTITIES)
    return httpx.Response(200, json=IDENTITY)


async def aanswer(request: httpx.Request) -> httpx.Response:
    return answer(request)


@pytest.fixture
def client() -> sendfrom.Client:
    return sendfrom.connect(
        "mailersend", api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )


@pytest.fixture
def aclient() -> sendfrom.AsyncClient:
    return sendfrom.connect_async(
        "mailersend",
        api_key=KEY,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(aanswer)),
    )


def public(obj: object) -> set[str]:
    return {name for name in dir(obj) if not name.startswith("_")}


def parameters(func: Callable[..., Any]) -> list[tuple[str, Any, Any, Any]]:
    """(name, kind, default, annotation) of each parameter; annotations are strings here."""
    return [
        (p.name, p.kind, p.default, p.annotation)
        for p in inspect.signature(func).parameters.values()
    ]


# ---- sync and async twins

# The one documented difference in names: ``client.close()`` vs ``await aclient.aclose()``.
ASYNC_NAME = {"close": "aclose"}


def test_clients_have_the_same_public_names(
    client: sendfrom.Client, aclient: sendfrom.AsyncClient
) -> None:
    sync_names = {ASYNC_NAME.get(n, n) for n in public(client)}
    assert sync_names == public(aclient)
    assert {
        "identities",
        "domains",
        "provider",
        "capabilities",
        "supports",
        "native",
        "with_options",
        "call",
    } <= public(client)


def test_clients_have_matching_signatures(
    client: sendfrom.Client, aclient: sendfrom.AsyncClient
) -> None:
    compared = []
    for name in public(client):
        sync_member = getattr(type(client), name, None)
        async_member = getattr(type(aclient), ASYNC_NAME.get(name, name), None)
        if callable(sync_member):
            assert callable(async_member), name
            assert parameters(sync_member) == parameters(async_member), name
            compared.append(name)
    assert {"close", "supports", "with_options", "call"} <= set(compared)


def test_client_resources_are_the_resource_classes(
    client: sendfrom.Client, aclient: sendfrom.AsyncClient
) -> None:
    assert type(client.identities) is Identities
    assert type(client.domains) is Domains
    assert type(aclient.identities) is AsyncIdentities
    assert type(aclient.domains) is AsyncDomains


RESOURCE_PAIRS = [(Identities, AsyncIdentities), (Domains, AsyncDomains)]
IDENTITY_METHODS = {"list", "get", "create", "update", "delete", "resend_verification"}
DOMAIN_METHODS = {"list", "get", "create", "update", "delete", "verify", "dns_records"}


def test_resources_have_the_documented_methods() -> None:
    assert public(Identities) >= IDENTITY_METHODS
    assert public(Domains) >= DOMAIN_METHODS


@pytest.mark.parametrize(("sync_cls", "async_cls"), RESOURCE_PAIRS)
def test_resource_pairs_have_the_same_method_names(sync_cls: type, async_cls: type) -> None:
    assert public(sync_cls) == public(async_cls)


@pytest.mark.parametrize(
    ("sync_cls", "async_cls", "method"),
    [(s, a, m) for s, a in RESOURCE_PAIRS for m in sorted(public(s))],
)
def test_resource_pairs_have_matching_signatures(
    sync_cls: type, async_cls: type, method: str
) -> None:
    assert parameters(getattr(sync_cls, method)) == parameters(getattr(async_cls, method))


def test_documented_signatures() -> None:
    """The exact shapes section 3 promises, checked on the sync side (the async side matches)."""
    kw = inspect.Parameter.KEYWORD_ONLY
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD

    create = inspect.signature(Identities.create).parameters
    assert list(create) == [
        "self",
        "email",
        "name",
        "domain_id",
        "reply_to_email",
        "reply_to_name",
        "provider_options",
    ]
    assert all(create[n].default is None for n in list(create)[2:])

    update = inspect.signature(Identities.update).parameters
    assert update["identity_id"].kind is positional
    for name in (
        "name",
        "reply_to_email",
        "reply_to_name",
        "is_default",
        "click_tracking",
        "open_tracking",
    ):
        assert update[name].kind is kw
        assert update[name].default is sendfrom.NOT_GIVEN
    assert update["provider_options"].default is None

    domain_create = inspect.signature(Domains.create).parameters
    assert domain_create["name"].kind is positional
    assert domain_create["description"].kind is kw
    assert domain_create["description"].default is None

    assert inspect.signature(Identities.list).parameters["domain_id"].default is None


def test_connect_and_connect_async_take_the_same_arguments() -> None:
    sync_params = inspect.signature(sendfrom.connect).parameters
    async_params = inspect.signature(sendfrom.connect_async).parameters
    assert list(sync_params) == list(async_params)
    for name, p in sync_params.items():
        q = async_params[name]
        assert (p.kind, p.default) == (q.kind, q.default), name
    for name in ("api_key", "base_url", "org_id", "account_id", "organization_id"):
        assert sync_params[name].kind is inspect.Parameter.KEYWORD_ONLY
    for name in ("http_client", "max_retries", "timeout", "simulate", "profile", "rate_limit"):
        assert name in sync_params


@pytest.mark.parametrize("cls", [AsyncIdentities, AsyncDomains])
def test_async_methods_are_coroutines_except_list(cls: type) -> None:
    for name in public(cls) - {"list", "pages"}:
        assert inspect.iscoroutinefunction(getattr(cls, name)), name
    assert not inspect.iscoroutinefunction(cls.list)
    assert not inspect.iscoroutinefunction(cls.pages)  # both return async iterators


@pytest.mark.parametrize("cls", [Identities, Domains, sendfrom.Client])
def test_sync_methods_are_not_coroutines(cls: type) -> None:
    for name in public(cls):
        member = getattr(cls, name)
        if callable(member):
            assert not inspect.iscoroutinefunction(member), name


def test_async_call_is_a_coroutine() -> None:
    assert inspect.iscoroutinefunction(sendfrom.AsyncClient.call)
    assert not inspect.iscoroutinefunction(sendfrom.Client.call)


def test_every_endpoint_is_a_sendfrom_endpoint() -> None:
    """`sendfrom.Endpoint` is the type users annotate with (`def run(e: Endpoint[T]) -> T`)."""
    from sendfrom_generated.invent.api.contacts import update_contact

    assert "Endpoint" in sendfrom.__all__
    assert isinstance(update_contact.ENDPOINT, sendfrom.Endpoint)


def test_async_client_lifecycle_methods_are_coroutines() -> None:
    for name in ("aclose", "__aenter__", "__aexit__"):
        assert inspect.iscoroutinefunction(getattr(sendfrom.AsyncClient, name)), name


async def test_async_list_returns_an_async_iterator(aclient: sendfrom.AsyncClient) -> None:
    identities = aclient.identities.list()

    assert isinstance(identities, collections.abc.AsyncIterator)
    assert not inspect.isawaitable(identities)
    items = [identity async for identity in identities]
    assert [i.id for i in items] == ["ident-id-123"]
    assert all(isinstance(i, sendfrom.SenderIdentity) for i in items)


async def test_async_domains_list_returns_an_async_iterator(aclient: sendfrom.AsyncClient) -> None:
    domains = aclient.domains.list()
    assert isinstance(domains, collections.abc.AsyncIterator)
    assert not inspect.isawaitable(domains)
    await domains.aclose()  # type: ignore[attr-defined]


def test_sync_list_returns_a_lazy_iterator(client: sendfrom.Client) -> None:
    identities = client.identities.list()
    assert isinstance(identities, collections.abc.Iterator)
    assert not isinstance(identities, list)
    assert [i.id for i in identities] == ["ident-id-123"]


async def test_async_and_sync_clients_return_equal_objects(
    client: sendfrom.Client, aclient: sendfrom.AsyncClient
) -> None:
    assert await aclient.identities.get("ident-id-123") == client.identities.get("ident-id-123")


def test_client_is_a_context_manager(client: sendfrom.Client) -> None:
    with client as entered:
        assert entered is client


async def test_async_client_is_an_async_context_manager(aclient: sendfrom.AsyncClient) -> None:
    async with aclient as entered:
        assert entered is aclient


def test_provider_and_capabilities(client: sendfrom.Client, aclient: sendfrom.AsyncClient) -> None:
    from sendfrom.capabilities import OPERATIONS

    assert client.provider == aclient.provider == "mailersend"
    assert isinstance(client.capabilities, frozenset)
    assert client.capabilities <= set(OPERATIONS)
    assert "identities.list" in client.capabilities
    assert client.supports("domains.verify") is True
    assert client.capabilities == aclient.capabilities


def test_supports_with_an_unknown_operation_raises_a_sendfrom_error(
    client: sendfrom.Client,
) -> None:
    with pytest.raises(sendfrom.SendfromError, match=r"identities\.lst"):
        client.supports("identities.lst")


def test_unsupported_operation_fails_before_sending() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=IDENTITY)

    client = sendfrom.connect(
        "mailersend", api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    with pytest.raises(sendfrom.UnsupportedOperationError) as info:
        client.identities.update("ident-id-123", is_default=True)
    assert info.value.provider == "mailersend"
    assert info.value.operation == "identities.update"
    assert sent == []


def test_invalid_request_fails_before_sending_with_fields(client: sendfrom.Client) -> None:
    with pytest.raises(sendfrom.InvalidRequestError) as info:
        client.identities.create(email="not-an-address")
    assert "email" in info.value.fields


# ---- lazy imports


def run_python(code: str, cwd: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout)
    return loaded


LOADED = "import json, sys; print(json.dumps(sorted(m for m in sys.modules if 'sendfrom' in m)))"


PROVIDER_NAMES = set(PROVIDERS)


def providers_loaded(loaded: list[str]) -> tuple[set[str], set[str]]:
    """Which providers' generated packages and which providers' adapters are in ``loaded``."""
    generated = {m.split(".")[1] for m in loaded if m.startswith("sendfrom_generated.")}
    adapters = {m.split(".")[2] for m in loaded if m.startswith("sendfrom.providers.")}
    return generated & PROVIDER_NAMES, adapters & PROVIDER_NAMES


def test_import_sendfrom_loads_no_generated_code(tmp_path: Path) -> None:
    loaded = run_python("import sendfrom; " + LOADED, tmp_path)

    assert "sendfrom" in loaded
    assert [m for m in loaded if m.startswith("sendfrom_generated")] == []
    assert providers_loaded(loaded) == (set(), set())


@pytest.mark.parametrize("function", ["connect", "connect_async"])
def test_connect_loads_only_its_providers_generated_code(tmp_path: Path, function: str) -> None:
    code = f"import sendfrom; sendfrom.{function}('mailersend', api_key='k'); " + LOADED
    loaded = run_python(code, tmp_path)

    assert "sendfrom_generated.mailersend" in loaded
    assert providers_loaded(loaded) == ({"mailersend"}, {"mailersend"})
    # besides mailersend's package, only the shared private helpers of sendfrom_generated
    others = [
        m
        for m in loaded
        if m.startswith("sendfrom_generated.")
        and not m.startswith("sendfrom_generated.mailersend")
        and not m.split(".")[1].startswith("_")
    ]
    assert others == []


# ---- errors

HIERARCHY = {
    "SendfromError": Exception,
    "ConfigurationError": "SendfromError",
    "UnsupportedOperationError": "SendfromError",
    "InvalidRequestError": "SendfromError",
    "APIError": "SendfromError",
    "APIConnectionError": "APIError",
    "APITimeoutError": "APIConnectionError",
    "ResponseFormatError": "APIError",
    "APIStatusError": "APIError",
    "BadRequestError": "APIStatusError",
    "AuthenticationError": "APIStatusError",
    "PermissionDeniedError": "APIStatusError",
    "NotFoundError": "APIStatusError",
    "ConflictError": "APIStatusError",
    "UnprocessableEntityError": "APIStatusError",
    "RateLimitError": "APIStatusError",
    "ServerError": "APIStatusError",
}


@pytest.mark.parametrize("name", sorted(HIERARCHY))
def test_error_is_importable_from_both_places(name: str) -> None:
    from_package = getattr(sendfrom, name)
    assert from_package is getattr(sendfrom.errors, name)
    assert name in sendfrom.__all__
    assert name in sendfrom.errors.__all__


@pytest.mark.parametrize(("name", "parent"), sorted(HIERARCHY.items(), key=str))
def test_error_has_its_documented_parent(name: str, parent: str | type) -> None:
    cls = getattr(sendfrom.errors, name)
    parent_cls = parent if isinstance(parent, type) else getattr(sendfrom.errors, parent)
    assert issubclass(cls, parent_cls)
    assert issubclass(cls, sendfrom.errors.SendfromError)


def test_error_branches_do_not_overlap() -> None:
    errors = sendfrom.errors
    assert not issubclass(errors.APIStatusError, errors.APIConnectionError)
    assert not issubclass(errors.ResponseFormatError, errors.APIStatusError)
    assert not issubclass(errors.ConfigurationError, errors.APIError)
    assert not issubclass(errors.InvalidRequestError, errors.APIError)
    assert not issubclass(errors.NotFoundError, errors.ServerError)


def test_status_errors_carry_their_documented_attributes() -> None:
    context = {
        "provider": "mailersend",
        "operation": "identities.create",
        "request_method": "POST",
        "request_url": "https://api.mailersend.com/v1/identities",
    }
    unprocessable = sendfrom.UnprocessableEntityError(
        "bad", status_code=422, body={}, fields={"email": ["taken"]}, **context
    )
    limited = sendfrom.RateLimitError(
        "slow", status_code=429, body=None, retry_after=2.5, **context
    )

    assert unprocessable.fields == {"email": ["taken"]}
    assert limited.retry_after == 2.5
    for error in (unprocessable, limited):
        assert error.request_id is None
        assert error.provider == "mailersend"
        assert error.request_url == context["request_url"]


# ---- models

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def identity(**overrides: Any) -> sendfrom.SenderIdentity:
    fields: dict[str, Any] = {
        "provider": "mailersend",
        "id": "ident-id-123",
        "email": "test@example.com",
        "name": "Test",
        "status": sendfrom.VerificationStatus.VERIFIED,
        "domain": sendfrom.DomainRef(id="d1", name="example.com"),
        "created_at": NOW,
        "raw": {"id": "ident-id-123", "marker": "only-in-raw"},
    }
    fields.update(overrides)
    return sendfrom.SenderIdentity(**fields)


def domain(**overrides: Any) -> sendfrom.EmailDomain:
    fields: dict[str, Any] = {
        "provider": "mailersend",
        "id": "d1",
        "name": "example.com",
        "status": sendfrom.VerificationStatus.PENDING,
        "checks": {"dkim": sendfrom.VerificationStatus.PENDING},
        "dns_records": [
            sendfrom.DnsRecord(purpose="spf", type="TXT", name="example.com", value="v=spf1 ~all")
        ],
        "raw": {"id": "d1", "marker": "only-in-raw"},
    }
    fields.update(overrides)
    return sendfrom.EmailDomain(**fields)


@pytest.mark.parametrize(
    "name", ["VerificationStatus", "DomainRef", "DnsRecord", "SenderIdentity", "EmailDomain"]
)
def test_models_are_importable_from_both_places(name: str) -> None:
    assert getattr(sendfrom, name) is getattr(sendfrom.models, name)


def test_verification_status_values() -> None:
    assert {s.value for s in sendfrom.VerificationStatus} == {
        "pending",
        "verified",
        "failed",
        "unknown",
    }
    assert sendfrom.VerificationStatus.VERIFIED == "verified"


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (identity, "email", "other@example.com"),
        (identity, "status", sendfrom.VerificationStatus.FAILED),
        (domain, "name", "other.example"),
        (lambda: sendfrom.DomainRef(id="d1", name="example.com"), "name", "x.example"),
        (
            lambda: sendfrom.DnsRecord(purpose="dkim", type="CNAME", name="a", value="b"),
            "value",
            "c",
        ),
    ],
)
def test_models_are_frozen(make: Callable[[], Any], field: str, value: Any) -> None:
    model = make()
    with pytest.raises(ValidationError):
        setattr(model, field, value)
    assert getattr(model, field) != value


@pytest.mark.parametrize("make", [identity, domain])
def test_raw_is_kept_but_not_in_repr(make: Callable[..., Any]) -> None:
    model = make()
    assert model.raw["marker"] == "only-in-raw"
    assert "only-in-raw" not in repr(model)
    assert re.search(r"(?<![\w])raw=", repr(model)) is None
    assert "example.com" in repr(model)  # the repr still shows the fields


@pytest.mark.parametrize("make", [identity, domain])
def test_raw_is_not_in_equality(make: Callable[..., Any]) -> None:
    a = make(raw={"seen": "first time"})
    b = make(raw={"seen": "second time", "extra": 1})
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_other_fields_are_in_equality() -> None:
    assert identity() != identity(status=sendfrom.VerificationStatus.PENDING)
    assert identity() != identity(name=None)
    assert identity() != identity(domain=None)
    assert domain() != domain(checks={"dkim": sendfrom.VerificationStatus.VERIFIED})
    assert domain() != domain(dns_records=[])
    assert identity() != identity(provider="vortex")


def test_models_reject_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        identity(nickname="x")


def test_mapped_identity_keeps_the_provider_payload_out_of_repr(client: sendfrom.Client) -> None:
    mapped = client.identities.get("ident-id-123")
    assert mapped.raw == IDENTITY["data"]
    assert "resends" not in repr(mapped)
    with pytest.raises(ValidationError):
        mapped.email = "x@example.com"  # type: ignore[misc]
