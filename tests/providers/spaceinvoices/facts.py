"""What the shared suites need to know about Space Invoices (see tests/provider_facts.py)."""

from __future__ import annotations

from typing import Any

from fakes import Fake, json_response
from provider_facts import (
    BadInput,
    BadOption,
    DocExample,
    Double,
    Fuzzing,
    ProviderFacts,
    SpecCalls,
    WrongType,
)
from sendfrom import RateLimit, errors
from speclib import load_payload

# ---- the double: one account-level address


def build_double() -> Fake:
    fake = Fake()
    address = {
        **load_payload("spaceinvoices", "docs_emailaddress_object.json"),
        "id": "addr-1",
        "email": "billing@example.com",
        "emailVerificationStatus": "Pending",
        "domainVerificationStatus": "Pending",
        "tokens": ["tok1", "tok2", "tok3"],
    }
    fake.route("GET", "/v1/email-address", lambda _: json_response(200, address))
    fake.route("POST", "/v1/email-address", lambda _: json_response(200, {}))  # as documented
    fake.route("DELETE", "/v1/email-address", lambda _: json_response(200, {"count": 1}))
    fake.route(
        "GET",
        "/v1/email-address/status",
        lambda _: json_response(
            200, {"emailVerificationStatus": "Success", "domainVerificationStatus": "Success"}
        ),
    )
    fake.route(
        "POST",
        "/v1/email-address/resend-verification",
        lambda _: json_response(200, {"success": True}),
    )
    return fake


def _seed_calls(sim: Any, client: Any) -> dict[str, Any]:
    client.identities.create("a@example.com")  # the organization's address
    with sim.connect() as account:
        account.identities.create("b@example.com")  # the account's own
    return {}


def _seed_fuzzing(sim: Any) -> dict[str, str]:
    with sim.connect() as client:
        client.identities.create("a@example.com")
    with sim.connect(organization_id="o1") as client:
        client.identities.create("b@example.com")
    return {"id": "o1"}


SI = "https://api.spaceinvoices.com/v1"

FACTS = ProviderFacts(
    name="spaceinvoices",
    one_address=True,
    auth=("Authorization", ""),
    conflict_status=422,
    list_404_is_empty=True,
    documented_rate_limit=RateLimit(100, per=1.0),
    # its verify reads the address, then its status: a success makes one request more
    fault_read=("domains.verify", ("example.com",)),
    fault_read_follow_up=1,
    # It requires nothing of an address: an object without `email` means "no address"
    # (specs/README.md).
    incomplete_answer={"id": "only-an-id"},
    incomplete_answer_error=errors.NotFoundError,
    unauthenticated_path="/email-address",
    double=Double(
        build=build_double,
        ids={"identity": "addr-1", "domain": "example.com"},
        create_identity={"email": "billing@example.com"},
        identities_listed=1,
    ),
    bad_input=BadInput(
        bounded_requests=frozenset({"EmailAddressCreateRequest"}),
        wrong_types=(
            WrongType("identities.create", lambda c: c.identities.create(email=None), "email"),
            WrongType("identities.get", lambda c: c.identities.get(1), "identity_id"),
        ),
        bad_options=(
            BadOption(
                lambda c: c.identities.create(email="a@example.com", provider_options={"email": 5}),
                "provider_options",
            ),
        ),
        full_arguments={"identities.create": {"email": "a@example.com"}},
    ),
    spec_calls=SpecCalls(
        settings={"organization_id": "o1"},
        seed=_seed_calls,
        bodies={
            "create_email_address": lambda _: {"email": "c@example.com"},
            "create_organization_email_address": lambda _: {"email": "c@example.com"},
            "resend_email_address_verification": lambda _: {},
            "resend_organization_email_address_verification": lambda _: {},
        },
        unseeded=frozenset({"create_email_address", "create_organization_email_address"}),
    ),
    fuzzing=Fuzzing(
        seed=_seed_fuzzing,
        bodies={"create_organization_email_address": lambda _: {"email": "c@example.com"}},
    ),
    doc_examples=(
        DocExample("docs_emailaddress_object.json", "GET", f"{SI}/email-address", "response"),
        DocExample(
            "docs_emailaddress_object.json",
            "GET",
            f"{SI}/organizations/o1/email-address",
            "response",
        ),
        DocExample("docs_emailaddress_object.json", "POST", f"{SI}/email-address", "response"),
        DocExample(
            "docs_create_emailaddress_request.json", "POST", f"{SI}/email-address", "request"
        ),
        DocExample(
            "docs_create_emailaddress_request.json",
            "POST",
            f"{SI}/organizations/o1/email-address",
            "request",
        ),
    ),
    # The soft-delete marker is a generic LoopBack object the docs never tie to EmailAddress.
    payloads_checked_elsewhere=frozenset({"docs_soft_deleted_model_object.json"}),
)
