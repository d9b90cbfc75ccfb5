"""Drift: provider payloads generated from the spec schemas, then mutated, through every operation.

A small JSON-schema-to-hypothesis translator covers the subset the specs use (``type`` lists,
``properties``/``required``, ``items``, ``enum``, ``anyOf``/``oneOf``, ``additionalProperties``,
``format: date-time|email``, length and range bounds, ``$ref``). A ``MockTransport`` double answers
every request with a payload drawn for that operation's 2xx response (and its declared headers).

- Payloads that conform to the spec must map: the spec, the wire models and the mappers agree.
- Drifted payloads (unknown enum values, nulls anywhere, extra fields, missing required fields,
  wrong JSON types, odd header values) must map or raise ``ResponseFormatError``: never a
  ``KeyError``, ``ValueError``, ``TypeError``, ``AttributeError`` or pydantic ``ValidationError``.
- Error responses with any JSON (or non-JSON) body must raise the status's ``APIStatusError``.

Bounded and derandomized so that the whole file runs in a few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import sendfrom
from provider_facts import facts, identity_arguments, required_scope
from sendfrom.errors import APIStatusError, NotFoundError, ResponseFormatError, status_error_class
from sendfrom.providers import PROVIDERS, adapter_class
from speclib import find_operation, load_spec, resolve, response_pointer, validation_errors

KEY = "drift-key-5c1e9d"
MAX_ITEMS = 4  # items taken from a list: every page has at least one item, so this bounds pages

FAST = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


# ---- JSON schema -> strategy

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
EXTRA_KEYS = st.sampled_from(["x_new_field", "meta", "_links", "status_v2", "id2", ""]) | st.text(
    max_size=6
)
TIMESTAMPS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(datetime.isoformat)
ACCEPTED_ODD_TIMESTAMPS = st.sampled_from(
    ["2022-04-20T10:10:30+00:00Z", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123456+02:00"]
)
ODD_TIMESTAMPS = st.sampled_from(
    ["2022-04-20T10:10:30+00:00Z", "2024-01-01", "not a date", "", "2024-13-45T99:99:99Z", "0"]
)
EMAILS = st.sampled_from(["billing@example.com", "a@b.io", "Pedro@Test.COM"])
UNKNOWN_WORDS = st.sampled_from(["SOMETHING_NEW", "", "Verified ", "null", "pending_review"])
DIGITS_AND_LOOKALIKES = st.sampled_from(["²", "٣", "-1", " 7", "1e3"])  # "²".isdigit(), int fails


def rarely(
    common: st.SearchStrategy[Any], *rare: st.SearchStrategy[Any], odds: int = 4
) -> st.SearchStrategy[Any]:
    """``common`` most of the time; each of ``rare`` about once in ``odds * len(rare) + 1``."""
    choices = [*rare, *([common] * (odds * len(rare)))]
    return st.sampled_from(range(len(choices))).flatmap(lambda i: choices[i])


CONFORM, TOLERATED, HOSTILE = "conform", "tolerated", "hostile"
"""Payload modes: valid per the spec; drift the models must absorb (unknown enum values, extra
fields, odd timestamps and number-like strings); anything (nulls anywhere, wrong JSON types,
missing required fields, unparseable timestamps)."""


class Schemas:
    """Strategies for one provider's schemas in one payload mode."""

    def __init__(self, provider: str, mode: str) -> None:
        self.spec = load_spec(provider)
        self.mode = mode
        self._refs: dict[str, st.SearchStrategy[Any]] = {}

    def at(self, pointer: str) -> st.SearchStrategy[Any]:
        """The strategy for the schema at a JSON pointer of the spec."""
        node: Any = self.spec
        for token in pointer.strip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return self.of(node)

    def of(self, schema: Any) -> st.SearchStrategy[Any]:
        if not isinstance(schema, dict) or not schema:
            return JSON
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref not in self._refs:
                self._refs[ref] = st.deferred(lambda: self.of(self._resolve(ref)))
            return self._refs[ref]
        plain = self._plain(schema)
        if self.mode != HOSTILE:
            return plain
        wrong = JSON_SCALARS.filter(lambda v: not _matches_type(v, schema.get("type")))
        return rarely(plain, st.none(), wrong, odds=8)

    def _resolve(self, ref: str) -> Any:
        node: Any = self.spec
        for token in ref.lstrip("#/").split("/"):
            node = node[token]
        return node

    def _plain(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "anyOf" in schema or "oneOf" in schema:
            return st.one_of([self.of(s) for s in schema.get("anyOf") or schema["oneOf"]])
        if "enum" in schema:
            known = st.sampled_from(schema["enum"])
            return known if self.mode == CONFORM else rarely(known, UNKNOWN_WORDS)
        kind = schema.get("type")
        if kind is None:
            kind = "object" if "properties" in schema else None
        if isinstance(kind, list):
            return st.one_of([self._plain({**schema, "type": k}) for k in kind])
        builders: dict[Any, Callable[[dict[str, Any]], st.SearchStrategy[Any]]] = {
            "object": self._object,
            "array": self._array,
            "string": self._string,
            "integer": lambda s: st.integers(s.get("minimum", -(2**31)), s.get("maximum", 2**31)),
            "number": lambda _: st.floats(allow_nan=False, allow_infinity=False, width=32),
            "boolean": lambda _: st.booleans(),
            "null": lambda _: st.none(),
            None: lambda _: JSON,
        }
        return builders[kind](schema)

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        fmt = schema.get("format")
        if fmt == "date-time":
            odd = {TOLERATED: ACCEPTED_ODD_TIMESTAMPS, HOSTILE: ODD_TIMESTAMPS}.get(self.mode)
            return TIMESTAMPS if odd is None else rarely(TIMESTAMPS, odd)
        if fmt == "email":
            return EMAILS
        low = schema.get("minLength", 0)
        text = st.text(min_size=low, max_size=max(low, min(schema.get("maxLength", 12), 12)))
        if self.mode == CONFORM:
            return text
        return rarely(text, DIGITS_AND_LOOKALIKES, UNKNOWN_WORDS, odds=2)

    def _array(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        return st.lists(
            self.of(schema.get("items", {})), max_size=min(schema.get("maxItems", 2), 2)
        )

    def _object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", [])) if self.mode != HOSTILE else set()
        fixed = {k: self.of(v) for k, v in properties.items() if k in required}
        optional = {k: self.of(v) for k, v in properties.items() if k not in required}
        known = st.fixed_dictionaries(fixed, optional=optional)
        more = schema.get("additionalProperties")
        if isinstance(more, dict):
            extra = st.dictionaries(st.text(max_size=6), self.of(more), max_size=3)
        elif self.mode != CONFORM or more is True:
            extra = st.dictionaries(
                EXTRA_KEYS.filter(lambda k: k not in properties), JSON, max_size=2
            )
        else:
            return known
        return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})


