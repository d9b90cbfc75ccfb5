"""Derive ``specs/<provider>.yaml`` from a provider's own published spec and sendfrom's overlay.

``specs/overlays/<provider>.yaml`` is an OpenAPI Overlay 1.0 document whose ``extends`` names the
upstream file (relative to the overlay, under ``specs/upstream/``). The derived spec is:

1. the upstream file, read as it is (never edited: ``tests/conformance/test_upstream.py``); a
   Swagger 2.0 file (Postmark's) is first converted to OpenAPI 3.1 by the pinned swagger2openapi
   and a mechanical 3.0 -> 3.1 step (``codegen.swagger``), so the overlay targets OpenAPI 3;
2. with the overlay's actions applied (``codegen.overlay``): the operations kept, sendfrom's
   annotations, the corrections, each citing its evidence;
3. with every operationId put through one naming rule (``python_operation_id``): the providers
   write ids such as ``domains/create``, which no generator turns into a module name the same way;
4. with every inline request and success body given a named schema (``codegen.hoist``);
5. with the components that no kept operation reaches dropped, so that the generators see only
   what sendfrom serves.

A provider whose API is published as several files (SendGrid: one per product) names the others in
the overlay's ``x-sendfrom-merge`` (paths relative to the overlay): their paths and components are
added to the ``extends`` file before the actions run, and a name defined twice differently fails.

The result is written with the pinned PyYAML, keys in the upstream order, so it is byte-stable and
``generate.py --check`` can hold ``specs/`` to it as it holds ``generated/``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from codegen.hoist import hoist_inline_bodies
from codegen.overlay import OverlayError, apply_overlay
from codegen.swagger import is_swagger_2, upstream_as_31

__all__ = ["derive", "derived_specs", "python_operation_id"]

_NOT_A_NAME = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def python_operation_id(operation_id: str) -> str:
    """The one naming rule: camelCase words split (an upper-case run is one word:
    ``rotateDKIMKey`` -> ``rotate_dkim_key``), every run of other characters one ``_``, lower
    case (``domains/create-claim`` -> ``domains_create_claim``, ``getDomain`` -> ``get_domain``)."""
    words = _NOT_A_NAME.sub("_", _CAMEL.sub("_", operation_id)).strip("_").lower()
    if not words or words[0].isdigit():
        sys.exit(f"generate: operationId {operation_id!r} gives no Python name")
    return words


def _rename_operations(spec: dict[str, Any], origin: str) -> None:
    seen: dict[str, str] = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            name = python_operation_id(operation["operationId"])
            where = f"{method.upper()} {path}"
            if name in seen:
                sys.exit(f"generate: {origin}: {where} and {seen[name]} both name {name!r}")
            seen[name] = where
            operation["operationId"] = name


def _refs(node: Any) -> set[tuple[str, str]]:
    """The local component references (kind, name) anywhere in ``node``."""
    found: set[tuple[str, str]] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                kind, _, name = ref.removeprefix("#/components/").partition("/")
                found.add((kind, name))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return found


def _prune_components(spec: dict[str, Any]) -> None:
    components = spec.get("components", {})
    outside = {key: value for key, value in spec.items() if key != "components"}
    reached: set[tuple[str, str]] = set()
    todo = _refs(outside)
    # Security schemes are named by `security`, not by $ref: always kept.
    while todo:
        kind, name = todo.pop()
        if (kind, name) in reached or name not in components.get(kind, {}):
            continue
        reached.add((kind, name))
        todo |= _refs(components[kind][name])
    for kind, entries in list(components.items()):
        if kind == "securitySchemes":
            continue
        for name in list(entries):
            if (kind, name) not in reached:
                del entries[name]
        if not entries:
            del components[kind]


def _merge_parts(spec: dict[str, Any], parts: list[Path], origin: str) -> None:
    """Add the paths and components of ``parts`` to ``spec`` (one API in several files)."""
    for part in parts:
        other = yaml.safe_load(part.read_text())
        sections = [("paths", spec.setdefault("paths", {}), other.get("paths", {}))]
        for kind, entries in other.get("components", {}).items():
            mine = spec.setdefault("components", {}).setdefault(kind, {})
            sections.append((f"components/{kind}", mine, entries))
        for where, mine, entries in sections:
            for name, value in entries.items():
                if name in mine and mine[name] != value:
                    sys.exit(f"generate: {origin}: {part.name} defines {where}/{name} differently")
                mine[name] = value


def derive(overlay_path: Path, root: Path) -> tuple[str, str]:
    """The derived spec's text, and the upstream file it extends (relative to ``root``)."""
    overlay = yaml.safe_load(overlay_path.read_text())
    extends = overlay.get("extends") if isinstance(overlay, dict) else None
    if not isinstance(extends, str):
        sys.exit(f"generate: {overlay_path.name}: `extends` must name the upstream spec")
    upstream = (overlay_path.parent / extends).resolve()
    if not upstream.is_file():
        sys.exit(f"generate: {overlay_path.name}: extends {extends!r}, which does not exist")
    origin = str(overlay_path.relative_to(root))
    spec = yaml.safe_load(upstream.read_text())
    swagger = is_swagger_2(spec)
    if swagger:
        spec = upstream_as_31(upstream)
    parts = [(overlay_path.parent / p).resolve() for p in overlay.get("x-sendfrom-merge", [])]
    _merge_parts(spec, parts, origin)
    try:
        spec = apply_overlay(spec, overlay)
    except OverlayError as exc:
        sys.exit(f"generate: {origin}: {exc}")
    _rename_operations(spec, origin)
    hoist_inline_bodies(spec)
    _prune_components(spec)
    header = (
        f"# Derived by `make generate` from {upstream.relative_to(root)}\n"
        f"# (the provider's own spec, never edited) and {overlay_path.relative_to(root)}\n"
        "# (sendfrom's overlay); do not edit.\n"
    )
    if swagger:
        header += "# Swagger 2.0 upstream: converted first by scripts/codegen/swagger.py.\n"
    body = yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100)
    return header + body, str(upstream.relative_to(root))


def derived_specs(specs: Path) -> dict[str, str]:
    """Each provider with an overlay -> the text of its derived ``specs/<provider>.yaml``."""
    specs = specs.resolve()
    overlays = specs / "overlays"
    return {
        path.stem: derive(path, specs.parent)[0]
        for path in sorted(overlays.glob("*.yaml"))
        if overlays.is_dir()
    }
