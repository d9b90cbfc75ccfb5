"""What every provider adapter is: capabilities as data, plans for operations, pure mappers.

An adapter subclass lives in ``sendfrom/providers/<name>/adapter.py``; with its package's
``mappers`` it is the only code that imports ``sendfrom_generated.<name>``. Its operation methods
return plans (see ``sendfrom._engine``) and do no I/O; its mappers are pure functions from the
generated readers to ``sendfrom.models``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from sendfrom._body_keys import off_enum, unknown_keys
from sendfrom._checks import ascii_domain
from sendfrom._engine import Page, Plan, request_context
from sendfrom._ratelimit import RateLimit
from sendfrom._reading import WireShape, parse_json, read_body
from sendfrom._values import blank
from sendfrom.config import DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Settings
from sendfrom.errors import (
    APIStatusError,
    InvalidRequestError,
    NotFoundError,
    UnsupportedOperationError,
)
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers._mapping import deep_merge

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
C = TypeVar("C")


class Support(StrEnum):
    """How a provider serves an operation."""

    NATIVE = "native"
    EMULATED = "emulated"
    """Served exactly from other operations (e.g. get = list and filter); never partial data."""


def same_domain(name: str) -> str:
    """A domain name in the form two names are compared in: A-labels, lower case."""
    try:
        return ascii_domain(name).lower()
    except ValueError:  # a name a provider sent that is not one: compare it as it is
        return name.lower()


def same_address(email: str) -> str:
    """An address in the form two addresses are compared in: lower case, domain in A-labels."""
    local, _, domain = email.rpartition("@")
    return f"{local.lower()}@{same_domain(domain)}"


@dataclass(frozen=True, slots=True)
class Fetched(Generic[T, C]):
    """One page of a list as an adapter read it (see ``Adapter.paginate``)."""

    items: Sequence[T]
    """The page's mapped items (after any filtering the adapter does on its side)."""
    ids: frozenset[str]
    """The ids of every object the server sent on this page, filtered out or not."""
    next: C | None
    """Where the next page starts (a page number, an offset), or None on the last page."""


