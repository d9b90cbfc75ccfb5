"""The operations of the public API, and the provider x operation table built from declarations."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "DOMAIN_OPERATIONS",
    "IDENTITY_OPERATIONS",
    "OPERATIONS",
    "UNSUPPORTED",
    "capability_matrix",
    "capability_table",
]

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


UNSUPPORTED = "unsupported"
"""An operation the provider cannot do; beside ``Support``'s ``native`` and ``emulated``, the third
word of the one vocabulary the README table, ``sendfrom capabilities`` and its JSON all use."""


def capability_matrix(providers: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
    """Provider -> operation -> ``native``, ``emulated`` or ``unsupported`` (imports the adapters).

    Every view of the capabilities is built from this, so the README and the CLI cannot disagree.
    """
    from sendfrom.providers import PROVIDERS, adapter_class

    adapters = [adapter_class(name) for name in (PROVIDERS if providers is None else providers)]
    return {
        a.name: {op: str(a.capabilities.get(op, UNSUPPORTED)) for op in OPERATIONS}
        for a in adapters
    }


def capability_table() -> str:
    """A Markdown table: one row per operation, one column per provider (imports every adapter)."""
    matrix = capability_matrix()
    lines = [
        "| operation | " + " | ".join(matrix) + " |",
        "|---|" + "---|" * len(matrix),
    ]
    for op in OPERATIONS:
        lines.append(f"| `{op}` | " + " | ".join(row[op] for row in matrix.values()) + " |")
    return "\n".join(lines)
