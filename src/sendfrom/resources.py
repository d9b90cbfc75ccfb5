"""The ``identities`` and ``domains`` resources of the sync and async clients.

Every method checks the provider's capabilities and its arguments before anything is sent, builds a
plan with the provider's adapter, and hands it to a runner. The plan builders are shared (in
``sendfrom._resource_plans``); the sync and async twins are one-line delegations that differ only
in ``await`` (a test compares them).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

from sendfrom._checks import NOT_GIVEN, NotGiven
from sendfrom._engine import AsyncRunner, SyncRunner
from sendfrom._resource_plans import Options, _DomainPlans, _IdentityPlans
from sendfrom._wait import OnPoll, run_wait
from sendfrom.dns import RecordCheck
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity

__all__ = ["AsyncDomains", "AsyncIdentities", "Domains", "Identities"]


class Identities(_IdentityPlans[SyncRunner]):
    """Sender identities: the addresses you send as."""

    def list(
        self, domain_id: str | None = None, *, page_size: int | None = None
    ) -> Iterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id, page_size), "identities.list")

    def pages(
        self, domain_id: str | None = None, *, page_size: int | None = None
    ) -> Iterator[builtins.list[SenderIdentity]]:
        """The identities one list per request (``page_size``: where the provider takes one)."""
        return self._runner.iterate(self._pages(domain_id, page_size), "identities.list")

    def find(self, email: str) -> SenderIdentity | None:
        """The identity with this address (compared case-insensitively), or None."""
        return self._runner.run(self._find(email), "identities.find")

    def ensure(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """The identity with this address as it is, or a new one: never a second one."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return self._runner.run(self._ensure(fields, provider_options), "identities.ensure")

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
        changes: dict[str, Any] = {"name": name, "reply_to_email": reply_to_email}
        changes |= {"reply_to_name": reply_to_name, "is_default": is_default}
        changes |= {"click_tracking": click_tracking, "open_tracking": open_tracking}
        plan = self._update(identity_id, changes, provider_options)
        return self._runner.run(plan, "identities.update")

    def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        return self._runner.run(self._delete(identity_id), "identities.delete")

    def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        return self._runner.run(self._resend(identity_id), "identities.resend_verification")

    def wait_until_verified(
        self,
        identity_id: str,
        *,
        timeout: float = 600.0,
        interval: float = 10.0,
        on_poll: OnPoll[SenderIdentity] = None,
    ) -> SenderIdentity:
        """Poll until the identity is verified and return it; ``VerificationFailedError`` once it
        failed, ``WaitTimeoutError`` (``.last``: its last state) after ``timeout`` seconds.
        Sleeps ``interval`` seconds between polls, 1.5x longer each time up to six times
        ``interval`` (at most 60 s unless ``interval`` is larger); ``on_poll`` sees every state."""
        return run_wait(self._wait(identity_id, timeout, interval, on_poll), self._runner)


class AsyncIdentities(_IdentityPlans[AsyncRunner]):
    """Sender identities (async)."""

    def list(
        self, domain_id: str | None = None, *, page_size: int | None = None
    ) -> AsyncIterator[SenderIdentity]:
        """Every identity (of one domain, if given), fetched page by page as you iterate."""
        return self._runner.iterate(self._list(domain_id, page_size), "identities.list")

    def pages(
        self, domain_id: str | None = None, *, page_size: int | None = None
    ) -> AsyncIterator[builtins.list[SenderIdentity]]:
        """The identities one list per request (``page_size``: where the provider takes one)."""
        return self._runner.iterate(self._pages(domain_id, page_size), "identities.list")

    async def find(self, email: str) -> SenderIdentity | None:
        """The identity with this address (compared case-insensitively), or None."""
        return await self._runner.run(self._find(email), "identities.find")

    async def ensure(
        self,
        email: str,
        name: str | None = None,
        domain_id: str | None = None,
        reply_to_email: str | None = None,
        reply_to_name: str | None = None,
        provider_options: Options = None,
    ) -> SenderIdentity:
        """The identity with this address as it is, or a new one: never a second one."""
        fields: dict[str, Any] = {"email": email, "name": name, "domain_id": domain_id}
        fields |= {"reply_to_email": reply_to_email, "reply_to_name": reply_to_name}
        return await self._runner.run(self._ensure(fields, provider_options), "identities.ensure")

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
        changes: dict[str, Any] = {"name": name, "reply_to_email": reply_to_email}
        changes |= {"reply_to_name": reply_to_name, "is_default": is_default}
        changes |= {"click_tracking": click_tracking, "open_tracking": open_tracking}
        plan = self._update(identity_id, changes, provider_options)
        return await self._runner.run(plan, "identities.update")

    async def delete(self, identity_id: str) -> None:
        """Remove an identity."""
        return await self._runner.run(self._delete(identity_id), "identities.delete")

    async def resend_verification(self, identity_id: str) -> None:
        """Send the verification email again."""
        return await self._runner.run(self._resend(identity_id), "identities.resend_verification")

    async def wait_until_verified(
        self,
        identity_id: str,
        *,
        timeout: float = 600.0,
        interval: float = 10.0,
        on_poll: OnPoll[SenderIdentity] = None,
    ) -> SenderIdentity:
        """Poll until the identity is verified and return it; ``VerificationFailedError`` once it
        failed, ``WaitTimeoutError`` (``.last``: its last state) after ``timeout`` seconds.
        Sleeps ``interval`` seconds between polls, 1.5x longer each time up to six times
        ``interval`` (at most 60 s unless ``interval`` is larger); ``on_poll`` sees every state."""
        return await run_wait(self._wait(identity_id, timeout, interval, on_poll), self._runner)


