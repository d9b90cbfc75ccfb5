"""The ``identities`` and ``domains`` resources of the sync and async clients.

Every method checks the provider's capabilities and its arguments before anything is sent, builds a
plan with the provider's adapter, and hands it to a runner. The plan builders are shared; the sync
and async twins are one-line delegations that differ only in ``await`` (a test compares them).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sendfrom._checks import (
    NOT_GIVEN,
    NotGiven,
    check_domain_args,
    check_id,
    create_fields,
    given_changes,
)
from sendfrom._engine import AsyncRunner, Page, Plan, SyncRunner
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity

if TYPE_CHECKING:
    from sendfrom.client import _BaseClient

__all__ = ["AsyncDomains", "AsyncIdentities", "Domains", "Identities"]

R = TypeVar("R", SyncRunner, AsyncRunner)
Options = Mapping[str, Any] | None
"""``provider_options``: deep-merged into the provider's request body (not portable)."""


class _Resource(Generic[R]):
    def __init__(self, owner: _BaseClient[R]) -> None:
        self._adapter = owner._adapter
        self._runner: R = owner._runner

    def _require(self, operation: str, given: Mapping[str, Any] | None = None) -> None:
        """Refuse, before any plan is made, an operation or a given argument the provider does
        not take (its adapter's declarations: ``capabilities``, ``unsupported_arguments``).

        ``given``: the optional arguments as passed; None and ``NOT_GIVEN`` mean not given.
        """
        if operation not in self._adapter.capabilities:
            raise self._adapter.unsupported(operation)
        refused = self._adapter.unsupported_arguments.get(operation, {})
        for name, value in (given or {}).items():
            if name in refused and value is not None and not isinstance(value, NotGiven):
                raise self._adapter.unsupported(operation, argument=name)


class _IdentityPlans(_Resource[R]):
    """Checks and plans shared by the sync and async identities resources."""

    def _list(self, domain_id: str | None) -> Plan[Page[SenderIdentity]]:
        self._require("identities.list", {"domain_id": domain_id})
        if domain_id is not None:
            check_id("domain_id", domain_id)
        return self._adapter.list_identities(domain_id)

    def _get(self, identity_id: str) -> Plan[SenderIdentity]:
        self._require("identities.get")
        return self._adapter.get_identity(check_id("identity_id", identity_id))

    def _create(self, fields: dict[str, Any], options: Options) -> Plan[SenderIdentity]:
        self._require("identities.create", fields)
        return self._adapter.create_identity(create_fields(**fields), options)

    def _update(
        self, identity_id: str, changes: dict[str, Any], options: Options
    ) -> Plan[SenderIdentity]:
        self._require("identities.update", changes)
        check_id("identity_id", identity_id)
        return self._adapter.update_identity(identity_id, given_changes(**changes), options)

    def _delete(self, identity_id: str) -> Plan[None]:
        self._require("identities.delete")
        return self._adapter.delete_identity(check_id("identity_id", identity_id))

    def _resend(self, identity_id: str) -> Plan[None]:
        self._require("identities.resend_verification")
        return self._adapter.resend_verification(check_id("identity_id", identity_id))


class _DomainPlans(_Resource[R]):
    """Checks and plans shared by the sync and async domains resources."""

    def _list(self) -> Plan[Page[EmailDomain]]:
        self._require("domains.list")
        return self._adapter.list_domains()

    def _by_id(self, operation: str, domain_id: str) -> str:
        self._require(operation)
        return check_id("domain_id", domain_id)

    def _get(self, domain_id: str) -> Plan[EmailDomain]:
        return self._adapter.get_domain(self._by_id("domains.get", domain_id))

    def _delete(self, domain_id: str) -> Plan[None]:
        return self._adapter.delete_domain(self._by_id("domains.delete", domain_id))

    def _verify(self, domain_id: str) -> Plan[EmailDomain]:
        return self._adapter.verify_domain(self._by_id("domains.verify", domain_id))

    def _dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        return self._adapter.dns_records(self._by_id("domains.dns_records", domain_id))

    def _create(self, name: str, description: str | None, options: Options) -> Plan[EmailDomain]:
        self._require("domains.create", {"description": description})
        name = check_domain_args(name, description)
        return self._adapter.create_domain(name, description, options)

    def _update(
        self, domain_id: str, description: str | NotGiven | None, options: Options
    ) -> Plan[EmailDomain]:
        self._require("domains.update", {"description": description})
        domain_id = self._by_id("domains.update", domain_id)
        changes = given_changes(description=description)
        return self._adapter.update_domain(domain_id, changes, options)


