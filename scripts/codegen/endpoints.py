"""The ``ENDPOINT`` of each operation module, written from the spec (``client.call`` runs it).

openapi-python-client writes the functions of an operation module; its template imports
``Endpoint`` and the provider's ``models``. This module finds each operation's module by the
``METHOD`` and ``PATH`` it declares, and appends ``ENDPOINT: Endpoint[T]``: the parameters (with
the generator's own Python names, checked against the functions' signature), the request body's
wire model, the documented success statuses and the success wire model ``T``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

import jinja2
from openapi_python_client.strings import PythonIdentifier

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_PREFIX = "field_"  # openapi-python-client's default field prefix


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a local ``$ref`` followed (the spec's components)."""
    while "$ref" in node:
        path = node["$ref"].removeprefix("#/").split("/")
        found: Any = spec
        for part in path:
            found = found[part]
        node = found
    return node


def _ref_name(node: dict[str, Any]) -> str:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        sys.exit(f"generate: a success body must be a named schema or an array of one: {node}")
    return ref.rsplit("/", 1)[1]


def _response_type(spec: dict[str, Any], responses: dict[str, Any]) -> tuple[list[int], str]:
    """The success statuses, and the success body's type as Python source ("None" if none)."""
    statuses, types = [], set()
    for code, answer in responses.items():
        if not str(code).startswith("2"):
            continue
        statuses.append(int(code))
        schema = _resolve(spec, answer).get("content", {}).get("application/json", {})
        schema = schema.get("schema")
        if schema is None:
            types.add("None")
        elif schema.get("type") == "array":
            types.add(f"list[models.{_ref_name(schema['items'])}]")
        else:
            types.add(f"models.{_ref_name(schema)}")
    if len(types) != 1:
        sys.exit(f"generate: the success answers of an operation differ: {sorted(types)}")
    return sorted(statuses), types.pop()


def _query_parameter(spec: dict[str, Any], parameter: dict[str, Any]) -> dict[str, Any]:
    schema = _resolve(spec, parameter.get("schema", {}))
    kind = schema.get("type", "string")
    if isinstance(kind, list):  # [X, "null"]
        kind = next(k for k in kind if k != "null")
    return {
        "name": parameter["name"],
        "python_name": str(PythonIdentifier(parameter["name"], _PREFIX)),
        "type": kind,
        "required": bool(parameter.get("required")),
        "minimum": schema.get("minimum"),
        "maximum": schema.get("maximum"),
        "max_length": schema.get("maxLength"),
        "enum": tuple(schema.get("enum", ())),
    }


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """What each operation's ``ENDPOINT`` says, in the spec's order."""
    found = []
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = [_resolve(spec, p) for p in [*shared, *operation.get("parameters", [])]]
            statuses, response = _response_type(spec, operation.get("responses", {}))
            body = operation.get("requestBody")
            body_model = None
            if body is not None:
                schema = _resolve(spec, body)["content"]["application/json"]["schema"]
                body_model = f"models.{_ref_name(schema)}"
            found.append(
                {
                    "operation_id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "path_parameters": [
                        {
                            "name": p["name"],
                            "python_name": str(PythonIdentifier(p["name"], _PREFIX)),
                            "scope": p.get("x-sendfrom-scope"),
                        }
                        for p in parameters
                        if p["in"] == "path"
                    ],
                    "query_parameters": [
                        _query_parameter(spec, p) for p in parameters if p["in"] == "query"
                    ],
                    "body": body_model,
                    "body_required": bool(body and _resolve(spec, body).get("required")),
                    "success": statuses,
                    "response": response,
                }
            )
    return found


def _declared(source: str) -> tuple[str, str, set[str]]:
    """A generated module's METHOD, PATH and the argument names of its ``sync_detailed``."""
    tree = ast.parse(source)
    constants: dict[str, str] = {}
    arguments: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = str(node.value.value)
        if isinstance(node, ast.FunctionDef) and node.name == "sync_detailed":
            every = [*node.args.args, *node.args.kwonlyargs]
            arguments = {a.arg for a in every}
    return constants.get("METHOD", ""), constants.get("PATH", ""), arguments


def _shape(path: str) -> str:
    """A path template without its parameter names (the generator renames some: accountId)."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def write_endpoints(spec: dict[str, Any], api: Path, templates: Path) -> None:
    """Append ``ENDPOINT`` to every operation module under ``api`` (templates: ``templates``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("endpoint_object.py.jinja")
    modules = {}
    for path in sorted(api.rglob("*.py")):
        if path.name != "__init__.py":
            method, template_path, arguments = _declared(path.read_text())
            modules[method, _shape(template_path)] = (path, arguments)
    for operation in operations(spec):
        key = (operation["method"], _shape(operation["path"]))
        if key not in modules:
            sys.exit(f"generate: no endpoint module for {operation['operation_id']} ({key})")
        path, arguments = modules.pop(key)
        named = {p["python_name"] for p in operation["path_parameters"]}
        named |= {p["python_name"] for p in operation["query_parameters"]}
        if not named <= arguments:
            sys.exit(f"generate: {path.name}: parameter names differ: {named - arguments}")
        with path.open("a") as module:
            module.write(template.render(**operation))
