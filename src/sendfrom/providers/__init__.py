"""The provider registry: names to adapter classes, imported only when a provider is used.

This is the one place that knows which providers exist; nothing else branches on a provider name.
"""

from __future__ import annotations

import difflib
import importlib
from typing import TYPE_CHECKING

from sendfrom.errors import ConfigurationError

if TYPE_CHECKING:
    from sendfrom.providers.base import Adapter

__all__ = ["PROVIDERS", "adapter_class", "provider_name"]

_REGISTRY: dict[str, str] = {
    "invent": "sendfrom.providers.invent:InventAdapter",
    "mailersend": "sendfrom.providers.mailersend:MailerSendAdapter",
    "spaceinvoices": "sendfrom.providers.spaceinvoices:SpaceInvoicesAdapter",
    "vortex": "sendfrom.providers.vortex:VortexAdapter",
}
PROVIDERS: tuple[str, ...] = tuple(sorted(_REGISTRY))


def provider_name(name: str) -> str:
    """The registered name of a provider, however spelt (``"Mailer-Send"``, ``" MAILER_SEND "``).

    Every lookup by name (adapters, simulators, the command line) goes through here, so a spelling
    one of them accepts is accepted by all. An unknown name is a ``ConfigurationError`` that
    suggests the closest known one.
    """
    key = name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    if key not in _REGISTRY:
        close = difflib.get_close_matches(key, PROVIDERS, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigurationError(f"unknown provider {name!r}{hint} (known: {', '.join(PROVIDERS)})")
    return key


def adapter_class(name: str) -> type[Adapter]:
    """The adapter class of a provider, importing its module (and generated code) on first use."""
    module_name, _, class_name = _REGISTRY[provider_name(name)].partition(":")
    cls: type[Adapter] = getattr(importlib.import_module(module_name), class_name)
    return cls
