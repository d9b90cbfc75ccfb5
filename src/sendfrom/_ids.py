"""What makes a string a usable id: one opaque path segment of a sane length.

Ids (and the scope ids of ``connect``) are placed in request paths. The endpoint layer
percent-encodes them, but these are refused outright: no provider issues them, and they usually
mean a bug in the caller (or an attempt to reach another route).
"""

from __future__ import annotations

import re

__all__ = ["MAX_ID_LENGTH", "id_problem"]

MAX_ID_LENGTH = 512
"""Longer than any id, address or domain name a provider issues (a domain name is at most 253)."""

_BAD_ID = re.compile(r"[/?#%\\\s]|^\.{1,2}$")


def id_problem(value: object) -> str | None:
    """Why ``value`` is not a valid id (a phrase to follow "it"), or None when it is one."""
    if not isinstance(value, str) or not value:
        return "must be a non-empty string"
    if len(value) > MAX_ID_LENGTH:
        return f"is {len(value)} characters long (at most {MAX_ID_LENGTH})"
    if _BAD_ID.search(value) or not value.isprintable():
        return (
            "must not contain '/', '?', '#', '%', '\\', spaces or control characters, "
            "nor be '.' or '..'"
        )
    return None
