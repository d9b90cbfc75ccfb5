"""Helpers for tests that hold payloads against the specs: find an operation, validate a body."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml
from openapi_schema_validator import OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
# The public facts the specs were written from, kept in the repository (each folder's README names
# every file's source), so a clone anywhere runs its own tests.
PROVIDERS_DIR = SPECS / "evidence"
METHODS = ("get", "put", "post", "delete", "patch")
SPEC_PATHS: dict[str, Path] = {}
"""Specs outside specs/, by provider: those of the providers tests/extra_providers.py registers."""


def repository_path(written: str) -> Path:
    """A path as the cassettes write it: relative to the repository."""
    return ROOT / written


@functools.cache
def load_spec(provider: str) -> dict[str, Any]:
    """The parsed ``specs/<provider>.yaml`` (or the ``SPEC_PATHS`` entry of a test's provider)."""
    path = SPEC_PATHS.get(provider, SPECS / f"{provider}.yaml")
    spec: dict[str, Any] = yaml.safe_load(path.read_text())
    return spec


@dataclass(frozen=True)
class Operation:
    """One operation of a spec, located by method and path template."""

    provider: str
    method: str
    path: str
    body: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.body["operationId"])

    @property
    def pointer(self) -> str:
        return "/paths/" + self.path.replace("~", "~0").replace("/", "~1") + "/" + self.method


def operations(provider: str) -> list[Operation]:
    """Every operation of a provider's spec, in spec order."""
    spec = load_spec(provider)
    return [
        Operation(provider, method, path, item[method])
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item
    ]


def _path_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    body = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{body}$")


def find_operation(provider: str, method: str, url: str) -> Operation:
    """The operation a request reaches: ``url`` is absolute, or a path below the server URL."""
    path = urlsplit(url).path
    base = urlsplit(load_spec(provider)["servers"][0]["url"]).path.rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) :]
    matches = [
        op
        for op in operations(provider)
        if op.method == method.lower() and _path_regex(op.path).match(path)
    ]
    if not matches:
        raise LookupError(f"{provider}: no operation for {method} {path}")
    # A literal segment beats a template ("/identities/email/{email}" over "/identities/{id}").
    return max(matches, key=lambda op: len(re.sub(r"\{[^}]+\}", "", op.path)))


@functools.cache
def _registry(provider: str) -> Registry[Any]:
    resource = Resource.from_contents(load_spec(provider), default_specification=DRAFT202012)
    return Registry().with_resource(_uri(provider), resource)


def _uri(provider: str) -> str:
    return f"urn:sendfrom:spec:{provider}"


def validation_errors(provider: str, pointer: str, instance: Any) -> list[str]:
    """Every way ``instance`` breaks the schema at ``pointer`` (formats are not asserted)."""
    ref = {"$ref": _uri(provider) + "#" + quote(pointer, safe="/~")}
    validator = OAS31Validator(ref, registry=_registry(provider))
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def response_pointer(op: Operation, status: int) -> str | None:
    """Pointer to the JSON schema of ``op``'s response ``status``; None if it has no body."""
    responses = op.body["responses"]
    key = str(status) if str(status) in responses else f"{str(status)[0]}XX"
    if key not in responses:
        key = "default"
    if key not in responses:
        raise LookupError(f"{op.operation_id}: status {status} is not declared")
    pointer = f"{op.pointer}/responses/{key}"
    response = resolve(op.provider, pointer)
    if "$ref" in responses[key]:  # a shared response under components/responses
        pointer = responses[key]["$ref"].lstrip("#")
    content = response.get("content") or {}
    if "application/json" not in content:
        return None
    return f"{pointer}/content/application~1json/schema"


def request_pointer(op: Operation) -> str:
    """Pointer to the JSON schema of ``op``'s request body."""
    if "requestBody" not in op.body:
        raise LookupError(f"{op.operation_id} takes no request body")
    ref = op.body["requestBody"].get("$ref")
    if ref:  # a requestBodies component (SendGrid's create and update share one)
        return f"{ref.removeprefix('#')}/content/application~1json/schema"
    return f"{op.pointer}/requestBody/content/application~1json/schema"


def resolve(provider: str, pointer: str) -> Any:
    """The spec node at a JSON pointer, following one level of ``$ref``."""
    node: Any = load_spec(provider)
    for token in pointer.strip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    if isinstance(node, dict) and "$ref" in node:
        return resolve(provider, node["$ref"].lstrip("#"))
    return node


def schema_name(provider: str, pointer: str) -> tuple[str, bool]:
    """The component name behind a response/request schema, and whether it is a bare array."""
    node: Any = load_spec(provider)
    for token in pointer.strip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[1], False
    if node.get("type") == "array" and "$ref" in node.get("items", {}):
        return node["items"]["$ref"].rsplit("/", 1)[1], True
    raise LookupError(f"{provider}: {pointer} is not a named schema or an array of one")


def load_payload(provider: str, name: str) -> Any:
    """An example payload from ``specs/evidence/<provider>/``."""
    return json.loads((PROVIDERS_DIR / provider / name).read_bytes())


def sample_create_options(provider: str, operation: str = "identities.create") -> dict[str, str]:
    """``provider_options`` with a sample of each option the provider requires (most: none)."""
    from sendfrom.providers import adapter_class

    required = adapter_class(provider).required_options.get(operation, ())
    return {key: f"Sample {key}" for key in required}
