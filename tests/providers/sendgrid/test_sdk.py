"""The official ``sendgrid`` SDK (PyPI), ``SendGridAPIClient(api_key, host=...)`` pointed at
``sendfrom simulate sendgrid``: it gets the answers the real API would give for authenticated
(whitelabel) domains (create, get, list, validate, delete) and verified senders (create, list,
resend, delete), errors included, and its ``impersonate_subuser`` (the ``On-Behalf-Of`` header)
sees only that subuser's domains (and those the parent made for it), while the parent lists its
subusers' too unless ``exclude_subusers``. The SDK is Twilio's own reading of its API, so this
holds the simulator to more than sendfrom's adapter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from providers.sdk_against_simulate import run_sdk_against_simulate

SCRIPT = """
import json, sys
from sendgrid import SendGridAPIClient
from python_http_client.exceptions import HTTPError

sg = SendGridAPIClient("SG.sdk_test_key", host=sys.argv[1])
sub = SendGridAPIClient("SG.sdk_test_key", host=sys.argv[1], impersonate_subuser="customer-7")

def answer(call):
    try:
        r = call()
    except HTTPError as error:
        return {"status": error.status_code, "body": json.loads(error.body)}
    return {"status": r.status_code, "body": json.loads(r.body) if r.body else None}

domains, senders = sg.client.whitelabel.domains, sg.client.verified_senders
out = {"made": answer(lambda: domains.post(request_body={
    "domain": "example.com", "subdomain": "em", "automatic_security": True}))}
did = out["made"]["body"]["id"]
out["got"] = answer(lambda: domains._(did).get())
out["listed"] = answer(lambda: domains.get(query_params={"limit": 10, "domain": "example.com"}))
out["validated"] = answer(lambda: domains._(did).validate.post())
out["sub_listed"] = answer(lambda: sub.client.whitelabel.domains.get())
out["sub_made"] = answer(lambda: sub.client.whitelabel.domains.post(
    request_body={"domain": "customer.example"}))
out["removed"] = answer(lambda: domains._(did).delete())
out["missing"] = answer(lambda: domains._(did).get())
out["after_listed"] = answer(lambda: domains.get())
out["after_own"] = answer(lambda: domains.get(query_params={"exclude_subusers": "true"}))
out["for_sub"] = answer(lambda: domains.post(request_body={
    "domain": "given.example", "username": "customer-7"}))
out["sub_sees"] = answer(lambda: sub.client.whitelabel.domains.get())

sender = {"nickname": "Support", "from_email": "support@example.com",
          "from_name": "Example Support", "reply_to": "support@example.com",
          "address": "1 Main St", "city": "Denver", "country": "USA"}
out["sender"] = answer(lambda: senders.post(request_body=sender))
sid = out["sender"]["body"]["id"]
out["senders"] = answer(lambda: senders.get(query_params={"limit": 10}))
out["resent"] = answer(lambda: senders.resend._(sid).post())
out["sender_removed"] = answer(lambda: senders._(sid).delete())
out["senders_after"] = answer(lambda: senders.get())
out["incomplete"] = answer(lambda: senders.post(request_body={"from_email": "x@example.com"}))
print(json.dumps(out))
"""


def _run_sdk_against_the_simulator(tmp_path: Path) -> dict[str, Any]:
    return run_sdk_against_simulate("sendgrid", SCRIPT, tmp_path, env_prefix="SENDGRID_")


def test_the_official_sendgrid_sdk_works_against_sendfrom_simulate_sendgrid(
    tmp_path: Path,
) -> None:
    seen = _run_sdk_against_the_simulator(tmp_path)

    made = seen["made"]
    assert made["status"] == 201
    domain = made["body"]
    assert (domain["domain"], domain["subdomain"], domain["valid"]) == ("example.com", "em", False)
    assert isinstance(domain["id"], int), "ids are integers on the wire"
    assert set(domain["dns"]) == {"mail_cname", "dkim1", "dkim2"}, "automatic security: CNAMEs"
    assert all(r["type"] == "cname" and r["valid"] is False for r in domain["dns"].values())
    assert domain["dns"]["mail_cname"]["host"] == "em.example.com"
    assert seen["got"] == {"status": 200, "body": domain}
    assert seen["listed"] == {"status": 200, "body": [domain]}, "the list is a bare array"

    validated = seen["validated"]
    assert validated["status"] == 200
    assert validated["body"]["id"] == domain["id"]
    assert validated["body"]["valid"] is False, "no DNS published: validation fails"
    results = validated["body"]["validation_results"]
    assert set(results) == set(domain["dns"])
    assert all(r["valid"] is False and r["reason"] for r in results.values())

    assert seen["sub_listed"] == {"status": 200, "body": []}, "a subuser sees only its own"
    assert seen["sub_made"]["status"] == 201
    assert seen["sub_made"]["body"]["username"] == "customer-7"
    assert seen["removed"] == {"status": 204, "body": None}
    assert seen["missing"]["status"] == 404
    [error] = seen["missing"]["body"]["errors"]
    assert error["message"] == "authenticated domain not found"
    # The parent lists its subusers' domains too, unless exclude_subusers (upstream's parameter)
    assert [d["domain"] for d in seen["after_listed"]["body"]] == ["customer.example"]
    assert seen["after_own"] == {"status": 200, "body": []}, "the subuser's is not the parent's"
    # A domain the parent makes for a subuser (username) is the subuser's to see (upstream)
    assert seen["for_sub"]["body"]["username"] == "customer-7"
    assert sorted(d["domain"] for d in seen["sub_sees"]["body"]) == [
        "customer.example",
        "given.example",
    ]

    sender = seen["sender"]
    assert sender["status"] == 201
    assert sender["body"]["from_email"] == "support@example.com"
    assert sender["body"]["verified"] is False
    assert (sender["body"]["city"], sender["body"]["country"]) == ("Denver", "USA")
    assert seen["senders"] == {"status": 200, "body": {"results": [sender["body"]]}}
    assert seen["resent"] == {"status": 204, "body": None}
    assert seen["sender_removed"] == {"status": 204, "body": None}
    assert seen["senders_after"] == {"status": 200, "body": {"results": []}}

    incomplete = seen["incomplete"]
    assert incomplete["status"] == 400
    fields = {e["field"] for e in incomplete["body"]["errors"]}
    assert {"nickname", "address", "city", "country"} <= fields
    assert all(e["message"] and e["error_id"] for e in incomplete["body"]["errors"])
