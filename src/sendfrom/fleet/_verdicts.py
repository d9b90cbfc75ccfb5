"""What a step reads off errors and DNS answers: pure helpers."""

from __future__ import annotations

from typing import Literal

from sendfrom.dns import RecordCheck
from sendfrom.errors import APIConnectionError, RateLimitError, ServerError
from sendfrom.models import DnsRecord

TRANSIENT = (APIConnectionError, ServerError, RateLimitError)
"""Retried at the next check; ``APITimeoutError`` is an ``APIConnectionError``."""
BROKEN = frozenset({"missing", "mismatch"})
ERROR_TEXT = 2000

DnsVerdict = Literal["ok", "unanswered", "not_ok"]


class LeaseLostError(Exception):
    """The step's lease expired and was taken (or the domain was removed): it stops writing."""


def check_key(record: DnsRecord) -> str:
    return f"{record.type.upper()} {record.name}"


def summary(checks: list[RecordCheck]) -> dict[str, str]:
    """``"<TYPE> <name>"`` → state; two records under one key keep the one not ok."""
    found: dict[str, str] = {}
    for check in checks:
        key = check_key(check.record)
        if found.get(key, "ok") == "ok":
            found[key] = check.state
    return found