class Adapter:
    """The base of every provider adapter."""

    name: ClassVar[str]
    generated: ClassVar[str]
    """Dotted name of the provider's generated package."""
    capabilities: ClassVar[Mapping[str, Support]]
    notes: ClassVar[Mapping[str, str]] = {}
    """Why an operation is missing or emulated, shown in errors and the README table."""
    rate_limit: ClassVar[RateLimit | None] = None
    """The provider's documented request limit, what ``connect(..., rate_limit=True)`` uses; None:
    it documents none, so ``rate_limit=True`` asks for an explicit ``RateLimit``."""
    poll: ClassVar[Mapping[str, str]] = {}
    """How ``wait_until_verified`` polls each resource ("domains", "identities"): the cheapest
    operation that shows fresh state (e.g. "domains.verify", which asks the provider to re-check).
    A resource missing here cannot be waited on (``UnsupportedOperationError``)."""
    unsupported_arguments: ClassVar[Mapping[str, Mapping[str, str]]] = {}
    """Per operation: each argument of the unified API this provider does not take -> why.

    The client refuses such an argument before planning (``UnsupportedOperationError`` naming it),
    and ``supports(operation, argument)``, the README table and ``sendfrom capabilities`` read it.
    """
    conflicts: ClassVar[Mapping[int, tuple[str, ...]]] = {}
    """How this provider says "already exists": status -> phrases its message or a field error
    holds (case-insensitive). Such an answer is a ``ConflictError`` (``.status_code`` kept), as is
    any 409. Where each status was learnt is in specs/README.md ("Already exists")."""

    def is_conflict(
        self, status: int, message: str | None, fields: Mapping[str, list[str]]
    ) -> bool:
        """Whether an error answer says the object already exists (see ``conflicts``)."""
        phrases = self.conflicts.get(status, ())
        if not phrases:
            return False
        # With field errors, every one of them must say so: "email taken, domain_id invalid" is
        # an invalid request (422), not just a duplicate.
        said = [m for ms in fields.values() for m in ms] or [message or ""]
        return all(any(phrase in m.lower() for phrase in phrases) for m in said)

    required_options: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    """Per operation: the ``provider_options`` keys this provider cannot do without (SendGrid's
    postal address of a sender). Missing ones are an ``InvalidRequestError`` naming each, before
    anything is sent; the README's capability notes say which."""

    def lacking_options(self, operation: str, options: Mapping[str, Any] | None) -> list[str]:
        """The required options ``options`` lacks (``required_options``), in their order."""
        given = options if isinstance(options, Mapping) else {}
        return [k for k in self.required_options.get(operation, ()) if blank(given.get(k))]

    def missing_options(
        self, operation: str, options: Mapping[str, Any] | None, given_as: str = "provider_options"
    ) -> None:
        """``InvalidRequestError`` naming each required option lacking, and ``given_as``."""
        if missing := self.lacking_options(operation, options):
            wanted = ", ".join(f"{k!r}: ..." for k in missing)
            raise InvalidRequestError(
                f"{self.name} {operation} needs {', '.join(missing)}: pass {given_as}={{{wanted}}}",
                {key: [f"required by {self.name} ({given_as})"] for key in missing},
            )

    page_sizes: ClassVar[Mapping[str, tuple[int, int]]] = {}
    """Per list operation whose page size the client picks: the smallest and largest it accepts.

    ``page_size`` outside them is refused before sending. Where the provider picks the page size,
    the list operation has no entry here and ``page_size`` is in ``unsupported_arguments``.
    """
    unified_keys: ClassVar[Mapping[str, Mapping[str, str]]] = {}
    """Per operation that sends a body: each body key a unified argument sets -> that argument.

    ``request_body`` refuses these keys in ``provider_options``, whether or not the argument was
    given, so the escape hatch cannot override (or bypass the checks of) a unified argument.
    """

    def __init__(self, settings: Settings, package: ModuleType) -> None:
        self.settings = settings
        self.package = package

    # ---- set-up

    def check_settings(self) -> None:
        """Raise ``ConfigurationError`` naming what this provider still needs."""

    def scope(self, setting: str) -> str | None:
        """The value a scope path parameter ("org_id") takes when ``client.call`` is not given
        one: the setting's, or the provider's default; None when there is none."""
        value = getattr(self.settings, setting, None)
        return value if isinstance(value, str) else None

    def request_headers(self) -> dict[str, str]:
        """Headers every request carries besides the key (a scope sent as a header)."""
        return {}

    def make_client(
        self,
        *,
        base_url: str | None,
        httpx_client: httpx.Client | None = None,
        async_httpx_client: httpx.AsyncClient | None = None,
    ) -> Any:
        """The provider's generated ``Client``, authenticated with the settings' key."""
        key = self.settings.api_key.get() if self.settings.api_key else None
        given = self.settings.timeout
        if given is None and (httpx_client or async_httpx_client):
            timeout: httpx.Timeout | None = None  # keep the caller's client's own timeout
        elif isinstance(given, httpx.Timeout):
            timeout = given
        else:
            seconds = DEFAULT_TIMEOUT if given is None else given
            timeout = httpx.Timeout(seconds, connect=min(DEFAULT_CONNECT_TIMEOUT, seconds))
        kwargs: dict[str, Any] = {"token": key, "timeout": timeout}
        headers = self.request_headers()
        if headers:
            kwargs["headers"] = headers
        if base_url:
            kwargs["base_url"] = base_url
        return self.package.Client(
            httpx_client=httpx_client, async_httpx_client=async_httpx_client, **kwargs
        )

    # ---- helpers for plans

    def read(self, operation: str, shape: WireShape[T], response: httpx.Response) -> tuple[T, Any]:
        """A 2xx body read as ``shape`` (tolerant or strict, see ``sendfrom._reading``).

        Returns the validated body (plain dicts, typed by the reader) and the parsed JSON (``raw``).
        """
        raw = parse_json(self.name, operation, response)
        strict = self.settings.strict

        def context() -> dict[str, str]:
            return request_context(self.name, operation, response.request)

        return read_body(shape, raw, strict=strict, context=context, body=response.content), raw

    def request_body(
        self,
        operation: str,
        model: type[BaseModel],
        body: dict[str, Any],
        options: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        """``body`` with ``provider_options`` deep-merged, checked against the spec's request model.

        Raises ``InvalidRequestError`` naming each bad field, before anything is sent: also for a
        ``provider_options`` key that one of ``operation``'s unified arguments sets.
        """
        if options is not None and not isinstance(options, Mapping):
            raise InvalidRequestError(
                "provider_options must be a dict", {"provider_options": ["must be a dict"]}
            )
        owned = self.unified_keys.get(operation, {})
        clashes = [
            f"provider_options[{key!r}] is set by the {owned[key]} argument; pass {owned[key]}=..."
            for key in options or {}
            if key in owned
        ]
        if clashes:
            raise InvalidRequestError("; ".join(clashes), {"provider_options": clashes})
        merged = deep_merge(body, options)
        try:
            text = json.dumps(merged, allow_nan=False)
        except (TypeError, ValueError) as exc:  # a set, a datetime, NaN, a cycle ...
            raise InvalidRequestError(
                f"invalid {self.name} request: the body is not JSON ({exc})",
                {"provider_options": ["must hold JSON values only"]},
            ) from None
        try:
            # Strict, on the JSON that will be sent: "yes" is not a boolean, 1 is not a string.
            checked = model.model_validate_json(text, strict=True)
        except ValidationError as exc:
            fields: dict[str, list[str]] = {}
            for error in exc.errors():
                key = ".".join(str(part) for part in error["loc"]) or "body"
                fields.setdefault(key, []).append(error["msg"])
        else:
            info = importlib.import_module(f"{self.generated}.spec_info")  # typos, values off
            fields = unknown_keys(checked, self.open_schemas()) | off_enum(checked, info.ENUMS)
        if fields:
            summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())
            raise InvalidRequestError(f"invalid {self.name} request: {summary}", fields)
        return merged

    @classmethod
    def open_schemas(cls) -> frozenset[str]:
        """The spec's schemas that take keys they do not list (generated ``OPEN_SCHEMAS``)."""
        info = importlib.import_module(f"{cls.generated}.spec_info")
        return frozenset(getattr(info, "OPEN_SCHEMAS", ()))

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        """The message and per-field errors of an error body; providers override for their shape."""
        if isinstance(body, dict):
            for key in ("message", "error", "detail", "title"):
                value = body.get(key)
                if isinstance(value, str) and value:
                    return value, {}
                if isinstance(value, dict) and isinstance(value.get("message"), str):
                    return value["message"], {}
        return None, {}

    def error_class(self, status: int, body: Any) -> type[APIStatusError] | None:
        """The error class an answer's body names where its status does not (None: by status)."""
        return None

    def paginate(
        self,
        fetch: Callable[[C], Plan[Fetched[T, C]]],
        start: C,
        previous: frozenset[str] = frozenset(),
    ) -> Plan[Page[T]]:
        """A list from ``start`` on, one page per plan; ``fetch`` reads the page at a cursor.

        A page that brings no id the previous page did not have ends the list: a server that
        ignores the page parameter answers the first page again and again (its meta or headers
        still saying more pages follow), and the list would never end. Every paginated list goes
        through here, so every one has this guard.
        """
        page = yield from fetch(start)
        if page.ids and page.ids <= previous:
            return Page([], None)  # the same page again: its items were all listed already
        following = None if page.next is None else self.paginate(fetch, page.next, page.ids)
        return Page(page.items, following)

    def find(
        self, operation: str, pages: Plan[Page[T]] | None, wanted: Callable[[T], bool], what: str
    ) -> Plan[T]:
        """Emulate a get: walk a list page by page until ``wanted`` matches; else NotFoundError."""
        found = yield from self.first(pages, wanted)
        if found is not None:
            return found
        raise NotFoundError(
            f"{what} not found (searched the whole list)",
            status_code=404,
            body=None,
            provider=self.name,
            operation=operation,
            # No request failed: the runner names the last one sent (the end of the listing).
            request_method="",
            request_url="",
        )

    def first(self, pages: Plan[Page[T]] | None, wanted: Callable[[T], bool]) -> Plan[T | None]:
        """The first item of a list, walked page by page, that ``wanted`` matches; else None."""
        while pages is not None:
            page = yield from pages
            for item in page.items:
                if wanted(item):
                    return item
            pages = page.next
        return None

    def unsupported(self, operation: str, argument: str | None = None) -> UnsupportedOperationError:
        """The error for an operation, or one of its arguments, this provider does not take."""
        if argument is not None:
            reason = self.unsupported_arguments.get(operation, {}).get(argument)
            return UnsupportedOperationError(self.name, operation, reason, argument=argument)
        return UnsupportedOperationError(self.name, operation, self.notes.get(operation))

    # ---- operations (each provider overrides the ones it declares in ``capabilities``)

    def list_identities(
        self, domain_id: str | None, page_size: int | None = None
    ) -> Plan[Page[SenderIdentity]]:
        raise self.unsupported("identities.list")

    def find_identity(self, email: str) -> Plan[SenderIdentity | None]:
        """The identity with this address (checked, A-labels), or None: by default, list and
        filter; a provider with a cheaper route overrides it."""
        wanted = same_address(email)
        return self.first(self.list_identities(None), lambda i: same_address(i.email) == wanted)

    def get_identity(self, identity_id: str) -> Plan[SenderIdentity]:
        raise self.unsupported("identities.get")

    def create_identity(
        self, fields: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        raise self.unsupported("identities.create")

    def update_identity(
        self, identity_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[SenderIdentity]:
        raise self.unsupported("identities.update")

    def delete_identity(self, identity_id: str) -> Plan[None]:
        raise self.unsupported("identities.delete")

    def resend_verification(self, identity_id: str) -> Plan[None]:
        raise self.unsupported("identities.resend_verification")

    def list_domains(self, page_size: int | None = None) -> Plan[Page[EmailDomain]]:
        raise self.unsupported("domains.list")

    def find_domain(self, name: str) -> Plan[EmailDomain | None]:
        """The domain with this name (checked, A-labels), or None: by default, list and filter."""
        wanted = same_domain(name)
        return self.first(self.list_domains(), lambda d: same_domain(d.name) == wanted)

    def get_domain(self, domain_id: str) -> Plan[EmailDomain]:
        raise self.unsupported("domains.get")

    def create_domain(
        self, name: str, description: str | None, options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        raise self.unsupported("domains.create")

    def update_domain(
        self, domain_id: str, changes: dict[str, Any], options: Mapping[str, Any] | None
    ) -> Plan[EmailDomain]:
        raise self.unsupported("domains.update")

    def delete_domain(self, domain_id: str) -> Plan[None]:
        raise self.unsupported("domains.delete")

    def verify_domain(self, domain_id: str) -> Plan[EmailDomain]:
        raise self.unsupported("domains.verify")

    def reverify_domain(self, domain_id: str, last: EmailDomain | None) -> Plan[EmailDomain]:
        """``verify_domain`` as a wait's poll; ``last``: the previous poll's state (None at first),
        which an adapter may reuse where its provider's answer shows nothing changed."""
        del last
        return self.verify_domain(domain_id)

    def dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        raise self.unsupported("domains.dns_records")
