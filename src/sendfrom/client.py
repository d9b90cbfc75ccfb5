"""``connect`` / ``connect_async``, the clients and their ``identities`` and ``domains`` resources.

Every method checks the provider's capabilities and its arguments before anything is sent, builds a
plan with the provider's adapter, and hands it to a runner: the sync and async classes below differ
only in that last step.
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib
import math
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import httpx
import idna

from sendfrom._engine import AsyncRunner, Page, Plan, RetryPolicy, SyncRunner
from sendfrom._ids import id_problem
from sendfrom._ratelimit import RateLimit, RateLimiter
from sendfrom._redact import Secret
from sendfrom.capabilities import OPERATIONS
from sendfrom.config import DEFAULT_CONNECT_TIMEOUT, Settings, resolve_settings
from sendfrom.errors import ConfigurationError, InvalidRequestError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity
from sendfrom.providers import adapter_class
from sendfrom.providers.base import Adapter

if TYPE_CHECKING:
    from sendfrom.testing import Simulator

__all__ = ["NOT_GIVEN", "AsyncClient", "Client", "NotGiven", "connect", "connect_async"]

R = TypeVar("R", SyncRunner, AsyncRunner)
Options = Mapping[str, Any] | None
"""``provider_options``: deep-merged into the provider's request body (not portable)."""


class NotGiven:
    """The default of ``update`` arguments: a field left out is not sent, so it is not changed."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _check_id(field: str, value: object) -> str:
    problem = id_problem(value)
    if problem is not None:
        shown = (
            repr(value[:80] + "...") if isinstance(value, str) and len(value) > 80 else repr(value)
        )
        raise InvalidRequestError(
            f"{field} {shown} is not a valid id: it {problem}", {field: [problem]}
        )
    assert isinstance(value, str)
    return value


def _check_email(field: str, value: object) -> str:
    """The address as sent: its domain part held to the rules of a domain name and written in
    A-labels, like ``domains.create``; the local part is the provider's business, kept as given."""
    if not isinstance(value, str) or not _EMAIL.fullmatch(value):
        raise InvalidRequestError(
            f"{field} {value!r} is not an email address", {field: ["must be an email address"]}
        )
    local, _, domain = value.rpartition("@")
    try:
        return f"{local}@{_ascii_domain(domain)}"
    except ValueError as exc:
        raise InvalidRequestError(
            f"{field} {value!r} is not an email address: its domain {domain!r} is not a domain "
            f"name: {exc}",
            {field: [f"must be an email address; its domain: {exc}"]},
        ) from None


def _check_optional(field: str, value: object, kind: type) -> None:
    if value is not None and not isinstance(value, kind):
        raise InvalidRequestError(
            f"{field} must be a {kind.__name__} or None", {field: [f"must be a {kind.__name__}"]}
        )


def _changes(**fields: Any) -> dict[str, Any]:
    """The update arguments the caller gave (``NOT_GIVEN`` ones are left out)."""
    changes = {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}
    kinds = {"is_default": bool, "click_tracking": bool, "open_tracking": bool}
    for key, value in changes.items():
        if key == "reply_to_email" and value is not None:
            changes[key] = _check_email(key, value)
        else:
            _check_optional(key, value, kinds.get(key, str))
    return changes


class _Resource(Generic[R]):
    def __init__(self, owner: _BaseClient[R]) -> None:
        self._adapter = owner._adapter
        self._runner: R = owner._runner

    def _require(self, operation: str) -> None:
        if operation not in self._adapter.capabilities:
            raise self._adapter.unsupported(operation)


class _IdentityPlans(_Resource[R]):
    """Checks and plans shared by the sync and async identities resources."""

    def _list(self, domain_id: str | None) -> Plan[Page[SenderIdentity]]:
        self._require("identities.list")
        if domain_id is not None:
            _check_id("domain_id", domain_id)
        return self._adapter.list_identities(domain_id)

    def _get(self, identity_id: str) -> Plan[SenderIdentity]:
        self._require("identities.get")
        return self._adapter.get_identity(_check_id("identity_id", identity_id))

    def _create(self, fields: dict[str, Any], options: Options) -> Plan[SenderIdentity]:
        self._require("identities.create")
        return self._adapter.create_identity(_create_fields(**fields), options)

    def _update(
        self, identity_id: str, changes: dict[str, Any], options: Options
    ) -> Plan[SenderIdentity]:
        self._require("identities.update")
        _check_id("identity_id", identity_id)
        return self._adapter.update_identity(identity_id, _changes(**changes), options)

    def _delete(self, identity_id: str) -> Plan[None]:
        self._require("identities.delete")
        return self._adapter.delete_identity(_check_id("identity_id", identity_id))

    def _resend(self, identity_id: str) -> Plan[None]:
        self._require("identities.resend_verification")
        return self._adapter.resend_verification(_check_id("identity_id", identity_id))


