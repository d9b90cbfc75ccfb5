"""``sendfrom fleet``: add, ls, show, step, run --once, retry, remove, events, on one SQLite file,
against a loopback simulator and a real loopback DNS server."""

from __future__ import annotations

from pathlib import Path

from dnsserver import DnsServer
from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
    one_error_line,
)

__all__ = ["_command_built_once", "_isolated", "loopback"]  # fixtures, used by name


def test_a_domain_through_the_fleet_commands(
    loopback: Loopback, tmp_path: Path, dns_server: DnsServer
) -> None:
    db = ["--db", str(tmp_path / "fleet.db")]
    dns = ["--nameserver", dns_server.address, "--dns-timeout", "1"]
    [added] = loopback.json(
        "fleet", "add", "Shop.Example", "--identity", "billing@shop.example", "--key", "c-7", *db
    )
    assert (added["domain"], added["stage"], added["key"]) == ("shop.example", "new", "c-7")
    assert added["identities"] == {"billing@shop.example": "unknown"}

    dns_server.serve_records([], "shop.example")
    [stepped] = loopback.json("fleet", "step", "shop.example", *dns, *db)
    assert stepped["stage"] == "created"
    assert set(stepped["checks"].values()) == {"missing"}
    with loopback.client() as client:
        records = client.domains.dns_records(stepped["domain_id"])
    dns_server.serve_records(records, "shop.example")
    loopback.sim.mark_domain(stepped["domain_id"], "verified")
    assert loopback.json("fleet", "run", "--once", *dns, *db) == [], "next check not due yet"
    [stepped] = loopback.json("fleet", "step", "shop.example", *dns, *db)
    assert stepped["stage"] == "monitored"
    assert stepped["identities"] == {"billing@shop.example": "pending"}

    listed = loopback("fleet", "ls", *db)
    assert listed.exit_code == 0, listed.stderr
    assert "shop.example" in listed.stdout
    assert "monitored" in listed.stdout
    shown = loopback.json("fleet", "show", "shop.example", *db)
    assert shown["provider"] == "mailersend"
    events = loopback.json("fleet", "events", *db)
    assert [e["type"] for e in events] == [
        "domain.created",
        "domain.dns_ok",
        "domain.verified",
        "identity.created",
    ]
    assert [e["type"] for e in loopback.json("fleet", "events", "--after", "3", *db)] == [
        "identity.created"
    ]
    [removed] = loopback.json("fleet", "remove", "shop.example", "--delete", *db)
    assert removed["stage"] == "removed"
    with loopback.client() as client:
        assert client.domains.find("shop.example") is None


def test_fleet_errors_are_one_line_and_an_exit_code(loopback: Loopback, tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "fleet.db")]
    missing = loopback("fleet", "show", "nowhere.example", *db)
    assert missing.exit_code != 0
    assert "nowhere.example" in one_error_line(missing)
    bad = loopback("fleet", "add", "shop.example", "--identity", "someone@else.example", *db)
    assert bad.exit_code != 0
    assert "not at shop.example" in one_error_line(bad)
    assert loopback.json("fleet", "ls", *db) == []