@functools.cache
def schemas(provider: str, mode: str) -> Schemas:
    """One ``Schemas`` per provider and mode, so strategies are built once."""
    return Schemas(provider, mode)


def _matches_type(value: Any, kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
    }
    return any(checks.get(k, lambda _: True)(value) for k in kinds)


# ---- a double that answers each request with a drawn payload


class Double:
    """Answers each request with a payload drawn for its operation's 2xx response."""

    def __init__(self, provider: str, data: st.DataObject, mode: str) -> None:
        self.provider = provider
        self.data = data
        self.mode = mode
        self.schemas = schemas(provider, mode)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        op = find_operation(self.provider, request.method, str(request.url))
        status = min(int(s) for s in op.body["responses"] if s.isdigit() and s.startswith("2"))
        headers = self._headers(op.pointer + f"/responses/{status}")
        pointer = response_pointer(op, status)
        if pointer is None:
            return httpx.Response(status, headers=headers)
        body = self.data.draw(self.schemas.at(pointer), label=op.operation_id)
        if self.mode == CONFORM:
            assert validation_errors(self.provider, pointer, body) == [], "generator bug"
        return httpx.Response(status, json=body, headers=headers)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        return self(request)

    def _headers(self, pointer: str) -> list[tuple[bytes, bytes]]:
        declared = resolve(self.provider, pointer).get("headers") or {}
        headers = []
        for name, declaration in declared.items():
            header = declaration
            if "$ref" in declaration:
                header = resolve(self.provider, declaration["$ref"].lstrip("#"))
            schema = header.get("schema", {})
            if schema.get("type") == "integer":
                values = st.integers(0, 500).map(str)
                if self.mode != CONFORM:
                    values = rarely(values, DIGITS_AND_LOOKALIKES, odds=1)
                value = self.data.draw(values)
            else:
                value = self.data.draw(st.text(alphabet="abcdefgh0123456789-", max_size=8))
            if value or self.mode == CONFORM:
                headers.append((name.encode(), value.encode("utf-8")))
        return headers


