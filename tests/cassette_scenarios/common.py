"""What every provider's scenarios share: ``Input`` (a value, and its variable when recording),
``Ctx`` (what a scenario gets), ``Scenario`` and the ``scenario`` decorator that registers one,
and the checks several providers use."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

import sendfrom
from cassette_support import body_json
from sendfrom import EmailDomain, SenderIdentity, VerificationStatus

PENDING = VerificationStatus.PENDING
VERIFIED = VerificationStatus.VERIFIED
UNKNOWN = VerificationStatus.UNKNOWN


@dataclass(frozen=True)
class Input:
    """A value a scenario uses: ``value`` in the cassette, ``env`` when recording."""

    value: str
    env: str | None = None
    """The variable that gives the real value when recording; None: ``value`` is fine there too."""
    record_default: str | None = None


@dataclass
class Ctx:
    """What a scenario gets: the client, its inputs, and the cassette's responses."""

    client: Any
    cassette: Any
    inputs: dict[str, str]
    exact: bool
    """Replaying a built cassette: the literal values of its payloads can be asserted."""

    async def call(self, operation: str, *args: Any, **kwargs: Any) -> Any:
        """Run a public operation, e.g. ``await ctx.call("domains.get", id)``; lists as lists."""
        resource, method = operation.split(".")
        result = getattr(getattr(self.client, resource), method)(*args, **kwargs)
        if method == "list":
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return list(result)
        if inspect.isawaitable(result):
            return await result
        return result

    async def fails(self, error: type[Exception], operation: str, *args: Any, **kwargs: Any) -> Any:
        """Run an operation that must raise ``error``; returns the exception."""
        with pytest.raises(error) as info:
            await self.call(operation, *args, **kwargs)
        exc = info.value
        if isinstance(exc, sendfrom.APIError):
            assert exc.operation == operation
        return exc

    def __getitem__(self, name: str) -> str:
        return self.inputs[name]

    def body(self, index: int) -> Any:
        """The JSON body of the cassette's ``index``-th response (None when it has none)."""
        return body_json(self.cassette.data[index][1]["body"])

    def request(self, index: int) -> Any:
        """The cassette's ``index``-th request."""
        return self.cassette.data[index][0]

    @property
    def responses(self) -> int:
        return len(self.cassette.data)


Run = Callable[[Ctx], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    provider: str
    name: str
    operations: tuple[str, ...]
    run: Run
    inputs: Mapping[str, Input] = field(default_factory=dict)
    scope: Mapping[str, Input] = field(default_factory=dict)
    """Scope arguments of ``connect`` (org_id, account_id, organization_id)."""
    destructive: bool = False
    not_recordable: str | None = None
    """Why recording must leave this cassette as it is (e.g. a 429 cannot be asked for)."""
    record_unless: tuple[str, ...] = ()
    """Variables that, when set, mean this scenario is not the one to record (another scope)."""
    connect: Mapping[str, Any] = field(default_factory=dict)
    """Other ``connect`` arguments (e.g. max_retries=0)."""

    @property
    def id(self) -> str:
        return f"{self.provider}-{self.name}"

    def __str__(self) -> str:
        return self.id


SCENARIOS: list[Scenario] = []

DEFAULT_SCOPE: dict[str, dict[str, Input]] = {}
"""The ``connect`` scope of each provider's scenarios (its module sets its line first)."""


def scenario(provider: str, name: str, *operations: str, **options: Any) -> Callable[[Run], Run]:
    """Register the decorated coroutine as the scenario of ``<provider>/<name>.yaml``."""

    def register(run: Run) -> Run:
        options.setdefault("scope", DEFAULT_SCOPE[provider])
        SCENARIOS.append(Scenario(provider, name, operations, run, **options))
        return run

    return register


# ---- checks shared by the scenarios


def same_identity(identity: SenderIdentity, provider: str, wire: dict[str, Any]) -> None:
    assert isinstance(identity, SenderIdentity)
    assert identity.provider == provider
    assert identity.raw == wire, "raw is the provider's JSON for the identity"


def same_domain(domain: EmailDomain, provider: str, wire: dict[str, Any]) -> None:
    assert isinstance(domain, EmailDomain)
    assert domain.provider == provider
    assert domain.raw == wire, "raw is the provider's JSON for the domain"


def status_error(
    exc: sendfrom.APIStatusError, status: int, method: str, path: str, message: str | None
) -> None:
    assert exc.status_code == status
    assert exc.request_method == method
    assert exc.request_url.split("?")[0].endswith(path)
    if message is not None:
        assert exc.message == message
    assert "test-key" not in str(exc)


def emulated_not_found(exc: sendfrom.NotFoundError, provider: str) -> None:
    assert exc.status_code == 404
    assert exc.provider == provider
    assert "not found" in exc.message
    # the listing's last real request, never a made-up URL
    assert exc.request_url.startswith(("https://", "http://"))
    assert exc.request_method == "GET"


def record_order(item: Scenario) -> tuple[bool, int]:
    """Read-only scenarios first, then the destructive ones in the order they are declared."""
    return item.destructive, SCENARIOS.index(item)
