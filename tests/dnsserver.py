"""The loopback DNS server of the tests: ``sendfrom.testing.dns_server`` (public, so that users
can test their own DNS checks with it too). ``from dnsserver import DnsServer`` in tests."""

from sendfrom.testing.dns_server import DnsFault, DnsServer

__all__ = ["DnsFault", "DnsServer"]
