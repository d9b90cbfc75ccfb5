"""The loopback DNS server of the tests is the public ``sendfrom.testing.dns.DnsServer`` (so the
README's onboarding recipe and ``make demo`` can use it too); kept importable under this name."""

from sendfrom.testing.dns import DnsServer, Fault

__all__ = ["DnsServer", "Fault"]
