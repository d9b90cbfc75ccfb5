"""A round's new domains looked up at the provider at once (``Fleet.run_due``)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

from sendfrom.client import Client
from sendfrom.errors import SendfromError
from sendfrom.models import EmailDomain

log = logging.getLogger("sendfrom.fleet")

Existing = Mapping[str | None, Mapping[str, EmailDomain]] | None


class _NoneFound(Mapping[str | None, Mapping[str, EmailDomain]]):
    """Every profile listed and the domain not among them (a Celery step the tick looked up)."""

    def __getitem__(self, profile: str | None) -> Mapping[str, EmailDomain]:
        return {}

    def __iter__(self) -> Iterator[str | None]:
        return iter(())

    def __len__(self) -> int:
        return 0


NONE_FOUND = _NoneFound()


def existing_domains(
    due: list[tuple[str, str, str | None]], client_for: Callable[[str | None], Client]
) -> Existing:
    """For a round with several new domains: each profile's domains at the provider, listed
    once (pages of many), instead of one lookup per new domain (``domains.find`` lists them
    all where the provider has no lookup by name). None when there is nothing to gain, or
    the list fails (each step then looks its domain up itself)."""
    profiles = Counter(profile for _name, stage, profile in due if stage == "new")
    found: dict[str | None, dict[str, EmailDomain]] = {}
    for profile, count in profiles.items():
        if count < 2:
            continue
        try:
            client = client_for(profile)
            if client.supports("domains.list") and client.supports("domains.create"):
                found[profile] = {d.name.lower(): d for d in client.domains.list()}
        except SendfromError as error:
            log.warning("fleet: listing the domains failed (%s): each is looked up", error)
    return found or None
