"""What the engine needs of a provider: a small protocol, so the engine never imports the adapter
classes (``sendfrom.providers.base.Adapter`` satisfies it; the engine sits below the providers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sendfrom._redact import Secret
from sendfrom.errors import APIStatusError


class KeyHolder(Protocol):
    """Settings that may hold the API key (kept out of every error the engine raises)."""

    @property
    def api_key(self) -> Secret | None: ...


class ProviderSide(Protocol):
    """The provider behind a plan: its name, its API key, and how its error bodies read."""

    @property
    def name(self) -> str: ...

    @property
    def settings(self) -> KeyHolder: ...

    def error_details(self, body: Any) -> tuple[str | None, dict[str, list[str]]]:
        """The message and the per-field errors of an error body."""
        ...

    def is_conflict(
        self, status: int, message: str | None, fields: Mapping[str, list[str]]
    ) -> bool:
        """Whether an error answer says the object already exists."""
        ...

    def error_class(self, status: int, body: Any) -> type[APIStatusError] | None:
        """The error class an answer's body stands for where its status does not say (None:
        the status's own)."""
        ...
