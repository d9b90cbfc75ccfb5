"""Exit codes of the ``sendfrom`` command: one per ``sendfrom.errors`` class, a one-line message."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from sendfrom.errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    SendfromError,
    UnprocessableEntityError,
    UnsupportedOperationError,
    VerificationFailedError,
    WaitTimeoutError,
)

__all__ = [
    "EXIT_CODES",
    "NOT_FOUND",
    "NOT_OK",
    "USAGE",
    "VERIFICATION_FAILED",
    "WAIT_TIMED_OUT",
    "exit_code",
    "json_error",
    "one_line",
]

OK = 0
NOT_OK = 1
"""``domains check``: a record is not published as asked (and any other sendfrom error)."""
USAGE = 2
"""Bad command line (unknown option, missing argument), or the CLI extra is not installed."""

NOT_FOUND = 7
"""NotFoundError, and ``find`` when nothing matches."""

VERIFICATION_FAILED = 11
"""``--wait``: the provider says verification failed (VerificationFailedError)."""
WAIT_TIMED_OUT = 12
"""``--wait``: still not verified at the deadline (WaitTimeoutError)."""

EXIT_CODES: tuple[tuple[tuple[type[SendfromError], ...], int, str], ...] = (
    ((ConfigurationError,), 3, "missing or bad settings (provider, key, scope)"),
    ((UnsupportedOperationError,), 4, "the provider cannot do this operation (nothing was sent)"),
    ((InvalidRequestError,), 5, "invalid input, rejected before sending"),
    ((AuthenticationError, PermissionDeniedError), 6, "the API key was refused (401, 403)"),
    (
        (NotFoundError,),
        NOT_FOUND,
        "no such identity or domain (404; find: no match; fleet: untracked)",
    ),
    (
        (APIStatusError,),
        8,
        "any other error status from the provider (3xx, 400, 409, 422, 429, 5xx)",
    ),
    ((APIConnectionError,), 9, "the provider could not be reached, or timed out"),
    ((ResponseFormatError,), 10, "the provider's answer is not what its spec says"),
    ((VerificationFailedError,), VERIFICATION_FAILED, "--wait: verification failed"),
    ((WaitTimeoutError,), WAIT_TIMED_OUT, "--wait: not verified within --wait-timeout"),
    ((SendfromError,), NOT_OK, "any other sendfrom error; domains check: a record is not ok"),
)
"""(error classes, exit code, meaning), most specific first."""


def exit_code(error: SendfromError) -> int:
    """The exit code for ``error``."""
    if isinstance(error, LookupError):  # the fleet's NotTrackedError (sendfrom.fleet: not loaded)
        return NOT_FOUND
    for classes, code, _ in EXIT_CODES:
        if isinstance(error, classes):
            return code
    return 1  # pragma: no cover - SendfromError is the last row


def _fields(error: SendfromError) -> dict[str, list[str]]:
    """The per-field messages of ``error`` (empty for classes that have none)."""
    fielded = UnprocessableEntityError | ConflictError | InvalidRequestError
    return dict(error.fields) if isinstance(error, fielded) else {}


def _message(error: SendfromError) -> str:
    """``str(error)`` on one line, in command-line wording (no class name, no field details)."""
    text = str(error)
    if isinstance(error, ConfigurationError):
        text = _command_line_wording(text)
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def one_line(error: SendfromError) -> str:
    """``error`` as a single line, with the provider's per-field messages and retry hint."""
    text = _message(error)
    fields = _fields(error)
    if fields:
        details = "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())
        if details not in text:
            text = f"{text} ({details})"
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        text = f"{text} (retry after {error.retry_after:g} s)"
    text = re.sub(r"\s*[\r\n]+\s*", " ", text).strip() + _id_hint(error)
    return f"sendfrom: {type(error).__name__}: {text}"


def _can_find(provider: str | None, group: str) -> bool:
    """Whether ``sendfrom <group> find`` works on ``provider`` (Invent cannot list domains)."""
    from sendfrom.providers import adapter_class

    try:
        return f"{group}.find" in adapter_class(provider or "").capabilities
    except SendfromError:  # a provider this registry does not know
        return False


_DOMAIN_NAME = re.compile(r"(?i)(?:[a-z0-9_-]+\.)+[a-z][a-z0-9-]*")


def _id_hint(error: SendfromError) -> str:
    """For a 404 on a domain or identity given by its name or address where its id was asked
    (``sendfrom domains check example.com``): where to find the id. Empty otherwise."""
    if not isinstance(error, NotFoundError) or not error.operation:
        return ""
    group = error.operation.partition(".")[0]
    if not _can_find(error.provider, group):
        return ""
    for segment in urlsplit(error.request_url or "").path.split("/"):
        given = unquote(segment)
        if group == "domains" and _DOMAIN_NAME.fullmatch(given):
            what = "a domain name"
        elif group == "identities" and "@" in given:
            what = "an email address"
        else:
            continue
        return (
            f" ({group} commands take the provider's id, and {given!r} looks like {what}: "
            f"'sendfrom {group} find {given}' shows its id)"
        )
    return ""


def json_error(error: SendfromError) -> str:
    """``error`` as one JSON object on one line: class, message, status, fields, provider, op."""
    message = _message(error)
    if isinstance(error, RateLimitError) and error.retry_after is not None:
        message = f"{message} (retry after {error.retry_after:g} s)"
    document: dict[str, Any] = {
        "error": type(error).__name__,
        "message": message,
        "status_code": getattr(error, "status_code", None),
        "fields": _fields(error),
        "provider": getattr(error, "provider", None),
        "operation": getattr(error, "operation", None),
    }
    return json.dumps(document, ensure_ascii=False)


def _command_line_wording(text: str) -> str:
    """The library's "pass account_id= or set ..." advice, said in command-line options."""
    text = text.replace(
        "pass api_key= or set SENDFROM_API_KEY",
        "set SENDFROM_API_KEY (or a profile's api_key_env)",
    )
    text = text.replace("pass it to connect() or set", "pass --provider or set")
    return re.sub(
        r"\bpass (org_id|account_id|organization_id|on_behalf_of|base_url|max_retries|timeout)=",
        lambda m: "pass --" + m.group(1).replace("_", "-"),
        text,
    )
