"""The operations of the public API, and the provider x operation table built from declarations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sendfrom.errors import InvalidRequestError

if TYPE_CHECKING:
    from sendfrom.providers.base import Adapter

__all__ = [
    "ARGUMENTS",
    "COMPOSED",
    "DOMAIN_OPERATIONS",
    "IDENTITY_OPERATIONS",
    "OPERATIONS",
    "UNSUPPORTED",
    "argument_limits",
    "capability_matrix",
    "capability_table",
    "polling",
    "supported",
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


_WAIT = ("timeout", "interval", "on_poll")
COMPOSED: dict[str, tuple[str, ...]] = {
    "identities.pages": ARGUMENTS["identities.list"],
    "identities.ensure": ARGUMENTS["identities.create"],
    "identities.wait_until_verified": ("identity_id", *_WAIT),
    "domains.pages": ARGUMENTS["domains.list"],
    "domains.ensure": ARGUMENTS["domains.create"],
    "domains.wait_until_verified": ("domain_id", *_WAIT),
    "domains.check_dns": ("domain_id", "nameservers", "timeout"),
}
"""The methods made of the operations above, with their arguments. They are not in the
capability table: a provider supports one exactly when it supports what it is made of, so
``supports`` derives it (``supported``) rather than every adapter declaring it again."""


def supported(
    adapter: type[Adapter] | Adapter, operation: str, arguments: Iterable[str] = ()
) -> bool:
    """Whether ``adapter``'s provider does ``operation`` (one of ``OPERATIONS`` or ``COMPOSED``)
    with each of ``arguments``; ``InvalidRequestError`` for a name that is neither."""
    arguments = tuple(arguments)
    known = ARGUMENTS.get(operation, COMPOSED.get(operation))
    if known is None:
        names = ", ".join((*OPERATIONS, *COMPOSED))
        raise InvalidRequestError(
            f"unknown operation {operation!r}; known: {names}",
            {"operation": [f"must be one of {names}"]},
        )
    unknown = [a for a in arguments if a not in known]
    if unknown:
        takes = ", ".join(known) or "none"
        raise InvalidRequestError(
            f"{operation} has no argument {', '.join(map(repr, unknown))}; its arguments: {takes}",
            {"arguments": [f"must be among {takes}"]},
        )
    needs, takes_from = _made_of(adapter.poll, operation)
    refused: Mapping[str, str] = adapter.unsupported_arguments.get(takes_from, {})
    if operation == "domains.check_dns":  # the records from their endpoint, or from get's domain
        can = bool({"domains.dns_records", "domains.get"} & set(adapter.capabilities))
    else:
        can = all(op in adapter.capabilities for op in needs)
    return can and not any(a in refused for a in arguments)


def _made_of(poll: Mapping[str, str], operation: str) -> tuple[tuple[str, ...], str]:
    """The operations ``operation`` needs, and the one whose arguments it passes on."""
    resource, _, method = operation.partition(".")
    if method == "pages":
        return (f"{resource}.list",), f"{resource}.list"
    if method == "ensure":
        return (f"{resource}.find", f"{resource}.create"), f"{resource}.create"
    if method == "wait_until_verified":
        # An adapter that declares no poll for the resource cannot wait on it at all.
        return ((poll[resource],) if resource in poll else ("<no poll>",)), operation
    return (operation,), operation


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
