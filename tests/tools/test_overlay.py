"""The upstream-spec pipeline: the Overlay applier, the operationId rule and the derived spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclib import ROOT, SPECS

sys.path.insert(0, str(ROOT / "scripts"))
from codegen.derive import derive, python_operation_id
from codegen.overlay import OverlayError, apply_overlay

DOCUMENT: dict[str, Any] = {
    "paths": {
        "/a": {"get": {"tags": ["Keep"], "operationId": "a/get", "responses": {}}},
        "/b": {"get": {"tags": ["Drop"], "operationId": "b/get"}},
    },
    "tags": [{"name": "Keep"}, {"name": "Drop"}],
}


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


def test_remove_update_and_append_as_the_overlay_specification_says() -> None:
    result = apply_overlay(
        DOCUMENT,
        overlay(
            {"target": "$.paths[?!@.*.tags[?@ == 'Keep']]", "description": "d", "remove": True},
            {"target": "$.tags[?@.name == 'Drop']", "description": "d", "remove": True},
            {"target": "$.paths['/a'].get", "description": "d", "update": {"x-y": {"z": 1}}},
            {"target": "$.paths['/a'].get", "description": "d", "update": {"x-y": {"w": 2}}},
            {"target": "$.paths['/a'].get.tags", "description": "d", "update": "Also"},
        ),
    )
    assert list(result["paths"]) == ["/a"]
    assert result["tags"] == [{"name": "Keep"}]
    assert result["paths"]["/a"]["get"]["x-y"] == {"z": 1, "w": 2}  # merged recursively
    assert result["paths"]["/a"]["get"]["tags"] == ["Keep", "Also"]  # appended to the array
    assert "/b" in DOCUMENT["paths"], "the input document is left as it was"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"target": "$.nothing", "description": "d", "remove": True}, "selects nothing"),
        ({"target": "$.paths", "remove": True}, "description"),
        ({"target": "$.paths", "description": "d"}, "update or remove"),
        ({"target": "$[", "description": "d", "remove": True}, "bad target"),
        ({"target": "$.tags[0].name", "description": "d", "update": {"a": 1}}, "neither"),
    ],
)
def test_a_stale_or_malformed_action_fails_the_build(action: dict[str, Any], message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        apply_overlay(DOCUMENT, overlay(action))


def test_a_document_that_is_no_overlay_is_refused() -> None:
    with pytest.raises(OverlayError, match="Overlay"):
        apply_overlay(DOCUMENT, {"openapi": "3.1.0"})


@pytest.mark.parametrize(
    ("written", "python"),
    [
        ("domains/create", "domains_create"),
        ("domains/create-claim", "domains_create_claim"),
        ("getDomainDnsRecords", "get_domain_dns_records"),
        ("rotateDKIMKeyForDomain", "rotate_dkim_key_for_domain"),
        ("requestSPFVerificationForDomain", "request_spf_verification_for_domain"),
        ("list_domains", "list_domains"),
        ("POST /v3/whitelabel/domains", "post_v3_whitelabel_domains"),
    ],
)
def test_one_operation_id_rule(written: str, python: str) -> None:
    assert python_operation_id(written) == python


def test_the_derived_resend_spec_is_upstream_plus_the_overlay() -> None:
    text, upstream = derive(SPECS / "overlays" / "resend.yaml", ROOT)
    assert upstream == "specs/upstream/resend/resend.yaml"
    assert (SPECS / "resend.yaml").read_text() == text, "make generate writes it"
    derived = yaml.safe_load(text)
    original = yaml.safe_load((ROOT / upstream).read_text())
    kept = {path for path in original["paths"] if path.startswith("/domains")}
    assert set(derived["paths"]) == kept
    every = [op for item in derived["paths"].values() for op in item.values()]
    assert all(op["x-provenance"] == "documented" for op in every)
    assert all("/" not in op["operationId"] for op in every)
    # what no kept operation reaches is gone; what they reach is there
    assert "SendEmailRequest" in original["components"]["schemas"]
    assert "SendEmailRequest" not in derived["components"]["schemas"]
    assert {"Domain", "DomainRecord", "ErrorResponse"} <= set(derived["components"]["schemas"])
    assert "webhooks" not in derived


def test_two_operations_with_one_python_name_fail_the_build(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.yaml"
    upstream.write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {
                    "/a": {"get": {"operationId": "a/get", "responses": {}}},
                    "/b": {"get": {"operationId": "a-get", "responses": {}}},
                },
            }
        )
    )
    document = overlay({"target": "$.info", "description": "d", "update": {"version": "2"}})
    (tmp_path / "o.yaml").write_text(yaml.safe_dump({**document, "extends": "upstream.yaml"}))
    with pytest.raises(SystemExit, match="both name 'a_get'"):
        derive(tmp_path / "o.yaml", tmp_path)
