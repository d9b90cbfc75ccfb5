"""What Resend's answers mean, on its simulator and in its pure mappers: a wrong key, a name
already registered, the records its settings add (resend.com/docs, errors; upstream's
``DomainRecord``; the resend-python SDK's fixtures)."""

from __future__ import annotations

import httpx
import pytest

import sendfrom
from sendfrom.providers.resend.mappers import dns_records_from_wire, purpose_of
from sendfrom.testing import simulator


def _send(sim: sendfrom.testing.Simulator, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(transport=sim.transport) as http:
        return http.get(sim.base_url + "/domains", headers=headers)


def test_no_key_is_a_401_and_a_wrong_key_a_403_invalid_api_key() -> None:
    sim = simulator("resend", api_key="re_right")
    missing = _send(sim, {})
    assert missing.status_code == 401
    assert missing.json()["name"] == "missing_api_key"
    wrong = _send(sim, {"Authorization": "Bearer re_wrong"})
    assert wrong.status_code == 403
    assert wrong.json() == {"statusCode": 403, "message": "API key is invalid.",
                            "name": "invalid_api_key"}  # fmt: skip
    with pytest.raises(sendfrom.AuthenticationError) as caught:
        list(sim.connect(api_key="re_wrong").domains.list())
    assert caught.value.status_code == 403  # the key's fault, whatever status says it
    assert "re_wrong" not in str(caught.value)


def test_a_name_registered_already_is_a_conflict_not_a_key_problem() -> None:
    client = simulator("resend").connect()
    client.domains.create("example.com")
    with pytest.raises(sendfrom.ConflictError) as caught:
        client.domains.create("example.com")
    assert caught.value.status_code == 403
    assert caught.value.body == {
        "statusCode": 403,
        "message": "The example.com domain has been registered already.",
        "name": "validation_error",
    }


@pytest.mark.parametrize(
    ("status", "message"),
    [(400, "This domain is already registered."), (422, "The domain already exists.")],
)
def test_already_registered_at_another_status_is_a_conflict_too(status: int, message: str) -> None:
    sim = simulator("resend")
    client = sim.connect()
    sim.fail_next(status, body={"statusCode": status, "message": message,
                                "name": "validation_error"})  # fmt: skip
    with pytest.raises(sendfrom.ConflictError):
        client.domains.create("example.com")


@pytest.mark.parametrize(
    ("record", "kind", "purpose"),
    [("SPF", "MX", "return_path"), ("SPF", "TXT", "spf"), ("DKIM", "CNAME", "dkim"),
     ("Receiving", "MX", "inbound"), ("Receiving MX", "MX", "inbound"),
     ("Tracking", "CNAME", "tracking"), ("TrackingCAA", "CAA", "tracking")],
)  # fmt: skip
def test_each_record_word_has_its_purpose(record: str, kind: str, purpose: str) -> None:
    assert purpose_of(record, kind) == purpose


def test_the_settings_add_their_records_and_an_update_follows_them() -> None:
    client = simulator("resend").connect()
    domain = client.domains.create("example.com")
    assert {r.purpose for r in client.domains.dns_records(domain.id)} == {
        "return_path", "spf", "dkim"
    }  # fmt: skip
    client.domains.update(
        domain.id,
        provider_options={"click_tracking": True, "tracking_subdomain": "links",
                          "capabilities": {"receiving": "enabled"}},
    )  # fmt: skip
    got = client.domains.get(domain.id)
    added = {(r.purpose, r.type, r.name, r.value) for r in got.dns_records or []}
    assert ("tracking", "CNAME", "links.example.com", "links1.resend-dns.com") in added
    assert ("tracking", "CAA", "example.com", '0 issue "amazon.com"') in added
    assert ("inbound", "MX", "example.com", "inbound-smtp.us-east-1.amazonaws.com") in added
    assert set(got.checks) == {"return_path", "spf", "dkim", "tracking", "inbound"}
    with pytest.raises(sendfrom.BadRequestError, match="At least one capability"):
        client.domains.update(
            domain.id, provider_options={"capabilities": {"sending": "disabled",
                                                          "receiving": "disabled"}}
        )  # fmt: skip


def test_a_caa_record_keeps_its_value_and_is_named_for_the_domain() -> None:
    wire = {"record": "TrackingCAA", "name": "", "value": '0 issue "amazon.com"', "type": "CAA",
            "ttl": "Auto", "status": "verified"}  # fmt: skip
    (record,) = dns_records_from_wire([wire], "example.com")  # type: ignore[list-item]
    assert (record.type, record.name, record.value) == (
        "CAA",
        "example.com",
        '0 issue "amazon.com"',
    )
    assert record.status == sendfrom.VerificationStatus.VERIFIED
