"""Tolerant reading, strict reading and the drift log (DESIGN principle 4b).

A response is accepted when every field the mapping reads is valid; any other deviation is logged
once on ``sendfrom.drift`` and never fails the call. ``strict=True`` fails on any deviation.

The property tests draw spec-valid payloads (``test_drift.Schemas``), then mutate one field:
- a field the reader leaves untyped (delete, null, retype, or a new field beside it): tolerant
  reading maps exactly what it mapped before; strict reading fails exactly when the spec, checked
  by an independent JSON Schema validator, says the payload is no longer valid;
- a field the reader types (retype, null where not nullable, delete where required): both modes
  raise ``ResponseFormatError``, never a ``KeyError``/``TypeError``/``ValueError``.
This also holds ``specs/reads/<provider>.yaml`` to the mappers: a field a mapper reads but the
declaration leaves out would make a tolerant result change, and the test fail.
"""

from __future__ import annotations

import copy
import itertools
import json
import logging
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Union

import httpx
import pytest
import typing_extensions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sendfrom
from provider_facts import required_scope
from providers.test_drift import CONFORM, schemas
from sendfrom._reading import WireShape
from sendfrom.errors import ResponseFormatError
from sendfrom.providers.invent import mappers as invent
from sendfrom.providers.mailersend import mappers as mailersend
from sendfrom.providers.spaceinvoices import mappers as spaceinvoices
from sendfrom.providers.vortex import mappers as vortex
from speclib import PROVIDERS_DIR, load_payload, validation_errors

KEY = "tolerant-key-7f3a9c21"
DRIFT_2026 = PROVIDERS_DIR / "mailersend" / "drift-2026"


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


