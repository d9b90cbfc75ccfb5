"""MailerSend's evidence beyond the shared checks of tests/conformance/test_specs.py: every payload
is checked (a recording or a documentation example), the general error bodies against the error
schemas, and the drift found in 2026 (specs/evidence/mailersend/drift-2026/)."""

from __future__ import annotations

import json

import pytest

from provider_facts import facts
from providers.mailersend.facts import INDEX, MS
from speclib import (
    PROVIDERS_DIR,
    SPECS,
    find_operation,
    load_payload,
    response_pointer,
    validation_errors,
)


# The general_* recordings come from endpoints outside sendfrom's scope (suppressions, inbound):
# they are held against the error schemas only.
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
    indexed = {e["file"] for e in INDEX if e["file"]}
    documented = {example.file for example in facts("mailersend").doc_examples}
    on_disk = {p.name for p in (PROVIDERS_DIR / "mailersend").glob("*.json")} - {"_index.json"}
    assert on_disk == indexed | documented


def test_the_in_scope_recordings_are_the_index_but_the_general_ones() -> None:
    recorded = {r.file for r in facts("mailersend").recordings}
    general = {e["file"] for e in INDEX if (e["file"] or "").startswith("py_general_")}
    assert recorded | general == {e["file"] for e in INDEX}
    assert recorded.isdisjoint(general)


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