class Identities(_IdentityPlans[SyncRunner]):
    """Sender identities: the addresses you send as."""

    def list(self, domain_id: str | None = None) -> Iterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id), "identities.list")

    def get(self, identity_id: str) -> SenderIdentity:
        """One identity by id."""
        return self._runner.run(self._get(identity_id), "identities.get")

    def create(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Add an identity; the provider starts verifying it."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return self._runner.run(self._create(fields, provider_options), "identities.create")

    def update(
        self,
        identity_id: str,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        reply_to_email: str | NotGiven | None = NOT_GIVEN,
        reply_to_name: str | NotGiven | None = NOT_GIVEN,
        is_default: bool | NotGiven = NOT_GIVEN,
        click_tracking: bool | NotGiven = NOT_GIVEN,
        open_tracking: bool | NotGiven = NOT_GIVEN,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Change the given fields only; nothing else is sent or overwritten."""
        changes: dict[str, Any] = {
            "name": name,
            "reply_to_email": reply_to_email,
            "reply_to_name": reply_to_name,
        }
        changes |= {"is_default": is_default, "click_tracking": click_tracking}
        changes |= {"open_tracking": open_tracking}
        return self._runner.run(
            self._update(identity_id, changes, provider_options), "identities.update"
        )

    def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        return self._runner.run(self._delete(identity_id), "identities.delete")

    def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        return self._runner.run(self._resend(identity_id), "identities.resend_verification")


class AsyncIdentities(_IdentityPlans[AsyncRunner]):
    """Sender identities (async)."""

    def list(self, domain_id: str | None = None) -> AsyncIterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id), "identities.list")

    async def get(self, identity_id: str) -> SenderIdentity:
        """One identity by id."""
        return await self._runner.run(self._get(identity_id), "identities.get")

    async def create(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Add an identity; the provider starts verifying it."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return await self._runner.run(self._create(fields, provider_options), "identities.create")

    async def update(
        self,
        identity_id: str,
        *,
        name: str | NotGiven | None = NOT_GIVEN,
        reply_to_email: str | NotGiven | None = NOT_GIVEN,
        reply_to_name: str | NotGiven | None = NOT_GIVEN,
        is_default: bool | NotGiven = NOT_GIVEN,
        click_tracking: bool | NotGiven = NOT_GIVEN,
        open_tracking: bool | NotGiven = NOT_GIVEN,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """Change the given fields only; nothing else is sent or overwritten."""
        changes: dict[str, Any] = {
            "name": name,
            "reply_to_email": reply_to_email,
            "reply_to_name": reply_to_name,
        }
        changes |= {"is_default": is_default, "click_tracking": click_tracking}
        changes |= {"open_tracking": open_tracking}
        return await self._runner.run(
            self._update(identity_id, changes, provider_options), "identities.update"
        )

    async def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        return await self._runner.run(self._delete(identity_id), "identities.delete")

    async def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        return await self._runner.run(self._resend(identity_id), "identities.resend_verification")


class Domains(_DomainPlans[SyncRunner]):
    """Email domains and their DNS verification."""

    def list(self) -> Iterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list(), "domains.list")

    def get(self, domain_id: str) -> EmailDomain:
        """One domain by id."""
        return self._runner.run(self._get(domain_id), "domains.get")

    def create(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """Add a domain; publish its ``dns_records`` to verify it."""
        return self._runner.run(self._create(name, description, provider_options), "domains.create")

    def update(
        self,
        domain_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        provider_options: Options = None,
    ) -> EmailDomain:
        """Change the given fields only (``provider_options`` for provider-specific settings)."""
        plan = self._update(domain_id, description, provider_options)
        return self._runner.run(plan, "domains.update")

    def delete(self, domain_id: str) -> None:
        """Remove a domain."""
        return self._runner.run(self._delete(domain_id), "domains.delete")

    def verify(self, domain_id: str) -> EmailDomain:
        """Ask the provider to re-check the domain's DNS; returns its fresh state."""
        return self._runner.run(self._verify(domain_id), "domains.verify")

    def dns_records(self, domain_id: str) -> builtins.list[DnsRecord]:
        """The records to publish in DNS for the domain."""
        return self._runner.run(self._dns_records(domain_id), "domains.dns_records")


class AsyncDomains(_DomainPlans[AsyncRunner]):
    """Email domains and their DNS verification (async)."""

    def list(self) -> AsyncIterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list(), "domains.list")

    async def get(self, domain_id: str) -> EmailDomain:
        """One domain by id."""
        return await self._runner.run(self._get(domain_id), "domains.get")

    async def create(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """Add a domain; publish its ``dns_records`` to verify it."""
        return await self._runner.run(
            self._create(name, description, provider_options), "domains.create"
        )

    async def update(
        self,
        domain_id: str,
        *,
        description: str | NotGiven | None = NOT_GIVEN,
        provider_options: Options = None,
    ) -> EmailDomain:
        """Change the given fields only (``provider_options`` for provider-specific settings)."""
        plan = self._update(domain_id, description, provider_options)
        return await self._runner.run(plan, "domains.update")

    async def delete(self, domain_id: str) -> None:
        """Remove a domain."""
        return await self._runner.run(self._delete(domain_id), "domains.delete")

    async def verify(self, domain_id: str) -> EmailDomain:
        """Ask the provider to re-check the domain's DNS; returns its fresh state."""
        return await self._runner.run(self._verify(domain_id), "domains.verify")

    async def dns_records(self, domain_id: str) -> builtins.list[DnsRecord]:
        """The records to publish in DNS for the domain."""
        return await self._runner.run(self._dns_records(domain_id), "domains.dns_records")
