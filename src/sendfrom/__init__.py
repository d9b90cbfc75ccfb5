"""sendfrom: one typed API for sender identities and email domains across email providers.

    import sendfrom
    with sendfrom.connect("mailersend", api_key="...") as client:
        for identity in client.identities.list():
            print(identity.email, identity.status)

Importing sendfrom loads no provider's generated code; ``connect("x")`` loads only provider x's.
"""

from sendfrom._ratelimit import RateLimit
from sendfrom.client import NOT_GIVEN, AsyncClient, Client, NotGiven, connect, connect_async
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
)
from sendfrom.models import DnsRecord, DomainRef, EmailDomain, SenderIdentity, VerificationStatus
from sendfrom.providers import PROVIDERS

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
    "InvalidRequestError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "ResponseFormatError",
    "SenderIdentity",
    "SendfromError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "VerificationStatus",
    "connect",
    "connect_async",
]
