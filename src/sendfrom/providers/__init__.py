"""The provider registry: every provider sendfrom knows, one line each, imported only when used.

This is the one place that knows which providers exist. A provider is one package,
``sendfrom/providers/<name>/`` (``adapter``: the plans; ``mappers``: pure functions; ``simulator``:
its wire API), plus its spec and its line here. Configuration, the command line, the simulators,
the scripts and the tests ask the registry; nothing else names a provider.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from sendfrom.errors import ConfigurationError

if TYPE_CHECKING:
    from sendfrom.providers.base import Adapter
    from sendfrom.testing import Simulator

__all__ = [
    "EXAMPLE",
    "PROVIDERS",
    "Provider",
    "ProviderName",
    "adapter_class",
    "provider",
    "provider_name",
    "register",
    "simulator_class",
    "unregister",
]


class Provider(NamedTuple):
    """One registry line: a provider's name, how people write it, and where its parts live.

    (A NamedTuple, not a dataclass: ``import sendfrom`` loads this module, and ``dataclasses``
    would add ~5 ms to it.)
    """

    name: str
    """The registered name: lower case, no separators ("spaceinvoices")."""
    title: str
    """How the provider writes its own name ("Space Invoices"), for messages and tables."""
    package: str
    """The provider's package; its ``adapter`` and ``simulator`` modules hold the classes below."""
    adapter: str
    """The adapter class, in ``<package>.adapter``."""
    simulator: str
    """The simulator class, in ``<package>.simulator``."""
    scopes: tuple[tuple[str, str], ...] = ()
    """The ``connect`` settings that scope its requests, and what each is ("account_id", ...)."""

    def load(self, part: str) -> Any:
        """A class of the provider's package, importing its module (and generated code) now."""
        module = importlib.import_module(f"{self.package}.{part}")
        return getattr(module, getattr(self, part))


_BUILT_IN = (
    Provider(
        "invent",
        "Invent",
        "sendfrom.providers.invent",
        "InventAdapter",
        "InventSimulator",
        scopes=(("org_id", 'organization (default "c": the key\'s own)'),),
    ),
    Provider(
        "mailersend",
        "MailerSend",
        "sendfrom.providers.mailersend",
        "MailerSendAdapter",
        "MailerSendSimulator",
    ),
    Provider(
        "postmark",
        "Postmark",
        "sendfrom.providers.postmark",
        "PostmarkAdapter",
        "PostmarkSimulator",
    ),
    Provider(
        "resend",
        "Resend",
        "sendfrom.providers.resend",
        "ResendAdapter",
        "ResendSimulator",
    ),
    Provider(
        "sendgrid",
        "SendGrid",
        "sendfrom.providers.sendgrid",
        "SendGridAdapter",
        "SendGridSimulator",
        scopes=(("on_behalf_of", "subuser (the on-behalf-of header; default: the parent)"),),
    ),
    Provider(
        "spaceinvoices",
        "Space Invoices",
        "sendfrom.providers.spaceinvoices",
        "SpaceInvoicesAdapter",
        "SpaceInvoicesSimulator",
        scopes=(("organization_id", "organization (default: the account)"),),
    ),
    Provider(
        "vortex",
        "Vortex",
        "sendfrom.providers.vortex",
        "VortexAdapter",
        "VortexSimulator",
        scopes=(("account_id", "account (required)"),),
    ),
)
_REGISTRY: dict[str, Provider] = {entry.name: entry for entry in _BUILT_IN}
PROVIDERS: tuple[str, ...] = tuple(sorted(_REGISTRY))
"""The providers sendfrom ships, sorted (``register`` may add others for a test or a plug-in)."""
ProviderName = Literal[
    "invent", "mailersend", "postmark", "resend", "sendgrid", "spaceinvoices", "vortex"
]
"""The name of a provider sendfrom ships, for type checkers (``connect("mailersnd")`` is an error).
``tests/tools/test_structure.py`` holds it equal to ``PROVIDERS``."""
EXAMPLE = "mailersend"
"""The provider examples name, and the pytest plugin simulates unless told otherwise."""


def register(entry: Provider) -> None:
    """Add a provider to the registry: its name then works everywhere a provider name does."""
    _REGISTRY[entry.name] = entry


def unregister(name: str) -> None:
    """Remove a provider ``register`` added (sendfrom's own stay)."""
    if name not in PROVIDERS:
        _REGISTRY.pop(name, None)


def scope_help(setting: str) -> str:
    """What a scope setting is, per provider that has it: 'Vortex account (required)'."""
    return "; ".join(
        f"{entry.title} {text}"
        for entry in sorted(_REGISTRY.values(), key=lambda e: e.name)
        for name, text in entry.scopes
        if name == setting
    )


def titles() -> str:
    """The providers as they write their names: "Invent, MailerSend, Space Invoices and Vortex"."""
    *rest, last = [entry.title for entry in sorted(_REGISTRY.values(), key=lambda e: e.name)]
    return f"{', '.join(rest)} and {last}" if rest else last


def known() -> str:
    """The registered names for a message: "invent, mailersend, spaceinvoices or vortex"."""
    *rest, last = sorted(_REGISTRY)
    return f"{', '.join(rest)} or {last}" if rest else last


def provider_name(name: str) -> str:
    """The registered name of a provider, however spelt (``"Mailer-Send"``, ``" MAILER_SEND "``).

    Every lookup by name (adapters, simulators, the command line) goes through here, so a spelling
    one of them accepts is accepted by all. An unknown name is a ``ConfigurationError`` that
    suggests the closest known one.
    """
    key = name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    if key not in _REGISTRY:
        import difflib  # only for a name that is no provider: `import sendfrom` stays light

        names = sorted(_REGISTRY)
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigurationError(f"unknown provider {name!r}{hint} (known: {', '.join(names)})")
    return key


def provider(name: str) -> Provider:
    """The registry line of a provider (any spelling ``provider_name`` accepts)."""
    return _REGISTRY[provider_name(name)]


def adapter_class(name: str) -> type[Adapter]:
    """The adapter class of a provider, importing its module (and generated code) on first use."""
    cls: type[Adapter] = provider(name).load("adapter")
    return cls


def simulator_class(name: str) -> type[Simulator]:
    """The simulator class of a provider (any spelling ``connect`` accepts)."""
    cls: type[Simulator] = provider(name).load("simulator")
    return cls
