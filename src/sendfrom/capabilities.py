"""The operations of the public API, and the provider x operation table built from declarations."""

from __future__ import annotations

__all__ = ["DOMAIN_OPERATIONS", "IDENTITY_OPERATIONS", "OPERATIONS", "capability_table"]

IDENTITY_OPERATIONS = (
    "identities.list",
    "identities.get",
    "identities.create",
    "identities.update",
    "identities.delete",
    "identities.resend_verification",
)
DOMAIN_OPERATIONS = (
    "domains.list",
    "domains.get",
    "domains.create",
    "domains.update",
    "domains.delete",
    "domains.verify",
    "domains.dns_records",
)
OPERATIONS = IDENTITY_OPERATIONS + DOMAIN_OPERATIONS


def capability_table() -> str:
    """A Markdown table: one row per operation, one column per provider (imports every adapter)."""
    from sendfrom.providers import PROVIDERS, adapter_class

    adapters = [adapter_class(name) for name in PROVIDERS]
    marks = {"native": "yes", "emulated": "emulated"}
    lines = [
        "| operation | " + " | ".join(a.name for a in adapters) + " |",
        "|---|" + "---|" * len(adapters),
    ]
    for op in OPERATIONS:
        cells = [marks.get(str(a.capabilities.get(op)), "no") for a in adapters]
        lines.append(f"| `{op}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)
