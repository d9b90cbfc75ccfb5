"""DNS for a domain's records: write them for DNS tools, and check them before the provider does.

    import sendfrom.dns
    records = client.domains.dns_records(domain_id)
    print(sendfrom.dns.to_bind(records))                   # zone-file lines
    zone = sendfrom.dns.to_octodns(records, "example.com")  # an octoDNS YAML zone's content

    for result in sendfrom.dns.check(records, nameservers=["192.0.2.53"]):
        print(result.record.name, result.state, result.detail)

``check`` and ``acheck`` need the ``sendfrom[dns]`` extra (dnspython), loaded on their first call;
the rest needs nothing beyond sendfrom. ``import sendfrom`` does not import this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sendfrom.dns._export import DEFAULT_TTL, to_bind, to_octodns
from sendfrom.dns._result import CheckState, RecordCheck
from sendfrom.models import DnsRecord

__all__ = ["DEFAULT_TTL", "CheckState", "RecordCheck", "acheck", "check", "to_bind", "to_octodns"]


def check(
    records: Iterable[DnsRecord],
    *,
    nameservers: Sequence[str] | None = None,
    timeout: float = 5.0,
) -> list[RecordCheck]:
    """Look each record up in DNS: is it published as the provider asks? One ``RecordCheck``
    per record, in order. ``nameservers``: ``"host"`` / ``"host:port"`` strings to ask, in order
    (None: the system resolver's); ``timeout``: seconds per nameserver, not per check: each one
    asked gets that long to answer, and one that does not answer (or answers REFUSED or
    SERVFAIL) hands the lookup to the next, so a lookup takes at most ``timeout`` times the
    number of nameserver addresses. SPF is read as RFC 7208 does: an ``include:`` after ``all``
    does not count, ``redirect=``/``exp=`` twice and over 10 DNS-querying terms are a
    ``mismatch`` (the limit counted on the record's own terms: nested includes are not
    followed); a TXT value published with its quote marks as text is a ``mismatch`` naming
    them, never ``missing``. Needs ``sendfrom[dns]`` (dnspython):
    without it, ``ConfigurationError``. A bad ``timeout`` or record name: ``InvalidRequestError``,
    nothing sent; a nameserver that cannot be asked: every result an ``error`` naming it."""
    from sendfrom.dns import _lookup  # dnspython, only now

    return _lookup.check(records, nameservers=nameservers, timeout=timeout)


async def acheck(
    records: Iterable[DnsRecord],
    *,
    nameservers: Sequence[str] | None = None,
    timeout: float = 5.0,
) -> list[RecordCheck]:
    """``check`` for asyncio (``dns.asyncresolver``): the lookups run concurrently, and the
    event loop is never blocked."""
    from sendfrom.dns import _lookup  # dnspython, only now

    return await _lookup.acheck(records, nameservers=nameservers, timeout=timeout)
