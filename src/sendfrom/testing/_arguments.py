"""The keywords ``Simulator.connect``/``connect_async`` take: ``sendfrom.connect``'s, less those
that pick a provider, a transport or a configuration source (``simulate``, ``profile``,
``http_client``).

Imported for type checking only, so ``import sendfrom.testing`` does not load it.
"""

from __future__ import annotations

from typing import TypedDict

import httpx

from sendfrom._engine import RetryPolicy
from sendfrom._ratelimit import RateLimit

__all__ = ["ConnectArguments"]


class ConnectArguments(TypedDict, total=False):
    """Each may be left out or given as ``None`` (not given), as with ``sendfrom.connect``."""

    api_key: str | None
    base_url: str | None
    org_id: str | None
    account_id: str | None
    organization_id: str | None
    on_behalf_of: str | None
    max_retries: int | None
    timeout: float | httpx.Timeout | None
    rate_limit: RateLimit | bool | None
    strict: bool | None
    retry_policy: RetryPolicy | None
