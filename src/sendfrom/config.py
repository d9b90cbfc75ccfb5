"""Settings: arguments to ``connect`` > environment > a profile in a TOML file > defaults.

A profile names its key by environment variable (``api_key_env = "MAILERSEND_API_KEY"``) so that no
secret sits in a file::

    # sendfrom.toml
    default_profile = "prod"

    [profiles.prod]
    provider = "mailersend"
    api_key_env = "MAILERSEND_API_KEY"
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from sendfrom._ratelimit import RateLimit, check_storage, parse_rate_limit
from sendfrom._redact import Secret, redact_url
from sendfrom._setting_values import (
    api_key_setting,
    max_retries_setting,
    scope_id_setting,
    timeout_setting,
)
from sendfrom.errors import ConfigurationError
from sendfrom.providers import known, provider_name

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Settings",
    "resolve_settings",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_MAX_RETRIES = 2

ENV = {
    "provider": "SENDFROM_PROVIDER",
    "api_key": "SENDFROM_API_KEY",
    "base_url": "SENDFROM_BASE_URL",
    "org_id": "SENDFROM_ORG_ID",
    "account_id": "SENDFROM_ACCOUNT_ID",
    "organization_id": "SENDFROM_ORGANIZATION_ID",
    "on_behalf_of": "SENDFROM_ON_BEHALF_OF",
    "simulate": "SENDFROM_SIMULATE",
    "rate_limit": "SENDFROM_RATE_LIMIT",
    "rate_limit_storage": "SENDFROM_RATE_LIMIT_STORAGE",
    "strict": "SENDFROM_STRICT",
}
_PROFILE_KEYS = frozenset(
    {"provider", "api_key_env", "base_url", "org_id", "account_id", "organization_id",
     "on_behalf_of", "simulate", "max_retries", "timeout", "rate_limit", "rate_limit_storage",
     "strict"}
)  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """Everything ``connect`` resolved; ``repr`` never shows the key."""

    provider: str
    api_key: Secret | None = None
    base_url: str | None = None
    org_id: str | None = None
    account_id: str | None = None
    organization_id: str | None = None
    on_behalf_of: str | None = None
    """SendGrid: the subuser (its username, or ``account-id <id>``) every request acts for."""
    simulate: bool = False
    max_retries: int = DEFAULT_MAX_RETRIES
    timeout: float | httpx.Timeout | None = None
    """Seconds per request (connect at most 5 s), or an ``httpx.Timeout`` as given; None: the
    default (30 s, connect 5 s), or your http_client's own."""
    rate_limit: RateLimit | bool = False
    """Client-side rate limit: False off (the default), True the provider's documented one."""
    rate_limit_storage: str | None = None
    """A store URI shared by every worker (``redis://...``) for a limit that names none; it turns
    the provider's documented limit on unless ``rate_limit`` is set."""
    strict: bool = False
    """Fail on any deviation from the spec (True), or only in the fields sendfrom reads (False)."""

    def __repr__(self) -> str:
        """Every setting, never a secret: the key is a ``Secret``, and URLs (``base_url``, the
        store's) go through ``redact_url``, the one masker."""
        shown = []
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.name in ("base_url", "rate_limit_storage") and isinstance(value, str):
                value = redact_url(value)
            shown.append(f"{item.name}={value!r}")
        return f"Settings({', '.join(shown)})"


