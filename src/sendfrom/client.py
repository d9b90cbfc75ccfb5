"""``connect`` / ``connect_async`` and the clients (their resources: ``sendfrom.resources``)."""

from __future__ import annotations

import dataclasses
import importlib
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

import httpx

from sendfrom._call import call_plan
from sendfrom._checks import NOT_GIVEN, NotGiven
from sendfrom._client_options import as_timeout, check_with_options, limiter_for, policy_for
from sendfrom._engine import AsyncRunner, RetryPolicy, SyncRunner
from sendfrom._ratelimit import RateLimit
from sendfrom._redact import Secret, redact_url
from sendfrom.capabilities import supported
from sendfrom.config import Settings, resolve_settings
from sendfrom.errors import ConfigurationError
from sendfrom.providers import ProviderName, adapter_class
from sendfrom.providers.base import Adapter
from sendfrom.resources import AsyncDomains, AsyncIdentities, Domains, Identities

if TYPE_CHECKING:
    from sendfrom.testing import Simulator
    from sendfrom_generated._endpoint import Endpoint

__all__ = ["NOT_GIVEN", "AsyncClient", "Client", "NotGiven", "connect", "connect_async"]

R = TypeVar("R", SyncRunner, AsyncRunner)
T = TypeVar("T")


class _BaseClient(Generic[R]):
    _runner: R
    """The in-process simulator behind ``simulate=True`` (see ``sendfrom.testing.simulator_of``)."""

    def __init__(
        self,
        adapter: Adapter,
        runner: R,
        native: Any,
        *,
        owns_http: bool = True,
        simulator: Simulator | None = None,
    ) -> None:
        self._owns_http = owns_http
        """Whether closing this client closes its pool (not a caller's, nor a copy's)."""
        self._simulator = simulator
        """The in-process simulator behind ``simulate=True`` (``testing.simulator_of``)."""
        self._adapter = adapter
        self._runner = runner
        self._native = native

    @property
    def provider(self) -> ProviderName:
        """The provider's registered name, e.g. "mailersend"."""
        return cast(ProviderName, self._adapter.name)

    @property
    def capabilities(self) -> frozenset[str]:
        """The operations of the capability table this provider supports (natively or emulated).
        ``supports`` also answers for the methods made of them (``domains.ensure``, ...)."""
        return frozenset(self._adapter.capabilities)

    def supports(self, operation: str, *arguments: str) -> bool:
        """Whether ``operation`` (e.g. "domains.verify", "domains.wait_until_verified") works on
        this provider, with each of ``arguments`` (e.g. ``supports("domains.create",
        "description")``); ``InvalidRequestError`` for an unknown operation or argument."""
        return supported(self._adapter, operation, arguments)

    @property
    def native(self) -> Any:
        """The provider's generated ``Client`` (``sendfrom_generated.<provider>``): not portable."""
        return self._native

    def __repr__(self) -> str:
        base_url = redact_url(self._native.base_url)
        return f"{type(self).__name__}(provider={self.provider!r}, base_url={base_url!r})"

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        rate_limit: RateLimit | bool | None = None,
    ) -> Self:
        """A copy of this client with other retry, timeout or rate-limit settings.

        Only the arguments given change. The copy shares this client's adapter, its connection
        pool and (unless ``rate_limit`` is given) its rate limiter, so both count against one
        limit. Closing the copy leaves the pool open; closing this client closes it for both.
        """
        check_with_options(max_retries, timeout, rate_limit)
        runner = self._runner
        policy = runner.policy
        if max_retries is not None:
            policy = dataclasses.replace(policy, max_retries=max_retries)
        limiter = runner.limiter
        if rate_limit is not None:
            limiter = limiter_for(self._adapter, rate_limit)
        native = self._native
        if timeout is not None:
            self._shared_pool()  # create the pool now, so that the copy holds the same one
            native = native.with_timeout(as_timeout(timeout))  # same URL, auth header and pool
        return type(self)(
            self._adapter,
            type(runner)(self._adapter, native, policy, limiter),
            native,
            owns_http=False,  # the pool is this client's: it closes it
            simulator=self._simulator,  # the same simulator still answers
        )

    def _shared_pool(self) -> object:
        raise NotImplementedError


