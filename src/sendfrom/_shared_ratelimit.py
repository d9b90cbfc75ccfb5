"""A rate limit shared by every process and host using one store, on the ``limits`` library.

``RateLimit(..., storage="redis://host:6379/0")``: each attempt takes an entry in a moving window
kept in the store (``limits``' ``MovingWindowRateLimiter``: an atomic Lua script on Redis), so
workers anywhere stay within one limit together. Before taking one, a worker reads the window
(the storage's ``get_moving_window``) and, when it is full, sleeps until the entry that would make
room has been out of it for a moment (``RateLimit.margin``): the provider counts arrivals, which
trail the entries by a varying few milliseconds. No distributed algorithm of ours: the take is
``limits``'.

When the provider says the budget is spent (a 429, ``X-RateLimit-Remaining: 0``), ``spent`` fills
the shared window as of now (a ``hit`` costing what is left), so every worker waits for the window
to free instead of each finding out with its own 429: ``limits`` primitives only, no key of ours.

The window's key is ``sendfrom/<sha256 of provider and API key, truncated>``: never the key in
clear. ``limits`` (and ``redis``) load only here, so ``import sendfrom`` stays light.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from sendfrom._ratelimit import RateLimit, StoreUnreachableError, redact_uri
from sendfrom.errors import ConfigurationError

if TYPE_CHECKING:
    import limits
    import limits.aio.storage
    import limits.aio.strategies
    import limits.storage

__all__ = ["SharedRateLimiter", "limit_key"]

_TIMEOUT = 5.0
"""Seconds to connect to (and hear from) a Redis store: a dead store fails, never hangs."""
_RACE = 0.002
"""Seconds before trying again when another worker took the entry first."""


def limit_key(provider: str, api_key: str | None) -> str:
    """The window's identifier: one per provider and key, the key hashed (never in clear)."""
    digest = hashlib.sha256(f"{provider}\0{api_key or ''}".encode()).hexdigest()
    return digest[:32]


def _options(uri: str) -> dict[str, Any]:
    """Connection options: timeouts for Redis-protocol stores (their clients wait forever)."""
    scheme = urlsplit(uri).scheme.removeprefix("async+")
    if scheme.startswith(("redis", "valkey")):
        return {"socket_connect_timeout": _TIMEOUT, "socket_timeout": _TIMEOUT}
    return {}


def _storage(uri: str, *, asynchronous: bool) -> Any:
    """The ``limits`` storage for ``uri``: ``ConfigurationError`` for a URI it cannot use."""
    shown = redact_uri(uri)
    try:
        import limits.errors
        import limits.storage

        if asynchronous:
            import limits.aio.storage  # registers the async+ schemes
    except ImportError:
        raise ConfigurationError(
            f'a shared rate limit ({shown}) needs the limits library: pip install "sendfrom[redis]"'
        ) from None
    from limits._storage_scheme import SCHEMES

    scheme = urlsplit(uri).scheme
    full = f"async+{scheme}" if asynchronous else scheme
    options = _options(uri)
    if asynchronous and scheme.startswith("redis"):
        options["implementation"] = "redispy"  # redis-py's asyncio client: one dependency
    kind = SCHEMES.get(full)
    if kind is None:
        known = sorted(s for s in SCHEMES if not s.startswith("async+"))
        raise ConfigurationError(
            f"rate_limit storage {shown}: unknown store {scheme!r} (known: {', '.join(known)})"
        )
    if not hasattr(kind, "acquire_entry"):
        # memcached has no moving window in limits; its sliding-window counter is an estimate
        # that can let up to twice the limit through, the 429s a shared limit is there to avoid
        raise ConfigurationError(
            f"rate_limit storage {shown}: a {scheme} store cannot hold a moving window; "
            "use redis://, valkey://, mongodb:// (or memory:// within one process)"
        )
    try:
        return limits.storage.storage_from_string(
            full + uri[len(scheme) :], wrap_exceptions=True, **options
        )
    except (limits.errors.ConfigurationError, ValueError, TypeError) as exc:
        detail = str(exc).replace(uri, shown)
        raise ConfigurationError(f"rate_limit storage {shown}: {detail}") from None


