"""Name the inline schemas of request and success bodies, so every body has a generated class.

The generators give a body a stable class only when its schema is a named component (``$ref``),
and ``codegen.endpoints`` refuses anything else. Specs written here follow that convention; a
provider's own spec often does not (SendGrid's bodies are inline objects, inside operations or in
``components/requestBodies`` and ``components/responses``). One deterministic rule names them:

* an inline body inside ``components/requestBodies/<N>`` or ``components/responses/<N>`` is the
  schema ``<N>``;
* an inline body written in the operation is ``<OperationId>Request`` or ``<OperationId>Response``
  (the operationId in PascalCase);
* an array of inline objects keeps the array and names its items ``<name>Item``.

A name already taken by another schema fails the build rather than guess another one.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["hoist_inline_bodies", "pascal"]


def pascal(name: str) -> str:
    """``list_authenticated_domain`` -> ``ListAuthenticatedDomain``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _json_content(holder: dict[str, Any]) -> dict[str, Any] | None:
    content = holder.get("content", {}).get("application/json")
    return content if isinstance(content, dict) and "schema" in content else None


class _Hoister:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
        self.done: set[int] = set()  # a shared requestBody/response component is hoisted once

    def _name(self, name: str, schema: dict[str, Any]) -> str:
        if name in self.schemas and self.schemas[name] is not schema:
            sys.exit(f"generate: cannot name an inline body {name!r}: that schema exists already")
        self.schemas[name] = schema
        return f"#/components/schemas/{name}"

    def hoist(self, content: dict[str, Any], name: str) -> None:
        if id(content) in self.done:
            return
        self.done.add(id(content))
        schema = content["schema"]
        if "$ref" in schema:
            return
        if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
            items = schema["items"]
            if "$ref" not in items and items.get("type", "object") == "object":
                schema["items"] = {"$ref": self._name(f"{name}Item", items)}
            return
        if schema.get("type", "object") == "object":
            content["schema"] = {"$ref": self._name(name, schema)}

    def component(self, ref: str) -> tuple[str, dict[str, Any]]:
        kind, _, name = ref.removeprefix("#/components/").partition("/")
        return name, self.spec["components"][kind][name]

    def operation(self, operation: dict[str, Any]) -> None:
        base = pascal(operation["operationId"])
        body = operation.get("requestBody")
        if isinstance(body, dict):
            name, holder = (
                self.component(body["$ref"]) if "$ref" in body else (f"{base}Request", body)
            )
            content = _json_content(holder)
            if content is not None:
                self.hoist(content, name)
        for code, answer in operation.get("responses", {}).items():
            if not str(code).startswith("2") or not isinstance(answer, dict):
                continue
            name, holder = (
                self.component(answer["$ref"]) if "$ref" in answer else (f"{base}Response", answer)
            )
            content = _json_content(holder)
            if content is not None:
                self.hoist(content, name)


def hoist_inline_bodies(spec: dict[str, Any]) -> None:
    """Give every inline request and success body of ``spec`` a named schema (in place)."""
    hoister = _Hoister(spec)
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                hoister.operation(operation)
