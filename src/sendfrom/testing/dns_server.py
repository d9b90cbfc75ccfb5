"""A real authoritative DNS server on 127.0.0.1 for tests: UDP and TCP on one free port (needs
``sendfrom[dns]``, dnspython; serving octoDNS zones also needs octodns).

It serves zones given as BIND zone-file text, as an octoDNS YAML zone (loaded by octoDNS itself),
or as ``DnsRecord``s (through ``sendfrom.dns.to_bind``), and each zone can be replaced while it
runs. Answers are what an authoritative server gives: the records, a CNAME followed inside the
zones it serves, NXDOMAIN for a name that does not exist, NODATA for one without the type,
REFUSED outside its zones. ``fail(name, how)`` makes a name answer SERVFAIL or not at all, and
``truncate_udp`` makes every UDP answer truncated so resolvers retry over TCP.

    from sendfrom.testing.dns_server import DnsServer

    with DnsServer() as server:
        server.serve_records(client.domains.dns_records(domain_id), "example.com")
        checks = client.domains.check_dns(domain_id, nameservers=[server.address])

Also the pytest fixture ``sendfrom_dns_server``, and runnable on its own:
``python -m sendfrom.testing.dns_server ZONEFILE ORIGIN``.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from sendfrom.errors import ConfigurationError

try:
    import dns.exception
    import dns.flags
    import dns.message
    import dns.name
    import dns.rcode
    import dns.rdataclass
    import dns.rdataset
    import dns.rdatatype
    import dns.rrset
    import dns.zone
except ImportError:  # the sendfrom_dns_server fixture, or an import of this module
    raise ConfigurationError(
        'the test DNS server needs dnspython: pip install "sendfrom[dns]"'
    ) from None

import sendfrom.dns
from sendfrom.models import DnsRecord

__all__ = ["DnsFault", "DnsServer"]

DnsFault = Literal["servfail", "refused", "drop"]
"""How ``fail`` makes a name misbehave: rcode SERVFAIL or REFUSED, or no answer (a timeout)."""

_UDP_LIMIT = 512  # a DNS message over UDP without EDNS (RFC 1035, 4.2.1)
_CNAME_HOPS = 8


class DnsServer:
    """An authoritative DNS server on 127.0.0.1 (UDP and TCP, one port), in daemon threads."""

    def __init__(self) -> None:
        self._zones: dict[dns.name.Name, dns.zone.Zone] = {}
        self._faults: dict[dns.name.Name, DnsFault] = {}
        self._lock = threading.Lock()
        self._servers: list[socketserver.BaseServer] = []
        self.truncate_udp = False
        """Answer every UDP query with the TC flag and no records (the resolver must use TCP)."""
        self.queries: list[tuple[str, str, str]] = []
        """(name, type, "udp" or "tcp") of every query received, in order."""
        self.host = "127.0.0.1"
        self.port = 0

    # ---- lifecycle

    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``: what ``sendfrom.dns.check(nameservers=[...])`` takes."""
        return f"{self.host}:{self.port}"

    def start(self) -> DnsServer:
        for _ in range(50):  # another process may hold the TCP side of the free UDP port
            udp = socketserver.ThreadingUDPServer((self.host, 0), _handler(self, "udp"))
            port = udp.server_address[1]
            try:
                tcp = _TCPServer((self.host, port), _handler(self, "tcp"))
            except OSError:
                udp.server_close()
                continue
            self.port, self._servers = port, [udp, tcp]
            for server in self._servers:
                server.daemon_threads = True  # type: ignore[attr-defined]
                threading.Thread(
                    target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
                ).start()
            return self
        raise OSError("no free port for both UDP and TCP on 127.0.0.1")

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers = []

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- what it serves

    def serve_zone(self, zone: dns.zone.Zone) -> None:
        """Serve ``zone``, replacing any zone of the same origin."""
        assert zone.origin is not None
        with self._lock:
            self._zones[zone.origin] = zone

    def serve_bind(self, text: str, origin: str | None = None) -> None:
        """Serve zone-file text (``$ORIGIN`` in it, or ``origin``; no SOA or NS needed)."""
        name = None if origin is None else _origin(origin)
        self.serve_zone(dns.zone.from_text(text, name, relativize=False, check_origin=False))

    def serve_records(self, records: Iterable[DnsRecord], origin: str) -> None:
        """Serve the zone ``origin`` holding exactly these records."""
        self.serve_bind(sendfrom.dns.to_bind(records), origin)

    def serve_octodns(
        self, source: Path | str | Mapping[str, Any], origin: str | None = None
    ) -> None:
        """Serve an octoDNS YAML zone, loaded by octoDNS's own YamlProvider: a file
        (``<dir>/<zone>.yaml``; ``origin`` defaults to its name) or its content (a dict, such
        as ``sendfrom.dns.to_octodns`` returns; then ``origin`` is needed)."""
        from octodns.provider.yaml import YamlProvider
        from octodns.yaml import safe_dump
        from octodns.zone import Zone

        with tempfile.TemporaryDirectory() as scratch:
            if isinstance(source, Mapping):
                assert origin is not None, "origin: the zone the document is for"
                path = Path(scratch) / f"{origin.rstrip('.')}.yaml"
                with path.open("w") as file:
                    safe_dump(dict(source), file)
            else:
                path = Path(source)
            name = _origin(origin or path.name.removesuffix(".yaml"))
            provider = YamlProvider("tests", str(path.parent), escaped_semicolons=True)
            loaded = Zone(name.to_text(), [])
            provider.populate(loaded)
        zone = dns.zone.Zone(name, relativize=False)
        for record in loaded.records:
            rrset = record.to_rrset()
            rdataset = dns.rdataset.from_text_list("IN", rrset._type, rrset.ttl, rrset.rdatas)
            zone.find_node(dns.name.from_text(rrset.name), create=True).replace_rdataset(rdataset)
        self.serve_zone(zone)

    def remove(self, origin: str) -> None:
        """Stop serving the zone ``origin`` (its names are then REFUSED)."""
        with self._lock:
            self._zones.pop(_origin(origin), None)

    def fail(self, name: str, how: DnsFault = "servfail") -> None:
        """Make queries for ``name`` (any type) fail this way until ``heal(name)``."""
        with self._lock:
            self._faults[_origin(name)] = how

    def heal(self, name: str) -> None:
        with self._lock:
            self._faults.pop(_origin(name), None)

    # ---- answering

    def respond(self, query: dns.message.Message, transport: str) -> dns.message.Message | None:
        """The answer to ``query`` (None: do not answer)."""
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if len(query.question) != 1:
            response.set_rcode(dns.rcode.FORMERR)
            return response
        question = query.question[0]
        self.queries.append(
            (question.name.to_text(), dns.rdatatype.to_text(question.rdtype), transport)
        )
        with self._lock:
            fault = self._faults.get(question.name)
            zones = dict(self._zones)
        if fault == "drop":
            return None
        if fault is not None:
            response.set_rcode(dns.rcode.SERVFAIL if fault == "servfail" else dns.rcode.REFUSED)
            return response
        if _zone_of(zones, question.name) is None:
            response.set_rcode(dns.rcode.REFUSED)
            return response
        response.set_rcode(_resolve(zones, question.name, question.rdtype, response))
        return response