class _DomainPlans(_Resource[R]):
    """Checks and plans shared by the sync and async domains resources."""

    def _list(self) -> Plan[Page[EmailDomain]]:
        self._require("domains.list")
        return self._adapter.list_domains()

    def _by_id(self, operation: str, domain_id: str) -> str:
        self._require(operation)
        return _check_id("domain_id", domain_id)

    def _create(self, name: str, description: str | None, options: Options) -> Plan[EmailDomain]:
        self._require("domains.create")
        name = _check_domain_args(name, description)
        return self._adapter.create_domain(name, description, options)

    def _update(
        self, domain_id: str, description: str | NotGiven | None, options: Options
    ) -> Plan[EmailDomain]:
        domain_id = self._by_id("domains.update", domain_id)
        changes = _changes(description=description)
        return self._adapter.update_domain(domain_id, changes, options)


class Identities(_IdentityPlans[SyncRunner]):
    """Sender identities: the addresses you send as."""

    def list(self, domain_id: str | None = None) -> Iterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id))

    def get(self, identity_id: str) -> SenderIdentity:
        """One identity by id."""
        return self._runner.run(self._get(identity_id))

    def create(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Add an identity; the provider starts verifying it."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return self._runner.run(self._create(fields, provider_options))

    def update(
        self,
        identity_id: str,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        reply_to_email: str | NotGiven | None = NOT_GIVEN,
        reply_to_name: str | NotGiven | None = NOT_GIVEN,
        is_default: bool | NotGiven = NOT_GIVEN,
        click_tracking: bool | NotGiven = NOT_GIVEN,
        open_tracking: bool | NotGiven = NOT_GIVEN,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Change the given fields only; nothing else is sent or overwritten."""
        changes: dict[str, Any] = {
            "name": name,
            "reply_to_email": reply_to_email,
            "reply_to_name": reply_to_name,
        }
        changes |= {"is_default": is_default, "click_tracking": click_tracking}
        changes |= {"open_tracking": open_tracking}
        return self._runner.run(self._update(identity_id, changes, provider_options))

    def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        self._runner.run(self._delete(identity_id))

    def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        self._runner.run(self._resend(identity_id))


class AsyncIdentities(_IdentityPlans[AsyncRunner]):
    """Sender identities (async)."""

    def list(self, domain_id: str | None = None) -> AsyncIterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id))

    async def get(self, identity_id: str) -> SenderIdentity:
        """One identity by id."""
        return await self._runner.run(self._get(identity_id))

    async def create(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Add an identity; the provider starts verifying it."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return await self._runner.run(self._create(fields, provider_options))

    async def update(
        self,
        identity_id: str,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        reply_to_email: str | NotGiven | None = NOT_GIVEN,
        reply_to_name: str | NotGiven | None = NOT_GIVEN,
        is_default: bool | NotGiven = NOT_GIVEN,
        click_tracking: bool | NotGiven = NOT_GIVEN,
        open_tracking: bool | NotGiven = NOT_GIVEN,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Change the given fields only; nothing else is sent or overwritten."""
        changes: dict[str, Any] = {
            "name": name,
            "reply_to_email": reply_to_email,
            "reply_to_name": reply_to_name,
        }
        changes |= {"is_default": is_default, "click_tracking": click_tracking}
        changes |= {"open_tracking": open_tracking}
        return await self._runner.run(self._update(identity_id, changes, provider_options))

    async def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        await self._runner.run(self._delete(identity_id))

    async def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        await self._runner.run(self._resend(identity_id))


class Domains(_DomainPlans[SyncRunner]):
    """Email domains and their DNS verification."""

    def list(self) -> Iterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list())

    def get(self, domain_id: str) -> EmailDomain:
        """One domain by id."""
        return self._runner.run(self._adapter.get_domain(self._by_id("domains.get", domain_id)))

    def create(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """Add a domain; publish its ``dns_records`` to verify it."""
        return self._runner.run(self._create(name, description, provider_options))

    def update(
        self,
        domain_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        provider_options: Options = None,
    ) -> EmailDomain:
        """Change the given fields only (``provider_options`` for provider-specific settings)."""
        return self._runner.run(self._update(domain_id, description, provider_options))

    def delete(self, domain_id: str) -> None:
        """Remove a domain."""
        self._runner.run(self._adapter.delete_domain(self._by_id("domains.delete", domain_id)))

    def verify(self, domain_id: str) -> EmailDomain:
        """Ask the provider to re-check the domain's DNS; returns its fresh state."""
        return self._runner.run(
            self._adapter.verify_domain(self._by_id("domains.verify", domain_id))
        )

    def dns_records(self, domain_id: str) -> builtins.list[DnsRecord]:
        """The records to publish in DNS for the domain."""
        domain_id = self._by_id("domains.dns_records", domain_id)
        return self._runner.run(self._adapter.dns_records(domain_id))


class AsyncDomains(_DomainPlans[AsyncRunner]):
    """Email domains and their DNS verification (async)."""

    def list(self) -> AsyncIterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list())

    async def get(self, domain_id: str) -> EmailDomain:
        """One domain by id."""
        domain_id = self._by_id("domains.get", domain_id)
        return await self._runner.run(self._adapter.get_domain(domain_id))

    async def create(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """Add a domain; publish its ``dns_records`` to verify it."""
        return await self._runner.run(self._create(name, description, provider_options))

    async def update(
        self,
        domain_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        provider_options: Options = None,
    ) -> EmailDomain:
        """Change the given fields only (``provider_options`` for provider-specific settings)."""
        return await self._runner.run(self._update(domain_id, description, provider_options))

    async def delete(self, domain_id: str) -> None:
        """Remove a domain."""
        domain_id = self._by_id("domains.delete", domain_id)
        await self._runner.run(self._adapter.delete_domain(domain_id))

    async def verify(self, domain_id: str) -> EmailDomain:
        """Ask the provider to re-check the domain's DNS; returns its fresh state."""
        domain_id = self._by_id("domains.verify", domain_id)
        return await self._runner.run(self._adapter.verify_domain(domain_id))

    async def dns_records(self, domain_id: str) -> builtins.list[DnsRecord]:
        """The records to publish in DNS for the domain."""
        domain_id = self._by_id("domains.dns_records", domain_id)
        return await self._runner.run(self._adapter.dns_records(domain_id))


def _create_fields(
    email: str,
    name: str | None,
    domain_id: str | None,
    reply_to_email: str | None,
    reply_to_name: str | None,
) -> dict[str, Any]:
    email = _check_email("email", email)
    _check_optional("name", name, str)
    if domain_id is not None:
        _check_id("domain_id", domain_id)
    if reply_to_email is not None:
        reply_to_email = _check_email("reply_to_email", reply_to_email)
    _check_optional("reply_to_name", reply_to_name, str)
    return {
        "email": email,
        "name": name,
        "domain_id": domain_id,
        "reply_to_email": reply_to_email,
        "reply_to_name": reply_to_name,
    }


_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", re.I)
# Letters only, or an A-label (example.xn--p1ai): never all digits, so no IP address passes.
_TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}", re.I)


def _ascii_label(label: str) -> str:
    """One label as sent: an ASCII one checked (letters, digits, inner hyphens; an ``xn--`` one
    must be a valid A-label), any other converted to its A-label by IDNA 2008."""
    if not label:
        raise ValueError("it has an empty label")
    if not label.isascii():
        try:
            return idna.alabel(label).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"label {label!r}: {exc}") from None
    if len(label) > 63:
        raise ValueError(f"label {label[:16]!r}... is longer than 63 characters")
    if not _LDH_LABEL.fullmatch(label):
        if label.startswith("-") or label.endswith("-"):
            raise ValueError(f"label {label!r} starts or ends with a hyphen")
        raise ValueError(f"label {label!r} may hold only letters, digits and hyphens")
    if label[:4].lower() == "xn--":
        try:
            idna.ulabel(label)
        except idna.IDNAError:
            raise ValueError(f"label {label!r} is not a valid A-label (punycode)") from None
    return label


