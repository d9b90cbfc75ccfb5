"""Conformance against Postmark's OWN spec (specs/upstream/postmark/swagger.yaml), served by Prism.

Postmark publishes Swagger 2.0; Prism is given the file as ``make generate`` converts it
(``codegen.swagger.converted_30``: the pinned swagger2openapi, before sendfrom's overlay), written
to a temporary file.

1. Prism mocks the converted upstream spec with request validation: every supported unified
   operation, and ``client.call`` on every kept endpoint, must send only requests Postmark's own
   description accepts. The two verify requests go where the recordings show (camel case), which
   upstream does not describe: they run on the derived spec, and the test names the overlay action.
2. Prism proxies to the simulator and validates its answers against the converted upstream spec.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import sendfrom
from prism_server import Seen, prism_mock, prism_proxy, violations
from sendfrom.capabilities import OPERATIONS
from sendfrom.testing import serve, simulator
from sendfrom_generated.postmark.api.domains_api import (
    create_domain,
    delete_domain,
    edit_domain,
    get_domain,
    list_domains,
    request_dkim_verification_for_domain,
    request_return_path_verification_for_domain,
    request_spf_verification_for_domain,
    rotate_dkim_key_for_domain,
)
from sendfrom_generated.postmark.api.sender_signatures_api import (
    create_sender_signature,
    delete_sender_signature,
    edit_sender_signature,
    get_sender_signature,
    list_sender_signatures,
    request_new_dkim_key_for_sender_signature,
    request_spf_verification_for_sender_signature,
    resend_sender_signature_confirmation_email,
)
from speclib import ROOT, SPECS

sys.path.insert(0, str(ROOT / "scripts"))
from codegen.swagger import SWAGGER2OPENAPI, converted_30

UPSTREAM = SPECS / "upstream" / "postmark" / "swagger.yaml"
OVERLAY = SPECS / "overlays" / "postmark.yaml"
KEY = "postmark-conformance-token"
VERIFY_PATHS = "The spec writes verifydkim and verifyreturnpath"
"""The opening of the overlay action that moves the verify operations to the recorded paths."""
EMPTY_REPLY_TO = "A signature without a reply-to address answers ReplyToEmailAddress"


def _overlay_says(opening: str) -> bool:
    actions = yaml.safe_load(OVERLAY.read_text())["actions"]
    return any(a.get("description", "").startswith(opening) for a in actions)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The upstream file as ``make generate`` converts it, before the overlay."""
    if not SWAGGER2OPENAPI.exists():
        pytest.skip("swagger2openapi is not installed (`make node` runs npm ci)")
    path = tmp_path_factory.mktemp("postmark") / "postmark-upstream-converted.json"
    path.write_text(json.dumps(converted_30(UPSTREAM)))
    return path


@pytest.fixture(scope="module")
def mock(converted: Path) -> Iterator[str]:
    with prism_mock(converted) as url:
        yield url


@pytest.fixture(scope="module")
def derived_mock() -> Iterator[str]:
    with prism_mock(SPECS / "postmark.yaml") as url:
        yield url


@contextmanager
def _client(base_url: str, seen: Seen) -> Iterator[sendfrom.Client]:
    """A Postmark client at ``base_url`` whose every answer ``seen`` keeps."""
    with httpx.Client(event_hooks={"response": [seen]}, timeout=30.0) as http:
        yield sendfrom.connect(
            "postmark", api_key=KEY, base_url=base_url, http_client=http, max_retries=0
        )