@pytest.fixture(autouse=True)
def _fresh_drift_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees its own "once per process" log."""
    monkeypatch.setattr("sendfrom._reading._reported", set())


def connect(provider: str, body: Any, *, strict: bool = False) -> sendfrom.Client:
    """A client whose every request is answered 200 with ``body``."""
    content = json.dumps(body).encode()
    transport = httpx.MockTransport(lambda _: httpx.Response(200, content=content))
    return sendfrom.connect(
        provider,
        api_key=KEY,
        http_client=httpx.Client(transport=transport),
        max_retries=0,
        strict=strict,
        **required_scope(provider),
    )


def take(items: Iterator[Any]) -> list[Any]:
    return list(itertools.islice(items, 4))


# ---- what each case calls, and which response it reads


class Case:
    def __init__(
        self,
        provider: str,
        operation: str,
        shape: WireShape[Any],
        schema: str,
        call: Callable[[sendfrom.Client], Any],
        *,
        bare_list: bool = False,
    ) -> None:
        self.provider = provider
        self.operation = operation
        self.shape = shape
        self.schema = schema
        self.call = call
        self.bare_list = bare_list
        """The body is a JSON array of ``schema`` (Invent and Vortex lists)."""

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.operation}"

    def strategy(self) -> st.SearchStrategy[Any]:
        item = schemas(self.provider, CONFORM).at(f"/components/schemas/{self.schema}")
        return st.lists(item, min_size=1, max_size=3) if self.bare_list else item

    def spec_errors(self, body: Any) -> list[str]:
        """What an independent JSON Schema validator finds wrong with ``body``."""
        pointer = f"/components/schemas/{self.schema}"
        if self.bare_list:
            if not isinstance(body, list):
                return ["<root>: not an array"]
            return [e for item in body for e in validation_errors(self.provider, pointer, item)]
        return validation_errors(self.provider, pointer, body)

    def reader(self) -> Any:
        return self.shape.reader


CASES = [
    Case("mailersend", "identities.get", mailersend.IDENTITY, "IdentityEnvelope",
         lambda c: c.identities.get("i1")),
    Case("mailersend", "identities.list", mailersend.IDENTITY_LIST, "IdentityList",
         lambda c: take(c.identities.list())),
    Case("mailersend", "domains.get", mailersend.DOMAIN, "DomainEnvelope",
         lambda c: c.domains.get("d1")),
    Case("mailersend", "domains.list", mailersend.DOMAIN_LIST, "DomainList",
         lambda c: take(c.domains.list())),
    Case("mailersend", "domains.dns_records", mailersend.DNS_RECORDS, "DomainDnsRecordsEnvelope",
         lambda c: c.domains.dns_records("d1")),
    Case("invent", "identities.list", invent.IDENTITY_LIST, "EmailIdentity",
         lambda c: take(c.identities.list()), bare_list=True),
    Case("invent", "identities.update", invent.IDENTITY, "EmailIdentity",
         lambda c: c.identities.update("i1", name="New")),
    Case("invent", "domains.create", invent.DOMAIN, "EmailDomain",
         lambda c: c.domains.create("example.com")),
    Case("vortex", "domains.list", vortex.DOMAIN_LIST, "EmailDomain",
         lambda c: take(c.domains.list()), bare_list=True),
    Case("vortex", "domains.verify", vortex.DOMAIN, "EmailDomain",
         lambda c: c.domains.verify("d1")),
    Case("spaceinvoices", "identities.list", spaceinvoices.ADDRESS_AS_IDENTITY, "EmailAddress",
         lambda c: take(c.identities.list())),
    Case("spaceinvoices", "domains.list", spaceinvoices.ADDRESS, "EmailAddress",
         lambda c: take(c.domains.list())),
]  # fmt: skip


# ---- the fields of a payload, as the reader types them


class Site(typing.NamedTuple):
    path: tuple[str | int, ...]
    read: bool
    """The reader types this field (a mapper reads it)."""
    required: bool
    nullable: bool


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """``hint`` without ``None`` in its union, and whether ``None`` was there."""
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(hint))
        return (args[0] if len(args) == 1 else Union[tuple(args)]), nullable  # noqa: UP007
    return hint, False


def sites(value: Any, hint: Any, path: tuple[str | int, ...] = ()) -> Iterator[Site]:
    """Every key of every object in ``value``, classified by the reader type ``hint``."""
    hint, _ = _unwrap(hint)
    if typing.get_origin(hint) is list and isinstance(value, list):
        (item_hint,) = typing.get_args(hint)
        for index, item in enumerate(value):
            yield from sites(item, item_hint, (*path, index))
        return
    if not (typing_extensions.is_typeddict(hint) and isinstance(value, dict)):
        return
    hints = typing_extensions.get_type_hints(hint)
    # __required_keys__ misses NotRequired[] written as a string (PEP 563): read it off the hint.
    marked = typing_extensions.get_type_hints(hint, include_extras=True)
    for key, item in value.items():
        if key not in hints:
            continue
        field_hint, nullable = _unwrap(hints[key])
        read = field_hint is not Any
        required = typing_extensions.get_origin(marked[key]) is not typing_extensions.NotRequired
        yield Site((*path, key), read, required, nullable)
        if read:
            yield from sites(item, field_hint, (*path, key))


def _parent(body: Any, path: tuple[str | int, ...]) -> Any:
    node = body
    for part in path[:-1]:
        node = node[part]
    return node


def mutate(body: Any, site: Site, how: str) -> Any:
    changed = copy.deepcopy(body)
    parent, key = _parent(changed, site.path), site.path[-1]
    if how == "delete":
        del parent[key]
    elif how == "null":
        parent[key] = None
    elif how == "retype":  # a value no JSON type the field could have accepts
        parent[key] = "mutated" if isinstance(parent[key], dict) else {"mutated": [1]}
    elif how == "add":
        parent["x_sendfrom_probe"] = {"new": [1, "field"]}
    return changed


def outcome(case: Case, body: Any, *, strict: bool) -> Any:
    with connect(case.provider, body, strict=strict) as client:
        return case.call(client)


FAST = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@FAST
@given(data=st.data())
def test_a_field_no_mapper_reads_never_changes_the_result(case: Case, data: st.DataObject) -> None:
    body = data.draw(case.strategy(), label="payload")
    assert case.spec_errors(body) == [], "generator bug"
    baseline = outcome(case, body, strict=True)
    assert outcome(case, body, strict=False) == baseline
    unread = [s for s in sites(body, case.reader()) if not s.read]
    if not unread:
        return
    site = data.draw(st.sampled_from(unread), label="site")
    how = data.draw(st.sampled_from(["delete", "null", "retype", "add"]), label="mutation")
    changed = mutate(body, site, how)

    assert outcome(case, changed, strict=False) == baseline
    if case.spec_errors(changed):
        with pytest.raises(ResponseFormatError):
            outcome(case, changed, strict=True)
    else:
        assert outcome(case, changed, strict=True) == baseline


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@FAST
@given(data=st.data())
def test_a_broken_field_a_mapper_reads_is_a_format_error_in_both_modes(
    case: Case, data: st.DataObject
) -> None:
    body = data.draw(case.strategy(), label="payload")
    breakable = []
    for site in sites(body, case.reader()):
        if not site.read:
            continue
        breakable.append((site, "retype"))
        if not site.nullable:
            breakable.append((site, "null"))
        if site.required:
            breakable.append((site, "delete"))
    if not breakable:
        return
    site, how = data.draw(st.sampled_from(breakable), label="mutation")
    changed = mutate(body, site, how)
    for strict in (False, True):
        with pytest.raises(ResponseFormatError) as info:
            outcome(case, changed, strict=strict)
        assert info.value.provider == case.provider


def test_every_response_the_mappers_read_is_covered() -> None:
    """Each adapter's WireShapes appear in CASES, so no reader escapes the property tests."""
    for module in (mailersend, invent, vortex, spaceinvoices):
        declared = {id(v) for v in vars(module).values() if isinstance(v, WireShape)}
        covered = {id(c.shape) for c in CASES}
        missing = declared - covered
        # MailerSend's /verify response is read by domains.verify beside a domain get.
        exempt = {id(mailersend.VERIFICATION), id(spaceinvoices.ADDRESS_STATUS)}
        assert missing <= exempt, module.__name__


