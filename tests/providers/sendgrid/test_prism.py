"""Conformance against SendGrid's OWN specs (specs/upstream/sendgrid/), served by Prism.

Twilio publishes the API sendfrom uses as two files: Domain Authentication
(``/v3/whitelabel/...``) and Verified Senders (``/v3/verified_senders...``). Prism serves one
document per process, so each file gets its own Prism and the client's transport routes each
request to the one whose file describes its path: one client, one key, one base URL, as on the
real API.

1. Prism mocks the upstream files with request validation: every supported unified operation, and
   ``client.call`` on every kept endpoint, must send only requests Twilio's own description
   accepts.
2. Prism proxies to the simulator and validates its answers against the same upstream files.
   Where upstream is wrong, the check says which overlay action corrects it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import yaml

import sendfrom
from prism_server import Seen, prism_mock, prism_proxy, violations
from sendfrom.capabilities import OPERATIONS
from sendfrom.testing import serve, simulator
from sendfrom_generated.sendgrid.api.domain_authentication import (
    authenticate_domain,
    delete_authenticated_domain,
    get_authenticated_domain,
    list_authenticated_domain,
    update_authenticated_domain,
    validate_authenticated_domain,
)
from sendfrom_generated.sendgrid.api.sender_verification import (
    create_verified_sender,
    delete_verified_sender,
    list_verified_sender,
    resend_verified_sender,
    update_verified_sender,
)
from speclib import SPECS

UPSTREAM = SPECS / "upstream" / "sendgrid"
DOMAINS = UPSTREAM / "tsg_domain_authentication_v3.yaml"
SENDERS = UPSTREAM / "tsg_verified_senders_v3.yaml"
OVERLAY = SPECS / "overlays" / "sendgrid.yaml"
KEY = "SG.conformance_key"
SENDERS_PREFIX = "/v3/verified_senders"
SENDER_ID = "1234"  # the Verified Senders file's own example id
POSTAL = {"nickname": "Support", "address": "1 Main St", "city": "Denver", "country": "USA"}


class ByFile(httpx.BaseTransport):
    """Sends each request to the Prism serving the upstream file that describes its path."""

    def __init__(self, domains: str, senders: str) -> None:
        self._domains = httpx.URL(domains)
        self._senders = httpx.URL(senders)
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        to = self._senders if request.url.path.startswith(SENDERS_PREFIX) else self._domains
        request.url = request.url.copy_with(host=to.host, port=to.port)
        request.headers["host"] = f"{to.host}:{to.port}"
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@contextmanager
def _client(domains: str, senders: str, seen: Seen, **options: Any) -> Iterator[sendfrom.Client]:
    """A SendGrid client whose requests reach the two Prisms and whose every answer ``seen``
    keeps (the httpx client is the test's own, so the test closes it)."""
    with httpx.Client(
        transport=ByFile(domains, senders), event_hooks={"response": [seen]}, timeout=30.0
    ) as http:
        yield sendfrom.connect(
            "sendgrid",
            api_key=KEY,
            base_url=domains,
            http_client=http,
            max_retries=0,
            **options,
        )


# Operations upstream describes wrongly, with the overlay action (its description's opening)
# that corrects each: on the upstream files they fail (Prism refuses the request, or sendfrom
# refuses the answer: a clear error, never a wrong object); on the derived spec they pass. If
# Twilio fixes one, the first half fails and says the correction can go.
CORRECTED: dict[str, tuple[str, type[sendfrom.SendfromError], Callable[[sendfrom.Client], Any]]] = {
    "domains.update": (
        "Upstream answers a PATCH with the list component",
        sendfrom.ResponseFormatError,
        lambda c: c.domains.update("1", provider_options={"custom_spf": False, "default": False}),
    ),
    "identities.update": (
        "The Verified Senders file gives the PATCH the create's body",
        sendfrom.BadRequestError,
        lambda c: c.identities.update(SENDER_ID, name="Help desk"),
    ),
}


@pytest.fixture(scope="module")
def mocks() -> Iterator[tuple[str, str]]:
    with prism_mock(DOMAINS) as domains, prism_mock(SENDERS) as senders:
        yield domains, senders


@pytest.fixture(scope="module")
def derived_mock() -> Iterator[str]:
    with prism_mock(SPECS / "sendgrid.yaml") as url:
        yield url


def _unified(client: sendfrom.Client) -> dict[str, Any]:
    """Every unified operation SendGrid supports but CORRECTED's, once; what each gave."""
    results: dict[str, Any] = {
        "domains.create": client.domains.create(
            "example.com", provider_options={"subdomain": "em", "automatic_security": True}
        ),
        "domains.list": list(client.domains.list(page_size=50)),
        "domains.get": client.domains.get("1"),
        "domains.verify": client.domains.verify("1"),
        "domains.dns_records": client.domains.dns_records("1"),
        "domains.find": client.domains.find("example.com"),
        "identities.create": client.identities.create(
            "support@example.com", name="Support", provider_options=POSTAL
        ),
        "identities.list": list(client.identities.list(page_size=50)),
        "identities.get": client.identities.get(SENDER_ID),
        "identities.find": client.identities.find("orders@example.com"),
    }
    client.identities.resend_verification(SENDER_ID)
    results["identities.resend_verification"] = None
    client.identities.delete(SENDER_ID)
    results["identities.delete"] = None
    client.domains.delete("1")
    results["domains.delete"] = None
    return results


def test_every_supported_operation_sends_what_sendgrids_own_specs_accept(
    mocks: tuple[str, str],
) -> None:
    seen = Seen()
    with _client(*mocks, seen, on_behalf_of="customer-7") as client:
        supported = {op for op in OPERATIONS if client.supports(op)}
        results = _unified(client)
    untried = supported - set(results) - set(CORRECTED)
    assert not untried, f"add these to the Prism run: {sorted(untried)}"
    ports = {r.request.url.port for r in seen.answers}
    assert ports == {httpx.URL(m).port for m in mocks}, "both files were exercised"
    assert seen.problems() == []
    assert all(r.request.headers["on-behalf-of"] == "customer-7" for r in seen.answers)
    assert isinstance(results["domains.get"], sendfrom.EmailDomain)
    assert isinstance(results["identities.get"], sendfrom.SenderIdentity)
    assert results["identities.find"] is not None, "the mock's list holds orders@example.com"
    assert results["domains.find"] is not None, "the mock's list holds example.com"


@pytest.mark.parametrize("operation", sorted(CORRECTED))
def test_what_upstream_gets_wrong_runs_on_the_derived_spec(
    operation: str, mocks: tuple[str, str], derived_mock: str
) -> None:
    action, refused, run = CORRECTED[operation]
    assert any(
        a.get("description", "").startswith(action)
        for a in yaml.safe_load(OVERLAY.read_text())["actions"]
    ), f"the overlay action {action!r} corrects {operation}"
    with _client(*mocks, Seen()) as client, pytest.raises(refused, match=operation):
        run(client)
    corrected = Seen()
    with _client(derived_mock, derived_mock, corrected) as client:
        assert run(client) is not None
    assert corrected.answers
    assert corrected.problems() == []


CALLS: list[tuple[Any, dict[str, Any]]] = [
    (list_authenticated_domain, {"limit": 10, "offset": 0, "domain": "example.com"}),
    (authenticate_domain, {"body": {"domain": "example.com", "automatic_security": True}}),
    (get_authenticated_domain, {"domain_id": "1"}),
    (update_authenticated_domain, {"domain_id": "1", "body": {"custom_spf": True}}),
    (delete_authenticated_domain, {"domain_id": "1"}),
    (validate_authenticated_domain, {"id": "1"}),
    (list_verified_sender, {"limit": 10, "last_seen_id": 1, "id": 1234}),
    (
        create_verified_sender,
        {
            "body": {
                "from_email": "orders@example.com",
                "reply_to": "orders@example.com",
                **POSTAL,
            }
        },
    ),
    (update_verified_sender, {"id": "1234", "body": {"nickname": "Orders"}}),
    (delete_verified_sender, {"id": "1234"}),
    (resend_verified_sender, {"id": "1234"}),
]
# client.call on what the upstream files describe wrongly goes to the derived spec (CORRECTED).
CALLS_CORRECTED = {update_authenticated_domain, update_verified_sender}


def test_client_call_reaches_every_kept_endpoint_as_the_specs_describe(
    mocks: tuple[str, str], derived_mock: str
) -> None:
    kept = {
        (method.upper(), path)
        for path, item in yaml.safe_load((SPECS / "sendgrid.yaml").read_text())["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert {(m.ENDPOINT.method, m.ENDPOINT.path) for m, _ in CALLS} == kept
    seen = Seen()
    with (
        _client(*mocks, seen) as upstream,
        _client(derived_mock, derived_mock, seen) as derived,
    ):
        for module, params in CALLS:
            client = derived if module in CALLS_CORRECTED else upstream
            client.call(module.ENDPOINT, **params)
    assert len(seen.answers) == len(CALLS)
    assert seen.problems() == []


def test_prism_rejects_a_request_the_specs_do_not_allow(mocks: tuple[str, str]) -> None:
    """The check can fail, on either file: bodies upstream types otherwise are refused (sent with
    raw httpx, since sendfrom's own checks would stop them first)."""
    domains, senders = mocks
    auth = {"Authorization": f"Bearer {KEY}"}
    answer = httpx.post(f"{domains}/v3/whitelabel/domains", json={"domain": 5}, headers=auth)
    assert answer.status_code in (400, 422), answer.text
    answer = httpx.post(f"{senders}/v3/verified_senders", json={"nickname": 5}, headers=auth)
    assert answer.status_code in (400, 422), answer.text


def test_the_simulator_answers_as_sendgrids_own_specs_say() -> None:
    sim = simulator("sendgrid")
    seen = Seen()
    with (
        serve(sim) as server,
        prism_proxy(DOMAINS, server.base_url) as domains,
        prism_proxy(SENDERS, server.base_url) as senders,
        _client(domains, senders, seen) as client,
    ):
        made = client.domains.create("example.com")
        for n in range(3):
            client.domains.create(f"d{n}.example.com")
        assert len(list(client.domains.list(page_size=2))) == 4
        assert client.domains.verify(made.id).status is sendfrom.VerificationStatus.PENDING
        client.domains.dns_records(made.id)
        sender = client.identities.create(
            "support@example.com", name="Support", provider_options=POSTAL
        )
        for n in range(3):
            client.identities.create(f"s{n}@example.com", provider_options=POSTAL)
        assert len(list(client.identities.list(page_size=2))) == 4
        client.identities.get(sender.id)
        client.identities.resend_verification(sender.id)
        client.identities.delete(sender.id)
        client.domains.delete(made.id)
        with pytest.raises(sendfrom.NotFoundError):
            client.domains.get(made.id)
    successes = [r for r in seen.answers if r.is_success]
    assert len(successes) >= 16
    assert {r.request.url.port for r in successes} == {
        httpx.URL(domains).port,
        httpx.URL(senders).port,
    }
    assert [f"{r.request.url.path}: {violations(r)}" for r in successes if violations(r)] == []
    # The Domain Authentication file declares no error answers: Prism can only say the 404's
    # status is not in the document. The overlay action "The Domain Authentication file declares
    # no error answers" declares them, and the derived spec's simulator check
    # (tests/conformance/test_conformance.py) validates the error body against it.
    [missing] = [r for r in seen.answers if r.status_code == 404]
    assert [v["severity"] for v in violations(missing)] == ["Warning"]
    assert "status code" in violations(missing)[0]["message"]
    assert "The Domain Authentication file declares no error answers" in OVERLAY.read_text()
