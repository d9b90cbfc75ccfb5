"""Wire helpers provider simulators share: pages, NestJS error bodies, JavaScript timestamps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx

__all__ = ["millisecond_stamp", "nestjs_error", "paginate"]


def paginate(items: list[Any], page: int, size: int) -> Iterator[Any]:
    """The items of 1-based ``page`` of ``size``."""
    yield from items[(page - 1) * size : page * size]


def nestjs_error(status: int, message: str, fields: dict[str, list[str]] | None) -> dict[str, Any]:
    """A NestJS-style error body, ``{statusCode, message, error}``: the per-field messages as a
    list when there are some (the shape the Invent and Vortex specs infer)."""
    messages = [m for values in (fields or {}).values() for m in values]
    reason = httpx.codes.get_reason_phrase(status) or "Error"
    return {"statusCode": status, "message": messages or message, "error": reason}


def millisecond_stamp(moment: datetime) -> str:
    """``2026-11-22T05:13:23.123Z``: the JavaScript ``toISOString`` form."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
