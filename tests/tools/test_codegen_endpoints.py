"""``scripts/codegen/endpoints.py``: what each ``ENDPOINT`` says, read from the spec, and the
success bodies it refuses to type (so ``make generate`` fails rather than guessing)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from speclib import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from codegen.endpoints import operations


def _spec(success: dict[str, Any], parameters: list[dict[str, Any]] | None = None) -> Any:
    return {
        "paths": {
            "/accounts/{accountId}/things": {
                "parameters": [{"$ref": "#/components/parameters/Account"}],
                "get": {
                    "operationId": "list_things",
                    "parameters": parameters or [],
                    "responses": {**success, "404": {"description": "no"}},
                },
            }
        },
        "components": {
            "parameters": {
                "Account": {
                    "name": "accountId",
                    "in": "path",
                    "required": True,
                    "x-sendfrom-scope": "account_id",
                    "schema": {"type": "string"},
                }
            },
            "schemas": {"Thing": {"type": "object"}},
        },
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def test_an_operation_as_its_endpoint_says_it() -> None:
    query = [
        {"name": "next", "in": "query", "schema": {"type": "string", "maxLength": 9}},
        {"name": "take", "in": "query", "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "sort", "in": "query", "schema": {"type": ["string", "null"], "enum": ["a", "b"]}},
    ]  # fmt: skip
    spec = _spec(
        {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})}, query
    )
    (op,) = operations(spec)
    assert (op["operation_id"], op["method"], op["success"]) == ("list_things", "GET", [200])
    assert op["response"] == "list[models.Thing]"
    assert op["path_parameters"] == [
        {"name": "accountId", "python_name": "account_id", "scope": "account_id"}
    ]
    by_name = {p["name"]: p for p in op["query_parameters"]}
    assert by_name["next"]["python_name"] == "next_"
    assert by_name["next"]["max_length"] == 9
    assert (
        by_name["take"]["required"],
        by_name["take"]["minimum"],
        by_name["take"]["maximum"],
    ) == (
        True,
        1,
        100,
    )
    assert (by_name["sort"]["type"], by_name["sort"]["enum"]) == ("string", ("a", "b"))
    assert op["body"] is None


def test_a_bodiless_success_is_none() -> None:
    (op,) = operations(_spec({"204": {"description": "gone"}}))
    assert (op["response"], op["success"]) == ("None", [204])


@pytest.mark.parametrize(
    "success",
    [
        {"200": _json({"type": "object", "properties": {"a": {"type": "string"}}})},
        {"200": _json({"$ref": "#/components/schemas/Thing"}), "204": {"description": "none"}},
    ],
    ids=["inline-object", "two-shapes"],
)
def test_a_success_body_that_cannot_be_typed_stops_generation(success: dict[str, Any]) -> None:
    with pytest.raises(SystemExit):
        operations(_spec(success))
