"""``client.call(ENDPOINT, **params)``: any operation of the provider's spec, as a plan.

The parameters are checked before anything is sent (ids as ids, query values by the spec's types
and bounds, the body against the request's wire model), the request goes through the runner like
every unified operation (retries and the POST rule, rate limit, error mapping, scrubbing), and
the success body is read as the operation's wire model, tolerant or strict (``_reading``).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, TypeAdapter
from pydantic_core import ErrorDetails

from sendfrom._engine import Call, Plan, request_context
from sendfrom._ids import id_problem
from sendfrom._reading import parse_json, read_model, report_drift
from sendfrom._values import shown, unsendable
from sendfrom.errors import ConfigurationError, InvalidRequestError, ResponseFormatError

if TYPE_CHECKING:
    import httpx

    from sendfrom.providers.base import Adapter
    from sendfrom_generated._endpoint import Endpoint, PathParameter, QueryParameter

__all__ = ["call_plan", "endpoint_of", "endpoints", "parse_value"]

T = TypeVar("T")

_validators: dict[Any, TypeAdapter[Any]] = {}
_validators_lock = threading.Lock()


def endpoint_of(value: object) -> Endpoint[Any]:
    """``value`` if it is an ``Endpoint``; else ``InvalidRequestError`` saying what to pass."""
    from sendfrom_generated._endpoint import Endpoint

    if isinstance(value, Endpoint):
        return value
    hint = ""
    if isinstance(getattr(value, "ENDPOINT", None), Endpoint):
        hint = f" (pass {getattr(value, '__name__', 'the module').rsplit('.', 1)[-1]}.ENDPOINT)"
    raise InvalidRequestError(
        f"call() takes an operation's ENDPOINT, e.g. update_contact.ENDPOINT, not {value!r}{hint}",
        {"endpoint": ["must be the ENDPOINT of a sendfrom_generated operation module"]},
    )


def endpoints(generated: str) -> dict[str, Endpoint[Any]]:
    """Every operation of a generated package ("sendfrom_generated.invent"), by operation id."""
    import importlib
    import pkgutil

    api = importlib.import_module(f"{generated}.api")
    found: dict[str, Endpoint[Any]] = {}
    for module in pkgutil.walk_packages(api.__path__, f"{api.__name__}."):
        endpoint = getattr(importlib.import_module(module.name), "ENDPOINT", None)
        if endpoint is not None:
            found[endpoint.operation_id] = endpoint
    return dict(sorted(found.items()))


def call_plan(adapter: Adapter, endpoint: Endpoint[T], params: Mapping[str, Any]) -> Plan[T]:
    """The plan of one call, its parameters checked now (nothing is sent on a bad one)."""
    endpoint = endpoint_of(endpoint)
    if not endpoint.module.startswith(adapter.generated + "."):
        raise ConfigurationError(
            f"{endpoint.operation_id} is an operation of {endpoint.provider} "
            f"({endpoint.module}); this client is connected to {adapter.name}: call it on a "
            f"client connected to {endpoint.provider}, or use an ENDPOINT of {adapter.generated}"
        )
    kwargs = _bind(adapter, endpoint, dict(params))
    return _run(adapter, endpoint, kwargs)


def _run(adapter: Adapter, endpoint: Endpoint[T], kwargs: dict[str, Any]) -> Plan[T]:
    response = yield Call(endpoint.operation_id, endpoint.functions, kwargs)
    return _read(adapter, endpoint, response)


# ---- parameters


def _bind(adapter: Adapter, endpoint: Endpoint[Any], params: dict[str, Any]) -> dict[str, Any]:
    """The endpoint functions' keyword arguments for ``params`` (by spec or Python name)."""
    op = endpoint.operation_id
    kwargs: dict[str, Any] = {}
    for path_parameter in endpoint.path_parameters:
        kwargs[path_parameter.python_name] = _path_value(adapter, op, path_parameter, params)
    for query_parameter in endpoint.query_parameters:
        name = query_parameter.python_name
        value = _take(params, name, query_parameter.name)
        if value is None:
            if query_parameter.required:
                raise InvalidRequestError(f"{op} needs {name}=...", {name: ["is required"]})
            continue
        _check_query(query_parameter, value)
        kwargs[name] = list(value) if isinstance(value, tuple) else value
    if params.get("body", ...) is None:
        del params["body"]  # body=None: no body, as if left out
    if "body" in params:
        body = params.pop("body")
        if endpoint.body is None:
            raise InvalidRequestError(f"{op} takes no body", {"body": ["not taken"]})
        kwargs["body"] = _body(adapter, endpoint, body)
    elif endpoint.body_required:
        raise InvalidRequestError(
            f"{op} needs body=... ({endpoint.body.__name__ if endpoint.body else 'JSON'})",
            {"body": ["is required"]},
        )
    if params:
        raise _unknown(endpoint, sorted(params))
    return kwargs


def _path_value(adapter: Adapter, op: str, parameter: PathParameter, params: dict[str, Any]) -> str:
    """A path parameter's value: given (by its names, or a scope's by its setting's name), else
    the scope setting's; checked like every id, so it stays one path segment."""
    name, scope = parameter.python_name, parameter.scope
    value = _take(params, name, parameter.name)
    if scope is not None and scope not in (name, parameter.name) and scope in params:
        # The setting's own name works too: organization_id=... for Space Invoices' {id}.
        if value is not None:
            raise InvalidRequestError(
                f"{name} and {scope} are the same parameter: give one", {name: ["given twice"]}
            )
        value = params.pop(scope)
    if value is None and scope is not None:
        value = adapter.scope(scope)
        if value is None:
            raise InvalidRequestError(
                f"{op} needs {name}: pass {name}=... or connect with {scope}=...",
                {name: ["is required"]},
            )
    if value is None:
        raise InvalidRequestError(f"{op} needs {name}=...", {name: ["is required"]})
    problem = id_problem(value)
    if problem is not None:
        raise InvalidRequestError(
            f"{name} {shown(value)} is not a valid id: it {problem}", {name: [problem]}
        )
    return str(value)


