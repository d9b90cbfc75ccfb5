"""The drift report that ends ``make record``: what the real account sent that the spec does not
describe.

    python scripts/drift_report.py mailersend [tests/cassettes/mailersend/*.yaml ...]

Every 2xx JSON body in the given cassettes (default: all of the provider's) is validated against
its operation's response schema in a *closed* copy of the spec, in which an object also admits no
property the spec does not name. So the report lists both kinds of drift: a value the spec does
not allow (a missing field, a wrong type, a null, a new enum word), and a field the spec does not
know. sendfrom's tolerant reader accepts most of it (see docs/api-changes.md, "When a provider
changes its API"); the report is what to bring the spec up to date with.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from speclib import find_operation, load_spec, response_pointer  # noqa: E402


def closed(node: Any) -> Any:
    """The schema with ``additionalProperties: false`` on every object that names its properties
    and says nothing about others."""
    if isinstance(node, list):
        return [closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: closed(value) for key, value in node.items()}
    if "properties" in result and "additionalProperties" not in result:
        result["additionalProperties"] = False
    return result


def _validator(provider: str, pointer: str) -> OAS31Validator:
    uri = f"urn:sendfrom:closed-spec:{provider}"
    spec = closed(copy.deepcopy(load_spec(provider)))
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(uri, resource)
    return OAS31Validator({"$ref": uri + "#" + quote(pointer, safe="/~")}, registry=registry)


def _interactions(cassette: Path) -> Iterable[dict[str, Any]]:
    document = yaml.safe_load(cassette.read_text()) or {}
    yield from document.get("interactions") or []


def report(provider: str, cassettes: Iterable[Path]) -> list[str]:
    """One line per deviation: cassette, operation, status, JSON path and what is wrong."""
    lines: list[str] = []
    for cassette in sorted(cassettes):
        for interaction in _interactions(cassette):
            request, response = interaction["request"], interaction["response"]
            status = int(response["status"]["code"])
            text = (response.get("body") or {}).get("string") or ""
            if not 200 <= status < 300 or not text:
                continue
            try:
                body = json.loads(text)
                op = find_operation(provider, request["method"], request["uri"])
                pointer = response_pointer(op, status)
            except (ValueError, LookupError) as error:
                lines.append(f"{cassette.stem}: {request['method']} {request['uri']}: {error}")
                continue
            if pointer is None:
                continue
            for error in _validator(provider, pointer).iter_errors(body):
                path = "/".join(map(str, error.absolute_path)) or "<root>"
                line = f"{cassette.stem}: {op.operation_id} {status}: {path}: {error.message}"
                if line not in lines:
                    lines.append(line)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("provider")
    parser.add_argument("cassettes", nargs="*", type=Path)
    args = parser.parse_args(argv)
    cassettes = args.cassettes or sorted((ROOT / "tests" / "cassettes" / args.provider).glob("*"))
    lines = report(args.provider, cassettes)
    print(f"drift report ({args.provider}): {len(lines) or 'nothing'} the spec does not describe")
    for line in lines:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
