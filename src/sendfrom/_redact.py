"""Keeping API keys out of URLs, reprs and messages."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sendfrom.errors import SendfromError

__all__ = ["Secret", "redact_url", "scrub"]

# Query parameters that carry credentials on some provider (Space Invoices takes ?access_token=).
_SECRET_PARAMS = frozenset({"access_token", "api_key", "apikey", "key", "token"})


def redact_url(url: str) -> str:
    """``url`` with the values of credential-bearing query parameters replaced by ``***``."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [
        (k, "***" if k.lower() in _SECRET_PARAMS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


class Secret:
    """A string that never shows itself: not in ``repr``, ``str`` or f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The secret itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


# ---- keys in exceptions


def _scrubbed(value: Any, secret: str) -> Any:
    if isinstance(value, str):
        return value.replace(secret, "***")
    if isinstance(value, bytes):
        return value.replace(secret.encode(), b"***")
    if isinstance(value, dict):
        return {_scrubbed(k, secret): _scrubbed(v, secret) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_scrubbed(v, secret) for v in value)
    return value


def _shows(error: BaseException, secret: str) -> bool:
    """Whether a foreign exception (not ours to rewrite) would show ``secret`` when printed."""
    try:
        return secret in str(error) or secret in repr(error) or secret in repr(vars(error))
    except Exception:  # an exception that cannot print itself: assume the worst
        return True


def scrub(error: BaseException, secret: str | None) -> None:
    """Replace ``secret`` by ``***`` in ``error`` and in every exception chained to it, in place.

    For the provider that echoes the key back ("invalid key ms-live-...") in an error body. A
    traceback prints the whole chain (``__cause__`` and ``__context__``, e.g. the 404 a plan
    caught before raising its own error), so each ``sendfrom`` error in it is scrubbed, and a
    foreign exception that would show the key is cut from the chain. A context raised ``from
    None`` (the pydantic or JSON error behind a ``ResponseFormatError``, which holds the whole
    body) is dropped: it is never shown, only kept. Keys of any length are scrubbed.
    """
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.__suppress_context__:
            current.__context__ = None
        if secret and isinstance(current, SendfromError):
            current.args = _scrubbed(current.args, secret)
            for name, value in list(vars(current).items()):
                setattr(current, name, _scrubbed(value, secret))
        for link in ("__cause__", "__context__"):
            linked: BaseException | None = getattr(current, link)
            if linked is None:
                continue
            if secret and not isinstance(linked, SendfromError) and _shows(linked, secret):
                setattr(current, link, None)
            else:
                pending.append(linked)
