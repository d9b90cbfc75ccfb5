"""What a simulator's handlers see and how they are declared: the request (path parameters,
query, JSON body), the error a handler raises to answer with the provider's error body, and
``@route``, which ties a handler to a generated endpoint's method and path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx

__all__ = ["Handler", "SimRequest", "SimulatedHTTPError", "compile_route", "route"]

Handler = Callable[[Any, "SimRequest"], httpx.Response]


class SimulatedHTTPError(Exception):
    """Raised inside a handler to answer with the provider's error body."""

    def __init__(
        self, status: int, message: str, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}


@dataclass
class SimRequest:
    """One request as a handler sees it: path parameters, query and a lazily parsed JSON body."""

    http: httpx.Request
    params: dict[str, str]
    invalid_status: int = 422
    """What the provider answers to a malformed parameter (Laravel 422, NestJS 400)."""
    base_url: str = ""
    """The base URL as this request arrived (scheme, host, port, base path): absolute URLs in an
    answer start with it, so a client that follows them stays on the server it called."""

    @property
    def query(self) -> httpx.QueryParams:
        return self.http.url.params

    def json(self) -> dict[str, Any]:
        """The JSON object body (an empty body is ``{}``); 400 for anything else."""
        content = self.http.content
        if not content.strip():
            return {}
        try:
            body = json.loads(content)
        except ValueError:
            raise SimulatedHTTPError(400, "The request body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise SimulatedHTTPError(400, "The request body must be a JSON object.")
        return body

    def int_query(self, name: str, default: int, low: int, high: int | None = None) -> int:
        """An integer query parameter within [low, high]; 422-style error naming it otherwise."""
        raw = self.query.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            message = f"The {name} must be an integer."
            raise SimulatedHTTPError(self.invalid_status, message, {name: [message]}) from None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            message = f"The {name} must be {bound}."
            raise SimulatedHTTPError(self.invalid_status, message, {name: [message]})
        return value


def route(endpoint: ModuleType | str, template: str | None = None) -> Callable[[Handler], Handler]:
    """Declare a handler for a generated endpoint module (its ``METHOD`` and ``PATH``, so a route
    is never typed twice), or for ``method`` on ``template`` (relative to the base path)."""
    if isinstance(endpoint, ModuleType):
        method, path = str(endpoint.METHOD), str(endpoint.PATH)
    elif template is not None:
        method, path = endpoint, template
    else:
        raise TypeError("route() takes a generated endpoint module, or a method and a template")

    def decorate(handler: Handler) -> Handler:
        handler.__dict__.setdefault("_routes", []).append((method, path))
        return handler

    return decorate


def compile_route(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")
