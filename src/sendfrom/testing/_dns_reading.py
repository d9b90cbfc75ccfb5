"""Simulators that read DNS: a domain turns verified once its records are found at a nameserver.

Given ``nameservers`` (``simulator(p, nameservers=["127.0.0.1:5353"])``, ``sendfrom simulate
--nameserver``), a simulator's own check (MailerSend's verify, SendGrid's validate, ...) looks the
domain's records up there with ``sendfrom.dns.check``, as the provider's check reads public DNS:
every record published as asked makes the domain verified, anything less makes it pending again
(so records removed later are seen at the next check). Without nameservers only ``mark_domain``
changes a domain's state, as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from sendfrom._values import finite_seconds, shown
from sendfrom.errors import ConfigurationError
from sendfrom.models import DnsRecord

__all__ = ["DnsReading"]


class DnsReading:
    """Where a simulator's check looks its domains' records up (a ``Simulator`` holds one)."""

    def __init__(self, nameservers: Iterable[str], timeout: float) -> None:
        """``ConfigurationError`` for an address that is no ``host[:port]`` or a bad timeout,
        or without dnspython (``sendfrom[dns]``): at construction, never inside an answer."""
        from sendfrom.dns import _lookup  # dnspython, only for a simulator that reads DNS
        from sendfrom.dns._names import nameserver

        servers = [nameservers] if isinstance(nameservers, str) else list(nameservers)
        bad = [s for s in servers if nameserver(s) is None]
        if not servers or bad:
            raise ConfigurationError(
                f"a simulator's nameservers must be 'host' or 'host:port', not {bad or servers!r}"
            )
        seconds = finite_seconds(timeout)
        if seconds is None or seconds <= 0:
            raise ConfigurationError(
                f"dns_timeout must be a finite number of seconds above 0, not {shown(timeout)}"
            )
        self._lookup = _lookup
        self.nameservers = tuple(servers)
        self.timeout = seconds

    def __repr__(self) -> str:
        return f"DnsReading(nameservers={list(self.nameservers)!r}, timeout={self.timeout})"

    def found(self, records: list[DnsRecord]) -> bool:
        """Is every one of ``records`` published as asked? (No records: nothing to find.)"""
        if not records:
            return False
        results = self._lookup.check(records, nameservers=self.nameservers, timeout=self.timeout)
        return all(result.ok for result in results)