def _truthy(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigurationError(f"{name} must be 1/0 or true/false, not {value!r}")


def _resolve_key_env(section: dict[str, Any], environ: Mapping[str, str], name: str) -> None:
    """Replace a profile's ``api_key_env`` with the key it names (or a note that it is unset)."""
    key_env = section.pop("api_key_env", None)
    if not key_env:
        return
    value = environ.get(key_env)
    if value is None:
        # Not an error yet: an argument or SENDFROM_API_KEY may still supply the key.
        section["_missing_key"] = (
            f"profile {name!r} takes its API key from ${key_env}, which is not set"
        )
    elif not value.strip():
        raise ConfigurationError(f"${key_env} (api_key_env of profile {name!r}) is empty")
    else:
        section["api_key"] = value


@dataclass(frozen=True)
class _Profile:
    """The profile a connection may use: its settings, and whether the caller named it."""

    name: str
    settings: dict[str, Any]
    explicit: bool
    """Chosen by the ``profile`` argument or ``SENDFROM_PROFILE``, not by ``default_profile``."""


def _load_profile(environ: Mapping[str, str], profile: str | None) -> _Profile | None:
    path_setting = environ.get("SENDFROM_CONFIG")
    path = Path(path_setting) if path_setting else Path("sendfrom.toml")
    name = profile or environ.get("SENDFROM_PROFILE")
    explicit = bool(name)
    if not path.exists():
        if path_setting or name:
            raise ConfigurationError(
                f"config file {str(path)!r} not found: create it, or set SENDFROM_CONFIG "
                "to its path"
            )
        return None
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"cannot read {str(path)!r}: {exc}") from None
    profiles = document.get("profiles", {})
    name = name or document.get("default_profile")
    if name is None:
        return None
    if not isinstance(profiles, dict):
        raise ConfigurationError(f"[profiles] in {str(path)!r} must be a table of tables")
    if name not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigurationError(
            f"profile {name!r} is not in {str(path)!r} (profiles: {known}); "
            "set SENDFROM_PROFILE or the profile argument to one of them"
        )
    if not isinstance(profiles[name], dict):
        raise ConfigurationError(f"[profiles.{name}] in {str(path)!r} must be a table")
    section: dict[str, Any] = dict(profiles[name])
    if "api_key" in section:  # before the unknown-key check, which would echo the key's name only
        raise ConfigurationError(
            f"[profiles.{name}] in {str(path)!r} holds an api_key: put no key in a config "
            "file; name the environment variable that holds it with api_key_env"
        )
    unknown = set(section) - _PROFILE_KEYS
    if unknown:
        raise ConfigurationError(
            f"unknown key(s) {sorted(unknown)} in [profiles.{name}] of {str(path)!r}; "
            f"known keys: {sorted(_PROFILE_KEYS)}"
        )
    if "provider" in section:
        section["provider"] = provider_name(str(section["provider"]))
    elif "api_key_env" in section:
        # A key with no provider could be sent to any provider: refuse rather than guess.
        raise ConfigurationError(
            f"[profiles.{name}] in {str(path)!r} names a key (api_key_env) but no provider: "
            'add provider = "..." so that its key is only ever sent to that provider'
        )
    return _Profile(str(name), section, explicit)


def _profile_for(found: _Profile | None, wanted: str | None) -> dict[str, Any]:
    """The profile's settings, if they may be used to connect to the ``wanted`` provider.

    A profile is only used for the provider it names, so its key never reaches another one: a
    ``default_profile`` for another provider is ignored; one the caller chose is an error.
    """
    if found is None:
        return {}
    named = found.settings.get("provider")
    if wanted is None or named is None or named == provider_name(wanted):
        return found.settings
    if found.explicit:
        raise ConfigurationError(
            f"profile {found.name!r} is for {named}, but the provider asked for is "
            f"{provider_name(wanted)}: choose a {provider_name(wanted)} profile (profile "
            "argument or SENDFROM_PROFILE), or leave the provider out to use the profile's"
        )
    return {}


def _resolve_profile(section: dict[str, Any], environ: Mapping[str, str], name: str) -> None:
    """Read a chosen profile's values: its key variable, ``simulate`` and ``rate_limit``."""
    _resolve_key_env(section, environ, name)
    for flag in ("simulate", "strict"):
        if isinstance(section.get(flag), str):
            section[flag] = _truthy(section[flag], f"{flag} in [profiles.{name}]")
    if "rate_limit" in section:
        section["rate_limit"] = _profile_rate_limit(section["rate_limit"], name)


def _profile_rate_limit(value: object, name: str) -> RateLimit | bool:
    """``rate_limit`` of a profile: true/false, "60/min", or a table {requests = 60, per = 60}."""
    where = f"rate_limit in [profiles.{name}]"
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return parse_rate_limit(value, where)
    if isinstance(value, dict) and set(value) <= {"requests", "per"} and "requests" in value:
        try:
            return RateLimit(value["requests"], per=value.get("per", 1.0))
        except ConfigurationError as exc:
            raise ConfigurationError(f"{where}: {exc}") from None
    raise ConfigurationError(
        f'{where} must be true/false, a rate like "60/min" or a table {{requests = 60, per = 60}}'
    )


