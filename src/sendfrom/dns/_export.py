"""A domain's records written for DNS tools: zone-file lines (``to_bind``) and an octoDNS zone
(``to_octodns``). Pure text work: no dnspython needed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sendfrom._values import shown
from sendfrom.dns import _caa as caa
from sendfrom.dns._names import absolute, natural_key, relative_to
from sendfrom.errors import InvalidRequestError
from sendfrom.models import DnsRecord

__all__ = ["DEFAULT_PRIORITY", "DEFAULT_TTL", "checked_records", "to_bind", "to_octodns"]

DEFAULT_TTL = 3600
DEFAULT_PRIORITY = 10
"""An MX record's preference when the provider gives none."""
_TXT_CHUNK = 255  # a DNS <character-string> holds at most 255 octets


def _txt_rdata(value: str) -> str:
    """A TXT value as quoted <character-string>s of at most 255 octets each."""
    data = value.encode()
    chunks: list[str] = []
    start = 0
    while start < len(data) or not chunks:
        end = min(start + _TXT_CHUNK, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        chunk = data[start:end].decode()
        chunks.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
        start = end
    return " ".join(chunks)


_MAX_TTL = 2**31 - 1  # RFC 2181, 8: a TTL is an unsigned 31-bit number of seconds


def checked_records(records: Iterable[DnsRecord], ttl: object) -> list[DnsRecord]:
    """``records`` as a list of ``DnsRecord``s and ``ttl`` a valid TTL, or ``InvalidRequestError``
    (never an ``AttributeError`` from inside, nor a zone file a DNS server refuses)."""
    if ttl is not None and (
        isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 <= ttl <= _MAX_TTL
    ):
        raise InvalidRequestError(
            f"ttl must be a whole number of seconds from 0 to {_MAX_TTL}, not {ttl!r}",
            {"ttl": ["must be a whole number of seconds >= 0"]},
        )
    if isinstance(records, DnsRecord) or not isinstance(records, Iterable):
        # (a DnsRecord is iterable too, over its fields: say it plainly)
        hint = ": put one record in a list" if isinstance(records, DnsRecord) else ""
        raise InvalidRequestError(
            f"records must be a list of DnsRecord objects, not {type(records).__name__}{hint}",
            {"records": ["must be a list of DnsRecord objects"]},
        )
    listed = list(records)
    for index, record in enumerate(listed):
        if not isinstance(record, DnsRecord):
            raise InvalidRequestError(
                f"records must be DnsRecord objects, not {type(record).__name__}",
                {"records": ["must be DnsRecord objects"]},
            )
        _zone_syntax_safe(index, record)
    return listed


def _zone_syntax_safe(index: int, record: DnsRecord) -> None:
    """Provider data never becomes zone syntax: a name, a type or a target with a space or a
    control character, or a TXT value with a control character (a newline would start a second
    zone line: ``www IN A 192.0.2.66``), is refused. No DKIM, SPF, DMARC or ownership record
    holds one."""
    fields = {"name": record.name, "type": record.type}
    kind = record.type.upper()
    if kind not in {"TXT", "CAA"}:
        fields["value"] = record.value  # a host name (CNAME, MX): no space either
    for field, text in fields.items():
        bad = next((c for c in text if c.isspace() or not c.isprintable()), None)
        if bad is not None:
            _refuse(index, field, text, bad)
    bad = next((c for c in record.value if not c.isprintable() and c != " "), None)
    if bad is not None:
        _refuse(index, "value", record.value, bad)
    if kind == "CAA":
        try:
            caa.parse(record.value)
        except ValueError as exc:
            where = f"records[{index}].value"
            problem = str(exc)
            raise InvalidRequestError(
                f"{where} {shown(record.value)}: {problem}", {where: [problem]}
            ) from None


def _refuse(index: int, field: str, text: str, bad: str) -> None:
    where = f"records[{index}].{field}"
    problem = f"holds U+{ord(bad):04X}, which a record's {field} cannot hold"
    raise InvalidRequestError(f"{where} {shown(text)} {problem}", {where: [problem]})


def _priority(record: DnsRecord) -> int:
    return DEFAULT_PRIORITY if record.priority is None else record.priority


def _rdata(record: DnsRecord) -> str:
    kind = record.type.upper()
    if kind == "TXT":
        return _txt_rdata(record.value)
    if kind == "MX":
        return f"{_priority(record)} {absolute(record.value)}"
    if kind in {"CNAME", "NS", "PTR"}:
        return absolute(record.value)
    if kind == "CAA":
        return caa.parse(record.value).rdata()
    return record.value


def to_bind(records: Iterable[DnsRecord], *, ttl: int = DEFAULT_TTL) -> str:
    """The records as zone-file lines, one a record: ``owner<TAB>ttl<TAB>IN<TAB>TYPE<TAB>rdata``.

    Names and CNAME/MX targets are absolute (trailing dot; ``@`` stays the origin), TXT values
    are quoted and split into strings of at most 255 octets, MX records carry their priority
    (10 when the provider gives none)."""
    return "".join(
        f"{absolute(r.name)}\t{ttl}\tIN\t{r.type.upper()}\t{_rdata(r)}\n"
        for r in checked_records(records, ttl)
    )


def _octodns_value(record: DnsRecord) -> str | dict[str, Any]:
    kind = record.type.upper()
    if kind in {"TXT", "SPF"}:
        if not record.value.isascii():
            raise InvalidRequestError(
                f"octoDNS takes ASCII TXT values only: {record.name} has {record.value!r}",
                {"records": [f"{record.name}: non-ASCII TXT value"]},
            )
        return record.value.replace(";", "\\;")  # octoDNS's own escaping (a bare ; is refused)
    if kind == "MX":
        return {"exchange": absolute(record.value), "preference": _priority(record)}
    if kind in {"CNAME", "NS", "PTR", "ALIAS", "DNAME"}:
        return absolute(record.value)
    if kind == "CAA":
        flags, tag, value = caa.parse(record.value)
        return {"flags": flags, "tag": tag, "value": value}
    return record.value


def _rrset(kind: str, values: Sequence[str | dict[str, Any]], ttl: int | None) -> dict[str, Any]:
    """One octoDNS record: its keys in the order octoDNS's YAML provider enforces."""
    entry: dict[str, Any] = {} if ttl is None else {"ttl": ttl}
    entry["type"] = kind
    if len(values) == 1:
        entry["value"] = values[0]
    else:
        entry["values"] = list(values)
    return entry


def _zone_name(zone: str) -> str:
    if not isinstance(zone, str) or not zone.strip().rstrip("."):
        raise InvalidRequestError(
            f"zone must be a domain name such as 'example.com', not {zone!r}",
            {"zone": ["must be a domain name"]},
        )
    return zone


def to_octodns(
    records: Iterable[DnsRecord], zone: str, *, ttl: int | None = None
) -> dict[str, Any]:
    """The records as the content of an octoDNS YAML zone file for ``zone``.

    Keys are names relative to ``zone`` ('' for the apex, ``@`` read as the apex), in the order
    octoDNS's YAML provider enforces. Each value is ``{type, value}`` (``values`` when one name
    has several of one type; ``ttl`` only if given, else octoDNS's default applies), or a list of
    such dicts when one name has several types. MX values are ``{exchange, preference}``, CAA
    values ``{flags, tag, value}``; ``;`` in TXT values is escaped as octoDNS requires. A record
    outside ``zone``, or a CNAME beside other data at its name, is an ``InvalidRequestError``.

    Write it with ``octodns.yaml.safe_dump`` (or ``yaml.safe_dump(..., sort_keys=False)``) to
    ``<zone>.yaml`` in a YamlProvider's directory."""
    origin = _zone_name(zone)
    by_name: dict[str, dict[str, list[str | dict[str, Any]]]] = {}
    for record in checked_records(records, ttl):
        kind = record.type.upper()
        values = by_name.setdefault(relative_to(record.name, origin), {}).setdefault(kind, [])
        value = _octodns_value(record)
        if value not in values:  # the same record twice is one record
            values.append(value)
    document: dict[str, Any] = {}
    for name in sorted(by_name, key=natural_key):
        kinds = by_name[name]
        if "CNAME" in kinds and (len(kinds) > 1 or len(kinds["CNAME"]) > 1):
            shown = name or "the apex"
            raise InvalidRequestError(
                f"a CNAME cannot share its name with other records: {shown} in {origin}",
                {"records": [f"{shown}: CNAME beside other data"]},
            )
        entries = [_rrset(kind, kinds[kind], ttl) for kind in sorted(kinds)]
        document[name] = entries[0] if len(entries) == 1 else entries
    return document