class SharedRateLimiter:
    """The moving window of one ``RateLimit`` in its store, for one provider and API key.

    The sync storage is made (and the URI checked) at once; the async one on the first async
    request, in the event loop that uses it.
    """

    def __init__(self, limit: RateLimit, provider: str, api_key: str | None) -> None:
        assert limit.storage is not None
        storage = _storage(limit.storage, asynchronous=False)  # first: it says a missing extra
        import limits

        self.limit = limit
        self.uri = redact_uri(limit.storage)
        self._item = limits.RateLimitItemPerSecond(limit.requests, int(limit.per))
        self._ids = ("sendfrom", limit_key(provider, api_key))
        self._key = self._item.key_for(*self._ids)
        self._hold = f"{self._key}/hold"
        """A counter with a TTL while a provider's 429 asks every worker to wait past the window."""
        self._span = (limit.requests, int(limit.per) + 1)
        """``get_moving_window``'s limit and expiry: a second more than the window (see _wait)."""
        self._sync = limits.strategies.MovingWindowRateLimiter(storage)
        self._async: limits.aio.strategies.MovingWindowRateLimiter | None = None

    def __repr__(self) -> str:
        return f"SharedRateLimiter({self.limit!r})"

    @contextmanager
    def _reaching(self) -> Iterator[None]:
        """The store's failures as ``StoreUnreachableError`` naming the URI (never its password)."""
        import limits.errors

        try:
            yield
        except limits.errors.StorageError as exc:
            cause = exc.storage_error
            raise StoreUnreachableError(
                f"the rate-limit store {self.uri} cannot be reached "
                f"({type(cause).__name__}: {cause})",
                self.uri,
            ) from None

    def _wait(self, window: tuple[float, int]) -> float:
        """Seconds to wait before taking an entry: until the entry ours replaces has been out of
        the window for a moment (``RateLimit.margin``; 0: at once).

        ``window`` is the store's ``get_moving_window`` over one second more than the limit's:
        its oldest entry and how many there are, of the last ``requests`` entries.
        """
        oldest, count = window
        if count < self.limit.requests:
            return 0.0  # the entry ours replaces left the window over a second ago
        return max(oldest + self.limit.per + self.limit.wait_margin - time.time(), 0.0)

    def _strategy(self) -> limits.aio.strategies.MovingWindowRateLimiter:
        if self._async is None:
            import limits.aio.strategies

            assert self.limit.storage is not None
            storage = _storage(self.limit.storage, asynchronous=True)
            self._async = limits.aio.strategies.MovingWindowRateLimiter(storage)
        return self._async

    @staticmethod
    def _held(expiry: float) -> float:
        """Seconds a provider's hold (``spent(hold)``, ending at ``expiry``) still has to run."""
        return max(expiry - time.time(), 0.0)

    def done(self, ticket: object) -> None:
        """Nothing: an entry in ``limits``' window cannot be moved to when its request really
        went, and a second one is refused while the window is full (``RateLimit.margin`` is
        what covers a late request here)."""

    async def adone(self, ticket: object) -> None:
        """Nothing (see ``done``)."""

    def acquire(self) -> None:
        """Wait (blocking) until the shared window has room, and take an entry in it."""
        store = self._sync.storage
        storage = cast("limits.storage.MovingWindowSupport", store)
        while True:
            with self._reaching():
                wait = self._held(store.get_expiry(self._hold)) if store.get(self._hold) else 0.0
                if wait:
                    self.limit.sleep(wait)
                    continue
                wait = self._wait(storage.get_moving_window(self._key, *self._span))
                if not wait and self._sync.hit(self._item, *self._ids):
                    return
            self.limit.sleep(wait or _RACE)

    async def aacquire(self) -> None:
        """Wait (without blocking the event loop) until the window has room; take an entry."""
        strategy = self._strategy()
        while True:
            with self._reaching():
                store = strategy.storage
                held = await store.get(self._hold)
                wait = self._held(await store.get_expiry(self._hold)) if held else 0.0
                if wait:
                    await self.limit.asleep(wait)
                    continue
                storage = cast("limits.aio.storage.MovingWindowSupport", strategy.storage)
                window = await storage.get_moving_window(self._key, *self._span)
                wait = self._wait(window)
                if not wait and await strategy.hit(self._item, *self._ids):
                    return
            await self.limit.asleep(wait or _RACE)

    def spent(self, hold: float | None = None) -> None:
        """The provider says the budget is spent: fill the shared window as of now, and, when a
        429 asks for longer than the window (``hold`` seconds), hold every worker that long."""
        with self._reaching():
            if hold is not None and hold > self.limit.per:
                self._sync.storage.incr(self._hold, math.ceil(hold))
            for _ in range(3):  # another worker may take entries in between: try again
                left = self._sync.get_window_stats(self._item, *self._ids).remaining
                if left <= 0 or self._sync.hit(self._item, *self._ids, cost=left):
                    return

    async def aspent(self, hold: float | None = None) -> None:
        """``spent`` for the async client."""
        strategy = self._strategy()
        with self._reaching():
            if hold is not None and hold > self.limit.per:
                await strategy.storage.incr(self._hold, math.ceil(hold))
            for _ in range(3):
                left = (await strategy.get_window_stats(self._item, *self._ids)).remaining
                if left <= 0 or await strategy.hit(self._item, *self._ids, cost=left):
                    return

    async def aclose(self) -> None:
        """Close the async store's connections, in the event loop that opened them (``limits``
        has no close of its own; its Redis storages keep their client as ``bridge.storage``)."""
        strategy, self._async = self._async, None
        client = getattr(getattr(strategy and strategy.storage, "bridge", None), "storage", None)
        close = getattr(client, "aclose", None)
        if close is not None:
            await close()
