"""Every failure sendfrom raises: one hierarchy, keyed on what went wrong, never on the provider.

No message, attribute or ``repr`` here ever carries an API key: request URLs are stored without
credentials (see ``sendfrom._redact``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendfrom.models import EmailDomain, SenderIdentity

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseFormatError",
    "SendfromError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "VerificationFailedError",
    "WaitError",
    "WaitTimeoutError",
    "status_error_class",
]


def _rebuild(cls: type[SendfromError], args: tuple[Any, ...]) -> SendfromError:
    """An instance of ``cls`` with ``args``, made without calling its ``__init__``."""
    return cls.__new__(cls, *args)


class SendfromError(Exception):
    """The base of every exception sendfrom raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own pickling calls cls(*self.args), and most subclasses' __init__ take other
        # (keyword-only) arguments than their message. Rebuilding without __init__ and restoring
        # every attribute works for every subclass, present or future: same type, str and fields.
        return _rebuild, (type(self), self.args), self.__dict__


class ConfigurationError(SendfromError):
    """Missing or bad settings; the message names the argument or environment variable to set."""


class UnsupportedOperationError(SendfromError):
    """The connected provider cannot do this operation (raised before anything is sent)."""

    def __init__(
        self,
        provider: str,
        operation: str,
        reason: str | None = None,
        *,
        argument: str | None = None,
    ) -> None:
        self.provider = provider
        self.operation = operation
        self.reason = reason
        """Why, when known (e.g. the provider's model has no such field)."""
        self.argument = argument
        """The argument the provider does not take, when the operation itself is supported."""
        if argument is None:
            message = f"{provider} does not support {operation}"
        else:
            message = f"{provider} does not support the {argument} argument of {operation}"
        super().__init__(f"{message}: {reason}" if reason else message)


class InvalidRequestError(SendfromError):
    """Arguments rejected before sending; ``fields`` maps each bad field to its problems."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        self.fields: dict[str, list[str]] = fields or {}
        super().__init__(message)


class WaitError(SendfromError):
    """``wait_until_verified`` ended without a verified object; ``last`` is the last state seen
    (None if no poll answered)."""

    def __init__(self, message: str, *, last: SenderIdentity | EmailDomain | None) -> None:
        self.last = last
        super().__init__(message)


class VerificationFailedError(WaitError):
    """The provider says verification failed (status ``FAILED``); ``last`` is that object."""


class WaitTimeoutError(WaitError):
    """The timeout passed before the object was verified; ``last`` is its last state seen."""


class APIError(SendfromError):
    """A request was made and failed; says which provider, operation and request."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        operation: str,
        request_method: str,
        request_url: str,
    ) -> None:
        self.message = message
        self.provider = provider
        self.operation = operation
        self.request_method = request_method
        self.request_url = request_url
        super().__init__(self._describe())

    def _detail(self) -> str:
        """What went wrong, after the provider, operation and request."""
        return self.message

    def _describe(self) -> str:
        where = f"{self.request_method} {self.request_url}".strip()
        return f"{self.provider} {self.operation} ({where}): {self._detail()}"

    def _relabel(self, operation: str, request: tuple[str, str] | None) -> None:
        """Name ``operation`` (and ``request``: method, redacted URL, if this error names none).

        For an error met inside an emulated operation: it is reported as the operation called.
        """
        if not self.request_url and request is not None:
            self.request_method, self.request_url = request
        self.operation = operation
        self.args = (self._describe(), *self.args[1:])


class APIConnectionError(APIError):
    """The provider could not be reached, or the connection broke before a full response."""


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class ResponseFormatError(APIError):
    """A 2xx response whose body is not what the provider's spec says; ``body`` holds it."""

    def __init__(self, message: str, *, body: bytes | str, **context: Any) -> None:
        self.body = body
        super().__init__(message, **context)


class APIStatusError(APIError):
    """An error status from the provider (4xx, 5xx), or a redirect (3xx: never followed)."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: Any,
        request_id: str | None = None,
        fields: dict[str, list[str]] | None = None,
        retry_after: float | None = None,
        **context: Any,
    ) -> None:
        self.status_code = status_code
        self.body = body
        self.request_id = request_id
        self._fields = fields or {}
        self._retry_after = retry_after
        super().__init__(message, **context)

    def _detail(self) -> str:
        return f"{self.status_code} {self.message}"


class BadRequestError(APIStatusError):
    """400: the provider rejected the request (SendGrid, Resend, Invent and Vortex say so with a
    400); ``fields`` maps each field to its messages, where the body names them."""

    @property
    def fields(self) -> dict[str, list[str]]:
        """The provider's messages per request field (e.g. SendGrid's ``errors[].field``)."""
        return self._fields


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong or revoked (also where a provider says so with another
    status: Resend's 403 ``invalid_api_key``; ``.status_code`` keeps it)."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """The object already exists: 409, or the status the provider uses for it (``status_code``
    keeps the real one); ``fields`` holds the provider's field errors."""

    @property
    def fields(self) -> dict[str, list[str]]:
        """The provider's messages per request field (e.g. ``{"email": ["... already ..."]}``)."""
        return self._fields


class UnprocessableEntityError(APIStatusError):
    """422: the provider rejected the request; ``fields`` maps each field to its messages."""

    @property
    def fields(self) -> dict[str, list[str]]:
        """The provider's messages per request field (dotted keys as the provider sends them)."""
        return self._fields


class RateLimitError(APIStatusError):
    """429; ``retry_after`` is the provider's wait in seconds, when it gave one: its
    ``Retry-After``, or when its rate-limit window resets (``RateLimit-Reset`` /
    ``X-RateLimit-Reset``)."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the provider asked to wait, or None."""
        return self._retry_after


class ServerError(APIStatusError):
    """500 or above; ``retry_after``: the provider's ``Retry-After`` (a 503 may say when to come
    back), or None."""

    @property
    def retry_after(self) -> float | None:
        """Seconds the provider asked to wait, or None."""
        return self._retry_after


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The exception class for an HTTP error status."""
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, APIStatusError)
