"""The specs are valid OpenAPI 3.1, documented, and agree with every recorded and documented
payload.

A payload that disagrees with its spec is a spec bug: fix the spec, never skip the payload.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from sendfrom.providers import PROVIDERS
from speclib import (
    PROVIDERS_DIR,
    SPECS,
    find_operation,
    load_payload,
    load_spec,
    operations,
    request_pointer,
    response_pointer,
    validation_errors,
)

ALL_OPERATIONS = [op for provider in PROVIDERS for op in operations(provider)]


def _success_status(provider: str, method: str, url: str) -> int:
    """The one 2xx status the spec declares for an operation (for undocumented status codes)."""
    op = find_operation(provider, method, url)
    codes = sorted(int(c) for c in op.body["responses"] if c.isdigit() and c.startswith("2"))
    return codes[0]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_spec_is_valid_openapi_31(provider: str) -> None:
    spec = load_spec(provider)
    assert spec["openapi"].startswith("3.1")
    validate(spec)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: f"{op.provider}.{op.operation_id}")
def test_operation_is_named_tagged_and_sourced(op: Any) -> None:
    body = op.body
    assert re.fullmatch(r"[a-z][a-z0-9_]*", body["operationId"]), "operationId is snake_case"
    assert len(body.get("tags", [])) == 1, "exactly one tag"
    assert body.get("x-provenance") in {"documented", "recorded", "inferred"}
    assert body.get("x-source"), "x-source names where the operation comes from"


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=lambda op: f"{op.provider}.{op.operation_id}")
def test_specs_readme_has_a_row_per_operation(op: Any) -> None:
    readme = (SPECS / "README.md").read_text()
    rows = [line for line in readme.splitlines() if f"`{op.operation_id}`" in line]
    assert any(op.body["x-provenance"] in row for row in rows), (
        f"specs/README.md has no row for {op.provider} {op.operation_id} "
        f"with provenance {op.body['x-provenance']}"
    )


@pytest.mark.parametrize("provider", PROVIDERS)
def test_operation_ids_are_unique(provider: str) -> None:
    ids = [op.operation_id for op in operations(provider)]
    assert len(ids) == len(set(ids))


# ---- MailerSend: every recorded exchange in specs/evidence/mailersend/_index.json

MAILERSEND_INDEX = json.loads((PROVIDERS_DIR / "mailersend" / "_index.json").read_text())


def _index_id(entry: dict[str, Any]) -> str:
    if entry["file"] is None:  # a recorded exchange with no body (204)
        return f"{entry['method']}-{entry['url'].split(' ')[0]}-{entry['status']}"
    return str(entry["file"]).removesuffix(".json")


# The general_* recordings come from endpoints outside sendfrom's scope (suppressions, inbound):
# they are held against the error schemas only, below.
MAILERSEND_IN_SCOPE = [
    e for e in MAILERSEND_INDEX if not (e["file"] or "").startswith("py_general_")
]


@pytest.mark.parametrize("entry", MAILERSEND_IN_SCOPE, ids=_index_id)
def test_mailersend_recording_matches_spec(entry: dict[str, Any]) -> None:
    op = find_operation("mailersend", entry["method"], entry["url"].split(" ")[0])
    pointer = response_pointer(op, int(entry["status"]))
    if entry["file"] is None:
        assert pointer is None, f"{op.operation_id} {entry['status']} was recorded with no body"
        return
    assert pointer is not None, f"{op.operation_id} {entry['status']} declares no JSON body"
    payload = load_payload("mailersend", entry["file"])
    assert validation_errors("mailersend", pointer, payload) == []
    if entry.get("request_body"):
        assert validation_errors("mailersend", request_pointer(op), entry["request_body"]) == []


@pytest.mark.parametrize(
    ("file", "schema"),
    [
        ("py_general_422_multiple_errors.json", "ValidationErrorBody"),
        ("py_general_422_with_ms_code.json", "ValidationErrorBody"),
        ("py_general_429_create_throttle.json", "ErrorBody"),
    ],
)
def test_mailersend_general_error_bodies_match_error_schemas(file: str, schema: str) -> None:
    payload = load_payload("mailersend", file)
    assert validation_errors("mailersend", f"/components/schemas/{schema}", payload) == []


def test_every_mailersend_payload_is_checked() -> None:
    indexed = {e["file"] for e in MAILERSEND_INDEX if e["file"]}
    documented = {f for p, f, *_ in DOC_EXAMPLES if p == "mailersend"}
    on_disk = {p.name for p in (PROVIDERS_DIR / "mailersend").glob("*.json")} - {"_index.json"}
    assert on_disk == indexed | documented


# ---- Invent, Vortex, Space Invoices: every documentation example

INV = "https://api.useinvent.com/orgs/c"
VTX = "https://api.vortexsoftware.com/api/v1/accounts/acc"
SI = "https://api.spaceinvoices.com/v1"
RS = "https://api.resend.com"
SG = "https://api.sendgrid.com/v3"

MS = "https://api.mailersend.com/v1"

# (provider, file, method, url, "request" or "response")
DOC_EXAMPLES = [
    ("mailersend", "docs_identities_list_200.json", "GET", f"{MS}/identities", "response"),
    ("mailersend", "docs_identities_get_200.json", "GET", f"{MS}/identities/i1", "response"),
    ("mailersend", "docs_api_quota_200.json", "GET", f"{MS}/api-quota", "response"),
    ("invent", "docs_get_email_identities_200.json", "GET", f"{INV}/emails/identities", "response"),
    (
        "invent",
        "docs_get_email_identities_200_orgs-emails_page_variant.json",
        "GET",
        f"{INV}/emails/identities",
        "response",
    ),
    (
        "invent",
        "docs_update_email_identity_request.json",
        "PATCH",
        f"{INV}/emails/identities/i1",
        "request",
    ),
    (
        "invent",
        "docs_update_email_identity_200.json",
        "PATCH",
        f"{INV}/emails/identities/i1",
        "response",
    ),
    ("invent", "docs_add_email_domain_request.json", "POST", f"{INV}/emails/domains", "request"),
    ("invent", "docs_add_email_domain_200.json", "POST", f"{INV}/emails/domains", "response"),
    ("invent", "docs_get_contacts_200.json", "GET", f"{INV}/contacts", "response"),
    ("invent", "docs_create_contact_request.json", "POST", f"{INV}/contacts", "request"),
    ("invent", "docs_create_contact_response.json", "POST", f"{INV}/contacts", "response"),
    ("invent", "docs_update_contact_request.json", "PATCH", f"{INV}/contacts/c1", "request"),
    ("invent", "docs_update_contact_200.json", "PATCH", f"{INV}/contacts/c1", "response"),
    (
        "invent",
        "docs_update_contact_request_older_variant.json",
        "PATCH",
        f"{INV}/contacts/c1",
        "request",
    ),
    (
        "invent",
        "docs_update_contact_200_older_variant.json",
        "PATCH",
        f"{INV}/contacts/c1",
        "response",
    ),
    (
        "invent",
        "docs_update_contact_channel_request.json",
        "PATCH",
        f"{INV}/contacts/c1/channels/ch1",
        "request",
    ),
    (
        "invent",
        "docs_update_contact_channel_200.json",
        "PATCH",
        f"{INV}/contacts/c1/channels/ch1",
        "response",
    ),
    (
        "invent",
        "docs_add_segment_to_contact_response.json",
        "POST",
        f"{INV}/contacts/c1/segments/s1",
        "response",
    ),
    ("vortex", "docs_get_email_domains_200.json", "GET", f"{VTX}/email-domains", "response"),
    ("vortex", "docs_create_email_domain_request.json", "POST", f"{VTX}/email-domains", "request"),
    (
        "vortex",
        "docs_create_email_domain_response.json",
        "POST",
        f"{VTX}/email-domains",
        "response",
    ),
    (
        "vortex",
        "docs_update_email_domain_request.json",
        "PATCH",
        f"{VTX}/email-domains/d1",
        "request",
    ),
    (
        "vortex",
        "docs_update_email_domain_200.json",
        "PATCH",
        f"{VTX}/email-domains/d1",
        "response",
    ),
    (
        "vortex",
        "docs_check_dkim_status_200.json",
        "PATCH",
        f"{VTX}/email-domains/d1/checkDkimStatus",
        "response",
    ),
    ("spaceinvoices", "docs_emailaddress_object.json", "GET", f"{SI}/email-address", "response"),
    (
        "spaceinvoices",
        "docs_emailaddress_object.json",
        "GET",
        f"{SI}/organizations/o1/email-address",
        "response",
    ),
    ("spaceinvoices", "docs_emailaddress_object.json", "POST", f"{SI}/email-address", "response"),
    (
        "spaceinvoices",
        "docs_create_emailaddress_request.json",
        "POST",
        f"{SI}/email-address",
        "request",
    ),
    (
        "spaceinvoices",
        "docs_create_emailaddress_request.json",
        "POST",
        f"{SI}/organizations/o1/email-address",
        "request",
    ),
    # Resend: the official Python SDK's mocked answers (specs/evidence/resend/README.md)
    ("resend", "sdk_domains_create_201.json", "POST", f"{RS}/domains", "response"),
    ("resend", "sdk_domains_create_tracking_201.json", "POST", f"{RS}/domains", "response"),
    ("resend", "sdk_domains_get_200.json", "GET", f"{RS}/domains/d1", "response"),
    ("resend", "sdk_domains_list_200.json", "GET", f"{RS}/domains", "response"),
    ("resend", "sdk_domains_update_200.json", "PATCH", f"{RS}/domains/d1", "response"),
    ("resend", "sdk_domains_verify_200.json", "POST", f"{RS}/domains/d1/verify", "response"),
    ("resend", "sdk_domains_remove_200.json", "DELETE", f"{RS}/domains/d1", "response"),
    ("sendgrid", "spec_domains_list_200.json", "GET", f"{SG}/whitelabel/domains", "response"),
    ("sendgrid", "spec_domains_create_201.json", "POST", f"{SG}/whitelabel/domains", "response"),
    ("sendgrid", "spec_domains_get_200.json", "GET", f"{SG}/whitelabel/domains/1", "response"),
    (
        "sendgrid",
        "spec_domains_validate_200.json",
        "POST",
        f"{SG}/whitelabel/domains/1/validate",
        "response",
    ),
    ("sendgrid", "spec_senders_create_201.json", "POST", f"{SG}/verified_senders", "response"),
    ("sendgrid", "spec_senders_list_200.json", "GET", f"{SG}/verified_senders", "response"),
    ("sendgrid", "spec_senders_update_200.json", "PATCH", f"{SG}/verified_senders/1", "response"),
]


@pytest.mark.parametrize(
    ("provider", "file", "method", "url", "kind"),
    DOC_EXAMPLES,
    ids=[f"{p}-{f.removesuffix('.json')}-{m}-{k}" for p, f, m, _, k in DOC_EXAMPLES],
)
def test_documentation_example_matches_spec(
    provider: str, file: str, method: str, url: str, kind: str
) -> None:
    op = find_operation(provider, method, url)
    if kind == "request":
        pointer = request_pointer(op)
    else:
        found = response_pointer(op, _success_status(provider, method, url))
        assert found is not None, f"{op.operation_id} declares no JSON success body"
        pointer = found
    assert validation_errors(provider, pointer, load_payload(provider, file)) == []


def test_every_documentation_example_is_checked() -> None:
    checked = {(p, f) for p, f, *_ in DOC_EXAMPLES}
    # The soft-delete marker is a generic LoopBack object the docs never tie to EmailAddress.
    not_an_operation = {("spaceinvoices", "docs_soft_deleted_model_object.json")}
    for provider in PROVIDERS:
        if provider == "mailersend":  # its recordings are checked through _index.json (above)
            continue
        for path in (PROVIDERS_DIR / provider).glob("*.json"):
            assert (provider, path.name) in checked | not_an_operation, path.name


# Space Invoices' seed page (specs/evidence/seeds/003_*) shows these bodies inline, with no file of
# their own.
SPACEINVOICES_SEED_BODIES = [
    (
        "GET",
        "/email-address/status",
        {"emailVerificationStatus": "s", "domainVerificationStatus": "s"},
    ),
    ("DELETE", "/email-address", {"count": 1}),
    ("POST", "/email-address/resend-verification", {"success": True}),
    (
        "GET",
        "/organizations/o1/email-address/status",
        {"emailVerificationStatus": "s", "domainVerificationStatus": "s"},
    ),
    ("DELETE", "/organizations/o1/email-address", {"count": 1}),
    ("POST", "/organizations/o1/email-address/resend-verification", {"success": True}),
]


@pytest.mark.parametrize(("method", "path", "body"), SPACEINVOICES_SEED_BODIES)
def test_spaceinvoices_seed_bodies_match_spec(method: str, path: str, body: Any) -> None:
    url = SI + path
    op = find_operation("spaceinvoices", method, url)
    pointer = response_pointer(op, _success_status("spaceinvoices", method, url))
    assert pointer is not None
    assert validation_errors("spaceinvoices", pointer, body) == []


@pytest.mark.parametrize(
    ("provider", "pointer", "payload"),
    [
        ("mailersend", "/components/schemas/Identity", {"id": "x"}),
        ("spaceinvoices", "/components/schemas/ErrorResponse", {"message": "no envelope"}),
    ],
)
def test_validation_catches_a_payload_that_breaks_the_spec(
    provider: str, pointer: str, payload: Any
) -> None:
    # Guards the guard: the conformance checks above must be able to fail.
    assert validation_errors(provider, pointer, payload) != []


# ---- MailerSend drift found in 2026 (specs/evidence/mailersend/drift-2026/)

DRIFT_2026 = PROVIDERS_DIR / "mailersend" / "drift-2026"


@pytest.mark.parametrize(
    "file", ["code_dns_records_2026_200.json", "inferred_dns_records_2026_live_200.json"]
)
def test_mailersend_2026_dns_records_match_spec(file: str) -> None:
    op = find_operation("mailersend", "GET", f"{MS}/domains/d1/dns-records")
    pointer = response_pointer(op, 200)
    assert pointer is not None
    payload = json.loads((DRIFT_2026 / file).read_text())
    assert validation_errors("mailersend", pointer, payload) == []


# The reference page's domain list lacks five domain_settings keys every recording has; the spec
# keeps them required, and specs/README.md lists exactly these deviations. sendfrom reads none of
# them, so tolerant reading accepts the example (tests/providers/test_tolerant.py maps it).
DOCS_LIST_DEVIATIONS = sorted(
    f"data/0/domain_settings: '{key}' is a required property"
    for key in (
        "track_unsubscribe_html_enabled",
        "track_unsubscribe_plain_enabled",
        "return_path_subdomain",
        "inbound_routing_enabled",
        "inbound_routing_subdomain",
    )
)


def test_mailersend_reference_domain_list_deviates_only_as_specs_readme_says() -> None:
    op = find_operation("mailersend", "GET", f"{MS}/domains")
    pointer = response_pointer(op, 200)
    assert pointer is not None
    payload = json.loads((DRIFT_2026 / "docs_domains_list_200.json").read_text())
    assert sorted(validation_errors("mailersend", pointer, payload)) == DOCS_LIST_DEVIATIONS
    readme = (SPECS / "README.md").read_text()
    for line in DOCS_LIST_DEVIATIONS:
        assert line.split("'")[1] in readme


def test_every_2026_drift_file_is_checked() -> None:
    checked = {
        "code_dns_records_2026_200.json",
        "inferred_dns_records_2026_live_200.json",
        "docs_domains_list_200.json",
    }
    assert {p.name for p in DRIFT_2026.glob("*.json")} == checked
