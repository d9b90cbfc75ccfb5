"""What SendGrid's answers mean, on its simulator: the custom-SPF domain's root SPF record, a
``dns`` key the reader does not name, field errors on a 400, a sender's unread fields, and
``identities.ensure`` of a sender that exists (no postal address needed to find it)."""

from __future__ import annotations

from typing import Any

import pytest

import sendfrom
from sendfrom.testing import simulator

POSTAL = {"nickname": "Billing", "address": "1 Main St", "city": "Ljubljana", "country": "SI"}


def test_a_custom_spf_domain_asks_for_the_root_domains_spf_record_too() -> None:
    client = simulator("sendgrid").connect()
    manual = {"automatic_security": False, "custom_spf": True}
    domain = client.domains.create("example.com", provider_options=manual)
    spf = {r.name: r for r in domain.dns_records or [] if r.purpose == "spf"}
    assert len(spf) == 2, "the sending subdomain's SPF and the root domain's"
    root = spf["example.com"]
    assert root.type == "TXT"
    assert root.value.startswith("v=spf1 include:em")
    # turning custom_spf on later adds it; off again drops it
    other = client.domains.create("other.com", provider_options={"automatic_security": False})
    assert "other.com" not in {r.name for r in other.dns_records or []}
    client.domains.update(other.id, provider_options={"custom_spf": True})
    assert "other.com" in {r.name for r in client.domains.dns_records(other.id)}
    client.domains.update(other.id, provider_options={"custom_spf": False})
    assert "other.com" not in {r.name for r in client.domains.dns_records(other.id)}


def _domain(dns: dict[str, Any]) -> dict[str, Any]:
    return {"id": 7, "user_id": 1, "subdomain": "em1", "domain": "example.com", "username": "u",
            "ips": [], "custom_spf": False, "default": False, "legacy": False,
            "automatic_security": True, "valid": False, "dns": dns}  # fmt: skip


def test_a_dns_key_the_reader_does_not_name_is_kept_not_dropped() -> None:
    sim = simulator("sendgrid")
    client = sim.connect()
    record = {
        "valid": True,
        "type": "cname",
        "host": "em1.example.com",
        "data": "u1.wl.sendgrid.net",
    }
    later = {"valid": False, "type": "txt", "host": "_bimi.example.com", "data": "v=BIMI1;"}
    sim.fail_next(200, body=_domain({"mail_cname": record, "bimi": later}))
    got = client.domains.get("7")
    assert [(r.purpose, r.type, r.name, r.status) for r in got.dns_records or []] == [
        ("return_path", "CNAME", "em1.example.com", sendfrom.VerificationStatus.VERIFIED),
        ("bimi", "TXT", "_bimi.example.com", sendfrom.VerificationStatus.PENDING),
    ]


def test_field_errors_of_a_400_are_on_the_error() -> None:
    sim = simulator("sendgrid")
    client = sim.connect()
    body = {"errors": [{"field": "from_email", "message": "is not a valid email"},
                       {"field": None, "message": "and something else"}]}  # fmt: skip
    sim.fail_next(400, body=body)
    with pytest.raises(sendfrom.BadRequestError) as caught:
        client.domains.get("7")
    assert caught.value.fields == {"from_email": ["is not a valid email"]}
    assert caught.value.message == "is not a valid email; and something else"
    sim.fail_next(400, body={"errors": ["a bare message"]})
    with pytest.raises(sendfrom.BadRequestError, match="a bare message"):
        client.domains.get("7")


def test_a_sender_field_no_mapping_reads_never_fails_a_call() -> None:
    sim = simulator("sendgrid")
    client = sim.connect()
    sender = {"id": 1, "from_email": "a@example.com", "from_name": "A", "reply_to": "a@example.com",
              "reply_to_name": "", "nickname": None, "address": None, "city": None,
              "country": None, "verified": True, "locked": False}  # fmt: skip
    sim.fail_next(200, body={"results": [sender]})
    (got,) = client.identities.list()
    assert (got.email, got.status) == ("a@example.com", sendfrom.VerificationStatus.VERIFIED)
    assert got.raw["nickname"] is None


def test_ensure_finds_a_sender_without_its_postal_address_and_refuses_to_create_one() -> None:
    sim = simulator("sendgrid")
    client = sim.connect()
    made = client.identities.create("billing@example.com", name="Billing", provider_options=POSTAL)
    sim.requests.clear()
    assert client.identities.ensure("billing@example.com") == made  # the existing one, unchanged
    assert [r.method for r in sim.requests] == ["GET"]
    sim.requests.clear()
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        client.identities.ensure("orders@example.com")
    assert set(caught.value.fields) == {"nickname", "address", "city", "country"}
    assert [r.method for r in sim.requests] == ["GET"], "the find, and no create sent"
    with pytest.raises(sendfrom.InvalidRequestError):  # a bad address: before anything is sent
        client.identities.ensure("not an address")
    assert [r.method for r in sim.requests] == ["GET"]


def test_a_required_option_of_spaces_is_missing() -> None:
    sim = simulator("sendgrid")
    with pytest.raises(sendfrom.InvalidRequestError) as caught:
        sim.connect().identities.create(
            "billing@example.com", provider_options={**POSTAL, "nickname": "  ", "city": ""}
        )
    assert set(caught.value.fields) == {"nickname", "city"}
    assert sim.requests == []


def test_no_key_and_a_wrong_key_are_sendgrids_own_401s() -> None:
    import httpx

    sim = simulator("sendgrid", api_key="SG.right")
    with httpx.Client(transport=sim.transport) as http:
        missing = http.get(sim.base_url + "/v3/whitelabel/domains")
        wrong = http.get(
            sim.base_url + "/v3/whitelabel/domains", headers={"Authorization": "Bearer SG.wrong"}
        )
    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert missing.json()["errors"][0]["message"] == "authorization required"
    assert wrong.json()["errors"][0]["message"] == "Permission denied, wrong credentials"
    with pytest.raises(sendfrom.AuthenticationError, match="wrong credentials"):
        list(sim.connect(api_key="SG.wrong").domains.list())
