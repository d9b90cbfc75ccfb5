"""The pure mappers, on the recorded and documented payloads: every real MailerSend body goes
through them, and drifted payloads (unknown status, nulls, extra fields) map without error."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from providers.mailersend.facts import INDEX as MAILERSEND_INDEX
from sendfrom.models import VerificationStatus
from sendfrom.providers.invent import mappers as invent
from sendfrom.providers.mailersend import mappers as mailersend
from sendfrom.providers.mailersend.adapter import MailerSendAdapter
from sendfrom.providers.spaceinvoices import mappers as spaceinvoices
from sendfrom.providers.vortex import mappers as vortex
from sendfrom_generated.invent import readers as invent_readers
from sendfrom_generated.mailersend import readers as ms_readers
from sendfrom_generated.spaceinvoices import readers as si_readers
from sendfrom_generated.vortex import readers as vortex_readers
from speclib import find_operation, load_payload, response_pointer, schema_name

V = VerificationStatus


def read(reader: Any, payload: Any) -> Any:
    """``payload`` validated by a generated reader, as the adapters read it."""
    return TypeAdapter(reader).validate_python(payload)


MAILERSEND_BODIES = [e for e in MAILERSEND_INDEX if e["file"]]


@pytest.mark.parametrize("entry", MAILERSEND_BODIES, ids=[e["file"] for e in MAILERSEND_BODIES])
def test_every_recorded_mailersend_body_maps(entry: dict[str, Any]) -> None:
    payload = load_payload("mailersend", entry["file"])
    status = int(entry["status"])
    if status >= 400:
        message, fields = MailerSendAdapter.error_details(MailerSendAdapter, payload)  # type: ignore[arg-type]
        assert message == payload["message"]
        assert fields == payload.get("errors", {})
        return
    op = find_operation("mailersend", entry["method"], entry["url"].split(" ")[0])
    pointer = response_pointer(op, status)
    assert pointer is not None
    name, _ = schema_name("mailersend", pointer)
    if name == "RecipientList":  # outside the unified model: sendfrom reads nothing of it
        return
    model = read(getattr(ms_readers, name), payload)
    if name in {"IdentityEnvelope", "IdentityList"}:
        items = model["data"] if name == "IdentityList" else [model["data"]]
        raws = payload["data"] if name == "IdentityList" else [payload["data"]]
        for wire_identity, raw in zip(items, raws, strict=True):
            identity = mailersend.identity_from_wire(wire_identity, raw)
            assert identity.email == raw["email"]
            assert identity.raw == raw
    elif name in {"DomainEnvelope", "DomainList"}:
        items = model["data"] if name == "DomainList" else [model["data"]]
        raws = payload["data"] if name == "DomainList" else [payload["data"]]
        for domain, raw in zip(items, raws, strict=True):
            mapped = mailersend.domain_from_wire(domain, raw)
            assert mapped.status is (V.VERIFIED if raw["is_verified"] else V.PENDING)
            assert mapped.raw == raw
    elif name == "DomainDnsRecordsEnvelope":
        records = mailersend.dns_records_from_wire(model["data"])
        assert {r.purpose for r in records} == {"dkim", "spf", "return_path", "tracking", "inbound"}
        inbound = next(r for r in records if r.purpose == "inbound")
        assert inbound.priority == 10  # sent as the string "10"
    elif name == "DomainVerificationResponse":
        assert set(model["data"]) >= {"dkim", "spf", "mx", "tracking"}
    else:
        raise AssertionError(f"{name}: a response schema the test does not know")


def test_mailersend_identity_fields() -> None:
    payload = load_payload("mailersend", "docs_identities_get_200.json")["data"]
    identity = mailersend.identity_from_wire(read(ms_readers.Identity, payload), payload)
    assert identity.id == "7nxe3yjmeq28vp0k"
    assert identity.status is V.PENDING
    assert identity.status_raw is None  # MailerSend has a boolean, no status word
    assert identity.domain is not None
    assert identity.domain.name == "test.com"
    assert identity.is_default is None  # not reported by MailerSend
    assert " raw=" not in repr(identity)
    assert "personal_note" not in repr(identity)  # nothing of the payload in the repr


def test_mailersend_new_domain_has_no_checks_yet() -> None:
    payload = load_payload("mailersend", "py_domains_create_minimal_0_post_201.json")["data"]
    domain = mailersend.domain_from_wire(read(ms_readers.Domain, payload), payload)
    assert domain.status is V.PENDING
    assert domain.checks == {}  # dkim/spf/mx/tracking are null until MailerSend checks


def test_mailersend_verify_overlays_fresh_checks() -> None:
    payload = load_payload("mailersend", "py_domains_get_success_0_get_200.json")["data"]
    domain = mailersend.domain_from_wire(read(ms_readers.Domain, payload), payload)
    result = read(
        ms_readers.DomainVerification,
        {
            "dkim": False,
            "spf": True,
            "mx": False,
            "tracking": False,
            "cname": False,
            "rp_cname": True,
        },
    )
    fresh = mailersend.with_verification(domain, result)
    assert fresh.checks["dkim"] is V.PENDING
    assert fresh.checks["return_path"] is V.VERIFIED


# ---- Invent


@pytest.mark.parametrize(
    ("word", "expected"),
    [("PENDING", V.PENDING), ("VERIFIED", V.VERIFIED), ("FAILED", V.FAILED), ("PAUSED", V.UNKNOWN)],
)
def test_invent_identity_status(word: str, expected: V) -> None:
    payload = load_payload("invent", "docs_update_email_identity_200.json")
    payload["status"] = word
    identity = invent.identity_from_wire(read(invent_readers.EmailIdentity, payload), payload)
    assert identity.status is expected
    assert identity.status_raw == word


def test_invent_identity_without_status_is_unknown() -> None:
    payload = load_payload("invent", "docs_get_email_identities_200_orgs-emails_page_variant.json")
    identity = invent.identity_from_wire(read(invent_readers.EmailIdentity, payload[0]), payload[0])
    assert identity.status is V.UNKNOWN
    assert identity.status_raw is None


def test_invent_domain_dkim_tokens_become_cname_records() -> None:
    payload = load_payload("invent", "docs_add_email_domain_200.json")
    domain = invent.domain_from_wire(read(invent_readers.EmailDomain, payload), payload)
    assert domain.checks == {"dkim": V.PENDING}
    assert [(r.purpose, r.type) for r in domain.dns_records] == [("dkim", "CNAME")]
    payload["dkim_tokens"] = None
    bare = invent.domain_from_wire(read(invent_readers.EmailDomain, payload), payload)
    assert bare.dns_records == []


# ---- Vortex


def _vortex(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = load_payload("vortex", "docs_update_email_domain_200.json")
    return {**copy.deepcopy(payload), **changes}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"isVerified": True, "dkimStatus": "failed"}, V.VERIFIED),
        ({"isVerified": False, "tokenVerificationStatus": "provider_failed"}, V.FAILED),
        ({"isVerified": False, "dkimStatus": "failed"}, V.FAILED),
        ({"isVerified": False, "tokenVerificationStatus": "waiting_for_provider"}, V.PENDING),
        ({"isVerified": False, "dkimStatus": "something_new"}, V.UNKNOWN),
    ],
)
def test_vortex_status_rules(changes: dict[str, Any], expected: V) -> None:
    payload = _vortex(**changes)
    domain = vortex.domain_from_wire(read(vortex_readers.EmailDomain, payload), payload)
    assert domain.status is expected


def test_vortex_checks_records_and_drift() -> None:
    payload = _vortex(dkimStatus="brand_new", dmarcStatus=None, extraField={"x": 1})
    domain = vortex.domain_from_wire(read(vortex_readers.EmailDomain, payload), payload)
    assert domain.checks == {"ownership": V.PENDING, "dkim": V.UNKNOWN, "spf": V.PENDING}
    assert domain.raw["extraField"] == {"x": 1}
    assert domain.updated_at is not None  # from modifiedAt
    purposes = [(r.purpose, r.type, r.name) for r in domain.dns_records]
    assert purposes == [
        ("ownership", "TXT", "vortexsoftware.com"),
        ("dkim", "TXT", "dkim._domainkey.vortexsoftware.com"),
    ]


# ---- Space Invoices


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Verified", V.VERIFIED),
        ("SUCCESS", V.VERIFIED),
        ("pending", V.PENDING),
        ("NotStarted", V.PENDING),
        ("Failed", V.FAILED),
        ("TemporaryFailure", V.FAILED),
        ("string", V.UNKNOWN),
    ],
)
def test_spaceinvoices_status_words(word: str, expected: V) -> None:
    payload = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "email": "a@Example.com",
        "emailVerificationStatus": word,
        "domainVerificationStatus": word,
    }
    address = read(si_readers.EmailAddress, payload)
    identity = spaceinvoices.identity_from_wire(address, payload)
    domain = spaceinvoices.domain_from_wire(address, payload)
    assert identity.status is expected
    assert identity.status_raw == word
    assert domain.status is expected
    assert domain.id == domain.name == "example.com"
    assert domain.dns_records[0].value == "string.dkim.amazonses.com"
    # SES verifies the domain by its DKIM records: each record is as far along as the domain
    assert [r.status for r in domain.dns_records] == [expected] * len(domain.dns_records)


def test_spaceinvoices_identity_and_domain_dates() -> None:
    payload = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "createdAt": "2026-01-02T03:04:05Z",
        "updatedAt": "2026-02-03T04:05:06Z",
    }
    address = read(si_readers.EmailAddress, payload)
    for mapped in (
        spaceinvoices.identity_from_wire(address, payload),
        spaceinvoices.domain_from_wire(address, payload),
    ):
        assert mapped.created_at is not None
        assert mapped.created_at.isoformat() == "2026-01-02T03:04:05+00:00"
        assert mapped.updated_at is not None
        assert mapped.updated_at.isoformat() == "2026-02-03T04:05:06+00:00"


def test_spaceinvoices_domain_without_a_status_word_has_no_checks() -> None:
    """No word reported: nothing is claimed about DKIM (an empty ``checks``, not PENDING)."""
    payload = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "domainVerificationStatus": None,
    }
    domain = spaceinvoices.domain_from_wire(read(si_readers.EmailAddress, payload), payload)
    assert domain.checks == {}
    assert domain.status is V.UNKNOWN
    assert domain.status_raw is None
    status = spaceinvoices.domain_from_wire(
        read(si_readers.EmailAddress, payload), payload, "Pending"
    )
    assert status.checks == {"dkim": V.PENDING}  # the /status word overrides the address's


@pytest.mark.parametrize(
    ("word", "expected"),
    [("verified", V.VERIFIED), ("failed", V.FAILED), ("pending", V.PENDING), (None, None)],
)
def test_vortex_dkim_records_carry_the_dkim_status(word: str | None, expected: V | None) -> None:
    payload = _vortex(dkimStatus=word, tokenVerificationStatus="pending")
    domain = vortex.domain_from_wire(read(vortex_readers.EmailDomain, payload), payload)
    dkim = [r for r in domain.dns_records if r.purpose == "dkim"]
    assert dkim
    assert {r.status for r in dkim} == {expected}
    (ownership,) = (r for r in domain.dns_records if r.purpose == "ownership")
    assert ownership.status is V.PENDING  # the token's own word, not DKIM's
    assert ownership.value == payload["verificationToken"]


# ---- MailerSend, field by field


def test_mailersend_identity_reply_to_and_domain() -> None:
    payload = {
        **load_payload("mailersend", "docs_identities_get_200.json")["data"],
        "reply_to_email": "replies@test.com",
        "reply_to_name": "Replies",
    }
    identity = mailersend.identity_from_wire(read(ms_readers.Identity, payload), payload)
    assert (identity.reply_to_email, identity.reply_to_name) == ("replies@test.com", "Replies")
    assert identity.name == "John Doe"
    assert identity.email == "john@test.com"
    assert identity.domain is not None
    assert (identity.domain.id, identity.domain.name) == ("7nxe3yjmeq28vp0k", "test.com")
    assert identity.provider == "mailersend"
    payload["is_verified"] = True
    verified = mailersend.identity_from_wire(read(ms_readers.Identity, payload), payload)
    assert verified.status is V.VERIFIED


@pytest.mark.parametrize("paused", [True, False])
def test_mailersend_domain_fields(paused: bool) -> None:
    payload = copy.deepcopy(
        load_payload("mailersend", "py_domains_get_success_0_get_200.json")["data"]
    )
    payload["domain_settings"]["send_paused"] = paused
    payload["mx"] = False
    domain = mailersend.domain_from_wire(read(ms_readers.Domain, payload), payload)
    assert (domain.id, domain.name, domain.provider) == (
        "65qngkdovk8lwr12",
        "igor.fail",
        "mailersend",
    )
    assert domain.active is (not paused)
    assert domain.checks == {
        "dkim": V.VERIFIED,
        "spf": V.VERIFIED,
        "mx": V.PENDING,
        "tracking": V.PENDING,
    }
    assert domain.status is V.VERIFIED
    assert domain.status_raw is None
    assert domain.created_at is not None
    assert domain.created_at.isoformat() == "2025-04-01T12:33:41+00:00"
    assert domain.updated_at is not None
    assert domain.updated_at.isoformat() == "2025-07-28T12:22:48+00:00"


def test_mailersend_verify_sets_every_check_from_its_own_flag() -> None:
    payload = load_payload("mailersend", "py_domains_get_success_0_get_200.json")["data"]
    domain = mailersend.domain_from_wire(read(ms_readers.Domain, payload), payload)
    flags = {"dkim": True, "spf": False, "mx": True, "tracking": False, "cname": False}
    fresh = mailersend.with_verification(
        domain, read(ms_readers.DomainVerification, {**flags, "rp_cname": True})
    )
    assert fresh.checks == {
        "dkim": V.VERIFIED,
        "spf": V.PENDING,
        "mx": V.VERIFIED,
        "tracking": V.PENDING,
        "return_path": V.VERIFIED,
    }
    assert fresh.id == domain.id
    assert domain.checks["spf"] is V.VERIFIED  # a copy: the domain read before is unchanged


def test_mailersend_dns_records_field_by_field() -> None:
    payload = copy.deepcopy(
        load_payload("mailersend", "py_domains_dns_records_success_0_get_200.json")["data"]
    )
    payload["spf"]["type"] = "txt"  # written in any case, published upper-case
    payload["return_path"]["priority"] = "ten"  # not a number: no priority, not an error
    payload["custom_tracking"]["value"] = None  # a null field: no record to publish
    records = mailersend.dns_records_from_wire(read(ms_readers.DomainDnsRecords, payload))
    assert [(r.purpose, r.type, r.name, r.value, r.priority) for r in records] == [
        (
            "dkim",
            "CNAME",
            "mlsend2._domainkey.igor.fail",
            "mlsend2._domainkey.mailersend.net",
            None,
        ),
        ("spf", "TXT", "igor.fail", payload["spf"]["value"], None),
        ("return_path", "CNAME", "mta.igor.fail", "mailersend.net", None),
        ("inbound", "MX", "inbound.igor.fail", "inbound.mailersend.net", 10),
    ]


def test_mailersend_dns_records_of_2026_two_dkim_keys() -> None:
    record = {"hostname": "ms1._domainkey.a.io", "type": "CNAME", "value": "ms1.mailersend.net"}
    empty = {"hostname": None, "type": None, "value": None}
    payload = {
        "id": "d1",
        "spf": empty,
        "return_path": empty,
        "custom_tracking": empty,
        "dkim": empty,  # retired, every field null
        "dkim_ms1": record,
        "dkim_ms2": {**record, "hostname": "ms2._domainkey.a.io", "value": "ms2.mailersend.net"},
    }
    records = mailersend.dns_records_from_wire(read(ms_readers.DomainDnsRecords, payload))
    assert [(r.purpose, r.name) for r in records] == [
        ("dkim", "ms1._domainkey.a.io"),
        ("dkim", "ms2._domainkey.a.io"),
    ]


@pytest.mark.parametrize(
    ("meta", "links", "n", "expected"),
    [
        ({"current_page": 1, "last_page": 2}, None, 0, True),
        ({"current_page": 2, "last_page": 2}, None, 100, False),
        (None, {"next": "https://x/?page=2"}, 0, True),
        (None, {"next": None}, 100, False),
        (None, None, 100, True),
        (None, None, 99, False),
    ],
)
def test_mailersend_has_next(
    meta: dict[str, int] | None, links: dict[str, str | None] | None, n: int, expected: bool
) -> None:
    assert mailersend.has_next(meta, links, n) is expected  # type: ignore[arg-type]


# ---- Invent and Space Invoices, field by field


def test_invent_identity_fields() -> None:
    payload = {
        **load_payload("invent", "docs_update_email_identity_200.json"),
        "id": "i1",
        "email": "ann@a.io",
        "name": "Ann",
        "is_default": False,
        "click_tracking": True,
        "open_tracking": False,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-02T00:00:00Z",
        "verified_at": "2026-01-03T00:00:00Z",
    }
    payload["domain"] = {**payload["domain"], "id": "d1", "domain": "a.io"}
    identity = invent.identity_from_wire(read(invent_readers.EmailIdentity, payload), payload)
    assert (identity.id, identity.email, identity.name) == ("i1", "ann@a.io", "Ann")
    assert identity.domain is not None
    assert (identity.domain.id, identity.domain.name) == ("d1", "a.io")
    assert (identity.is_default, identity.click_tracking, identity.open_tracking) == (
        False,
        True,
        False,
    )
    dates = (identity.created_at, identity.updated_at, identity.verified_at)
    assert [d.day if d else None for d in dates] == [1, 2, 3]


def test_invent_domain_fields_and_record_status() -> None:
    payload = {
        **load_payload("invent", "docs_add_email_domain_200.json"),
        "id": "d1",
        "domain": "a.io",
        "dkim_status": "VERIFIED",
        "dkim_tokens": [{"name": "k1._domainkey.a.io", "value": "k1.dkim.invent.io"}],
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-02T00:00:00Z",
        "verified_at": "2026-01-03T00:00:00Z",
    }
    domain = invent.domain_from_wire(read(invent_readers.EmailDomain, payload), payload)
    assert (domain.id, domain.name, domain.status, domain.status_raw) == (
        "d1",
        "a.io",
        V.VERIFIED,
        "VERIFIED",
    )
    assert [(r.name, r.value, r.status) for r in domain.dns_records] == [
        ("k1._domainkey.a.io", "k1.dkim.invent.io", V.VERIFIED)
    ]
    dates = (domain.created_at, domain.updated_at, domain.verified_at)
    assert [d.day if d else None for d in dates] == [1, 2, 3]
    del payload["dkim_status"]
    unknown = invent.domain_from_wire(read(invent_readers.EmailDomain, payload), payload)
    assert unknown.checks == {}
    assert [r.status for r in unknown.dns_records] == [None]  # no word: nothing claimed


@pytest.mark.parametrize(
    ("headers", "page", "count", "expected"),
    [
        ({"pagination-count": "250"}, 2, 100, True),
        ({"pagination-count": "200"}, 2, 100, False),
        ({"pagination-count": "-5"}, 1, 100, True),  # not a plain number: the page decides
        ({}, 1, 100, True),
        ({}, 1, 99, False),
    ],
)
def test_invent_has_next(headers: dict[str, str], page: int, count: int, expected: bool) -> None:
    response = httpx.Response(200, headers=headers)
    assert invent.has_next(response, page, count) is expected


def test_spaceinvoices_dkim_tokens_become_ses_cnames() -> None:
    records = spaceinvoices.dns_records_from_tokens("a.io", ["t1", "t2"], V.PENDING)
    assert [(r.purpose, r.type, r.name, r.value, r.status) for r in records] == [
        ("dkim", "CNAME", "t1._domainkey.a.io", "t1.dkim.amazonses.com", V.PENDING),
        ("dkim", "CNAME", "t2._domainkey.a.io", "t2.dkim.amazonses.com", V.PENDING),
    ]


def test_spaceinvoices_identity_fields() -> None:
    payload = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "id": "e1",
        "email": "Ann@Sub.A.io",
    }
    identity = spaceinvoices.identity_from_wire(read(si_readers.EmailAddress, payload), payload)
    assert (identity.id, identity.email, identity.provider) == (
        "e1",
        "Ann@Sub.A.io",
        "spaceinvoices",
    )
    assert identity.domain is not None
    assert (identity.domain.id, identity.domain.name) == ("sub.a.io", "sub.a.io")


@pytest.mark.parametrize("deactivated", [True, False])
def test_vortex_domain_fields(deactivated: bool) -> None:
    payload = _vortex(
        deactivated=deactivated,
        isDefault=True,
        createdAt="2026-01-01T00:00:00Z",
        modifiedAt="2026-01-02T00:00:00Z",
        tokenVerificationStatus="verified",
        dkimStatus="pending",
        spfCheckStatus="failed",
        dmarcStatus="waiting_for_user",
        dkimTokens={"s1": "k1", "s2": "k2"},
    )
    domain = vortex.domain_from_wire(read(vortex_readers.EmailDomain, payload), payload)
    assert (domain.id, domain.name, domain.provider) == (
        payload["id"],
        "vortexsoftware.com",
        "vortex",
    )
    assert domain.description == "Email domain for Vortex Software"
    assert domain.is_default is True
    assert domain.active is (not deactivated)
    assert domain.status_raw == "verified"  # the ownership token's word
    assert domain.status is V.PENDING  # not isVerified; SPF is not one of the deciding checks
    assert domain.checks == {
        "ownership": V.VERIFIED,
        "dkim": V.PENDING,
        "spf": V.FAILED,
        "dmarc": V.PENDING,
    }
    assert [d.day if d else None for d in (domain.created_at, domain.updated_at)] == [1, 2]
    assert [(r.name, r.value) for r in domain.dns_records] == [
        ("vortexsoftware.com", "verification-token-123"),
        ("s1._domainkey.vortexsoftware.com", "k1"),
        ("s2._domainkey.vortexsoftware.com", "k2"),
    ]


def test_vortex_without_a_token_or_dkim_keys_has_no_records() -> None:
    payload = _vortex(verificationToken=None, dkimTokens=None)
    domain = vortex.domain_from_wire(read(vortex_readers.EmailDomain, payload), payload)
    assert domain.dns_records == []


@pytest.mark.parametrize(
    ("token", "dkim", "expected"),
    [
        ("waiting_for_user", None, V.PENDING),
        ("pending", "something_new", V.UNKNOWN),
        ("something_new", "failed", V.FAILED),  # a failure wins over an unknown word
        ("waiting_for_user", "provider_failed", V.FAILED),
    ],
)
def test_vortex_status_when_not_verified(token: str | None, dkim: str | None, expected: V) -> None:
    payload = _vortex(isVerified=False, tokenVerificationStatus=token, dkimStatus=dkim)
    assert vortex.domain_status(read(vortex_readers.EmailDomain, payload)) is expected


def test_spaceinvoices_domain_is_after_the_last_at_sign() -> None:
    """A quoted local part may hold an @ ("a@b"@example.com): the domain follows the last one."""
    assert spaceinvoices.domain_of('"a@b"@Example.COM') == "example.com"