# ---- the drift an outside check found (issue: "Survive real provider drift")


def _ms_domain() -> dict[str, Any]:
    body: dict[str, Any] = load_payload("mailersend", "py_domains_get_success_0_get_200.json")
    return body


def _ms_identity() -> dict[str, Any]:
    body: dict[str, Any] = load_payload("mailersend", "docs_identities_get_200.json")
    return body


def _vortex_domain() -> dict[str, Any]:
    body: dict[str, Any] = load_payload("vortex", "docs_check_dkim_status_200.json")
    return body


def _invent_identities() -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = load_payload("invent", "docs_get_email_identities_200.json")
    return body


def _drop(keys: list[str]) -> Callable[[dict[str, Any]], None]:
    def change(settings: dict[str, Any]) -> None:
        for key in keys:
            settings.pop(key)

    return change


DRIFT: list[tuple[str, str, Callable[[], Any], Callable[[Any], None], Callable[[Any], Any]]] = [
    ("mailersend", "domain_settings with fewer keys", _ms_domain,
     lambda b: _drop(["track_clicks", "track_opens", "show_dmarc"])(b["data"]["domain_settings"]),
     lambda c: c.domains.get("d1")),
    ("mailersend", "domain_stats missing a key", _ms_domain,
     lambda b: b["data"]["domain_stats"].pop("sent"), lambda c: c.domains.get("d1")),
    ("mailersend", "totals as {}", _ms_domain,
     lambda b: b["data"].__setitem__("totals", {}), lambda c: c.domains.get("d1")),
    ("mailersend", "totals as 0", _ms_domain,
     lambda b: b["data"].__setitem__("totals", 0), lambda c: c.domains.get("d1")),
    ("mailersend", "an identity without resends", _ms_identity,
     lambda b: b["data"].pop("resends"), lambda c: c.identities.get("i1")),
    ("vortex", "attributes as a list", _vortex_domain,
     lambda b: b.__setitem__("attributes", ["a"]), lambda c: c.domains.verify("d1")),
    ("vortex", "dkimAttempts missing", _vortex_domain,
     lambda b: b.pop("dkimAttempts"), lambda c: c.domains.verify("d1")),
    ("vortex", "creatorId null", _vortex_domain,
     lambda b: b.__setitem__("creatorId", None), lambda c: c.domains.verify("d1")),
    ("vortex", "a garbage dmarcRequestedAt", _vortex_domain,
     lambda b: b.__setitem__("dmarcRequestedAt", "last tuesday"), lambda c: c.domains.verify("d1")),
    ("invent", "domain.created_at missing", _invent_identities,
     lambda b: b[0]["domain"].pop("created_at"), lambda c: list(c.identities.list())),
]  # fmt: skip