def _resolve(
    zones: Mapping[dns.name.Name, dns.zone.Zone],
    name: dns.name.Name,
    rdtype: dns.rdatatype.RdataType,
    response: dns.message.Message,
) -> dns.rcode.Rcode:
    """Fill ``response.answer`` for (``name``, ``rdtype``), following CNAMEs within ``zones``;
    the rcode of the last name looked at."""
    for _ in range(_CNAME_HOPS):
        zone = _zone_of(zones, name)
        if zone is None:
            return dns.rcode.NOERROR  # the chain leaves our zones: the resolver goes on
        node = zone.get_node(name)
        if node is None:
            below = any(n.is_subdomain(name) for n in zone.nodes)  # an empty non-terminal
            return dns.rcode.NOERROR if below else dns.rcode.NXDOMAIN
        found = node.get_rdataset(dns.rdataclass.IN, rdtype)
        if found is not None:
            response.answer.append(_rrset(name, found))
            return dns.rcode.NOERROR
        cname = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is None or rdtype == dns.rdatatype.CNAME:
            return dns.rcode.NOERROR  # NODATA
        response.answer.append(_rrset(name, cname))
        name = next(iter(cname)).target
    return dns.rcode.SERVFAIL  # a CNAME loop


def _rrset(name: dns.name.Name, rdataset: dns.rdataset.Rdataset) -> dns.rrset.RRset:
    return dns.rrset.from_rdata_list(name, rdataset.ttl, list(rdataset))


def _zone_of(
    zones: Mapping[dns.name.Name, dns.zone.Zone], name: dns.name.Name
) -> dns.zone.Zone | None:
    """The zone ``name`` is in (the deepest one, if zones nest): its own name, then each
    parent's, looked up (a few lookups, however many zones are served)."""
    while True:
        zone = zones.get(name)
        if zone is not None:
            return zone
        if name == dns.name.root or len(name) <= 1:
            return None
        name = name.parent()


def _origin(name: str | None) -> dns.name.Name:
    assert name is not None, "origin: the zone's name"
    return dns.name.from_text(name if name.endswith(".") else name + ".")


def _answer(server: DnsServer, wire: bytes, transport: str) -> bytes | None:
    try:
        query = dns.message.from_wire(wire)
    except dns.exception.DNSException:
        return None
    response = server.respond(query, transport)
    if response is None:
        return None
    if transport == "udp":
        limit = max(_UDP_LIMIT, query.payload if query.edns >= 0 else 0)
        data = response.to_wire()
        if server.truncate_udp or len(data) > limit:
            response.answer.clear()
            response.flags |= dns.flags.TC
        else:
            return data
    return response.to_wire()


def _handler(server: DnsServer, transport: str) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            if transport == "udp":
                wire, sock = self.request
                reply = _answer(server, wire, "udp")
                if reply is not None:
                    sock.sendto(reply, self.client_address)
                return
            connection: socket.socket = self.request
            connection.settimeout(5)
            try:
                while header := _read(connection, 2):
                    wire = _read(connection, struct.unpack("!H", header)[0])
                    reply = _answer(server, wire, "tcp")
                    if reply is None:
                        return
                    connection.sendall(struct.pack("!H", len(reply)) + reply)
            except OSError:
                return

    return Handler


def _read(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return b""
        data += chunk
    return data


class _TCPServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True  # a port in TIME_WAIT from an earlier test is free to take


if __name__ == "__main__":  # python -m sendfrom.testing.dns_server ZONEFILE ORIGIN
    zone_file, zone_origin = sys.argv[1], sys.argv[2]
    with DnsServer() as running:
        running.serve_bind(Path(zone_file).read_text(), zone_origin)
        print(f"serving {zone_origin} on {running.address} (udp and tcp); Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
