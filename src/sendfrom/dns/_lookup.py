"""``check`` and ``acheck``: each record looked up with dnspython, then judged (``_judge``).

This module is the only one that imports dnspython (the ``sendfrom[dns]`` extra); without it,
importing it is a ``ConfigurationError`` that says what to install.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sendfrom._values import finite_seconds, shown
from sendfrom.dns._export import checked_records
from sendfrom.dns._judge import Answer, judge
from sendfrom.dns._names import absolute, bare, nameserver
from sendfrom.dns._result import RecordCheck
from sendfrom.errors import ConfigurationError, InvalidRequestError
from sendfrom.models import DnsRecord

try:
    import dns.asyncresolver
    import dns.exception
    import dns.name
    import dns.nameserver
    import dns.rdatatype
    import dns.resolver
    from dns.rdtypes.ANY.CNAME import CNAME
    from dns.rdtypes.ANY.MX import MX
    from dns.rdtypes.ANY.TXT import TXT
except ImportError as error:  # pragma: no cover - the message is tested in a subprocess
    raise ConfigurationError('checking DNS needs dnspython: pip install "sendfrom[dns]"') from error

__all__ = ["acheck", "check", "check_args"]

Query = tuple[dns.name.Name, dns.rdatatype.RdataType]
R = TypeVar("R", bound=dns.resolver.BaseResolver)


@dataclass(frozen=True)
class _Job:
    """One ``check`` call, checked: the records, the queries they need, and how to ask."""

    records: list[DnsRecord]
    queries: list[Query]
    servers: list[object] | None  # as given (None: the system resolver)
    timeout: float

    def results(self, answers: dict[Query, Answer]) -> list[RecordCheck]:
        return [judge(r, answers[_query(r)]) for r in self.records]


def _query(record: DnsRecord) -> Query:
    return dns.name.from_text(absolute(record.name)), dns.rdatatype.from_text(record.type.upper())


def check_args(nameservers: object, timeout: object) -> tuple[list[object] | None, float]:
    """``nameservers`` as a list (None: the system resolver) and ``timeout`` as a float, or
    ``InvalidRequestError``: checked before any packet (or request) is sent."""
    seconds = finite_seconds(timeout)
    if seconds is None or seconds <= 0:
        raise InvalidRequestError(
            f"timeout must be a number of seconds above 0, not {shown(timeout)}",
            {"timeout": ["must be a finite number of seconds > 0"]},
        )
    return _servers(nameservers), seconds


def _job(records: Iterable[DnsRecord], nameservers: object, timeout: object) -> _Job:
    """The arguments checked before any packet is sent (``InvalidRequestError`` if bad)."""
    servers, seconds = check_args(nameservers, timeout)
    records = checked_records(records, None)
    queries: list[Query] = []
    for record in records:
        try:
            query = _query(record)
        except (dns.exception.DNSException, ValueError) as error:
            raise InvalidRequestError(
                f"{record.name!r} ({record.type}) cannot be looked up: {error}",
                {"records": [f"{record.name}: not an absolute DNS name and type"]},
            ) from None
        if bare(record.name) in {"", "@"}:
            raise InvalidRequestError(
                f"{record.name!r} is relative to a zone the record does not name: give "
                "the full name (example.com)",
                {"records": [f"{record.name}: not an absolute name"]},
            )
        if query not in queries:
            queries.append(query)
    return _Job(records, queries, servers, seconds)


def _servers(nameservers: object) -> list[object] | None:
    """The nameservers as given (each is parsed when the resolver is made: a bad one is an
    ``error`` result, not an exception); only something that is no collection is refused here.
    Any iterable will do (a list, a tuple, a generator: ``records`` takes one too)."""
    if nameservers is None:
        return None
    if isinstance(nameservers, str):
        return [nameservers]
    if isinstance(nameservers, bytes | bytearray | Mapping) or not isinstance(
        nameservers, Iterable
    ):
        raise InvalidRequestError(
            f"nameservers must be a list of 'host' or 'host:port' (or None), not {nameservers!r}",
            {"nameservers": ["must be a list, or None for the system resolver"]},
        )
    return list(nameservers)


def _parsed(servers: list[object]) -> list[tuple[str, int]]:
    """Each nameserver as (host, port), or ``_NoResolverError`` naming the one that is not."""
    if not servers:
        raise _NoResolverError("no nameservers to ask (nameservers=None asks the system resolver)")
    parsed = []
    for text in servers:
        found = nameserver(text)
        if found is None:
            raise _NoResolverError(
                f"bad nameserver address {text!r}: give host, host:port, [IPv6]:port or an IPv6 "
                "address"
            )
        parsed.append(found)
    return parsed


def _values(answer: dns.resolver.Answer) -> list[str]:
    """The records of ``answer`` in ``RecordCheck.found``'s form. Names in lower case: an
    answer's letter case is not the zone's (name compression reuses the first spelling)."""
    values = []
    for rdata in answer.rrset or ():
        if isinstance(rdata, TXT):
            values.append(b"".join(rdata.strings).decode("utf-8", "backslashreplace"))
        elif isinstance(rdata, MX):
            values.append(f"{rdata.preference} {bare(rdata.exchange.to_text())}")
        elif isinstance(rdata, CNAME):
            values.append(bare(rdata.target.to_text()))
        else:
            values.append(rdata.to_text())
    return values


def _answer(query: Query, answer: dns.resolver.Answer) -> Answer:
    name, rdtype = query
    values = _values(answer)
    canonical = answer.canonical_name
    via = None if canonical == name else canonical.to_text(omit_final_dot=True)
    if not values:
        detail = f"no {dns.rdatatype.to_text(rdtype)} record at {name.to_text(True)}"
        return Answer(state="missing", detail=detail + (f" (a CNAME to {via})" if via else ""))
    return Answer(values=values, via=via)


def _failure(query: Query, error: Exception) -> Answer:
    """What a failed lookup means: no such name is ``missing``; anything else is ``error``."""
    name = query[0].to_text(omit_final_dot=True)
    if isinstance(error, dns.resolver.NXDOMAIN):
        via = _followed(query[0], error)
        if via is not None:
            detail = f"{name} is a CNAME to {via}, which does not exist (NXDOMAIN)"
            return Answer(state="missing", detail=detail)
        return Answer(state="missing", detail=f"{name} does not exist (NXDOMAIN)")
    if isinstance(error, dns.resolver.NoAnswer):
        kind = dns.rdatatype.to_text(query[1])
        return Answer(state="missing", detail=f"no {kind} record at {name}")
    if isinstance(error, dns.exception.Timeout):
        return Answer(state="error", detail=f"timed out looking up {name}: {error}")
    return Answer(state="error", detail=f"looking up {name} failed: {error}")


def _followed(name: dns.name.Name, error: dns.resolver.NXDOMAIN) -> str | None:
    """The name a CNAME at ``name`` led to before the NXDOMAIN, if one did."""
    try:
        canonical = error.canonical_name
    except (dns.exception.DNSException, KeyError, TypeError):  # no response kept: no chain
        return None
    return None if canonical == name else canonical.to_text(omit_final_dot=True)


_FAILURES = (dns.exception.DNSException, OSError, ValueError)
_THREADS = 8
"""Lookups ``check`` runs at once (a provider asks for 2 to 8 records)."""


def _no_resolver(job: _Job, detail: str) -> list[RecordCheck]:
    return job.results(dict.fromkeys(job.queries, Answer(state="error", detail=detail)))


def check(
    records: Iterable[DnsRecord],
    *,
    nameservers: Sequence[str] | None = None,
    timeout: float = 5.0,
) -> list[RecordCheck]:
    """Look each record up in DNS and say whether it is published as asked (one
    ``RecordCheck`` per record, in order). ``nameservers``: ``"host"`` or ``"host:port"``
    strings to ask, in order (None: the system resolver's); ``timeout``: seconds each
    nameserver gets to answer before the next one is asked (one that refuses or fails is left
    at once), so a lookup takes at most ``timeout`` times the number of nameserver addresses."""
    job = _job(records, nameservers, timeout)
    try:
        resolver = _resolver(dns.resolver.Resolver, job, _addresses_sync(job))
    except _NoResolverError as unusable:
        return _no_resolver(job, str(unusable))

    def one(query: Query) -> Answer:
        try:
            got = resolver.resolve(*query, search=False, raise_on_no_answer=False)
        except _FAILURES as error:
            return _failure(query, error)
        return _answer(query, got)

    if len(job.queries) < 2:
        found = [one(q) for q in job.queries]
    else:
        # The lookups at once, as acheck does: a nameserver that does not answer costs one
        # timeout, not one per record (a resolver without a cache is safe to share).
        from concurrent.futures import ThreadPoolExecutor

        workers = min(_THREADS, len(job.queries))
        with ThreadPoolExecutor(workers, thread_name_prefix="sendfrom-dns") as pool:
            found = list(pool.map(one, job.queries))
    return job.results(dict(zip(job.queries, found, strict=True)))


async def acheck(
    records: Iterable[DnsRecord],
    *,
    nameservers: Sequence[str] | None = None,
    timeout: float = 5.0,
) -> list[RecordCheck]:
    """``check`` for asyncio (``dns.asyncresolver``): the lookups run concurrently and never
    block the event loop."""
    job = _job(records, nameservers, timeout)
    try:
        addresses = await _addresses_async(job)
        resolver = _resolver(dns.asyncresolver.Resolver, job, addresses)
    except _NoResolverError as unusable:
        return _no_resolver(job, str(unusable))

    async def one(query: Query) -> Answer:
        try:
            got = await resolver.resolve(*query, search=False, raise_on_no_answer=False)
        except _FAILURES as error:
            return _failure(query, error)
        return _answer(query, got)

    found = await asyncio.gather(*(one(q) for q in job.queries))
    return job.results(dict(zip(job.queries, found, strict=True)))


class _NoResolverError(Exception):
    """No resolver to ask: every record's check is an ``error`` saying why."""


def _resolver(kind: type[R], job: _Job, addresses: list[tuple[str, int]] | None) -> R:
    try:
        resolver = kind(configure=addresses is None)
    except _FAILURES as error:
        raise _NoResolverError(f"no system resolver to ask: {error}") from None
    if addresses is not None:
        resolver.nameservers = [dns.nameserver.Do53Nameserver(a, p) for a, p in addresses]
    # ``timeout`` is per nameserver: each one asked gets that long to answer before the next is
    # asked (one that refuses or fails is left at once), so the lookup as a whole may take one
    # timeout per nameserver. A lifetime of one timeout would end it at the first silent one.
    resolver.timeout = job.timeout
    resolver.lifetime = job.timeout * max(1, len(resolver.nameservers))
    return resolver


def _addresses_of(port: int, infos: Sequence[tuple[object, ...]]) -> list[tuple[str, int]]:
    """The distinct addresses ``getaddrinfo`` gave (``info[4]`` is the socket address)."""
    return list(dict.fromkeys((str(info[4][0]), port) for info in infos))  # type: ignore[index]


def _addresses_sync(job: _Job) -> list[tuple[str, int]] | None:
    """The nameservers' IP addresses (a name is resolved by the system, as a stub would)."""
    if job.servers is None:
        return None
    addresses: list[tuple[str, int]] = []
    for host, port in _parsed(job.servers):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
        except OSError as error:
            raise _NoResolverError(f"the nameserver {host!r} has no address: {error}") from None
        addresses += _addresses_of(port, infos)
    return addresses


async def _addresses_async(job: _Job) -> list[tuple[str, int]] | None:
    if job.servers is None:
        return None
    loop = asyncio.get_running_loop()
    addresses: list[tuple[str, int]] = []
    for host, port in _parsed(job.servers):
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
        except OSError as error:
            raise _NoResolverError(f"the nameserver {host!r} has no address: {error}") from None
        addresses += _addresses_of(port, infos)
    return addresses
