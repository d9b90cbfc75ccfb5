"""The operations of the public API, and the provider x operation table built from declarations."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ARGUMENTS",
    "DOMAIN_OPERATIONS",
    "IDENTITY_OPERATIONS",
    "OPERATIONS",
    "UNSUPPORTED",
    "argument_limits",
    "capability_matrix",
    "capability_table",
    "polling",
    "wait_table",
]

IDENTITY_OPERATIONS = (
    "identities.list",
    "identities.get",
    "identities.create",
    "identities.update",
    "identities.delete",
    "identities.resend_verification",
    "identities.find",
)
DOMAIN_OPERATIONS = (
    "domains.list",
    "domains.get",
    "domains.create",
    "domains.update",
    "domains.delete",
    "domains.verify",
    "domains.dns_records",
    "domains.find",
)
OPERATIONS = IDENTITY_OPERATIONS + DOMAIN_OPERATIONS

_ID = ("identity_id",)
_DOMAIN_ID = ("domain_id",)
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "identities.list": ("domain_id", "page_size"),
    "identities.get": _ID,
    "identities.create": (
        "email",
        "name",
        "domain_id",
        "reply_to_email",
        "reply_to_name",
        "provider_options",
    ),
    "identities.update": (
        "identity_id",
        "name",
        "reply_to_email",
        "reply_to_name",
        "is_default",
        "click_tracking",
        "open_tracking",
        "provider_options",
    ),
    "identities.delete": _ID,
    "identities.resend_verification": _ID,
    "identities.find": ("email",),
    "domains.list": ("page_size",),
    "domains.get": _DOMAIN_ID,
    "domains.create": ("name", "description", "provider_options"),
    "domains.update": ("domain_id", "description", "provider_options"),
    "domains.delete": _DOMAIN_ID,
    "domains.verify": _DOMAIN_ID,
    "domains.dns_records": _DOMAIN_ID,
    "domains.find": ("name",),
}
"""Every argument of every operation: what ``supports(operation, *arguments)`` may ask about.
Which of them a provider does not take is its adapter's ``unsupported_arguments``."""


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


def argument_limits(providers: Iterable[str] | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """Provider -> operation -> argument -> why the provider does not take it (its declaration).

    Only operations the provider supports appear; an operation it cannot do at all is in
    ``capability_matrix`` as ``unsupported``.
    """
    from sendfrom.providers import PROVIDERS, adapter_class

    adapters = [adapter_class(name) for name in (PROVIDERS if providers is None else providers)]
    return {
        a.name: {
            op: dict(limits)
            for op, limits in a.unsupported_arguments.items()
            if op in a.capabilities and limits
        }
        for a in adapters
    }


WAITS = ("domains", "identities")
"""What ``wait_until_verified`` waits on."""


def polling(provider: str) -> dict[str, str]:
    """What ``wait_until_verified`` polls on ``provider``: resource ("domains", "identities") ->
    the operation each poll is (its adapter's ``poll``); a resource left out cannot be waited on.
    """
    from sendfrom.providers import adapter_class

    return dict(adapter_class(provider).poll)


def _poll_words(operation: str | None) -> str:
    if operation is None:
        return UNSUPPORTED
    if operation.endswith(".verify"):
        return f"`{operation}` (asks for a re-check)"
    return f"`{operation}` (reads the state)"


def wait_table() -> str:
    """Markdown: per provider, what each ``wait_until_verified`` poll is (adapters' ``poll``)."""
    from sendfrom.providers import PROVIDERS

    polls = {name: polling(name) for name in PROVIDERS}
    lines = [
        "| waits with | " + " | ".join(polls) + " |",
        "|---|" + "---|" * len(polls),
    ]
    for kind in WAITS:
        cells = [_poll_words(by_kind.get(kind)) for by_kind in polls.values()]
        lines.append(f"| `{kind}.wait_until_verified` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def capability_table() -> str:
    """Markdown: the operation table (one column per provider), then the arguments a provider
    does not take (imports every adapter)."""
    matrix = capability_matrix()
    lines = [
        "| operation | " + " | ".join(matrix) + " |",
        "|---|" + "---|" * len(matrix),
    ]
    for op in OPERATIONS:
        lines.append(f"| `{op}` | " + " | ".join(row[op] for row in matrix.values()) + " |")
    limits = argument_limits()
    refused = sorted(
        {(op, arg) for by_op in limits.values() for op, args in by_op.items() for arg in args},
        key=lambda pair: (OPERATIONS.index(pair[0]), ARGUMENTS[pair[0]].index(pair[1])),
    )
    if refused:
        lines += [
            "",
            "Arguments an operation does not take on a provider (`UnsupportedOperationError`, "
            "naming the argument, before anything is sent; `client.supports(operation, "
            "argument)` is False):",
            "",
            "| operation | argument | " + " | ".join(matrix) + " |",
            "|---|---|" + "---|" * len(matrix),
        ]
        for op, arg in refused:
            cells = []
            for name, row in matrix.items():
                if row[op] == UNSUPPORTED:
                    cells.append("-")
                else:
                    reason = limits[name].get(op, {}).get(arg)
                    cells.append(f"no: {reason}" if reason else "yes")
            lines.append(f"| `{op}` | `{arg}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "What `wait_until_verified` polls (each adapter's `poll`; `unsupported` raises "
        "`UnsupportedOperationError` before anything is sent, and so does `--wait`):",
        "",
        wait_table(),
    ]
    return "\n".join(lines)
