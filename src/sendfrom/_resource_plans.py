"""The checks and plans the ``identities`` and ``domains`` resources share (``sendfrom.resources``).

Every public method checks the provider's capabilities and its arguments before anything is sent,
then builds a plan with the provider's adapter; the sync and async resources only run the plans.
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from sendfrom._checks import (
    NotGiven,
    check_domain_args,
    check_email,
    check_id,
    check_page_size,
    create_fields,
    given_changes,
)
from sendfrom._compose import as_lists, ensure, records_of
from sendfrom._engine import AsyncRunner, Page, Plan, SyncRunner
from sendfrom._engine.plans import primed
from sendfrom._wait import OnPoll, Poll, Wait, check_wait_args
from sendfrom.errors import UnsupportedOperationError
from sendfrom.models import DnsRecord, EmailDomain, SenderIdentity

if TYPE_CHECKING:
    from sendfrom.client import _BaseClient
    from sendfrom.dns import RecordCheck

__all__ = ["Options", "R"]

R = TypeVar("R", SyncRunner, AsyncRunner)
T = TypeVar("T", SenderIdentity, EmailDomain)
Options = Mapping[str, Any] | None
Servers = Sequence[str] | None
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

    def _page_size(self, operation: str, page_size: int | None) -> int | None:
        """``page_size`` as sent: refused where the provider picks it, else held to its bounds."""
        self._require(operation, {"page_size": page_size})
        if page_size is None:
            return None
        return check_page_size(page_size, self._adapter.page_sizes.get(operation))

    def _require_ensure(self, kind: str) -> None:
        """``ensure`` is a find, then maybe a create: the provider must do both."""
        missing = [
            op for op in (f"{kind}.find", f"{kind}.create") if op not in self._adapter.capabilities
        ]
        if missing:
            reason = (
                f"it needs {' and '.join(missing)}, which {self._adapter.name} does not support"
            )
            raise UnsupportedOperationError(self._adapter.name, f"{kind}.ensure", reason)

    def _waiting(
        self,
        kind: str,
        polls: Mapping[str, Poll[T]],
        args: tuple[object, object, OnPoll[T]],
    ) -> Wait[T]:
        """The state of one ``wait_until_verified`` on ``kind``, polled as the adapter's ``poll``
        declares (``polls``: each operation that may poll -> a fresh plan of it, given the last
        state seen)."""
        timeout, interval = check_wait_args(*args)
        operation = f"{kind}.wait_until_verified"
        via = self._adapter.poll.get(kind)
        if via is None or via not in polls:
            raise UnsupportedOperationError(
                self._adapter.name,
                operation,
                f"no operation of {self._adapter.name} shows the fresh state of its {kind}",
            )
        plan = polls[via]
        plan(None).close()  # the poll's own checks (capability, id), before anything is sent
        now = self._runner.policy.now
        return Wait(
            plan, operation, via, timeout=timeout, interval=interval, on_poll=args[2], now=now
        )


class _IdentityPlans(_Resource[R]):
    """Checks and plans shared by the sync and async identities resources."""

    def _list(self, domain_id: str | None, page_size: int | None) -> Plan[Page[SenderIdentity]]:
        self._require("identities.list", {"domain_id": domain_id})
        size = self._page_size("identities.list", page_size)
        if domain_id is not None:
            check_id("domain_id", domain_id)
        return self._adapter.list_identities(domain_id, size)

    def _pages(
        self, domain_id: str | None, page_size: int | None
    ) -> Plan[Page[list[SenderIdentity]]]:
        return as_lists(self._list(domain_id, page_size))

    def _find(self, email: str) -> Plan[SenderIdentity | None]:
        self._require("identities.find")
        return self._adapter.find_identity(check_email("email", email))

    def _ensure(self, fields: dict[str, Any], options: Options) -> Plan[SenderIdentity]:
        self._require_ensure("identities")
        create = self._create(fields, options)  # the unified checks, now
        if not self._adapter.lacking_options("identities.create", options):
            create = primed(create)  # and the adapter's own, before the find
        # else: options only a create needs (SendGrid's postal address) are asked for only when
        # one is needed: the identity that exists is returned as it is (DESIGN: "unchanged"),
        # and a create is refused naming them once the find found none, before it is sent.
        email = check_email("email", fields["email"])
        return ensure(lambda: self._adapter.find_identity(email), create)

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

    def _wait(
        self, identity_id: str, timeout: float, interval: float, on_poll: OnPoll[SenderIdentity]
    ) -> Wait[SenderIdentity]:
        polls: dict[str, Poll[SenderIdentity]] = {
            "identities.get": lambda _last: self._get(identity_id)
        }
        return self._waiting("identities", polls, (timeout, interval, on_poll))

    def _resend(self, identity_id: str) -> Plan[None]:
        self._require("identities.resend_verification")
        return self._adapter.resend_verification(check_id("identity_id", identity_id))


class _DomainPlans(_Resource[R]):
    """Checks and plans shared by the sync and async domains resources."""

    def _list(self, page_size: int | None) -> Plan[Page[EmailDomain]]:
        self._require("domains.list")
        return self._adapter.list_domains(self._page_size("domains.list", page_size))

    def _pages(self, page_size: int | None) -> Plan[Page[list[EmailDomain]]]:
        return as_lists(self._list(page_size))

    def _find(self, name: str) -> Plan[EmailDomain | None]:
        self._require("domains.find")
        return self._adapter.find_domain(check_domain_args(name, None))

    def _ensure(self, name: str, description: str | None, options: Options) -> Plan[EmailDomain]:
        self._require_ensure("domains")
        create = primed(self._create(name, description, options))  # every check before a find
        ascii_name = check_domain_args(name, None)
        return ensure(lambda: self._adapter.find_domain(ascii_name), create)

    def _by_id(self, operation: str, domain_id: str) -> str:
        self._require(operation)
        return check_id("domain_id", domain_id)

    def _get(self, domain_id: str) -> Plan[EmailDomain]:
        return self._adapter.get_domain(self._by_id("domains.get", domain_id))

    def _delete(self, domain_id: str) -> Plan[None]:
        return self._adapter.delete_domain(self._by_id("domains.delete", domain_id))

    def _verify(self, domain_id: str) -> Plan[EmailDomain]:
        return self._adapter.verify_domain(self._by_id("domains.verify", domain_id))

    def _reverify(self, domain_id: str, last: EmailDomain | None) -> Plan[EmailDomain]:
        """A verify inside a wait: the adapter may reuse ``last`` (the previous poll's state)
        where the provider's answer shows nothing changed."""
        return self._adapter.reverify_domain(self._by_id("domains.verify", domain_id), last)

    def _wait(
        self, domain_id: str, timeout: float, interval: float, on_poll: OnPoll[EmailDomain]
    ) -> Wait[EmailDomain]:
        polls: dict[str, Poll[EmailDomain]] = {
            "domains.verify": lambda last: self._reverify(domain_id, last),
            "domains.get": lambda _last: self._get(domain_id),
        }
        return self._waiting("domains", polls, (timeout, interval, on_poll))

    def _dns_records(self, domain_id: str) -> Plan[list[DnsRecord]]:
        return self._adapter.dns_records(self._by_id("domains.dns_records", domain_id))

    @overload
    def _check_dns(
        self: _DomainPlans[SyncRunner], domain_id: str, nameservers: Servers, timeout: float
    ) -> list[RecordCheck]: ...
    @overload
    def _check_dns(
        self: _DomainPlans[AsyncRunner], domain_id: str, nameservers: Servers, timeout: float
    ) -> Coroutine[Any, Any, list[RecordCheck]]: ...
    def _check_dns(
        self, domain_id: str, nameservers: Servers, timeout: float
    ) -> list[RecordCheck] | Coroutine[Any, Any, list[RecordCheck]]:
        """``check_dns``: ``dns_records`` (or, without them, ``get``'s), then
        ``sendfrom.dns.check`` (the async client's: a coroutine, with ``acheck``). Its own
        arguments are checked, and dnspython found, before the records are asked for."""
        from sendfrom.dns import _lookup  # dnspython, only now (ConfigurationError without it)

        _lookup.check_args(nameservers, timeout)
        supports = self._adapter.capabilities
        if "domains.dns_records" in supports:
            plan = self._dns_records(domain_id)
        elif "domains.get" in supports:
            plan = records_of(self._get(domain_id))  # no endpoint for them: the domain has them
        else:  # named as the operation called, like ensure and wait_until_verified
            reason = (
                f"it needs domains.dns_records or domains.get, which {self._adapter.name} does "
                "not support; check the records domains.create returned with "
                "sendfrom.dns.check(domain.dns_records)"
            )
            raise UnsupportedOperationError(self._adapter.name, "domains.check_dns", reason)
        if isinstance(self._runner, AsyncRunner):
            runner = self._runner

            async def checked() -> list[RecordCheck]:
                records = await runner.run(plan, "domains.check_dns")
                return await _lookup.acheck(records, nameservers=nameservers, timeout=timeout)

            return checked()
        records = self._runner.run(plan, "domains.check_dns")
        return _lookup.check(records, nameservers=nameservers, timeout=timeout)

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
