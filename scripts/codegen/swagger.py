"""Swagger 2.0 upstream specs (Postmark's) as OpenAPI 3.1, reproducibly, for ``codegen.derive``.

Two steps, both mechanical, both part of ``make generate`` (never a hand-converted file):

1. ``swagger2openapi`` (npm, pinned in package.json and package-lock.json, installed by
   ``make node``) converts Swagger 2.0 to OpenAPI 3.0.0. It is run with its defaults (JSON on
   stdout, no ``--patch``: an upstream error fails the build rather than being silently fixed),
   which is deterministic for one input; nothing in its output depends on the time or the
   machine, and the parsed result is written by PyYAML like every derived spec.
2. ``upgrade_to_31`` lifts that 3.0 document to 3.1, which the conventions of ``specs/`` and
   the generators' settings assume: ``openapi: 3.1.0``; ``nullable: true`` becomes a type list
   with ``"null"``; a boolean ``exclusiveMinimum``/``exclusiveMaximum`` becomes the number it
   qualifies. Any other 3.0-only construct the walk does not know is left as it is (3.1 still
   reads ``example``), so the step never guesses.

``converted_30`` is also what the Prism conformance test mocks: the upstream file as converted,
before sendfrom's overlay.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["SWAGGER2OPENAPI", "converted_30", "is_swagger_2", "upgrade_to_31", "upstream_as_31"]

ROOT = Path(__file__).resolve().parent.parent.parent
SWAGGER2OPENAPI = ROOT / "node_modules" / ".bin" / "swagger2openapi"


def is_swagger_2(document: Any) -> bool:
    """Whether a parsed spec is Swagger 2.0 (``swagger: "2.0"``)."""
    return isinstance(document, dict) and str(document.get("swagger", "")) == "2.0"


def converted_30(upstream: Path) -> dict[str, Any]:
    """``upstream`` (Swagger 2.0) converted to OpenAPI 3.0.0 by the pinned swagger2openapi."""
    if not SWAGGER2OPENAPI.exists():
        sys.exit(
            f"generate: {upstream.name} is Swagger 2.0 and needs swagger2openapi, which is not"
            " installed: run `make node` (npm ci)"
        )
    result = subprocess.run(
        [str(SWAGGER2OPENAPI), str(upstream)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"generate: swagger2openapi {upstream.name} failed:\n{result.stderr}")
    converted: dict[str, Any] = json.loads(result.stdout)
    return converted


def _upgrade(node: Any) -> None:
    """3.0 schema keywords to 3.1, in place, everywhere under ``node``."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
            continue
        if not isinstance(current, dict):
            continue
        if current.get("nullable") is True and isinstance(current.get("type"), str):
            current["type"] = [current["type"], "null"]
        if "nullable" in current and isinstance(current["nullable"], bool):
            del current["nullable"]
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if isinstance(current.get(exclusive), bool):
                if current[exclusive] and bound in current:
                    current[exclusive] = current.pop(bound)
                else:
                    del current[exclusive]
        stack.extend(current.values())


def upgrade_to_31(document: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI 3.0 document as 3.1 (in place; also returned)."""
    if not str(document.get("openapi", "")).startswith("3.0"):
        sys.exit(
            f"generate: expected OpenAPI 3.0 from swagger2openapi, got {document.get('openapi')}"
        )
    document["openapi"] = "3.1.0"
    _upgrade(document.get("paths"))
    _upgrade(document.get("components"))
    return document


def upstream_as_31(upstream: Path) -> dict[str, Any]:
    """A Swagger 2.0 upstream file as the OpenAPI 3.1 document the overlay applies to."""
    return upgrade_to_31(converted_30(upstream))