# ---- every supported operation of every provider


def operations(provider: str) -> dict[str, Callable[[Any], Any]]:
    """operation -> a call of it on a sync client (lists consumed up to MAX_ITEMS)."""

    def take(items: Iterator[Any]) -> list[Any]:
        return list(itertools.islice(items, MAX_ITEMS))

    identity = identity_arguments(provider, "pedro@test.com", "d1", "Pedro")
    takes_description = "description" not in adapter_class(provider).unsupported_arguments.get(
        "domains.update", {}
    )  # the provider's declared limits, not its name
    domain_update: dict[str, Any] = (
        {"description": "Transactional"}
        if takes_description
        else {"provider_options": dict(facts(provider).domain_setting or {})}
    )
    every: dict[str, Callable[[Any], Any]] = {
        "identities.list": lambda c: take(c.identities.list()),
        "identities.get": lambda c: c.identities.get("1001"),  # an id every provider can send
        "identities.create": lambda c: c.identities.create(**identity),
        "identities.update": lambda c: c.identities.update("id-1", name="New name"),
        "identities.delete": lambda c: c.identities.delete("id-1"),
        "identities.resend_verification": lambda c: c.identities.resend_verification("id-1"),
        "domains.list": lambda c: take(c.domains.list()),
        "domains.get": lambda c: c.domains.get("example.com"),
        "domains.create": lambda c: c.domains.create("example.com"),
        "domains.update": lambda c: c.domains.update("example.com", **domain_update),
        "domains.delete": lambda c: c.domains.delete("example.com"),
        "domains.verify": lambda c: c.domains.verify("example.com"),
        "domains.dns_records": lambda c: c.domains.dns_records("example.com"),
        "identities.find": lambda c: c.identities.find("a@example.com"),
        "domains.find": lambda c: c.domains.find("example.com"),
    }
    return {op: call for op, call in every.items() if op in adapter_class(provider).capabilities}


CASES = [(p, op) for p in PROVIDERS for op in operations(p)]


def connect(provider: str, double: Double) -> sendfrom.Client:
    return sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=httpx.MockTransport(double)),
        max_retries=0,
        **required_scope(provider),
    )


def emulated_miss(error: Exception | None) -> bool:
    """A NotFoundError of an emulated get (the drawn list did not hold the id asked for)."""
    # the doubles answer every request 2xx: a NotFoundError can only be the emulation's own
    return isinstance(error, NotFoundError) and error.body is None


def attempt(call: Callable[[], Any]) -> ResponseFormatError | NotFoundError | None:
    """Run ``call``; the ResponseFormatError or NotFoundError it raised, or None. Anything else
    (a KeyError, a pydantic ValidationError, another sendfrom error) fails the test."""
    try:
        call()
    except (ResponseFormatError, NotFoundError) as error:
        return error
    return None


def test_every_supported_operation_is_covered() -> None:
    covered = {(p, op) for p, op in CASES}
    expected = {(p, op) for p in PROVIDERS for op in adapter_class(p).capabilities}
    assert covered == expected


@pytest.mark.parametrize("mode", [CONFORM, TOLERATED])
@pytest.mark.parametrize(("provider", "operation"), CASES)
@FAST
@given(data=st.data())
def test_valid_and_tolerated_payloads_map(
    provider: str, operation: str, mode: str, data: st.DataObject
) -> None:
    """Spec-valid payloads, and ones with unknown enum values, extra fields, odd timestamps."""
    double = Double(provider, data, mode)
    with connect(provider, double) as client:
        error = attempt(lambda: operations(provider)[operation](client))
    assert error is None or emulated_miss(error), error
    assert double.requests


@pytest.mark.parametrize(("provider", "operation"), CASES)
@FAST
@given(data=st.data())
def test_hostile_payloads_map_or_raise_response_format_error(
    provider: str, operation: str, data: st.DataObject
) -> None:
    double = Double(provider, data, HOSTILE)
    with connect(provider, double) as client:
        error = attempt(lambda: operations(provider)[operation](client))
    event(type(error).__name__ if error else "mapped")
    if isinstance(error, ResponseFormatError):
        assert error.provider == provider
        # an emulated operation's error names the call that failed (e.g. the list of a get)
        assert error.operation.partition(".")[0] == operation.partition(".")[0]
    else:
        assert error is None or emulated_miss(error), error