@pytest.mark.parametrize(
    ("provider", "change", "body", "mutation", "call"),
    DRIFT,
    ids=[f"{p}-{d}" for p, d, *_ in DRIFT],
)
def test_reported_drift_is_tolerated_logged_and_strictly_refused(
    provider: str,
    change: str,
    body: Callable[[], Any],
    mutation: Callable[[Any], None],
    call: Callable[[sendfrom.Client], Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    original = body()
    drifted = copy.deepcopy(original)
    mutation(drifted)
    expected = call(connect(provider, original, strict=True))

    caplog.set_level(logging.WARNING, logger="sendfrom.drift")
    assert call(connect(provider, drifted)) == expected
    warnings = [r for r in caplog.records if r.name == "sendfrom.drift"]
    assert warnings, f"{change}: no drift was logged"
    assert all(provider in r.getMessage() for r in warnings)
    with pytest.raises(ResponseFormatError):
        call(connect(provider, drifted, strict=True))


def test_drift_is_logged_once_per_path_and_never_with_the_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = _ms_domain()
    body["data"]["domain_stats"]["sent"] = f"echo {KEY}"  # a value that must never be logged
    caplog.set_level(logging.WARNING, logger="sendfrom.drift")
    client = connect("mailersend", body)
    for _ in range(3):
        client.domains.get("d1")
    (record,) = [r for r in caplog.records if r.name == "sendfrom.drift"]
    message = record.getMessage()
    assert "mailersend domains.get" in message
    assert "data.domain_stats.sent" in message
    assert "integer" in message  # what the spec expects
    assert KEY not in message
    assert "echo" not in message


def test_a_list_logs_each_path_once_with_indices_folded() -> None:
    body = load_payload("mailersend", "py_domains_list_basic_0_get_200.json")
    for domain in body["data"]:
        domain.pop("domain_stats", None)
        domain["totals"] = "none"
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("sendfrom.drift").addHandler(handler)
    try:
        take(connect("mailersend", body).domains.list())
    finally:
        logging.getLogger("sendfrom.drift").removeHandler(handler)
    paths = [r.getMessage().split(" at ")[1].split(":")[0] for r in records]
    assert len(paths) == len(set(paths))  # one line per path, not one per list item
    assert all("[*]" in path for path in paths)


def test_a_broken_read_field_names_the_field() -> None:
    body = _ms_identity()
    body["data"]["email"] = 5
    with pytest.raises(ResponseFormatError, match=r"data\.email") as info:
        connect("mailersend", body).identities.get("i1")
    assert "sendfrom reads" in str(info.value)


# ---- MailerSend's 2026 DNS records


def _dkim(records: list[sendfrom.DnsRecord]) -> list[tuple[str, str, str]]:
    return [(r.type, r.name, r.value) for r in records if r.purpose == "dkim"]


@pytest.mark.parametrize(
    "file", ["code_dns_records_2026_200.json", "inferred_dns_records_2026_live_200.json"]
)
@pytest.mark.parametrize("strict", [False, True])
def test_2026_dns_records_give_both_dkim_cnames(file: str, strict: bool) -> None:
    body = json.loads((DRIFT_2026 / file).read_text())
    records = connect("mailersend", body, strict=strict).domains.dns_records("d1")
    assert _dkim(records) == [
        ("CNAME", "ms1._domainkey.example.com", "ms1._domainkey.mailersend.net"),
        ("CNAME", "ms2._domainkey.example.com", "ms2._domainkey.mailersend.net"),
    ]
    assert all(r.name and r.value for r in records)  # no record from the null `dkim` entry
    assert {r.purpose for r in records} == {"dkim", "spf", "return_path", "tracking"}


def test_the_old_dns_records_shape_still_works() -> None:
    body = load_payload("mailersend", "py_domains_dns_records_success_0_get_200.json")
    records = connect("mailersend", body, strict=True).domains.dns_records("d1")
    assert len(_dkim(records)) == 1
    assert {r.purpose for r in records} == {"dkim", "spf", "return_path", "tracking", "inbound"}


def test_the_simulator_serves_the_2026_shape() -> None:
    client = sendfrom.connect("mailersend", simulate=True, strict=True)
    domain = client.domains.create("example.com")
    records = client.domains.dns_records(domain.id)
    assert [name for _, name, _ in _dkim(records)] == [
        "ms1._domainkey.example.com",
        "ms2._domainkey.example.com",
    ]


# ---- MailerSend's own reference example of the domain list


def test_the_reference_domain_list_maps_in_tolerant_mode_only() -> None:
    body = json.loads((DRIFT_2026 / "docs_domains_list_200.json").read_text())
    (domain,) = connect("mailersend", body).domains.list()
    assert domain.name == "example.org"
    assert domain.created_at == datetime(2020, 6, 10, 10, 9, 48, tzinfo=UTC)  # no zone: UTC
    assert domain.raw == body["data"][0]
    with pytest.raises(ResponseFormatError, match="domain_settings"):
        list(connect("mailersend", body, strict=True).domains.list())


# ---- the drift report that ends `make record`


def test_the_drift_report_lists_what_the_spec_does_not_describe(tmp_path: Path) -> None:
    import sys

    import yaml

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from drift_report import report

    source = Path(__file__).parents[1] / "cassettes" / "mailersend" / "identities_get.yaml"
    assert report("mailersend", [source]) == []  # the checked-in cassette conforms
    document = yaml.safe_load(source.read_text())
    response = document["interactions"][0]["response"]
    body = json.loads(response["body"]["string"])
    body["data"]["brand_new_field"] = 1  # a field the spec does not know
    body["data"].pop("resends")  # a required field gone
    body["data"]["domain"]["name"] = None  # a value the spec does not allow
    response["body"]["string"] = json.dumps(body)
    drifted = tmp_path / "identities_get.yaml"
    drifted.write_text(yaml.safe_dump(document))

    lines = report("mailersend", [drifted])
    assert any("data: " in line and "brand_new_field" in line for line in lines), lines
    assert any("data: " in line and "'resends' is a required property" in line for line in lines)
    assert any("data/domain/name: None is not of type 'string'" in line for line in lines), lines
    assert all(line.startswith("identities_get: get_identity 200: ") for line in lines)