def _unified(client: sendfrom.Client) -> dict[str, Any]:
    """Every unified operation Postmark supports but ``domains.verify``, once; what each gave."""
    results: dict[str, Any] = {
        "domains.create": client.domains.create(
            "example.com", provider_options={"ReturnPathDomain": "pm-bounces.example.com"}
        ),
        "domains.list": list(client.domains.list(page_size=50)),
        "domains.get": client.domains.get("1"),
        "domains.update": client.domains.update(
            "1", provider_options={"ReturnPathDomain": "pm.example.com"}
        ),
        "domains.dns_records": client.domains.dns_records("1"),
        "domains.find": client.domains.find("example.com"),
        "identities.create": client.identities.create(
            "billing@example.com", name="Billing", reply_to_email="help@example.com"
        ),
        "identities.list": list(client.identities.list(page_size=50)),
        "identities.get": client.identities.get("1"),
        "identities.update": client.identities.update(
            "1", name="Billing desk", reply_to_email="desk@example.com"
        ),
        "identities.find": client.identities.find("billing@example.com"),
    }
    client.identities.resend_verification("1")
    results["identities.resend_verification"] = None
    client.identities.delete("1")
    results["identities.delete"] = None
    client.domains.delete("1")
    results["domains.delete"] = None
    return results


def test_every_supported_operation_sends_what_postmarks_own_spec_accepts(mock: str) -> None:
    seen = Seen()
    with _client(mock, seen) as client:
        supported = {op for op in OPERATIONS if client.supports(op)}
        results = _unified(client)
    untried = supported - set(results) - {"domains.verify"}
    untried -= {"domains.wait_until_verified", "domains.check_dns"}
    untried -= {"identities.wait_until_verified"}
    assert not untried, f"add these to the Prism run: {sorted(untried)}"
    assert seen.answers, "the operations reached Prism"
    assert seen.problems() == []
    assert all(r.request.headers["X-Postmark-Account-Token"] == KEY for r in seen.answers)
    assert isinstance(results["domains.get"], sendfrom.EmailDomain)
    assert isinstance(results["identities.get"], sendfrom.SenderIdentity)


def test_verify_runs_on_the_recorded_paths_which_upstream_does_not_describe(
    mock: str, derived_mock: str
) -> None:
    assert _overlay_says(VERIFY_PATHS), "the overlay action that moves the verify paths"
    upstream = Seen()
    with _client(mock, upstream) as client, pytest.raises(sendfrom.APIStatusError):
        client.domains.verify("1")
    [refused] = upstream.answers
    assert refused.request.url.path == "/domains/1/verifyDkim"
    assert refused.status_code == 404, "upstream has no such route (it writes verifydkim)"
    derived = Seen()
    with _client(derived_mock, derived) as client:
        assert isinstance(client.domains.verify("1"), sendfrom.EmailDomain)
    assert [r.request.url.path for r in derived.answers] == [
        "/domains/1/verifyDkim",
        "/domains/1/verifyReturnPath",
    ]
    assert derived.problems() == []


CALLS: list[tuple[Any, dict[str, Any]]] = [
    (list_domains, {"count": 10, "offset": 0}),
    (create_domain, {"body": {"Name": "example.com", "ReturnPathDomain": "pm.example.com"}}),
    (get_domain, {"domainid": "1"}),
    (edit_domain, {"domainid": "1", "body": {"ReturnPathDomain": "pm.example.com"}}),
    (delete_domain, {"domainid": "1"}),
    (request_spf_verification_for_domain, {"domainid": "1"}),
    (rotate_dkim_key_for_domain, {"domainid": "1"}),
    (request_dkim_verification_for_domain, {"domainid": "1"}),
    (request_return_path_verification_for_domain, {"domainid": "1"}),
    (list_sender_signatures, {"count": 10, "offset": 0}),
    (create_sender_signature, {"body": {"FromEmail": "a@example.com", "Name": "A"}}),
    (get_sender_signature, {"signatureid": "1"}),
    (edit_sender_signature, {"signatureid": "1", "body": {"Name": "B"}}),
    (delete_sender_signature, {"signatureid": "1"}),
    (resend_sender_signature_confirmation_email, {"signatureid": "1"}),
    (request_spf_verification_for_sender_signature, {"signatureid": "1"}),
    (request_new_dkim_key_for_sender_signature, {"signatureid": "1"}),
]
# client.call on the recorded verify paths goes to the derived spec (see the test above).
ON_THE_DERIVED_SPEC = {
    request_dkim_verification_for_domain,
    request_return_path_verification_for_domain,
}