def _ascii_domain(name: str) -> str:
    """``name`` as sent, every U-label as its A-label; ``ValueError`` says what is wrong with it.

    Non-ASCII names first get the UTS 46 mapping browsers apply (case, full-width dots); ASCII
    names are sent exactly as given.
    """
    if not name.isascii():
        try:
            name = idna.uts46_remap(name, std3_rules=True, transitional=False)
        except idna.IDNAError as exc:
            raise ValueError(str(exc)) from None
    labels = name.split(".")
    if len(labels) < 2:
        raise ValueError("it needs at least two labels, like example.com")
    labels = [_ascii_label(label) for label in labels]
    if not _TOP_LABEL.fullmatch(labels[-1]):
        raise ValueError(
            f"its last label {labels[-1]!r} must be two or more letters or an A-label (xn--...)"
        )
    ascii_name = ".".join(labels)
    if len(ascii_name) > 253:
        raise ValueError(f"it is {len(ascii_name)} characters long as sent; the limit is 253")
    return ascii_name


def _check_domain_args(name: object, description: object) -> str:
    """The domain name as sent (A-labels), after checking it and the description."""
    if not isinstance(name, str):
        raise InvalidRequestError(
            f"{name!r} is not a domain name", {"name": ["must be a domain name like example.com"]}
        )
    try:
        ascii_name = _ascii_domain(name)
    except ValueError as exc:
        raise InvalidRequestError(
            f"{name!r} is not a domain name: {exc}",
            {"name": [f"must be a domain name like example.com: {exc}"]},
        ) from None
    _check_optional("description", description, str)
    return ascii_name


