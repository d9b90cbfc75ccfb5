"""The values of ``connect``'s settings, each checked (from an argument, the environment or a
TOML profile): the API key, the timeout, the retry count and the scope ids. A bad one is a
``ConfigurationError`` that names the setting, never a failure at the first request."""

from __future__ import annotations

import httpx

from sendfrom._ids import id_problem
from sendfrom._redact import Secret
from sendfrom._values import finite_seconds, shown
from sendfrom.errors import ConfigurationError

__all__ = ["api_key_setting", "max_retries_setting", "scope_id_setting", "timeout_setting"]


def api_key_setting(given: object) -> Secret | None:
    """The key as a ``Secret``, checked to be something an HTTP header can carry."""
    if given is None or isinstance(given, Secret):
        return given
    if not isinstance(given, str) or not given.strip():
        raise ConfigurationError("api_key must be a non-empty string (or SENDFROM_API_KEY)")
    key = given.strip()
    if not key.isascii() or not key.isprintable():
        # It goes into an HTTP header: say so now, not as a UnicodeEncodeError at send time.
        raise ConfigurationError(
            "api_key holds characters an HTTP header cannot carry (non-ASCII or control "
            "characters, e.g. a '…' from a copied placeholder): copy the key again"
        )
    return Secret(key)


def timeout_setting(value: object) -> float | httpx.Timeout | None:
    """Seconds (a number, or a numeric string from the environment or a TOML file), or an
    ``httpx.Timeout`` as given."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    try:  # a str from the environment or a TOML file
        seconds = finite_seconds(float(value) if isinstance(value, str) else value)
    except ValueError as exc:
        raise ConfigurationError(
            f"timeout must be a number of seconds or an httpx.Timeout ({exc})"
        ) from None
    if seconds is None:  # a bool is not one either: float(True) would be 1.0
        raise ConfigurationError(
            f"timeout must be a finite number of seconds or an httpx.Timeout, not {shown(value)}"
        )
    if not seconds > 0:
        raise ConfigurationError("timeout must be > 0 seconds")
    return seconds


def max_retries_setting(value: object) -> int:
    if isinstance(value, bool):  # int(True) is 1: a flag is no retry count
        raise ConfigurationError(f"max_retries must be a whole number >= 0, not {value!r}")
    try:
        count = int(value)  # type: ignore[call-overload]  # a str from TOML or the env too
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"max_retries must be a whole number ({exc})") from None
    if count < 0:
        raise ConfigurationError("max_retries must be >= 0")
    return int(count)


_ACCOUNT_ID_PREFIX = "account-id "
"""SendGrid's on-behalf-of for a customer account: ``account-id <id>`` (a subuser: its username)."""


_HEADER_SCOPES = frozenset({"on_behalf_of"})
"""Scope ids sent in a header, not a path: ASCII only (a path's are percent-encoded)."""


def scope_id_setting(setting: str, value: object, env_name: str) -> str | None:
    """A scope id (``org_id``, ``account_id``, ``organization_id``, ``on_behalf_of``) or the
    ``base_url``, checked.

    Scope ids go into request paths: one that is not a single plain segment ("..", "a/b") could
    make a request reach another route, e.g. the account's address instead of an organization's.
    ``on_behalf_of`` goes into a header, held to the same rule (no CR or LF can start another
    header), with the one space SendGrid's ``account-id <id>`` form has.
    """
    where = f"check the {setting} argument, {env_name} or the profile's {setting}"
    if setting == "base_url":
        return str(value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        # A TOML `org_id = 12345` is an id; `true`, `1.5` or a list is a mistake, not 'True'
        raise ConfigurationError(
            f"{setting} must be a string, not {type(value).__name__} ({where})"
        )
    text = str(value)
    checked = text
    if setting == "on_behalf_of" and text.startswith(_ACCOUNT_ID_PREFIX):
        checked = text[len(_ACCOUNT_ID_PREFIX) :]
    problem = id_problem(checked)
    if problem is None and setting in _HEADER_SCOPES and not checked.isascii():
        problem = "holds a character other than ASCII, which an HTTP header cannot carry"
    if problem:
        raise ConfigurationError(
            f"{setting} {text[:80]!r} is not a valid id: it {problem} ({where})"
        )
    return text