class Client(_BaseClient[SyncRunner]):
    """A provider connection with blocking I/O. Use ``sendfrom.connect`` to make one."""

    def __init__(self, adapter: Adapter, runner: SyncRunner, native: Any, **ownership: Any) -> None:
        super().__init__(adapter, runner, native, **ownership)
        self.identities = Identities(self)
        self.domains = Domains(self)

    def call(self, endpoint: Endpoint[T], /, **params: Any) -> T:
        """Run any operation of the provider's spec (``<operation module>.ENDPOINT``) with every
        guarantee of the unified API; returns its success wire model. Not portable."""
        return self._runner.run(call_plan(self._adapter, endpoint, params))

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


class AsyncClient(_BaseClient[AsyncRunner]):
    """A provider connection for asyncio. Use ``sendfrom.connect_async`` to make one."""

    def __init__(
        self, adapter: Adapter, runner: AsyncRunner, native: Any, **ownership: Any
    ) -> None:
        super().__init__(adapter, runner, native, **ownership)
        self.identities = AsyncIdentities(self)
        self.domains = AsyncDomains(self)

    async def call(self, endpoint: Endpoint[T], /, **params: Any) -> T:
        """``Client.call`` for asyncio."""
        return await self._runner.run(call_plan(self._adapter, endpoint, params))

    async def aclose(self) -> None:
        """Close the connection pool (not one passed in as ``http_client``, nor a ``with_options``
        copy's: that one belongs to the client it was made from)."""
        if self._owns_http:
            await self._native.aclose()
            closing = getattr(self._runner.limiter, "aclose", None)  # a shared limit's store
            if closing is not None:
                await closing()

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
    """``simulate=True``: a fresh in-process simulator, a stand-in key and scope ids (the
    simulator class found through the registry, as the adapter's is)."""
    from sendfrom.providers import simulator_class

    if http_client is not None:
        raise ConfigurationError(
            "simulate=True brings its own transport; leave out http_client (or use "
            "sendfrom.testing.simulator(p).transport in your own client)"
        )
    sim = simulator_class(settings.provider)()
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
    simulated: Simulator | None = None,
) -> C:
    """What ``connect`` and ``connect_async`` share: settings, adapter, transport, runner.

    ``isolated``: settings from ``arguments`` alone, nothing from the environment or a TOML file
    (how a simulator connects a client to itself).
    """
    adapter, settings, simulator = _prepare(provider, arguments, http_client, isolated)
    is_async = client_class is AsyncClient
    # A pool passed in is the caller's to close, unless it is the one made for ``simulated``.
    owns_http = http_client is None or simulated is not None
    if simulator is not None:
        http_class = httpx.AsyncClient if is_async else httpx.Client
        http_client = http_class(transport=simulator.transport)
    pool: dict[str, Any] = {"async_httpx_client" if is_async else "httpx_client": http_client}
    native = adapter.make_client(base_url=settings.base_url, **pool)
    policy = policy_for(retry_policy, arguments["max_retries"], settings)
    runner = runner_class(adapter, native, policy, limiter_for(adapter, settings.rate_limit))
    return client_class(
        adapter,
        runner,  # type: ignore[arg-type]  # the runner class matches the client class
        native,
        owns_http=owns_http,
        simulator=simulator or simulated,
    )


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
    return _open(
        client_class,
        runner_class,
        simulator.provider,
        given,
        http_client,
        retry_policy,
        isolated=True,
        simulated=simulator,
    )


_SETTINGS_ARGUMENTS = (
    "api_key", "base_url", "org_id", "account_id", "organization_id", "on_behalf_of", "max_retries",
    "timeout", "simulate", "profile", "rate_limit", "strict",
)  # fmt: skip


def connect(
    provider: ProviderName | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    account_id: str | None = None,
    organization_id: str | None = None,
    on_behalf_of: str | None = None,
    http_client: httpx.Client | None = None,
    max_retries: int | None = None,
    timeout: float | httpx.Timeout | None = None,
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
            "on_behalf_of": on_behalf_of,
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
    provider: ProviderName | None = None,
    *,
    api_key: str | None = None,
    base_url: str | None = None,
    org_id: str | None = None,
    account_id: str | None = None,
    organization_id: str | None = None,
    on_behalf_of: str | None = None,
    http_client: httpx.AsyncClient | None = None,
    max_retries: int | None = None,
    timeout: float | httpx.Timeout | None = None,
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
            "on_behalf_of": on_behalf_of,
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