class Domains(_DomainPlans[SyncRunner]):
    """Email domains and their DNS verification."""

    def list(self, *, page_size: int | None = None) -> Iterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list(page_size), "domains.list")

    def pages(self, *, page_size: int | None = None) -> Iterator[builtins.list[EmailDomain]]:
        """The domains one list per request (``page_size``: where the provider takes one)."""
        return self._runner.iterate(self._pages(page_size), "domains.list")

    def find(self, name: str) -> EmailDomain | None:
        """The domain with this name (case-insensitively, in A-labels), or None."""
        return self._runner.run(self._find(name), "domains.find")

    def ensure(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """The domain with this name as it is, or a new one: never a second one."""
        plan = self._ensure(name, description, provider_options)
        return self._runner.run(plan, "domains.ensure")

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

    def check_dns(
        self, domain_id: str, *, nameservers: Sequence[str] | None = None, timeout: float = 5.0
    ) -> builtins.list[RecordCheck]:
        """The domain's ``dns_records``, each looked up in DNS (``sendfrom.dns.check``)."""
        return self._check_dns(domain_id, nameservers, timeout)

    def wait_until_verified(
        self,
        domain_id: str,
        *,
        timeout: float = 600.0,
        interval: float = 10.0,
        on_poll: OnPoll[EmailDomain] = None,
    ) -> EmailDomain:
        """Poll until the domain is verified and return it; ``VerificationFailedError`` once it
        failed, ``WaitTimeoutError`` (``.last``: its last state) after ``timeout`` seconds.
        Sleeps ``interval`` seconds between polls, 1.5x longer each time up to six times
        ``interval`` (at most 60 s unless ``interval`` is larger); ``on_poll`` sees every state."""
        return run_wait(self._wait(domain_id, timeout, interval, on_poll), self._runner)


class AsyncDomains(_DomainPlans[AsyncRunner]):
    """Email domains and their DNS verification (async)."""

    def list(self, *, page_size: int | None = None) -> AsyncIterator[EmailDomain]:
        """Every domain, fetched page by page as you iterate."""
        return self._runner.iterate(self._list(page_size), "domains.list")

    def pages(self, *, page_size: int | None = None) -> AsyncIterator[builtins.list[EmailDomain]]:
        """The domains one list per request (``page_size``: where the provider takes one)."""
        return self._runner.iterate(self._pages(page_size), "domains.list")

    async def find(self, name: str) -> EmailDomain | None:
        """The domain with this name (case-insensitively, in A-labels), or None."""
        return await self._runner.run(self._find(name), "domains.find")

    async def ensure(
        self, name: str, *, description: str | None = None, provider_options: Options = None
    ) -> EmailDomain:
        """The domain with this name as it is, or a new one: never a second one."""
        plan = self._ensure(name, description, provider_options)
        return await self._runner.run(plan, "domains.ensure")

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

    async def check_dns(
        self, domain_id: str, *, nameservers: Sequence[str] | None = None, timeout: float = 5.0
    ) -> builtins.list[RecordCheck]:
        """The domain's ``dns_records``, each looked up in DNS (``sendfrom.dns.check``)."""
        return await self._check_dns(domain_id, nameservers, timeout)

    async def wait_until_verified(
        self,
        domain_id: str,
        *,
        timeout: float = 600.0,
        interval: float = 10.0,
        on_poll: OnPoll[EmailDomain] = None,
    ) -> EmailDomain:
        """Poll until the domain is verified and return it; ``VerificationFailedError`` once it
        failed, ``WaitTimeoutError`` (``.last``: its last state) after ``timeout`` seconds.
        Sleeps ``interval`` seconds between polls, 1.5x longer each time up to six times
        ``interval`` (at most 60 s unless ``interval`` is larger); ``on_poll`` sees every state."""
        return await run_wait(self._wait(domain_id, timeout, interval, on_poll), self._runner)
