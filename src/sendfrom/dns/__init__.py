"""DNS for a domain's records: write them for DNS tools, and check them before the provider does.

    import sendfrom.dns
    records = client.domains.dns_records(domain_id)
    print(sendfrom.dns.to_bind(records))                   # zone-file lines
    zone = sendfrom.dns.to_octodns(records, "example.com")  # an octoDNS YAML zone's content

``to_bind``, ``to_octodns`` and ``RecordCheck`` need nothing beyond sendfrom itself. Importing
``sendfrom`` does not import this module.
"""

from __future__ import annotations

from sendfrom.dns._export import DEFAULT_TTL, to_bind, to_octodns
from sendfrom.dns._result import CheckState, RecordCheck

__all__ = ["DEFAULT_TTL", "CheckState", "RecordCheck", "to_bind", "to_octodns"]