def _rate_limit_argument(value: object) -> RateLimit | bool:
    if isinstance(value, bool | RateLimit):
        return value
    raise ConfigurationError(
        "rate_limit must be True (the provider's documented limit), False, or a "
        f"sendfrom.RateLimit(requests=..., per=...), not {value!r}"
    )


def resolve_settings(
    provider: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    profile: str | None = None,
    isolated: bool = False,
    **arguments: Any,
) -> Settings:
    """Merge arguments, environment and profile into ``Settings``.

    With ``simulate`` on (argument, ``SENDFROM_SIMULATE`` or the profile), only the provider is
    taken from the environment or the profile: a simulator never gets the real key, base URL,
    rate limit or scope ids. ``isolated`` reads neither at all (a simulator's own ``connect``).
    """
    if isolated:
        return _settings(provider, arguments)
    env = os.environ if environ is None else environ
    simulate = arguments.get("simulate")
    if simulate is None and ENV["simulate"] in env:
        simulate = _truthy(env[ENV["simulate"]], ENV["simulate"])
    wanted = provider or env.get(ENV["provider"]) or None
    if simulate is True:
        if wanted is None:  # the profile may still say which provider to simulate
            found = _load_profile(env, profile)
            wanted = found.settings.get("provider") if found is not None else None
        return _settings(wanted, {**arguments, "simulate": True})
    found = _load_profile(env, profile)
    merged = dict(_profile_for(found, wanted))
    if merged and found is not None:
        _resolve_profile(merged, env, found.name)
    if simulate is None and merged.get("simulate") is True:
        return _settings(wanted or merged.get("provider"), {**arguments, "simulate": True})
    for setting, var in ENV.items():
        if var in env and setting not in ("simulate", "provider"):
            merged[setting] = _truthy(env[var], var) if setting == "strict" else env[var]
    if "rate_limit" in merged and isinstance(merged["rate_limit"], str):  # from the environment
        merged["rate_limit"] = parse_rate_limit(merged["rate_limit"], ENV["rate_limit"])
    merged.update({k: v for k, v in arguments.items() if v is not None})
    if merged.get("rate_limit_storage") is not None:
        merged.setdefault("rate_limit", True)  # a store named: never a silent "no limit"
    return _settings(wanted or merged.pop("provider", None), merged)


def _settings(provider: object, merged: dict[str, Any]) -> Settings:
    """``Settings`` from merged values, each checked (``ConfigurationError`` naming it)."""
    merged = {k: v for k, v in merged.items() if v is not None}
    merged.pop("provider", None)
    if not provider:
        raise ConfigurationError(
            f"no provider given: pass it to connect() or set SENDFROM_PROVIDER ({known()})"
        )
    missing_key = merged.pop("_missing_key", None)
    given_key = merged.pop("api_key", None)
    if given_key is None and missing_key:
        raise ConfigurationError(missing_key)
    key = api_key_setting(given_key)
    max_retries = max_retries_setting(merged.pop("max_retries", DEFAULT_MAX_RETRIES))
    timeout = timeout_setting(merged.pop("timeout", None))
    rate_limit = _rate_limit_argument(merged.pop("rate_limit", False))
    storage = merged.pop("rate_limit_storage", None)
    if storage is not None:
        check_storage(storage, f"rate_limit_storage ({ENV['rate_limit_storage']})")
    simulate = merged.pop("simulate", False)
    strict = merged.pop("strict", False)
    if not isinstance(simulate, bool) or not isinstance(strict, bool):
        raise ConfigurationError("simulate and strict must be true or false")
    scopes = {k: scope_id_setting(k, v, ENV.get(k, k)) for k, v in merged.items()}
    return Settings(
        provider=provider_name(str(provider)),
        api_key=key,
        simulate=simulate,
        strict=strict,
        max_retries=max_retries,
        timeout=timeout,
        rate_limit=rate_limit,
        rate_limit_storage=storage,
        **scopes,
    )
