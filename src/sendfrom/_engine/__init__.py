"""The engine: plans, the runners that carry them out, retries, and errors from responses.

- ``plans``: ``Call`` (one request a plan asks for), ``Plan``, ``Page``;
- ``runners``: ``SyncRunner`` and ``AsyncRunner``, the only code that sends;
- ``retry``: ``RetryPolicy`` (public as ``sendfrom.RetryPolicy``), ``Retry-After``;
- ``http_errors``: responses and transport failures as ``sendfrom.errors`` exceptions.
"""

from __future__ import annotations

from sendfrom._engine.http_errors import (
    request_context,
    status_error,
    transport_error,
    undecodable_error,
)
from sendfrom._engine.plans import Call, Page, Plan, RetryPastDeadline
from sendfrom._engine.retry import (
    MAX_RETRY_AFTER,
    RetryPolicy,
    retry_after_seconds,
    throttle_wait,
)
from sendfrom._engine.runners import AsyncRunner, SyncRunner
from sendfrom._redact import scrub

__all__ = [
    "MAX_RETRY_AFTER",
    "AsyncRunner",
    "Call",
    "Page",
    "Plan",
    "RetryPastDeadline",
    "RetryPolicy",
    "SyncRunner",
    "request_context",
    "retry_after_seconds",
    "scrub",
    "status_error",
    "throttle_wait",
    "transport_error",
    "undecodable_error",
]
