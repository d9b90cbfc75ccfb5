"""The official ``postmarker`` client (PyPI), ``PostmarkClient(server_token=..., account_token=...,
root_api_url=...)`` pointed at ``sendfrom simulate postmark``: it gets the answers the real API
would give for domains (create, get, list, edit, the DKIM and return-path checks, delete) and
sender signatures (create, get, list, edit, resend, delete), errors included. postmarker's
authors recorded its cassettes against the real API (specs/evidence/postmark/recorded/), so it
holds the simulator to Postmark's own behaviour, beside sendfrom's reading of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from providers.sdk_against_simulate import run_sdk_against_simulate

SCRIPT = """
import json, sys
from postmarker.core import PostmarkClient
from postmarker.exceptions import ClientError

pm = PostmarkClient(server_token="server-token", account_token="account-token",
                    root_api_url=sys.argv[1])
anonymous = PostmarkClient(server_token="server-token", root_api_url=sys.argv[1])

def answer(call):
    try:
        value = call()
    except ClientError as error:
        return {"error": error.error_code, "message": str(error)}
    return value._data if hasattr(value, "_data") else value

out = {}
made = pm.domains.create("example.com")
out["made"] = answer(lambda: made)
did = made.ID
out["got"] = answer(lambda: pm.domains.get(did))
out["listed"] = [d._data for d in pm.domains.all(count=10)]
out["edited"] = answer(lambda: pm.domains.edit(did, ReturnPathDomain="bounces.example.com"))
out["dkim"] = answer(lambda: pm.domains.verifydkim(did))
out["return_path"] = answer(lambda: pm.domains.verifyreturnpath(did))
out["twice"] = answer(lambda: pm.domains.create("example.com"))
out["removed"] = answer(lambda: pm.domains.delete(did))
out["missing"] = answer(lambda: pm.domains.get(did))
out["no_token"] = answer(lambda: anonymous.domains.all())

signature = pm.senders.create("billing@example.com", "Billing")
out["signature"] = answer(lambda: signature)
sid = signature.ID
out["signature_got"] = answer(lambda: pm.senders.get(sid))
out["signatures"] = [s._data for s in pm.senders.all()]
out["signature_edited"] = answer(lambda: pm.senders.edit(sid, "Billing desk",
                                                         ReplyToEmail="help@example.com"))
out["resent"] = answer(lambda: pm.senders.resend(sid))
out["duplicate"] = answer(lambda: pm.senders.create("billing@example.com", "Again"))
out["public"] = answer(lambda: pm.senders.create("someone@gmail.com", "Someone"))
out["signature_removed"] = answer(lambda: pm.senders.delete(sid))
out["signature_missing"] = answer(lambda: pm.senders.get(sid))
print(json.dumps(out))
"""


def _run_postmarker_against_the_simulator(tmp_path: Path) -> dict[str, Any]:
    return run_sdk_against_simulate("postmark", SCRIPT, tmp_path, env_prefix="POSTMARK_")


def test_postmarker_works_against_sendfrom_simulate_postmark(tmp_path: Path) -> None:
    seen = _run_postmarker_against_the_simulator(tmp_path)

    made = seen["made"]
    assert isinstance(made["ID"], int), "ids are integers on the wire"
    assert made["Name"] == "example.com"
    assert (made["DKIMVerified"], made["ReturnPathDomainVerified"]) == (False, False)
    # as the recorded create: the first DKIM key pending, the current pair empty
    assert made["DKIMPendingHost"].endswith("pm._domainkey.example.com")
    assert made["DKIMPendingTextValue"].startswith("k=rsa; p=")
    assert (made["DKIMHost"], made["DKIMTextValue"]) == ("", "")
    assert made["ReturnPathDomainCNAMEValue"] == "pm.mtasv.net"
    assert seen["got"] == made
    listed = {k: made[k] for k in seen["listed"][0]}
    assert seen["listed"] == [listed], "the list's short form of the domain"
    assert set(listed) == {"ID", "Name", "SPFVerified", "DKIMVerified", "WeakDKIM",
                           "ReturnPathDomainVerified"}  # fmt: skip
    assert seen["edited"]["ReturnPathDomain"] == "bounces.example.com"
    assert seen["edited"]["ReturnPathDomainVerified"] is False
    for check in ("dkim", "return_path"):  # no DNS published: still not verified
        assert seen[check]["ID"] == made["ID"]
        assert seen[check]["DKIMVerified"] is False
    assert seen["twice"]["error"] == 512
    assert seen["removed"] == "Domain example.com removed."
    assert seen["missing"]["error"] == 510
    assert seen["no_token"]["error"] == 10, "no account token: 401 with ErrorCode 10"

    signature = seen["signature"]
    assert isinstance(signature["ID"], int)
    assert (signature["EmailAddress"], signature["Name"]) == ("billing@example.com", "Billing")
    assert (signature["Domain"], signature["Confirmed"]) == ("example.com", False)
    assert signature["ReplyToEmailAddress"] == "", "none, as Postmark writes it"
    assert seen["signature_got"] == signature
    assert seen["signatures"] == [{k: signature[k] for k in seen["signatures"][0]}]
    edited = seen["signature_edited"]
    assert (edited["Name"], edited["ReplyToEmailAddress"]) == ("Billing desk", "help@example.com")
    assert seen["resent"] == (
        "Confirmation email for Sender Signature billing@example.com was re-sent."
    )
    assert seen["duplicate"]["error"] == 504
    assert "already exists" in seen["duplicate"]["message"]
    assert seen["public"]["error"] == 503
    assert seen["signature_removed"] == "Signature billing@example.com removed."
    assert seen["signature_missing"]["error"] == 501
