"""What ``Fleet.add`` checks before it stores anything: pure functions of its arguments (and of
what the client supports), each raising the ``sendfrom.errors`` exception that names the problem."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from sendfrom._checks import check_email
from sendfrom.client import Client
from sendfrom.errors import ConfigurationError, InvalidRequestError

KEY_LIMIT = 200


def checked_key(key: object) -> str | None:
    if key is not None and (not isinstance(key, str) or len(key) > KEY_LIMIT):
        raise InvalidRequestError(
            f"key must be a str of at most {KEY_LIMIT} characters",
            {"key": [f"a str of at most {KEY_LIMIT} characters"]},
        )
    return key


def checked_profile(profile: object) -> str | None:
    if profile is not None and (not isinstance(profile, str) or not profile):
        raise InvalidRequestError("profile must be a non-empty str", {"profile": ["a str"]})
    return profile


def checked_identities(
    name: str, identities: Iterable[str] | Mapping[str, str | None]
) -> dict[str, str | None]:
    """Each address (checked, at ``name``, its domain in lower case) → its sender name."""
    if isinstance(identities, str):
        raise InvalidRequestError(
            "identities must be a list of addresses, not one str",
            {"identities": ["a list of addresses"]},
        )
    names: Mapping[str, str | None] = (
        identities if isinstance(identities, Mapping) else dict.fromkeys(identities)
    )
    emails: dict[str, str | None] = {}
    for given, sender in names.items():
        email = check_email("identities", given)
        local, _, at = email.rpartition("@")
        if at.lower() != name:
            raise InvalidRequestError(
                f"identity {given!r} is not at {name}",
                {"identities": [f"every address must be at {name}"]},
            )
        if sender is not None and not isinstance(sender, str):
            raise InvalidRequestError(
                f"the sender name for {given!r} must be a str",
                {"identities": ["names must be str"]},
            )
        emails.setdefault(f"{local}@{at.lower()}", sender)
    return emails


def checked_publish(publish: str | os.PathLike[str] | None) -> str | None:
    if publish is None:
        return None
    path = Path(publish).expanduser()
    if not path.is_file():
        raise ConfigurationError(f"publish: no octoDNS config at {path}")
    return str(path.resolve())


def check_fleet_support(client: Client) -> None:
    """The fleet creates a domain with ``domains.ensure`` (safe to repeat after a crash) and
    learns its status from ``domains.verify`` or ``domains.get``: a provider without them cannot
    be kept verified, and is refused when the domain is added."""
    # DESIGN: what add refuses is a ConfigurationError (the profile's provider cannot be kept
    # verified) or an InvalidRequestError (an argument), before anything is stored.
    if not client.supports("domains.ensure"):
        raise ConfigurationError(
            f"{client.provider} cannot be kept verified by the fleet: it adds each domain with "
            f"domains.ensure (find, then create), which {client.provider} does not support"
        )
    if not (client.supports("domains.verify") or client.supports("domains.get")):
        raise ConfigurationError(
            f"{client.provider} cannot be kept verified by the fleet: it reads a domain's status "
            f"with domains.verify or domains.get, and {client.provider} has neither"
        )