def test_client_call_reaches_every_kept_endpoint_as_the_specs_describe(
    mock: str, derived_mock: str
) -> None:
    kept = {
        (method.upper(), path)
        for path, item in yaml.safe_load((SPECS / "postmark.yaml").read_text())["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert {(m.ENDPOINT.method, m.ENDPOINT.path) for m, _ in CALLS} == kept
    seen = Seen()
    with _client(mock, seen) as upstream, _client(derived_mock, seen) as derived:
        for module, params in CALLS:
            client = derived if module in ON_THE_DERIVED_SPEC else upstream
            client.call(module.ENDPOINT, **params)
    assert len(seen.answers) == len(CALLS)
    assert seen.problems() == []


def test_prism_rejects_a_request_the_spec_does_not_allow(mock: str) -> None:
    """The check can fail: a body upstream types otherwise, and a request without the token,
    are refused (sent with raw httpx: sendfrom's own checks would stop them first)."""
    token = {"X-Postmark-Account-Token": KEY}
    answer = httpx.post(f"{mock}/domains", json={"Name": 5}, headers=token)
    # Prism answers with the spec's own 422 (Postmark's error body) and says why in a header
    assert answer.status_code == 422, answer.text
    assert any("Name" in json.dumps(v) for v in violations(answer)), answer.headers
    answer = httpx.get(f"{mock}/domains", params={"count": 10, "offset": 0})
    assert answer.status_code in (400, 401, 422), answer.text
    answer = httpx.get(f"{mock}/domains", params={"count": 501, "offset": 0}, headers=token)
    assert answer.status_code == 422, "count is 1..500"


def test_the_simulator_answers_as_postmarks_own_spec_says(converted: Path) -> None:
    sim = simulator("postmark")
    seen = Seen()
    with (
        serve(sim) as server,
        prism_proxy(converted, server.base_url) as proxy,
        _client(proxy, seen) as client,
    ):
        made = client.domains.create("example.com")
        for n in range(3):
            client.domains.create(f"d{n}.example.com")
        assert len(list(client.domains.list(page_size=2))) == 4
        client.domains.update(made.id, provider_options={"ReturnPathDomain": "pm.example.com"})
        sim.mark_domain(made.id, "verified")
        assert client.domains.get(made.id).status is sendfrom.VerificationStatus.VERIFIED
        client.domains.dns_records(made.id)
        signature = client.identities.create(
            "billing@example.com", name="Billing", reply_to_email="help@example.com"
        )
        for n in range(3):
            client.identities.create(f"s{n}@example.com", name="S", reply_to_email="r@example.com")
        assert len(list(client.identities.list(page_size=2))) == 4
        client.identities.get(signature.id)
        client.identities.update(signature.id, name="Billing desk")
        client.identities.resend_verification(signature.id)
        client.identities.delete(signature.id)
        client.domains.delete(made.id)
        with pytest.raises(sendfrom.NotFoundError):
            client.domains.get(made.id)
    successes = [r for r in seen.answers if r.is_success]
    assert len(successes) >= 18
    assert [f"{r.request.url.path}: {violations(r)}" for r in successes if violations(r)] == []
    # Every signature above has a reply-to: upstream types ReplyToEmailAddress as an email
    # address, while Postmark (recorded) and the simulator answer "" for none, which Prism with
    # --errors would refuse. The overlay action EMPTY_REPLY_TO drops the format, and the derived
    # spec's simulator check (tests/conformance/test_conformance.py) covers a signature without.
    assert _overlay_says(EMPTY_REPLY_TO)
    # Postmark's "not found" is a 422 with its body, which upstream declares: no violation.
    [missing] = [r for r in seen.answers if r.status_code == 422]
    assert violations(missing) == []
    assert missing.json()["ErrorCode"] == 510