class _BaseClient(Generic[R]):
    _runner: R
    _owns_http: bool = True
    _simulator: Simulator | None = None
    """The in-process simulator behind ``simulate=True`` (see ``sendfrom.testing.simulator_of``)."""

    def __init__(self, adapter: Adapter, runner: R, native: Any) -> None:
        self._adapter = adapter
        self._runner = runner
        self._native = native

    @property
    def provider(self) -> str:
        """The provider's name, e.g. "mailersend"."""
        return self._adapter.name

    @property
    def capabilities(self) -> frozenset[str]:
        """The operations this provider supports (natively or emulated)."""
        return frozenset(self._adapter.capabilities)

    def supports(self, operation: str) -> bool:
        """Whether ``operation`` (e.g. "domains.verify") works on this provider."""
        if operation not in OPERATIONS:
            known = ", ".join(OPERATIONS)
            raise InvalidRequestError(
                f"unknown operation {operation!r}; known: {known}",
                {"operation": [f"must be one of {known}"]},
            )
        return operation in self._adapter.capabilities

    @property
    def native(self) -> Any:
        """The provider's generated ``Client`` (``sendfrom_generated.<provider>``): not portable."""
        return self._native

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(provider={self.provider!r}, base_url={self._native.base_url!r})"
        )

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        timeout: float | None = None,
        rate_limit: RateLimit | bool | None = None,
    ) -> Self:
        """A copy of this client with other retry, timeout or rate-limit settings.

        Only the arguments given change. The copy shares this client's adapter, its connection
        pool and (unless ``rate_limit`` is given) its rate limiter, so both count against one
        limit. Closing the copy leaves the pool open; closing this client closes it for both.
        """
        _check_with_options(max_retries, timeout, rate_limit)
        runner = self._runner
        policy = runner.policy
        if max_retries is not None:
            policy = dataclasses.replace(policy, max_retries=max_retries)
        limiter = runner.limiter
        if rate_limit is not None:
            limiter = _limiter(self._adapter, rate_limit)
        native = self._native
        if timeout is not None:
            self._shared_pool()  # create the pool now, so that the copy holds the same one
            seconds = httpx.Timeout(timeout, connect=min(DEFAULT_CONNECT_TIMEOUT, timeout))
            native = native.with_timeout(seconds)  # same base URL, auth header and pool
        derived = type(self)(
            self._adapter, type(runner)(self._adapter, native, policy, limiter), native
        )
        derived._owns_http = False
        derived._simulator = self._simulator  # the same simulator still answers
        return derived

    def _shared_pool(self) -> object:
        raise NotImplementedError


class Client(_BaseClient[SyncRunner]):
    """A provider connection with blocking I/O. Use ``sendfrom.connect`` to make one."""

    def __init__(self, adapter: Adapter, runner: SyncRunner, native: Any) -> None:
        super().__init__(adapter, runner, native)
        self.identities = Identities(self)
        self.domains = Domains(self)

    def close(self) -> None:
        """Close the connection pool (not one passed in as ``http_client``, nor a ``with_options``
        copy's: that one belongs to the client it was made from)."""
        if self._owns_http:
            self._native.close()

    def _shared_pool(self) -> httpx.Client:
        return self._native.get_httpx_client()  # type: ignore[no-any-return]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    _owns_http = True


