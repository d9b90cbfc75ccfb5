"""The views of a spec that the generators are given: the wire view (lenient timestamps, open
enums) and the reader view (the response schemas narrowed to what the mappers read)."""

from __future__ import annotations

import json
import sys
from typing import Any

LENIENT_DATETIME = "sendfrom_generated._wire.LenientDatetime"


def wire_view(node: Any) -> Any:
    """The spec as datamodel-code-generator should see it: lenient timestamps, open enums."""
    if isinstance(node, list):
        return [wire_view(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: wire_view(value) for key, value in node.items()}
    types = node.get("type")
    type_list = types if isinstance(types, list) else [types]
    if node.get("format") == "date-time" and "string" in type_list:
        lenient: dict[str, Any] = {"type": "string", "customTypePath": LENIENT_DATETIME}
        rest = {k: v for k, v in node.items() if k not in ("type", "format")}
        if "null" in type_list:
            return {**rest, "anyOf": [lenient, {"type": "null"}]}
        return {**rest, **lenient}
    if "enum" in node and type_list == ["string"]:
        closed = {"type": "string", "enum": node["enum"]}
        rest = {k: v for k, v in node.items() if k not in ("type", "enum", "default")}
        return {**rest, "anyOf": [closed, {"type": "string"}]}
    return node


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("-", "_").split("_"))


class ReaderView:
    """The spec's response schemas narrowed to what the mappers read (see ``specs/reads/``).

    A reads declaration maps a root schema to a *tree*: a list of property names read whole, or a
    mapping from a property to the tree of what is read inside it (its object, the objects of its
    array, or of its nullable union). An unread property becomes ``{}`` (any value) and is no longer
    required. A nested object narrowed differently from its own root declaration gets a component
    of its own, named after its parent and property (``EmailIdentityDomain``).

    Where operations map different parts of one schema (Space Invoices' one address is both the
    identity and the domain), a root may be a reading of another schema of its own name,
    ``AddressAsIdentity: {of: EmailAddress, read: [...]}``: each operation then reads only what
    it maps, and the rest is drift to it.
    """

    def __init__(self, spec: dict[str, Any], reads: dict[str, Any], name: str) -> None:
        self.schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
        self.targets = {root: root for root in reads}
        """The schema each root reads: itself, or the ``of:`` of a per-operation reading."""
        self.reads: dict[str, dict[str, Any]] = {}
        for root, declared in reads.items():
            tree = declared
            if isinstance(declared, dict) and set(declared) == {"of", "read"}:
                self.targets[root], tree = str(declared["of"]), declared["read"]
            self.reads[root] = self._tree(tree)
        self.name = name
        self.out: dict[str, Any] = {}
        self.names: dict[tuple[str, str], str] = {}

    @staticmethod
    def _tree(node: Any) -> dict[str, Any]:
        if node is None:
            return {}
        if isinstance(node, list):
            return {str(item): None for item in node}
        if isinstance(node, dict):
            return {str(k): v for k, v in node.items()}
        sys.exit(f"generate: specs/reads: a tree is a list or a mapping, not {node!r}")

    def build(self) -> dict[str, Any]:
        for root, tree in self.reads.items():
            target = self.targets[root]
            if target not in self.schemas:
                sys.exit(f"generate: specs/reads/{self.name}.yaml: no schema {target!r} in spec")
            if target != root and root in self.schemas:
                sys.exit(f"generate: specs/reads/{self.name}.yaml: {root!r} is a spec schema")
            self._component(target, root, tree)
        return self.out

    def _component(self, target: str, component: str, tree: dict[str, Any]) -> str:
        if component not in self.out:
            self.out[component] = {}  # reserved before recursing (a schema may refer to itself)
            self.out[component] = self._narrow(self.schemas[target], tree, component)
        return component

    def _named(self, target: str, tree: dict[str, Any], owner: str, key: str) -> str:
        """The component for ``target`` narrowed to ``tree``: one per distinct narrowing."""
        identity = (target, json.dumps(tree, sort_keys=True))
        if identity not in self.names:
            if self.reads.get(target) == tree:
                name = target  # the root reader itself
            elif target not in self.reads and target not in self.out:
                name = target  # the only narrowing of a schema that is no root
            else:
                name = owner + _pascal(key)
            self.names[identity] = name
            self._component(target, name, tree)
        return self.names[identity]

    def _include(self, node: Any) -> None:
        """Copy every component ``node`` refers to (transitively) into the view, whole."""
        if isinstance(node, list):
            for item in node:
                self._include(item)
        elif isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                target = ref.rsplit("/", 1)[-1]
                if target not in self.out:
                    self.out[target] = self.schemas[target]
                    self._include(self.schemas[target])
            for value in node.values():
                self._include(value)

    def _narrow(self, schema: dict[str, Any], tree: dict[str, Any], owner: str) -> dict[str, Any]:
        props: dict[str, Any] = schema.get("properties", {})
        unknown = sorted(set(tree) - set(props))
        if unknown:
            sys.exit(f"generate: specs/reads/{self.name}.yaml: {owner} has no {unknown}")
        narrowed = {k: v for k, v in schema.items() if k not in ("properties", "required")}
        narrowed["properties"] = {
            key: self._value(value, tree[key], owner, key) if key in tree else {}
            for key, value in props.items()
        }
        required = [key for key in schema.get("required", []) if key in tree]
        if required:
            narrowed["required"] = required
        return narrowed

    def _value(self, node: Any, sub: Any, owner: str, key: str) -> Any:
        if sub is None:  # read whole: the spec's own type, nested objects included
            self._include(node)
            return node
        tree = self._tree(sub)
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = node["$ref"].rsplit("/", 1)[-1]
            return {**node, "$ref": f"#/components/schemas/{self._named(target, tree, owner, key)}"}
        result = dict(node)
        if "items" in node:
            result["items"] = self._value(node["items"], sub, owner, key)
        for union in ("anyOf", "oneOf"):
            if union in node:
                result[union] = [self._value(branch, sub, owner, key) for branch in node[union]]
        if "properties" in node:
            result = {**result, **self._narrow(node, tree, owner + _pascal(key))}
        return result


def reader_view(spec: dict[str, Any], reads: dict[str, Any], name: str) -> dict[str, Any]:
    """An OpenAPI document holding only the reader schemas of ``reads``."""
    return {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "paths": {},
        "components": {"schemas": ReaderView(spec, reads, name).build()},
    }
