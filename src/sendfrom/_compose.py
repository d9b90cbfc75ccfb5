"""Plans made of other plans: get-or-create (``ensure``), a list read page by page (``pages``),
and a domain's records read from the domain itself (``records_of``).

They only combine the adapters' plans, so they work the same on every provider and in both the
sync and the async client (the runners carry them out like any other plan).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sendfrom._engine import Page, Plan
from sendfrom.errors import (
    APIStatusError,
    ConflictError,
)
from sendfrom.models import DnsRecord, EmailDomain

__all__ = ["already_exists", "as_lists", "ensure", "records_of"]

T = TypeVar("T")


def already_exists(error: APIStatusError) -> bool:
    """Whether a create failed because the object is already there: a ``ConflictError``, which
    every adapter maps its provider's "already exists" to (see ``Adapter.conflicts``)."""
    return isinstance(error, ConflictError)


def ensure(find: Callable[[], Plan[T | None]], create: Plan[T]) -> Plan[T]:
    """The object ``find`` finds, unchanged; else the one ``create`` makes.

    When another process creates it between the find and the create, the create fails as a
    duplicate: the object is then found again and returned, so there is never a second one.
    """
    found = yield from find()
    if found is not None:
        return found
    try:
        return (yield from create)
    except APIStatusError as error:
        if not already_exists(error):
            raise
        raced = yield from find()
        if raced is None:  # "taken" by something find does not see: the error stands
            raise error from None
        return raced


def as_lists(pages: Plan[Page[T]], first: bool = True) -> Plan[Page[list[T]]]:
    """A list read as pages: each page becomes one item, the list of its objects.

    The first page is always one (an empty list when there is nothing); an empty page after it
    only ends the list (Vortex, or a repeated page) and is left out.
    """
    page = yield from pages
    following = None if page.next is None else as_lists(page.next, first=False)
    return Page([list(page.items)] if page.items or first else [], following)


def records_of(domain: Plan[EmailDomain]) -> Plan[list[DnsRecord]]:
    """The DNS records the domain's own object carries: where a provider has no endpoint for
    them, its ``get`` shows them."""
    found = yield from domain
    return list(found.dns_records or [])