def _take(params: dict[str, Any], python_name: str, name: str) -> Any:
    """The value given for a parameter under its Python name or its spec name (None: not given)."""
    if python_name in params and name != python_name and name in params:
        raise InvalidRequestError(
            f"{python_name} and {name} are the same parameter: give one",
            {python_name: ["given twice"]},
        )
    return params.pop(python_name, params.pop(name, None))


def _unknown(endpoint: Endpoint[Any], names: list[str]) -> InvalidRequestError:
    import difflib  # only on a mistake

    known = [p.python_name for p in endpoint.path_parameters]
    known += [q.python_name for q in endpoint.query_parameters]
    known += ["body"] if endpoint.body is not None else []
    hints = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    takes = ", ".join(known) or "no parameters"
    return InvalidRequestError(
        f"{endpoint.operation_id} has no parameter {', '.join(hints)}; it takes: {takes}",
        {name: ["unknown parameter"] for name in names},
    )


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
}


_WHAT = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "array": "a list of strings",
}


def _check_query(parameter: QueryParameter, value: Any) -> None:
    name = parameter.python_name
    _check_sendable(name, value)
    kinds = _TYPES.get(parameter.type, (str,))
    wrong = not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
    if parameter.type == "array" and not wrong:
        wrong = not all(isinstance(item, str) for item in value)
    if wrong:
        what = _WHAT.get(parameter.type, "a string")
        raise InvalidRequestError(
            f"{name} must be {what}, not {shown(value)}", {name: [f"must be {what}"]}
        )
    problem = None
    if parameter.minimum is not None and value < parameter.minimum:
        problem = f"must be at least {parameter.minimum:g}"
    elif parameter.maximum is not None and value > parameter.maximum:
        problem = f"must be at most {parameter.maximum:g}"
    elif parameter.max_length is not None and len(value) > parameter.max_length:
        problem = f"must be at most {parameter.max_length} characters long"
    if problem is not None:
        raise InvalidRequestError(f"{name} {shown(value)} {problem}", {name: [problem]})


def _check_sendable(name: str, value: Any) -> None:
    """A lone surrogate cannot be encoded into any request: refused, naming where it is."""
    spot = unsendable(value, name)
    if spot is not None:
        problem = "holds a lone surrogate (U+D800..U+DFFF), which no request can carry"
        raise InvalidRequestError(f"{spot} {problem}", {spot: [problem]})


def parse_value(endpoint: Endpoint[Any], name: str, text: str) -> Any:
    """A query parameter's value from text (the command line): "true" is a boolean where the spec
    says so, "10" an integer; a path parameter or an unknown name stays text."""
    for parameter in endpoint.query_parameters:
        if name not in (parameter.name, parameter.python_name):
            continue
        if parameter.type == "boolean" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if parameter.type in ("integer", "number"):
            try:
                return int(text) if parameter.type == "integer" else float(text)
            except ValueError:
                return text  # refused, with the spec's type named, by the check
        if parameter.type == "array":
            return [item for item in text.split(",") if item]
    return text


def _body(adapter: Adapter, endpoint: Endpoint[Any], body: Any) -> dict[str, Any]:
    """The body to send: a dict or an instance of the request's wire model, checked against it."""
    model = endpoint.body
    assert model is not None
    if isinstance(body, BaseModel):
        if not isinstance(body, model):
            raise InvalidRequestError(
                f"body must be a {model.__name__} (or a dict), not a {type(body).__name__}",
                {"body": [f"must be a {model.__name__}"]},
            )
        body = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if not isinstance(body, dict):
        raise InvalidRequestError(
            f"body must be a dict or a {model.__name__}", {"body": ["must be a JSON object"]}
        )
    _check_sendable("body", body)
    return adapter.request_body(endpoint.operation_id, model, body, None)


# ---- the answer


def _validator(endpoint: Endpoint[Any]) -> TypeAdapter[Any]:
    """The response's validator, built once per response type (a TypeAdapter costs
    milliseconds); keyed by the type itself, which the cache keeps alive."""
    found = _validators.get(endpoint.response)
    if found is None:
        with _validators_lock:
            found = _validators.setdefault(endpoint.response, TypeAdapter(endpoint.response))
    return found


def _read(adapter: Adapter, endpoint: Endpoint[T], response: httpx.Response) -> T:
    op = endpoint.operation_id
    context = request_context(adapter.name, op, response.request)
    if response.status_code not in endpoint.success:
        documented = ", ".join(map(str, endpoint.success))
        said = f"status {response.status_code} is not a success the spec documents ({documented})"
        if adapter.settings.strict:
            raise ResponseFormatError(f"the response's {said}", body=response.content, **context)
        error: ErrorDetails = {"loc": ("<status>",), "msg": said, "type": "status", "input": None}
        report_drift(adapter.name, op, [error], "the body is read all the same")
    if endpoint.response is None:
        return None  # type: ignore[return-value]  # T is None for a bodiless success
    raw = parse_json(adapter.name, op, response)
    result: T = read_model(
        _validator(endpoint),
        raw,
        strict=adapter.settings.strict,
        context=context,
        body=response.content,
    )
    return result
