"""The unified, provider-agnostic models every provider's payloads are mapped to.

``None`` always means "this provider does not report it". Every object keeps the provider's own
payload in ``raw`` (left out of ``repr`` and of equality) and its own status word in ``status_raw``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any, ParamSpec, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DnsRecord", "DomainRef", "EmailDomain", "SenderIdentity", "VerificationStatus"]

P = ParamSpec("P")
M = TypeVar("M", bound=BaseModel)


class VerificationStatus(StrEnum):
    """Where verification stands, on every provider."""

    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"
    UNKNOWN = "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _WithRaw(_Model):
    raw: dict[str, Any] = Field(default_factory=dict, repr=False)
    """The provider's JSON for this object, as it was received."""

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
    dns_records: list[DnsRecord] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    verified_at: datetime | None = None


def trusted(model: Callable[P, M]) -> Callable[P, M]:
    """A constructor of ``model`` that does not validate: for the adapters' mappers only.

    A mapper builds every value from a wire model pydantic has just validated, so each one is
    already of its field's type (an ``id`` a ``str``, a ``status`` a ``VerificationStatus``, a
    ``domain`` a ``DomainRef``); validating them again cost more than the rest of the mapping. The
    instance is the one validation would make (field values and order, ``model_fields_set``),
    except that ``raw`` is the dict given, not a copy. Unknown and missing fields raise
    ``TypeError``; mypy checks the keyword arguments as it checks the model's own.
    """
    cls = cast(type[BaseModel], model)
    if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
        raise TypeError(f"{cls.__name__} keeps private or extra attributes: construct it")
    template: dict[str, Any] = {}  # every field in declaration order: defaults, or placeholders
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, info in cls.model_fields.items():
        template[name] = None if info.is_required() else info.default
        if info.default_factory is not None:
            factories.append((name, cast(Callable[[], Any], info.default_factory)))
    count = len(template)
    needed = frozenset(name for name, info in cls.model_fields.items() if info.is_required())
    new = cast(Callable[[type[BaseModel]], M], object.__new__)
    set_dict = object.__setattr__
    slots = vars(BaseModel)
    set_fields_set = slots["__pydantic_fields_set__"].__set__
    set_extra = slots["__pydantic_extra__"].__set__
    set_private = slots["__pydantic_private__"].__set__

    def construct(*args: P.args, **values: P.kwargs) -> M:
        fields = {**template, **values}  # the template's order, the values given
        if args or len(fields) != count or not values.keys() >= needed:
            unknown = sorted(set(values) - set(template))
            missing = sorted(needed - set(values))
            raise TypeError(f"{cls.__name__}: unknown {unknown}, missing {missing} fields")
        for name, factory in factories:
            if name not in values:
                fields[name] = factory()
        instance = new(cls)
        set_dict(instance, "__dict__", fields)
        set_fields_set(instance, set(values))
        set_extra(instance, None)
        set_private(instance, None)
        return instance

    construct.__name__ = construct.__qualname__ = f"trusted({cls.__name__})"
    return construct