class AsyncClient(_BaseClient[AsyncRunner]):
    """A provider connection for asyncio. Use ``sendfrom.connect_async`` to make one."""

    def __init__(self, adapter: Adapter, runner: AsyncRunner, native: Any) -> None:
        super().__init__(adapter, runner, native)
        self.identities = AsyncIdentities(self)
        self.domains = AsyncDomains(self)

    async def aclose(self) -> None:
        """Close the connection pool (not one passed in as ``http_client``, nor a ``with_options``
        copy's: that one belongs to the client it was made from)."""
        if self._owns_http:
            await self._native.aclose()

    def _shared_pool(self) -> httpx.AsyncClient:
        return self._native.get_async_httpx_client()  # type: ignore[no-any-return]

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    _owns_http = True


def _check_with_options(max_retries: object, timeout: object, rate_limit: object) -> None:
    """``ConfigurationError`` for a bad ``with_options`` argument (None: not given)."""
    if max_retries is not None and (
        isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
    ):
        raise ConfigurationError(f"max_retries must be a whole number >= 0, not {max_retries!r}")
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise ConfigurationError(f"timeout must be a number of seconds > 0, not {timeout!r}")
    if rate_limit is not None and not isinstance(rate_limit, bool | RateLimit):
        raise ConfigurationError(
            "rate_limit must be True (the provider's documented limit), False, or a "
            f"sendfrom.RateLimit(requests=..., per=...), not {rate_limit!r}"
        )


def _limiter(adapter: Adapter, setting: RateLimit | bool) -> RateLimiter | None:
    """The limiter for a ``rate_limit`` setting: False off, True the provider's documented one."""
    if setting is False:
        return None
    if setting is True:
        if adapter.rate_limit is None:
            raise ConfigurationError(
                f"{adapter.name} documents no rate limit, so rate_limit=True has no default: "
                "pass rate_limit=sendfrom.RateLimit(requests=..., per=...) "
                "or set SENDFROM_RATE_LIMIT to a rate such as '10/s'"
            )
        return RateLimiter(adapter.rate_limit)
    return RateLimiter(setting)


def _policy(given: RetryPolicy | None, max_retries: int | None, settings: Settings) -> RetryPolicy:
    if given is None:
        return RetryPolicy(max_retries=settings.max_retries)
    return given if max_retries is None else dataclasses.replace(given, max_retries=max_retries)


def _prepare(
    provider: str | None, arguments: dict[str, Any], http_client: object, isolated: bool
) -> tuple[Adapter, Settings, Simulator | None]:
    settings = resolve_settings(provider, isolated=isolated, **arguments)
    cls = adapter_class(settings.provider)
    simulator = None
    if settings.simulate:
        settings, simulator = _simulated(settings, http_client)
    if settings.api_key is None:
        raise ConfigurationError(
            f"{cls.name} needs an API key: pass api_key= or set SENDFROM_API_KEY"
        )
    adapter = cls(settings, importlib.import_module(cls.generated))
    adapter.check_settings()
    return adapter, settings, simulator


def _simulated(settings: Settings, http_client: object) -> tuple[Settings, Simulator]:
    """``simulate=True``: a fresh in-process simulator, a stand-in key and scope ids."""
    from sendfrom.testing import simulator

    if http_client is not None:
        raise ConfigurationError(
            "simulate=True brings its own transport; leave out http_client (or use "
            "sendfrom.testing.simulator(p).transport in your own client)"
        )
    sim = simulator(settings.provider)
    filled: dict[str, Any] = {
        k: v for k, v in sim.connect_defaults.items() if getattr(settings, k) is None
    }
    key = settings.api_key or Secret("simulated-key")
    return dataclasses.replace(settings, api_key=key, **filled), sim


C = TypeVar("C", Client, AsyncClient)


