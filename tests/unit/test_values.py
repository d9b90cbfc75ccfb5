"""Any value a caller passes gets a sendfrom error, never a raw ``OverflowError``, ``ValueError``
or ``TypeError``: numbers of seconds too large for a float (10**400), integers too long to print
(10**5000), and what ``publish`` is given in place of a domain name or its records. Each is read
at one place (``sendfrom._values``), before anything is sent or read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import sendfrom
from sendfrom import ConfigurationError, InvalidRequestError, fleet
from sendfrom._values import finite_seconds, shown, unsendable
from sendfrom.models import DnsRecord
from sendfrom.providers import PROVIDERS
from sendfrom.publish import publish, zone_for
from sendfrom.testing import simulator

HUGE = 10**400
"""An int that no float holds."""


@pytest.mark.parametrize(
    "value", [True, "5", None, float("nan"), float("inf"), -float("inf"), HUGE, -HUGE]
)
def test_what_is_not_a_finite_number_of_seconds(value: object) -> None:
    assert finite_seconds(value) is None


@pytest.mark.parametrize(("value", "seconds"), [(0, 0.0), (5, 5.0), (2.5, 2.5), (-1, -1.0)])
def test_numbers_of_seconds_as_floats(value: object, seconds: float) -> None:
    assert finite_seconds(value) == seconds


def test_shown_never_raises_and_stays_short() -> None:
    assert shown(10**5000) == "<an integer of about 5,001 digits>"
    assert shown(-(10**5000)).startswith("-<an integer")
    assert shown(12345) == "12345"
    assert shown("ada\ud800") == "'ada\\ud800'", "escaped: a surrogate never reaches a log"
    assert shown("x" * 500).endswith("...'")
    assert len(shown("x" * 500)) < 90
    assert shown([10**5000]) == "<a list>", "a container Python cannot print"

    class Loud:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert shown(Loud()) == "<a Loud>"


def test_unsendable_names_where_the_lone_surrogate_is() -> None:
    assert unsendable("fine", "name") is None
    assert unsendable({"a": ["x", "y\udfff"]}, "body") == "body.a[1]"
    assert unsendable({"k\ud800": 1}, "body") == "body.k\\ud800"
    assert unsendable({"a": {"b": 1, "c": (2, "ok")}}) is None


def _seconds_readers() -> list[Any]:
    client = simulator(PROVIDERS[0]).connect()
    readers: list[tuple[str, Callable[[], Any], type[Exception]]] = [
        ("RateLimit per", lambda: sendfrom.RateLimit(5, per=HUGE), ConfigurationError),
        ("RateLimit margin", lambda: sendfrom.RateLimit(5, margin=HUGE), ConfigurationError),
        ("connect timeout", lambda: simulator(PROVIDERS[0]).connect(timeout=HUGE),
         ConfigurationError),
        ("dns.check timeout", lambda: sendfrom.dns.check([], timeout=HUGE), InvalidRequestError),
        ("simulator dns_timeout", lambda: simulator(PROVIDERS[0], nameservers=["127.0.0.1"],
                                                    dns_timeout=HUGE), ConfigurationError),
        ("Schedule first", lambda: fleet.Schedule(first=HUGE), InvalidRequestError),
        ("wait timeout", lambda: client.domains.wait_until_verified("d1", timeout=HUGE),
         InvalidRequestError),
        ("wait interval", lambda: client.identities.wait_until_verified("i1", interval=HUGE),
         InvalidRequestError),
    ]  # fmt: skip
    return [pytest.param(make, error, id=where) for where, make, error in readers]


@pytest.mark.parametrize(("make", "error"), _seconds_readers())
def test_seconds_no_float_holds_are_refused_with_a_sendfrom_error(
    make: Callable[[], Any], error: type[Exception]
) -> None:
    with pytest.raises(error, match="an integer of about 401 digits"):
        make()


def test_a_wait_refused_for_its_timeout_sends_nothing() -> None:
    sim = simulator(PROVIDERS[0])
    with sim.connect() as client, pytest.raises(InvalidRequestError):
        client.domains.wait_until_verified("d1", timeout=HUGE)
    assert sim.requests == []


def _config(tmp_path: Path) -> Path:
    (tmp_path / "zones").mkdir()
    config = tmp_path / "octodns.yaml"
    config.write_text(
        "providers:\n  zones:\n    class: octodns.provider.yaml.YamlProvider\n"
        f"    directory: {tmp_path / 'zones'}\n"
        "zones:\n  example.com.:\n    sources: [zones]\n    targets: [zones]\n"
    )
    return config


@pytest.mark.parametrize("domain", [None, 5, b"example.com", "", "."])
def test_publish_refuses_what_is_not_a_domain_name(tmp_path: Path, domain: object) -> None:
    pytest.importorskip("octodns")
    config = _config(tmp_path)
    for run in (lambda: publish([], domain, config), lambda: zone_for(domain, config)):  # type: ignore[arg-type]
        with pytest.raises(InvalidRequestError, match="domain must be a domain name") as raised:
            run()
        assert "domain" in raised.value.fields
    assert list((tmp_path / "zones").iterdir()) == [], "nothing written"


RECORD = DnsRecord(purpose="dkim", type="TXT", name="k._domainkey.example.com", value="v=DKIM1")


@pytest.mark.parametrize(
    ("records", "field"),
    [(None, "records"), ("v=spf1", "records"), ({"a": 1}, "records"),
     ([RECORD, {"type": "TXT"}], "records[1]")],
)  # fmt: skip
def test_publish_refuses_what_is_not_a_list_of_records(
    tmp_path: Path, records: object, field: str
) -> None:
    pytest.importorskip("octodns")
    with pytest.raises(InvalidRequestError) as raised:
        publish(records, "example.com", _config(tmp_path))  # type: ignore[arg-type]
    assert field in raised.value.fields
