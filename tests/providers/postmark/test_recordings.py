"""Every exchange postmarker recorded against the real Postmark API (specs/evidence/postmark/
recorded/, decoded) agrees with the derived spec, answer and request; and the mappers read the
recorded answers as DESIGN §3 says."""

from __future__ import annotations

import pytest

import sendfrom
from providers.postmark.recorded import Exchange, exchanges, first
from sendfrom.providers.postmark.adapter import PostmarkAdapter
from sendfrom.providers.postmark.mappers import full_domain_from_wire, identity_from_wire
from speclib import find_operation, request_pointer, response_pointer, validation_errors

EVERY = [e for name in ("domains", "senders") for e in exchanges(name)]


@pytest.mark.parametrize("exchange", EVERY, ids=[f"{e.method} {e.path} {e.status}" for e in EVERY])
def test_every_recorded_exchange_matches_the_derived_spec(exchange: Exchange) -> None:
    # postmarker writes /senders/ (a trailing slash Postmark serves as /senders)
    path = exchange.path.split("?")[0].rstrip("/") or "/"
    op = find_operation("postmark", exchange.method, path)
    pointer = response_pointer(op, exchange.status)
    assert pointer is not None, f"{op.operation_id} {exchange.status} declares no JSON body"
    assert validation_errors("postmark", pointer, exchange.body) == []
    if exchange.request_body:
        assert validation_errors("postmark", request_pointer(op), exchange.request_body) == []
    assert exchange.content_type.startswith("application/json")


def test_a_new_domain_publishes_its_pending_dkim_key() -> None:
    created = first("domains", "POST", "/domains").body
    domain = full_domain_from_wire(created, created)
    assert domain.status is sendfrom.VerificationStatus.PENDING
    assert domain.dns_records is not None
    dkim, spf = domain.dns_records  # no ReturnPathDomain yet: no return-path record
    assert (dkim.purpose, dkim.type, dkim.name) == ("dkim", "TXT", created["DKIMPendingHost"])
    assert dkim.value == created["DKIMPendingTextValue"]
    assert dkim.status is sendfrom.VerificationStatus.PENDING
    assert (spf.purpose, spf.type, spf.value) == ("spf", "TXT", created["SPFTextValue"])


def test_during_a_rotation_the_pending_key_is_the_record_and_the_domain_stays_verified() -> None:
    verified = {
        **first("domains", "GET", "/domains/64054").body,
        "ReturnPathDomain": "pm.example.com",
        "ReturnPathDomainVerified": True,
        "DKIMPendingHost": "20261207pm._domainkey.example.com",
        "DKIMPendingTextValue": "k=rsa; p=NEWKEY",
    }
    domain = full_domain_from_wire(verified, verified)
    assert domain.status is sendfrom.VerificationStatus.VERIFIED, "the current key still signs"
    assert domain.dns_records is not None
    dkim = [r for r in domain.dns_records if r.purpose == "dkim"]
    assert [(r.name, r.value, r.status) for r in dkim] == [
        (
            "20261207pm._domainkey.example.com",
            "k=rsa; p=NEWKEY",
            sendfrom.VerificationStatus.PENDING,
        )
    ]
    [return_path] = [r for r in domain.dns_records if r.purpose == "return_path"]
    assert (return_path.type, return_path.name, return_path.value) == (
        "CNAME",
        "pm.example.com",
        verified["ReturnPathDomainCNAMEValue"],
    )


def test_a_signature_names_its_domain_and_reads_empty_as_none() -> None:
    wire = first("senders", "GET", "/senders/128462").body
    identity = identity_from_wire(wire, wire)
    assert (identity.id, identity.status) == ("128462", sendfrom.VerificationStatus.VERIFIED)
    assert identity.domain == sendfrom.DomainRef(id=None, name="exampleX.com")
    assert identity.reply_to_email is None, 'Postmark writes "" for none'


@pytest.mark.parametrize(
    ("code", "error"),
    [(510, sendfrom.NotFoundError), (501, sendfrom.NotFoundError), (504, sendfrom.ConflictError),
     (512, sendfrom.ConflictError), (505, None), (0, None)],
)  # fmt: skip
def test_the_error_code_names_the_error(code: int, error: type[Exception] | None) -> None:
    adapter = PostmarkAdapter.__new__(PostmarkAdapter)
    body = {"ErrorCode": code, "Message": "m"}
    assert adapter.error_class(422, body) is error
    assert adapter.error_class(500, body) is None, "only a 422 carries an API error code"
    assert adapter.error_details(body) == ("m", {})
