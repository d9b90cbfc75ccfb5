"""Small pure helpers the adapters and their mappers share: provider words and flags to
``VerificationStatus``, and the deep merge of ``provider_options`` into a request body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sendfrom.models import VerificationStatus

__all__ = ["deep_merge", "status_from", "verified_or_pending"]


def deep_merge(base: dict[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """``base`` with ``extra`` merged in, recursively for nested objects; ``extra`` wins."""
    merged = dict(base)
    for key, value in (extra or {}).items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def status_from(value: str | None, table: Mapping[str, VerificationStatus]) -> VerificationStatus:
    """Map a provider status word (case-insensitively) with an UNKNOWN fallback."""
    if value is None:
        return VerificationStatus.UNKNOWN
    return table.get(value.lower(), VerificationStatus.UNKNOWN)


def verified_or_pending(flag: bool | None) -> VerificationStatus:
    """A provider boolean: true is verified; false is pending (it may still pass); None unknown."""
    if flag is None:
        return VerificationStatus.UNKNOWN
    return VerificationStatus.VERIFIED if flag else VerificationStatus.PENDING