def _open(
    client_class: type[C],
    runner_class: type[SyncRunner] | type[AsyncRunner],
    provider: str | None,
    arguments: dict[str, Any],
    http_client: httpx.Client | httpx.AsyncClient | None,
    retry_policy: RetryPolicy | None,
    *,
    isolated: bool = False,
) -> C:
    """What ``connect`` and ``connect_async`` share: settings, adapter, transport, runner.

    ``isolated``: settings from ``arguments`` alone, nothing from the environment or a TOML file
    (how a simulator connects a client to itself).
    """
    adapter, settings, simulator = _prepare(provider, arguments, http_client, isolated)
    is_async = client_class is AsyncClient
    owns_http = http_client is None  # a pool passed in is the caller's to close
    if simulator is not None:
        http_class = httpx.AsyncClient if is_async else httpx.Client
        http_client = http_class(transport=simulator.transport)
    pool: dict[str, Any] = {"async_httpx_client" if is_async else "httpx_client": http_client}
    native = adapter.make_client(base_url=settings.base_url, **pool)
    policy = _policy(retry_policy, arguments["max_retries"], settings)
    runner = runner_class(adapter, native, policy, _limiter(adapter, settings.rate_limit))
    client = client_class(adapter, runner, native)  # type: ignore[arg-type]
    client._owns_http = owns_http
    client._simulator = simulator
    return client


def _connect_simulator(simulator: Simulator, client_class: type[C], arguments: dict[str, Any]) -> C:
    """A client wired in-process to ``simulator``; its settings come from ``arguments`` alone.

    Nothing is read from the environment or a TOML file, so a developer's real configuration
    (key, base URL, rate limit, scope ids) never reaches a simulated test.
    """
    retry_policy = arguments.pop("retry_policy", None)
    unknown = set(arguments) - set(_SETTINGS_ARGUMENTS)
    if unknown:
        raise TypeError(f"connect() got unexpected keyword argument(s) {sorted(unknown)}")
    given = dict.fromkeys(_SETTINGS_ARGUMENTS) | arguments | {"simulate": False}
    is_async = client_class is AsyncClient
    http_class = httpx.AsyncClient if is_async else httpx.Client
    runner_class = AsyncRunner if is_async else SyncRunner
    http_client = http_class(transport=httpx.MockTransport(simulator))
    client = _open(
        client_class,
        runner_class,
        simulator.provider,
        given,
        http_client,
        retry_policy,
        isolated=True,
    )
    client._owns_http = True
    client._simulator = simulator
    return client


_SETTINGS_ARGUMENTS = (
    "api_key",
    "base_url",
    "org_id",
    "account_id",
    "organization_id",
    "max_retries",
    "timeout",
    "simulate",
    "profile",
    "rate_limit",
    "strict",
)


def connect(
    provider: str | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    account_id: str | None = None,
    organization_id: str | None = None,
    http_client: httpx.Client | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
    simulate: bool | None = None,
    profile: str | None = None,
    retry_policy: RetryPolicy | None = None,
    rate_limit: RateLimit | bool | None = None,
    strict: bool | None = None,
) -> Client:
    """Connect to a provider; settings not given come from the environment or sendfrom.toml."""
    if http_client is not None and not isinstance(http_client, httpx.Client):
        raise ConfigurationError(
            "http_client must be an httpx.Client (use connect_async for async)"
        )
    return _open(
        Client,
        SyncRunner,
        provider,
        {
            "api_key": api_key,
            "base_url": base_url,
            "org_id": org_id,
            "account_id": account_id,
            "organization_id": organization_id,
            "max_retries": max_retries,
            "timeout": timeout,
            "simulate": simulate,
            "profile": profile,
            "rate_limit": rate_limit,
            "strict": strict,
        },
        http_client,
        retry_policy,
    )


def connect_async(
    provider: str | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    account_id: str | None = None,
    organization_id: str | None = None,
    http_client: httpx.AsyncClient | None = None,
    max_retries: int | None = None,
    timeout: float | None = None,
    simulate: bool | None = None,
    profile: str | None = None,
    retry_policy: RetryPolicy | None = None,
    rate_limit: RateLimit | bool | None = None,
    strict: bool | None = None,
) -> AsyncClient:
    """``connect`` for asyncio: the same arguments; ``http_client`` is an ``httpx.AsyncClient``."""
    if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
        raise ConfigurationError("http_client must be an httpx.AsyncClient for connect_async")
    return _open(
        AsyncClient,
        AsyncRunner,
        provider,
        {
            "api_key": api_key,
            "base_url": base_url,
            "org_id": org_id,
            "account_id": account_id,
            "organization_id": organization_id,
            "max_retries": max_retries,
            "timeout": timeout,
            "simulate": simulate,
            "profile": profile,
            "rate_limit": rate_limit,
            "strict": strict,
        },
        http_client,
        retry_policy,
    )
