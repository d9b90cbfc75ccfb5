"""sendfrom: one typed API for sender identities and email domains across email providers.

    import sendfrom
    with sendfrom.connect("mailersend", api_key="...") as client:
        for identity in client.identities.list():
            print(identity.email, identity.status)

Importing sendfrom loads no provider's generated code; ``connect("x")`` loads only provider x's.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from sendfrom.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    SendfromError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedOperationError,
    VerificationFailedError,
    WaitError,
    WaitTimeoutError,
)
from sendfrom.providers import PROVIDERS, ProviderName

if TYPE_CHECKING:
    from sendfrom import dns as dns  # a submodule: see _SUBMODULES
    from sendfrom import fleet as fleet
    from sendfrom._engine import RetryPolicy
    from sendfrom._ratelimit import RateLimit
    from sendfrom.client import NOT_GIVEN, AsyncClient, Client, NotGiven, connect, connect_async
    from sendfrom.models import (
        DnsRecord,
        DomainRef,
        EmailDomain,
        SenderIdentity,
        VerificationStatus,
    )
    from sendfrom_generated._endpoint import Endpoint

# Loaded on first use (PEP 562, as pydantic does): the client, the models and the rate limiter
# need pydantic's model machinery and asyncio, ~60 ms that ``import sendfrom`` need not pay
# before ``connect``. The errors and the provider names load at once: they import nothing.
_LAZY = {
    "Endpoint": "sendfrom_generated._endpoint",  # the type of every ENDPOINT (client.call)
    "RateLimit": "sendfrom._ratelimit",
    "RetryPolicy": "sendfrom._engine",
    **dict.fromkeys(
        ("NOT_GIVEN", "AsyncClient", "Client", "NotGiven", "connect", "connect_async"),
        "sendfrom.client",
    ),
    **dict.fromkeys(
        ("DnsRecord", "DomainRef", "EmailDomain", "SenderIdentity", "VerificationStatus"),
        "sendfrom.models",
    ),
}


_SUBMODULES = {"dns", "fleet"}
"""``sendfrom.dns`` / ``sendfrom.fleet`` without importing them: imported on first use
(dnspython only when DNS is checked; SQLAlchemy only with the fleet)."""


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"sendfrom.{name}")  # importing sets the attribute
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sendfrom' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


# A library configures no logging of its own: without a handler of the application's, nothing is
# printed. Its loggers: "sendfrom" (requests, retries) and "sendfrom.drift" (docs/errors.md).
logging.getLogger("sendfrom").addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "NOT_GIVEN",
    "PROVIDERS",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "DnsRecord",
    "DomainRef",
    "EmailDomain",
    "Endpoint",
    "InvalidRequestError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "ProviderName",
    "RateLimit",
    "RateLimitError",
    "ResponseFormatError",
    "RetryPolicy",
    "SenderIdentity",
    "SendfromError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "VerificationFailedError",
    "VerificationStatus",
    "WaitError",
    "WaitTimeoutError",
    "connect",
    "connect_async",
]
