"""Keeping API keys out of URLs, reprs and messages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sendfrom.errors import SendfromError

__all__ = ["Secret", "redact_url", "scrub"]

# Query parameters that look like credentials: Space Invoices takes ?access_token=, redis-py
# ?password=, other stores ?token= or ?secret=. A name is masked when one of its words (split at
# "_", "-", ".") is one of these, so access_token and api_key are, keyword and monkey are not.
_SECRET_WORDS = frozenset(
    {"pass", "passwd", "password", "pwd", "sslpassword", "token", "secret", "key", "apikey"}
    | {"auth", "credential", "credentials", "signature"}
)


def _secret_param(name: str) -> bool:
    return any(word in _SECRET_WORDS for word in re.split(r"[_.\-]", name.lower()))


def redact_url(url: str) -> str:
    """``url`` as it may be shown: a userinfo password (``redis://:***@host``, ``https://user:***@
    proxy``) and the values of credential-looking query parameters replaced by ``***``. The one
    masker for base URLs, request URLs and store URIs, in reprs, errors and logs."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # e.g. a port that is no number: show only the scheme
        return url.split("://", maxsplit=1)[0] + "://***" if "://" in url else "***"
    if password:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username or ''}:***@{host}")
    if parts.query:
        query = [
            (k, "***" if _secret_param(k) else v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
        ]
        parts = parts._replace(query=urlencode(query, safe="*"))
    return urlunsplit(parts) if password or parts.query else url


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
