"""``sendfrom domains publish``: the plan by default, the changes with --doit (octoDNS's
convention), through a real octoDNS YamlProvider writing a zone file in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
    one_error_line,
    seed,
)
from test_publish import EXISTING, write_config

__all__ = ["_command_built_once", "_isolated", "loopback"]  # fixtures, used by name


def test_publish_shows_the_plan_and_changes_nothing_without_doit(
    loopback: Loopback, tmp_path: Path
) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    config = write_config(tmp_path)
    zone = tmp_path / "zones" / "example.com.yaml"
    zone.write_text(EXISTING)
    result = loopback("domains", "publish", domain_id, "--octodns-config", str(config))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Planned (nothing is changed without --doit): 4 change(s)")
    assert "create ms1._domainkey.example.com CNAME" in " ".join(result.stdout.split())
    assert "skip email.example.com CNAME" in " ".join(result.stdout.split())
    assert zone.read_text() == EXISTING


def test_publish_doit_writes_the_zone_and_json_describes_it(
    loopback: Loopback, tmp_path: Path
) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    config = write_config(tmp_path)
    publish = ["domains", "publish", domain_id, "--octodns-config", str(config)]
    document = loopback.json(*publish, "--doit")
    assert document["applied"] is True
    assert document["zone"] == "example.com."
    (plan,) = document["plans"]
    assert plan["target"] == "zones"
    assert {c["action"] for c in plan["changes"]} == {"create"}
    written = yaml.safe_load((tmp_path / "zones" / "example.com.yaml").read_text())
    assert written["mta"] == {"type": "CNAME", "value": "mailersend.net."}
    again = loopback.json(*publish)
    assert again["plans"][0]["changes"] == []


def test_publish_with_a_config_without_the_zone_exits_3(loopback: Loopback, tmp_path: Path) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    config = write_config(tmp_path, zone="example.org.")
    result = loopback("domains", "publish", domain_id, "--octodns-config", str(config), "--json")
    assert result.exit_code == 3
    error = json.loads(one_error_line(result))
    assert error["error"] == "ConfigurationError"
    assert "no zone for example.com" in error["message"]


def test_publish_json_into_a_zone_holding_records_sendfrom_leaves_alone(
    loopback: Loopback, tmp_path: Path
) -> None:
    """The common case for a real zone (an A record, another CNAME): the JSON document is
    written, and what is there stays as it was."""
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    config = write_config(tmp_path)
    zone = tmp_path / "zones" / "example.com.yaml"
    zone.write_text(EXISTING)
    publish = ["domains", "publish", domain_id, "--octodns-config", str(config)]
    document = loopback.json(*publish)
    assert document["applied"] is False
    assert {c["action"] for c in document["plans"][0]["changes"]} >= {"create"}
    applied = loopback.json(*publish, "--doit")
    assert applied["applied"] is True
    written = yaml.safe_load(zone.read_text())
    assert written["www"] == yaml.safe_load(EXISTING)["www"], "a record sendfrom does not touch"
