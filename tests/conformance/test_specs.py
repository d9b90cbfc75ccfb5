"""The specs are valid OpenAPI 3.1, documented, and agree with every recorded and documented
payload.

A payload that disagrees with its spec is a spec bug: fix the spec, never skip the payload.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from provider_facts import Recording, facts
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


def success_status(provider: str, method: str, url: str) -> int:
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


# ---- every recorded exchange (MailerSend's: specs/evidence/mailersend/_index.json)

RECORDINGS = [(p, r) for p in PROVIDERS for r in facts(p).recordings]


@pytest.mark.parametrize(
    ("provider", "recording"), RECORDINGS, ids=[f"{p}-{r.name}" for p, r in RECORDINGS]
)
def test_recording_matches_spec(provider: str, recording: Recording) -> None:
    op = find_operation(provider, recording.method, recording.url)
    pointer = response_pointer(op, recording.status)
    if recording.file is None:
        assert pointer is None, f"{op.operation_id} {recording.status} was recorded with no body"
        return
    assert pointer is not None, f"{op.operation_id} {recording.status} declares no JSON body"
    payload = load_payload(provider, recording.file)
    assert validation_errors(provider, pointer, payload) == []
    if recording.request_body:
        assert validation_errors(provider, request_pointer(op), recording.request_body) == []


# ---- every documentation example

# (provider, file, method, url, "request" or "response")
DOC_EXAMPLES = [(p, *example) for p in PROVIDERS for example in facts(p).doc_examples]


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
        found = response_pointer(op, success_status(provider, method, url))
        assert found is not None, f"{op.operation_id} declares no JSON success body"
        pointer = found
    assert validation_errors(provider, pointer, load_payload(provider, file)) == []


def test_every_documentation_example_is_checked() -> None:
    checked = {(p, f) for p, f, *_ in DOC_EXAMPLES}
    for provider in PROVIDERS:
        elsewhere = facts(provider).payloads_checked_elsewhere  # recordings, or no operation's
        for path in (PROVIDERS_DIR / provider).glob("*.json"):
            assert (provider, path.name) in checked or path.name in elsewhere, path.name


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
