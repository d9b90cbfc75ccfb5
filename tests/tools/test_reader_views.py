"""``specs/reads``: a root may be a per-operation reading of another schema (``of:``/``read:``),
so that each operation reads only what it maps (principle 4b, tolerant per operation)."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from speclib import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from codegen.views import ReaderView

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Address": {
                "type": "object",
                "required": ["id", "email", "tokens"],
                "properties": {
                    "id": {"type": "string"},
                    "email": {"type": "string"},
                    "status": {"type": "string"},
                    "tokens": {"type": "array", "items": {"type": "string"}},
                },
            }
        }
    }
}


def test_a_reading_of_another_schema_narrows_it_under_its_own_name() -> None:
    reads = {
        "Address": ["id", "tokens"],
        "AddressAsIdentity": {"of": "Address", "read": ["id", "email"]},
    }
    built = ReaderView(SPEC, reads, "p").build()
    assert set(built) == {"Address", "AddressAsIdentity"}
    identity = built["AddressAsIdentity"]
    assert identity["properties"]["email"] == {"type": "string"}
    assert identity["properties"]["tokens"] == {}, "not read by these operations: any value"
    assert identity["required"] == ["id", "email"]
    assert built["Address"]["properties"]["email"] == {}


@pytest.mark.parametrize(
    "reads",
    [
        {"AsIdentity": {"of": "Missing", "read": ["id"]}},  # no such schema
        {"Address": {"of": "Address", "read": ["nope"]}},  # no such property
        {"Address2": ["id"]},  # a root that is no schema, without of:
    ],
)
def test_a_reading_of_nothing_in_the_spec_stops_the_build(reads: dict[str, Any]) -> None:
    with pytest.raises(SystemExit):
        ReaderView(SPEC, reads, "p").build()
