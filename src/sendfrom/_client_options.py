"""What a client's retry, timeout and rate-limit settings become: checked, then a policy and a
limiter (for ``connect`` and ``with_options`` alike)."""

from __future__ import annotations

import dataclasses

import httpx

from sendfrom._engine import RetryPolicy
from sendfrom._ratelimit import Limiter, RateLimit, RateLimiter
from sendfrom._values import finite_seconds, shown
from sendfrom.config import DEFAULT_CONNECT_TIMEOUT, ENV, Settings
from sendfrom.errors import ConfigurationError
from sendfrom.providers.base import Adapter

__all__ = ["as_timeout", "check_with_options", "limiter_for", "policy_for"]


def check_with_options(max_retries: object, timeout: object, rate_limit: object) -> None:
    """``ConfigurationError`` for a bad ``with_options`` argument (None: not given)."""
    if max_retries is not None and (
        isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0
    ):
        raise ConfigurationError(f"max_retries must be a whole number >= 0, not {max_retries!r}")
    if (
        timeout is not None
        and not isinstance(timeout, httpx.Timeout)
        and (finite_seconds(timeout) or 0.0) <= 0
    ):
        raise ConfigurationError(
            f"timeout must be a number of seconds > 0 or an httpx.Timeout, not {shown(timeout)}"
        )
    if rate_limit is not None and not isinstance(rate_limit, bool | RateLimit):
        raise ConfigurationError(
            "rate_limit must be True (the provider's documented limit), False, or a "
            f"sendfrom.RateLimit(requests=..., per=...), not {rate_limit!r}"
        )


def limiter_for(adapter: Adapter, setting: RateLimit | bool) -> Limiter | None:
    """The limiter for a ``rate_limit`` setting: False off, True the provider's documented one.

    A limit with a ``storage`` (its own, else the settings' ``rate_limit_storage``) is shared
    through that store; the store's URI is checked here (``ConfigurationError``), not reached.
    """
    if setting is False:
        return None
    limit = setting
    if limit is True:
        if adapter.rate_limit is None:
            why = (
                " (a rate_limit_storage, set by SENDFROM_RATE_LIMIT_STORAGE or a profile, turns "
                "the limit on)"
                if adapter.settings.rate_limit_storage is not None
                else ""
            )
            raise ConfigurationError(
                f"{adapter.name} documents no rate limit, so rate_limit=True has no default"
                f"{why}: pass rate_limit=sendfrom.RateLimit(requests=..., per=...) "
                "or set SENDFROM_RATE_LIMIT to a rate such as '10/s'"
            )
        limit = adapter.rate_limit
    storage = adapter.settings.rate_limit_storage
    from_settings = limit.storage is None and storage is not None
    if from_settings:
        limit = dataclasses.replace(limit, storage=storage)
    if limit.storage is None:
        return RateLimiter(limit)
    from sendfrom._shared_ratelimit import SharedRateLimiter

    key = adapter.settings.api_key
    try:
        return SharedRateLimiter(limit, adapter.name, key.get() if key is not None else None)
    except ConfigurationError as error:
        if not from_settings:  # the RateLimit's own storage argument: the message names it
            raise
        # Name the setting to fix (DESIGN.md: the exact key or environment variable).
        raise ConfigurationError(
            f"{error} (set by {ENV['rate_limit_storage']} or a profile's rate_limit_storage)"
        ) from None


def policy_for(
    given: RetryPolicy | None, max_retries: int | None, settings: Settings
) -> RetryPolicy:
    if given is None:
        return RetryPolicy(max_retries=settings.max_retries)
    return given if max_retries is None else dataclasses.replace(given, max_retries=max_retries)


def as_timeout(value: float | httpx.Timeout) -> httpx.Timeout:
    """Seconds as an ``httpx.Timeout`` (connect at most 5 s); an ``httpx.Timeout`` as given."""
    if isinstance(value, httpx.Timeout):
        return value
    return httpx.Timeout(value, connect=min(DEFAULT_CONNECT_TIMEOUT, value))
