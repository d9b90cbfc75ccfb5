"""Conformance against Resend's OWN spec (specs/upstream/resend/resend.yaml), served by Prism.

1. Prism mocks the upstream spec with request validation: every supported unified operation, and
   ``client.call`` on every kept endpoint, must send only requests the provider's own description
   accepts.
2. Prism proxies to the simulator and validates its answers against the same upstream spec: the
   simulator answers as Resend's spec says. Where upstream is silent (it declares no error answers),
   the check runs on the derived spec and names the overlay action that fills the gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import yaml

import sendfrom
from prism_server import Seen, prism_mock, prism_proxy, violations
from sendfrom.capabilities import OPERATIONS
from sendfrom.testing import serve, simulator
from sendfrom_generated.resend.api.domains import (
    domains_create,
    domains_create_claim,
    domains_get,
    domains_get_claim,
    domains_list,
    domains_remove,
    domains_update,
    domains_verify,
    domains_verify_claim,
)
from speclib import SPECS

UPSTREAM = SPECS / "upstream" / "resend" / "resend.yaml"
OVERLAY = SPECS / "overlays" / "resend.yaml"
KEY = "re_conformance_key"
EXAMPLE_ID = "d91cd9bd-1176-453e-8fc1-35364d380206"  # the upstream spec's own example id


@contextmanager
def _client(base_url: str, seen: Seen) -> Iterator[sendfrom.Client]:
    """A Resend client at ``base_url`` whose every answer ``seen`` keeps (the httpx client is
    the test's own, so the test closes it)."""
    with httpx.Client(event_hooks={"response": [seen]}, timeout=30.0) as http:
        yield sendfrom.connect(
            "resend", api_key=KEY, base_url=base_url, http_client=http, max_retries=0
        )


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    with prism_mock(UPSTREAM) as url:
        yield url


def _unified(client: sendfrom.Client) -> dict[str, Any]:
    """Every unified operation Resend supports, once; returns what each gave."""
    results: dict[str, Any] = {
        "domains.create": client.domains.create(
            "example.com", provider_options={"region": "eu-west-1", "custom_return_path": "bounces"}
        ),
        "domains.list": list(client.domains.list(page_size=50)),
        "domains.get": client.domains.get(EXAMPLE_ID),
        "domains.update": client.domains.update(
            EXAMPLE_ID, provider_options={"open_tracking": True, "tls": "enforced"}
        ),
        "domains.verify": client.domains.verify(EXAMPLE_ID),
        "domains.dns_records": client.domains.dns_records(EXAMPLE_ID),
        "domains.find": client.domains.find("example.com"),
        "domains.ensure": client.domains.ensure("example.com"),
    }
    client.domains.delete(EXAMPLE_ID)
    results["domains.delete"] = None
    return results


def test_every_supported_operation_sends_what_resends_own_spec_accepts(mock: str) -> None:
    seen = Seen()
    with _client(mock, seen) as client:
        supported = {op for op in OPERATIONS if client.supports(op)}
        results = _unified(client)
    untried = supported - set(results) - {"domains.wait_until_verified", "domains.check_dns"}
    assert not untried, f"add these to the Prism run: {sorted(untried)}"
    assert seen.answers, "the operations reached Prism"
    assert seen.problems() == []
    assert isinstance(results["domains.get"], sendfrom.EmailDomain)
    assert results["domains.find"] is not None, "the mock's list holds example.com"


CALLS = [
    (domains_create, {"body": {"name": "example.com", "region": "us-east-1"}}),
    (domains_list, {"limit": 10, "after": EXAMPLE_ID}),
    (domains_get, {"domain_id": EXAMPLE_ID}),
    (domains_update, {"domain_id": EXAMPLE_ID, "body": {"click_tracking": False}}),
    (domains_remove, {"domain_id": EXAMPLE_ID}),
    (domains_verify, {"domain_id": EXAMPLE_ID}),
    (domains_create_claim, {"body": {"name": "example.com"}}),
    (domains_get_claim, {"domain_id": EXAMPLE_ID}),
    (domains_verify_claim, {"domain_id": EXAMPLE_ID}),
]


def test_client_call_reaches_every_kept_endpoint_as_the_spec_describes(mock: str) -> None:
    kept = {
        (method.upper(), path)
        for path, item in yaml.safe_load((SPECS / "resend.yaml").read_text())["paths"].items()
        for method in item
    }
    assert {(m.ENDPOINT.method, m.ENDPOINT.path) for m, _ in CALLS} == kept
    seen = Seen()
    with _client(mock, seen) as client:
        for module, params in CALLS:
            assert client.call(module.ENDPOINT, **params) is not None
    assert len(seen.answers) == len(CALLS)
    assert seen.problems() == []


def test_prism_rejects_a_request_the_spec_does_not_allow(mock: str) -> None:
    """The check can fail: a body upstream types otherwise is refused (not by sendfrom's own
    checks, which would stop it first: client.call's body model is bypassed with raw httpx)."""
    answer = httpx.post(
        f"{mock}/domains", json={"name": 5}, headers={"Authorization": f"Bearer {KEY}"}
    )
    assert answer.status_code == 422
    assert "name" in answer.text


def test_the_simulator_answers_as_resends_own_spec_says() -> None:
    sim = simulator("resend")
    seen = Seen()
    with (
        serve(sim) as server,
        prism_proxy(UPSTREAM, server.base_url) as proxy,
        _client(proxy, seen) as client,
    ):
        made = client.domains.create("example.com")
        client.call(domains_create_claim.ENDPOINT, body={"name": "claimed.example"})
        for n in range(3):
            client.domains.create(f"d{n}.example.com")
        assert len(list(client.domains.list(page_size=2))) == 4 + 1  # with the placeholder
        client.domains.update(made.id, provider_options={"open_tracking": True})
        assert client.domains.verify(made.id).status is sendfrom.VerificationStatus.PENDING
        client.domains.dns_records(made.id)
        client.domains.delete(made.id)
        with pytest.raises(sendfrom.NotFoundError):
            client.domains.get(made.id)
    successes = [r for r in seen.answers if r.is_success]
    assert len(successes) >= 10
    assert [f"{r.request.url.path}: {violations(r)}" for r in successes if violations(r)] == []
    # Upstream declares no error answers at all: Prism can only say the 404's status is not in
    # the document. The overlay action "The statuses resend.com/docs/api-reference/introduction
    # and /errors list" declares it (with ErrorResponse), and the derived spec's simulator check
    # (tests/conformance/test_conformance.py) validates the error body against it.
    [missing] = [r for r in seen.answers if r.status_code == 404]
    assert [v["severity"] for v in violations(missing)] == ["Warning"]
    assert "status code" in violations(missing)[0]["message"]
    assert "api-reference/errors" in OVERLAY.read_text()
