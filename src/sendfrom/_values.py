"""What any value a caller passes is, read without raising: shown in an error message, read as a
number of seconds, or found unsendable. Every check of sendfrom's goes through these, so no
input reaches the caller as a raw ``ValueError``, ``OverflowError`` or ``UnicodeEncodeError``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["blank", "finite_seconds", "shown", "unsendable"]

_SHOWN = 80
_BITS_SHOWN = 256
"""Past about 77 digits an integer is shown by its size: Python refuses to print one of over
4,300 digits (``sys.set_int_max_str_digits``), and nobody reads 78."""


def shown(value: object, limit: int = _SHOWN) -> str:
    """``repr(value)`` for an error message, cut to ``limit`` characters and escaped to ASCII
    (no control character reaches a log); never raises."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _BITS_SHOWN:
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"{'-' if value < 0 else ''}<an integer of about {digits:,} digits>"
    if isinstance(value, str | bytes) and len(value) > limit:
        value = value[:limit]
        return ascii(value)[:-1] + "..." + ascii(value)[-1]
    try:
        text = ascii(value)
    except Exception:  # a repr that raises, or a container of huge integers
        text = f"<a {type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + "..."


def finite_seconds(value: object) -> float | None:
    """``value`` as a float when it is an int or a float and finite (10**400 is not: no float
    holds it), else None (a bool is not a number of seconds either)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def unsendable(value: object, where: str = "") -> str | None:
    """Where in ``value`` (strings, and the keys and items of mappings, lists and tuples) a lone
    surrogate sits, which no request can carry (UTF-8 has no encoding for it): ``"name"``,
    ``"body.tags[2]"``; None when there is none."""
    if isinstance(value, str):
        return where or "value" if any("\ud800" <= char <= "\udfff" for char in value) else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            named = str(key).encode("utf-8", "backslashreplace").decode()  # shown, not raised
            inner = f"{where}.{named}" if where else named
            found = unsendable(key, inner) or unsendable(item, inner)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = unsendable(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None


def blank(value: object) -> bool:
    """Whether a value says nothing: None, an empty (or all-space) string, an empty list or dict
    (a required option given so is missing: SendGrid refuses ``"nickname": " "`` too)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | dict) and not value)
