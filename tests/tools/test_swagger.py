"""Swagger 2.0 upstream specs in the pipeline (scripts/codegen/swagger.py): converted by the pinned
swagger2openapi, deterministically, then lifted to OpenAPI 3.1 mechanically."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from speclib import ROOT, SPECS

sys.path.insert(0, str(ROOT / "scripts"))
from codegen.swagger import SWAGGER2OPENAPI, converted_30, is_swagger_2, upgrade_to_31

SWAGGER_FILES = sorted(
    path
    for path in (SPECS / "upstream").rglob("*.yaml")
    if is_swagger_2(yaml.safe_load(path.read_text()))
)
"""Every upstream spec published as Swagger 2.0."""


@pytest.fixture
def converter() -> None:
    if not SWAGGER2OPENAPI.exists():
        message = "swagger2openapi is not installed (`make node` runs npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.usefixtures("converter")
@pytest.mark.parametrize("upstream", SWAGGER_FILES, ids=lambda p: p.parent.name)
def test_the_conversion_is_deterministic_and_openapi_3(upstream: Path) -> None:
    first, second = converted_30(upstream), converted_30(upstream)
    assert first == second
    assert first["openapi"] == "3.0.0"
    original = yaml.safe_load(upstream.read_text())
    assert set(first["paths"]) == set(original["paths"]), "upstream's paths, unchanged"


def test_there_is_a_swagger_2_upstream_to_convert() -> None:
    assert SWAGGER_FILES, "the conversion is tested on a real upstream file"


def test_only_a_swagger_2_file_is_converted() -> None:
    assert is_swagger_2({"swagger": "2.0"})
    assert not is_swagger_2({"openapi": "3.1.0"})


def test_the_3_0_to_3_1_step_rewrites_what_3_1_spells_otherwise() -> None:
    document: dict[str, Any] = {
        "openapi": "3.0.0",
        "paths": {},
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string", "nullable": True},
                        "size": {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
                        "left": {"type": "integer", "maximum": 9, "exclusiveMaximum": False},
                    },
                }
            }
        },
    }
    upgraded = upgrade_to_31(document)
    properties = upgraded["components"]["schemas"]["A"]["properties"]
    assert upgraded["openapi"] == "3.1.0"
    assert properties["note"] == {"type": ["string", "null"]}
    assert properties["size"] == {"type": "integer", "exclusiveMinimum": 1}
    assert properties["left"] == {"type": "integer", "maximum": 9}
