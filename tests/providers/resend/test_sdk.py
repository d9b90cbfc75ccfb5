"""The official ``resend`` SDK (PyPI) pointed at ``sendfrom simulate resend`` with
``RESEND_API_URL``: it gets the answers the real API would give, for domains create, get, list,
update, verify and remove. The SDK is Resend's own reading of its API, so this holds the simulator
to more than sendfrom's adapter."""

from __future__ import annotations

from pathlib import Path

from providers.sdk_against_simulate import run_sdk_against_simulate

SCRIPT = """
import json, resend
made = resend.Domains.create({"name": "example.com", "region": "eu-west-1"})
got = resend.Domains.get(domain_id=made["id"])
listed = resend.Domains.list()
updated = resend.Domains.update({"id": made["id"], "open_tracking": True})
verified = resend.Domains.verify(domain_id=made["id"])
after = resend.Domains.get(domain_id=made["id"])
removed = resend.Domains.remove(domain_id=made["id"])
try:
    resend.Domains.get(domain_id=made["id"])
    missing = None
except resend.exceptions.ResendError as error:
    missing = {"code": error.code, "type": error.error_type, "message": error.message}
def error_of(call):
    try:
        call()
    except resend.exceptions.ResendError as error:
        return {"code": error.code, "type": error.error_type}
taken = error_of(lambda: resend.Domains.create({"name": "taken.example"}))  # the first: fine
taken = error_of(lambda: resend.Domains.create({"name": "taken.example"}))
tracked = resend.Domains.create({"name": "tracked.example", "open_tracking": True,
                                 "tracking_subdomain": "links"})
resend.api_key = "re_wrong_key"
wrong_key = error_of(resend.Domains.list)
# The SDK adds the answer's http_headers to each result: not part of the API's body.
strip = lambda d: {k: v for k, v in d.items() if k != "http_headers"} if isinstance(d, dict) else d
made, got, listed, updated, verified, after, removed = map(
    strip, (made, got, listed, updated, verified, after, removed))
print(json.dumps({"made": made, "got": got, "listed": listed, "updated": updated,
                  "verified": verified, "after": after, "removed": removed, "missing": missing,
                  "taken": taken, "tracked": [[r["record"], r["type"], r["name"], r["value"]]
                                              for r in tracked["records"]],
                  "wrong_key": wrong_key}))
"""


def test_the_official_resend_sdk_works_against_sendfrom_simulate_resend(tmp_path: Path) -> None:
    seen = run_sdk_against_simulate(
        "resend",
        SCRIPT,
        tmp_path,
        env_prefix="RESEND_",
        sdk_env=lambda url: {"RESEND_API_URL": url, "RESEND_API_KEY": "re_sdk_test_key"},
        simulate_args=("--api-key", "re_sdk_test_key"),
    )

    made = seen["made"]
    assert made["name"] == "example.com"
    assert made["status"] == "not_started"
    assert made["region"] == "eu-west-1"
    assert {r["record"] for r in made["records"]} == {"SPF", "DKIM"}
    assert seen["got"]["object"] == "domain"
    assert seen["got"]["id"] == made["id"]
    assert seen["listed"]["object"] == "list"
    assert seen["listed"]["has_more"] is False
    assert [d["id"] for d in seen["listed"]["data"]] == [made["id"]]
    assert seen["updated"] == {"id": made["id"], "object": "domain"}
    assert seen["verified"] == {"object": "domain", "id": made["id"]}
    assert seen["after"]["open_tracking"] is True
    assert seen["after"]["status"] == "pending", "verify starts Resend's asynchronous check"
    assert seen["removed"] == {"object": "domain", "id": made["id"], "deleted": True}
    assert seen["missing"] == {"code": 404, "type": "not_found", "message": "Domain not found"}
    # A name taken is Resend's 403 validation_error (not a key's fault); a wrong key its 403
    # invalid_api_key (resend.com/docs, errors): the SDK raises the same errors as on the real API.
    assert seen["taken"] == {"code": 403, "type": "validation_error"}
    assert seen["wrong_key"] == {"code": 403, "type": "invalid_api_key"}
    # Tracking on: a Tracking CNAME and a TrackingCAA, as the SDK's own fixture shows them.
    assert ["Tracking", "CNAME", "links.tracked.example", "links1.resend-dns.com"] in seen[
        "tracked"
    ]
    assert ["TrackingCAA", "CAA", "", '0 issue "amazon.com"'] in seen["tracked"]
