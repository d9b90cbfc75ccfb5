"""The unified, provider-agnostic models every provider's payloads are mapped to.

``None`` always means "this provider does not report it". Every object keeps the provider's own
payload in ``raw`` (left out of ``repr`` and of equality) and its own status word in ``status_raw``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

__all__ = ["DnsRecord", "DomainRef", "EmailDomain", "SenderIdentity", "VerificationStatus"]


class VerificationStatus(StrEnum):
    """Where verification stands, on every provider."""

    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"
    UNKNOWN = "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _WithRaw(_Model):
    # Not validated (so not copied): the provider's JSON is kept exactly as it was received, and
    # a mapper's objects cost ~30% less to build (`make bench`, "mapping").
    raw: SkipValidation[dict[str, Any]] = Field(default_factory=dict, repr=False, exclude=True)
    """The provider's JSON for this object, as it was received (the very dict, not a copy).

    Not in ``model_dump()`` / ``model_dump_json()`` (it would come first and dwarf the unified
    fields): it stays on the object; add it yourself where you want it."""

    def __eq__(self, other: object) -> bool:
        # ``raw`` is provenance, not identity: two objects that map to the same fields are equal.
        if type(other) is not type(self):
            return NotImplemented
        fields = set(type(self).model_fields) - {"raw"}
        return all(getattr(self, f) == getattr(other, f) for f in fields)

    def __hash__(self) -> int:
        return hash((type(self), getattr(self, "id", None), getattr(self, "provider", None)))


class DomainRef(_Model):
    """The domain an identity belongs to."""

    id: str | None
    name: str


class DnsRecord(_Model):
    """One DNS record to publish for a domain."""

    purpose: str
    """"dkim", "spf", "dmarc", "ownership", "return_path", "tracking", "inbound" or "mx"."""
    type: str
    """"TXT", "CNAME" or "MX"."""
    name: str
    value: str
    priority: int | None = None
    status: VerificationStatus | None = None


class SenderIdentity(_WithRaw):
    """An address a product may send as."""

    provider: str
    id: str
    email: str
    name: str | None = None
    status: VerificationStatus
    status_raw: str | None = None
    domain: DomainRef | None = None
    reply_to_email: str | None = None
    reply_to_name: str | None = None
    is_default: bool | None = None
    click_tracking: bool | None = None
    open_tracking: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    verified_at: datetime | None = None


class EmailDomain(_WithRaw):
    """A sending domain and where its DNS verification stands."""

    provider: str
    id: str
    name: str
    status: VerificationStatus
    status_raw: str | None = None
    description: str | None = None
    is_default: bool | None = None
    active: bool | None = None
    checks: dict[str, VerificationStatus] = Field(default_factory=dict)
    """Per check: "ownership", "dkim", "spf", "dmarc", "mx", "return_path", "tracking"."""
    dns_records: list[DnsRecord] | None = None
    """The records to publish; None when this call did not fetch them (a list item, or a provider
    whose records come from ``domains.dns_records``), never a guessed ``[]``."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    verified_at: datetime | None = None