@pytest.mark.parametrize("provider", PROVIDERS)
@FAST
@given(data=st.data())
def test_drifted_payloads_through_the_async_client(provider: str, data: st.DataObject) -> None:
    double = Double(provider, data, HOSTILE)
    has_identities = sendfrom.connect(provider, simulate=True).supports("identities.list")
    list_op = "identities" if has_identities else "domains"

    async def run() -> None:
        client = sendfrom.connect_async(
            provider,
            api_key=KEY,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(double.handle_async)),
            max_retries=0,
            **required_scope(provider),
        )
        async with client:
            with contextlib.suppress(ResponseFormatError):
                _ = [x async for x in getattr(client, list_op).list()][:MAX_ITEMS]

    asyncio.run(run())


# ---- any body at all


BODIES = st.one_of(
    JSON.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=20),
    st.sampled_from([b"", b"<html><title>502 Bad Gateway</title></html>", b"\xff\xfe", b"null"]),
)


@pytest.mark.parametrize(("provider", "operation"), CASES)
@FAST
@given(body=BODIES)
def test_any_2xx_body_maps_or_raises_response_format_error(
    provider: str, operation: str, body: bytes
) -> None:
    double = httpx.MockTransport(lambda _: httpx.Response(200, content=body))
    client = sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=double),
        max_retries=0,
        **required_scope(provider),
    )
    error = attempt(lambda: operations(provider)[operation](client))
    assert error is None or isinstance(error, ResponseFormatError) or emulated_miss(error), error


@pytest.mark.parametrize("provider", PROVIDERS)
@FAST
@given(status=st.sampled_from([400, 401, 403, 404, 409, 418, 422, 429, 500, 502]), body=BODIES)
@example(status=422, body=b'{"errors": {"email": "not a list"}, "message": ["a", 1]}')
@example(status=422, body=b'{"error": {"details": {"messages": {"email": 5}}, "message": 7}}')
@example(status=429, body=b"{}")
def test_any_error_body_gives_the_status_error_class(
    provider: str, status: int, body: bytes
) -> None:
    headers = {"retry-after": "not a number"} if status == 429 else {}
    double = httpx.MockTransport(lambda _: httpx.Response(status, content=body, headers=headers))
    client = sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=double),
        max_retries=0,
        **required_scope(provider),
    )
    listed = "identities.list" if client.supports("identities.list") else "domains.list"
    call = operations(provider)[listed]
    if facts(provider).list_404_is_empty and status == 404:
        assert call(client) == []  # 404: the account has no address (yet), so no identities
        return
    with pytest.raises(APIStatusError) as info:
        call(client)
    assert type(info.value) is status_error_class(status)
    assert isinstance(info.value.message, str)
    assert KEY not in str(info.value)


# ---- regressions found by the drift tests


def test_mailersend_priority_that_looks_like_a_digit_but_is_not_one() -> None:
    from pydantic import TypeAdapter

    from sendfrom.providers.mailersend.mappers import dns_records_from_wire
    from sendfrom_generated.mailersend import readers
    from speclib import load_payload

    raw = load_payload("mailersend", "py_domains_dns_records_success_0_get_200.json")["data"]
    raw["dkim"]["priority"] = "²"  # str.isdigit() is true, int() fails
    records = dns_records_from_wire(TypeAdapter(readers.DomainDnsRecords).validate_python(raw))
    assert records[0].priority is None


@pytest.mark.parametrize("count", ["²", "٣", " 7", ""])
def test_invent_pagination_header_that_is_not_a_plain_number(count: str) -> None:
    from speclib import load_payload

    one = load_payload("invent", "docs_update_email_identity_200.json")
    double = httpx.MockTransport(
        lambda _: httpx.Response(
            200,
            content=json.dumps([one]).encode(),
            headers=[(b"pagination-count", count.encode("utf-8"))],
        )
    )
    client = sendfrom.connect(
        "invent", api_key=KEY, http_client=httpx.Client(transport=double), max_retries=0
    )
    assert [i.id for i in client.identities.list()] == [one["id"]]
