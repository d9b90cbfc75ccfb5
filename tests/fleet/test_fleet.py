"""sendfrom.fleet on the simulators, with a real DNS server (sendfrom.testing.dns_server) and an
injected clock: a 72-hour schedule runs in milliseconds; nothing here sleeps."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import sendfrom
from provider_facts import supports
from sendfrom import fleet
from sendfrom.providers import adapter_class
from sendfrom.testing import SIMULATORS, Simulator, simulator
from sendfrom.testing.dns_server import DnsServer

START = datetime(2026, 1, 1, tzinfo=UTC)
KEY = "sk-fleet-secret-7f3a9c"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def dns_server() -> Iterator[DnsServer]:
    with DnsServer() as server:
        yield server


class Rig:
    """A fleet on one simulator, its clock, and the DNS server its checks ask."""

    def __init__(self, tmp: Path, provider: str, dns: DnsServer, **options: Any) -> None:
        self.sim: Simulator = simulator(provider)
        # no client retries: the retry under test is the fleet's, at its next check
        self.client = self.sim.connect(api_key=KEY, max_retries=0)
        self.clock = Clock()
        self.dns = dns
        self.seen: list[fleet.Event] = []
        self.fleet = fleet.open(
            tmp / "fleet.db",
            connect=lambda _profile: self.client,
            clock=self.clock,
            nameservers=[dns.address],
            dns_timeout=1.0,
            on_event=self.seen.append,
            **options,
        )

    def identities(self) -> dict[str, Any]:
        if not self.client.supports("identities.create"):
            return {}
        return {"identities": ["billing@acme.com"], "identity_options": self.options()}

    def options(self) -> dict[str, str] | None:
        """A sample of each option the provider requires of an identity, if any."""
        return required_options(self.client.provider) or None

    def records(self, state: fleet.DomainState) -> list[sendfrom.DnsRecord]:
        assert state.domain_id is not None
        return [
            c.record
            for c in self.client.domains.check_dns(
                state.domain_id, nameservers=[self.dns.address], timeout=1.0
            )
        ]

    def types(self) -> list[str]:
        return [e.type for e in self.fleet.events()]

    def monitored(self, domain: str, **add: Any) -> fleet.DomainState:
        """``domain`` added, its records served, verified at the provider: its state once the
        fleet monitors it."""
        self.fleet.add(domain, **add)
        state = self.fleet.step(domain)
        assert state.domain_id is not None
        self.dns.serve_records(self.records(state), domain)
        self.sim.mark_domain(state.domain_id, "verified")
        self.clock.advance(60)
        state = self.fleet.step(domain)
        assert state.stage == "monitored"
        return state

    def paths(self, since: int) -> list[str]:
        return [f"{r.method} {r.url.path}" for r in self.sim.requests[since:]]


def required_options(provider: str) -> dict[str, str]:
    """A sample value of each option ``identities.create`` requires on ``provider``."""
    required = adapter_class(provider).required_options.get("identities.create", ())
    return {key: f"Sample {key}" for key in required}


def _fleet_capable(provider: str) -> bool:
    client = simulator(provider).connect()
    return client.supports("domains.ensure") and (
        client.supports("domains.verify") or client.supports("domains.get")
    )


CAPABLE = [p for p in SIMULATORS if _fleet_capable(p)]
INCAPABLE = [p for p in SIMULATORS if not _fleet_capable(p)]


@pytest.mark.parametrize("provider", CAPABLE)
def test_a_domain_goes_from_added_to_verified_drifts_and_comes_back(  # noqa: PLR0915
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, provider, dns_server)
    f = rig.fleet
    dns_server.serve_records([], "acme.com")  # the zone exists, without the records yet
    state = f.add("ACME.com", key="customer-42", **rig.identities())
    assert (state.domain, state.stage, state.key) == ("acme.com", "new", "customer-42")
    assert state.next_check_at == START
    assert state.deadline_at == START + timedelta(seconds=f.schedule.deadline)

    state = f.step("acme.com")
    assert state.stage == "created"
    assert state.domain_id is not None
    assert set(state.checks.values()) == {"missing"}
    assert state.next_check_at == START + timedelta(seconds=60)
    assert not any("verify" in p for p in rig.paths(0)), "no verify before DNS is right"

    rig.clock.advance(30)
    assert f.run_due() == [], "not due yet"
    records = rig.records(state)
    dns_server.serve_records(records, "acme.com")
    rig.clock.advance(30)
    [state] = f.run_due()
    assert state.stage == "dns_ok", "the provider has not verified it yet"
    assert set(state.checks.values()) == {"ok"}
    assert state.status is not sendfrom.VerificationStatus.VERIFIED

    rig.sim.mark_domain(state.domain_id, "verified")
    rig.clock.advance(f.schedule.first)
    [state] = f.run_due()
    if rig.identities():
        assert state.stage == "monitored"
        assert state.identities == {"billing@acme.com": sendfrom.VerificationStatus.PENDING}
        identity_id = state.identity_ids["billing@acme.com"]
        rig.sim.mark_identity(identity_id, "verified")
        rig.clock.advance(f.schedule.first)
        [state] = f.run_due()
        assert state.identities == {"billing@acme.com": sendfrom.VerificationStatus.VERIFIED}
    assert state.stage == "monitored"
    assert state.status is sendfrom.VerificationStatus.VERIFIED
    assert state.next_check_at is not None
    assert state.next_check_at - rig.clock.now > timedelta(hours=23), "the daily recheck"

    dns_server.serve_records([], "acme.com")  # someone edited the zone
    rig.clock.now = state.next_check_at or rig.clock.now
    [state] = f.run_due()
    assert state.stage == "created"
    assert state.deadline_at == rig.clock.now + timedelta(seconds=f.schedule.deadline)
    dns_server.serve_records(records, "acme.com")
    rig.clock.advance(f.schedule.first)
    [state] = f.run_due()
    assert state.stage == "monitored"

    expected = ["domain.created", "domain.dns_ok", "domain.verified"]
    if rig.identities():
        expected += ["identity.created", "identity.verified"]
    expected += ["domain.drifted", "domain.dns_ok", "domain.verified"]
    assert rig.types() == expected
    assert [e.type for e in rig.seen] == expected, "on_event saw each once, in order"
    drifted = f.events()[expected.index("domain.drifted")]
    assert drifted.data["reason"] == "records missing or changed in DNS"
    assert [d.domain for d in f.list()] == ["acme.com"]
    assert [d.domain for d in f.list(stage="monitored")] == ["acme.com"]
    assert [d.domain for d in f.list(stage="failed")] == []
    assert f.get("acme.com") == state
    f.close()


@pytest.mark.parametrize("provider", INCAPABLE)
def test_a_provider_the_fleet_cannot_keep_verified_is_refused_when_adding(
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, provider, dns_server)
    with pytest.raises(sendfrom.ConfigurationError) as raised:  # DESIGN: before anything is stored
        rig.fleet.add("acme.com")
    assert "cannot be kept verified by the fleet" in str(raised.value)
    assert list(rig.fleet.list()) == []
    assert rig.sim.requests == []


def test_adding_twice_is_one_row_and_new_settings_replace_the_old(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    f = Rig(tmp_path, "mailersend", dns_server).fleet
    first = f.add("acme.com", identities=["billing@acme.com"], key="c-1")
    assert f.add("acme.com", identities=["billing@acme.com"], key="c-1") == first
    again = f.add("acme.com", identities={"billing@ACME.com": "Billing", "ops@acme.com": None})
    assert [s.domain for s in f.list()] == ["acme.com"]
    assert set(again.identities) == {"billing@acme.com", "ops@acme.com"}
    assert again.key is None


@pytest.mark.parametrize(
    ("arguments", "error", "field"),
    [
        ({"domain": "not a domain"}, sendfrom.InvalidRequestError, "name"),
        (
            {"domain": "acme.com", "identities": ["billing@other.com"]},
            sendfrom.InvalidRequestError,
            "identities",
        ),
        (
            {"domain": "acme.com", "identities": "billing@acme.com"},
            sendfrom.InvalidRequestError,
            "identities",
        ),
        (
            {"domain": "acme.com", "identities": ["not-an-address"]},
            sendfrom.InvalidRequestError,
            "identities",
        ),
        ({"domain": "acme.com", "key": "k" * 201}, sendfrom.InvalidRequestError, "key"),
        (
            {"domain": "acme.com", "publish": "/nowhere/octodns.yaml"},
            sendfrom.ConfigurationError,
            None,
        ),
    ],
)
def test_bad_arguments_to_add_are_refused_before_anything_is_stored(
    arguments: dict[str, Any],
    error: type[Exception],
    field: str | None,
    tmp_path: Path,
    dns_server: DnsServer,
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    with pytest.raises(error) as raised:
        rig.fleet.add(**arguments)
    if field is not None:
        assert field in raised.value.fields  # type: ignore[attr-defined]
    assert list(rig.fleet.list()) == []
    assert rig.sim.requests == []


REQUIRING = [p for p in CAPABLE if required_options(p)]
WITHOUT_IDENTITIES = [p for p in CAPABLE if not supports(p, "identities.create")]


@pytest.mark.parametrize("provider", REQUIRING)
def test_what_a_provider_requires_of_identities_is_checked_when_adding(
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, provider, dns_server)
    with pytest.raises(sendfrom.InvalidRequestError) as raised:
        rig.fleet.add("acme.com", identities=["billing@acme.com"])
    for option in required_options(provider):
        assert option in str(raised.value)
    assert list(rig.fleet.list()) == []
    assert rig.sim.requests == []


@pytest.mark.parametrize("provider", WITHOUT_IDENTITIES)
def test_identities_on_a_provider_without_them_are_refused_when_adding(
    provider: str, tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, provider, dns_server)
    with pytest.raises(sendfrom.InvalidRequestError, match="identities") as raised:
        rig.fleet.add("acme.com", identities=["billing@acme.com"])
    assert list(raised.value.fields) == ["identities"]
    assert list(rig.fleet.list()) == []


def test_options_an_identity_needs_are_asked_for_by_the_argument_add_takes(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "sendgrid", dns_server)
    with pytest.raises(sendfrom.InvalidRequestError, match=r"pass identity_options=\{") as raised:
        rig.fleet.add("acme.com", identities=["billing@acme.com"])
    assert "provider_options" not in str(raised.value)
    assert set(raised.value.fields) == set(required_options("sendgrid"))
    assert list(rig.fleet.list()) == []


def test_the_deadline_fails_a_domain_and_retry_revives_it(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    dns_server.serve_records([], "acme.com")
    f.add("acme.com")
    gaps = []
    while (state := f.get("acme.com")).stage != "failed":
        assert state.next_check_at is not None
        rig.clock.now = state.next_check_at
        f.run_due()
        gaps.append(f.get("acme.com").attempts)
        assert len(gaps) < 100, "72 hours of checks, with growing gaps"
    assert rig.clock.now == START + timedelta(seconds=f.schedule.deadline)
    assert state.next_check_at is None
    assert rig.types() == ["domain.created", "domain.failed"]
    assert f.run_due() == []
    rig.clock.advance(3600)
    state = f.retry("acme.com")
    assert state.stage == "created"
    assert state.deadline_at == rig.clock.now + timedelta(seconds=f.schedule.deadline)


def test_transient_errors_are_retried_at_the_next_check_and_429s_retry_after_is_kept(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    f.add("acme.com")
    rig.sim.fail_next(503)
    state = f.step("acme.com")
    assert (state.stage, state.needs_attention, state.attempts) == ("new", False, 1)
    assert state.last_error is not None
    assert "ServerError" in state.last_error
    assert state.next_check_at == START + timedelta(seconds=60)
    rig.sim.fail_next(429, headers={"Retry-After": "600"})
    rig.clock.now = state.next_check_at
    state = f.step("acme.com")
    assert state.next_check_at is not None
    assert state.next_check_at >= rig.clock.now + timedelta(seconds=600) - timedelta(seconds=1)
    rig.clock.now = state.next_check_at
    state = f.step("acme.com")
    assert state.stage == "created"
    assert state.last_error is None, "the error it followed has cleared"
    errors = [e for e in f.events() if e.type == "step.error"]
    assert [e.data["transient"] for e in errors] == [True, True]


def test_a_5xx_retry_after_is_kept_too(tmp_path: Path, dns_server: DnsServer) -> None:
    """DESIGN: connection errors, 5xx and 429 are retried at the next check, Retry-After kept
    (a 503 may say when to come back)."""
    rig = Rig(tmp_path, "mailersend", dns_server)
    rig.fleet.add("acme.com")
    for _ in range(3):  # the client's own retries see it too
        rig.sim.fail_next(503, headers={"Retry-After": "900"})
    state = rig.fleet.step("acme.com")
    assert state.last_error is not None
    assert "ServerError" in state.last_error
    assert state.next_check_at is not None
    assert state.next_check_at >= rig.clock.now + timedelta(seconds=899)


def test_a_permanent_error_needs_attention_until_retry_and_shows_no_secret(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    f.add("acme.com")
    f.add("other.com")
    rig.sim.fail_next(401, body={"message": f"Unauthenticated {KEY}"})
    first = f.step("acme.com")
    [second] = f.run_due()
    assert first.domain == "acme.com"
    assert first.needs_attention
    assert first.next_check_at is None
    assert first.last_error is not None
    assert "AuthenticationError" in first.last_error
    assert KEY not in first.last_error
    assert all(KEY not in str(e.data) for e in f.events())
    assert second.stage == "created", "one domain's failure does not stop the others"
    [error] = [e for e in f.events() if e.type == "step.error"]
    assert (error.data["transient"], error.data["retry_at"]) == (False, None)  # until retry()
    rig.clock.advance(10_000)
    assert [s.domain for s in f.run_due()] == ["other.com"], "acme.com waits for retry()"
    assert f.retry("acme.com").stage == "created"


def test_a_held_lease_makes_a_second_step_send_nothing_until_it_expires(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server, lease=300)
    f = rig.fleet
    f.add("acme.com")
    store = f._store
    assert store.claim("acme.com", "another-worker", START, START + timedelta(seconds=300))
    assert f.step("acme.com").stage == "new"
    assert f.run_due() == [], "a leased domain is not due"
    # run() sleeps until the lease ends rather than asking again and again
    assert store.next_due() == START + timedelta(seconds=300)
    assert rig.sim.requests == []
    rig.clock.advance(301)  # the other worker died: its lease expires
    assert f.step("acme.com").stage == "created"
    assert not store.change(
        "acme.com",
        "another-worker",
        {"stage": "new"},
        [
            {
                "at": START.replace(tzinfo=None),
                "domain": "acme.com",
                "type": "domain.created",
                "data": {},
            }
        ],
    ), "a step that lost its lease writes neither its change nor its event"
    assert f.get("acme.com").stage == "created"
    assert rig.types() == ["domain.created"]


def test_an_event_whose_callback_raises_stays_in_the_outbox_until_delivered(
    tmp_path: Path, dns_server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []
    broken = {"on": True}

    def callback(event: fleet.Event) -> None:
        calls.append(event.type)
        if broken["on"]:
            raise RuntimeError("the webhook is down")

    rig = Rig(tmp_path, "mailersend", dns_server)
    f = fleet.open(
        tmp_path / "fleet.db",
        connect=lambda _profile: rig.client,
        clock=rig.clock,
        on_event=callback,
        nameservers=[dns_server.address],
        dns_timeout=1.0,
    )
    f.add("acme.com")
    f.step("acme.com")
    assert calls == ["domain.created"]
    assert "the webhook is down" in caplog.text
    broken["on"] = False
    assert f.deliver() == 1
    assert calls == ["domain.created", "domain.created"], "at least once"
    assert f.deliver() == 0


def test_remove_stops_tracking_and_deletes_at_the_provider_only_when_asked(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    f.add("acme.com")
    domain_id = f.step("acme.com").domain_id
    assert domain_id is not None
    assert f.remove("acme.com").stage == "removed"
    assert rig.client.domains.get(domain_id).name == "acme.com"
    rig.clock.advance(10_000)
    assert f.run_due() == []
    f.add("acme.com")
    assert f.step("acme.com").domain_id == domain_id, "added again: the same domain is found"
    f.remove("acme.com", delete=True)
    with pytest.raises(sendfrom.NotFoundError):
        rig.client.domains.get(domain_id)
    with pytest.raises(fleet.NotTrackedError):
        f.get("nowhere.example")


def test_a_domain_deleted_at_the_provider_is_a_drift_and_is_created_again(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    gone = rig.monitored("acme.com").domain_id
    assert gone is not None
    rig.client.domains.delete(gone)
    rig.clock.advance(f.schedule.recheck)
    state = f.step("acme.com")
    types = rig.types()
    drift = types.index("domain.drifted")
    assert types[drift + 1] == "domain.created", "created again in the same step"
    assert f.events()[drift].data == {"reason": "the provider no longer has the domain"}
    assert state.domain_id is not None
    assert state.domain_id != gone
    assert state.stage != "new"


def test_a_domain_deleted_while_its_identity_is_pending_drifts_and_is_created_again(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    """The identity's 404 comes first (it went with its domain): the domain is checked before
    the identity is ensured again on a domain that no longer exists."""
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    state = rig.monitored("acme.com", identities=["billing@acme.com"])
    assert state.identities == {"billing@acme.com": sendfrom.VerificationStatus.PENDING}
    gone = state.domain_id
    assert gone is not None
    rig.client.domains.delete(gone)  # MailerSend deletes its identities with it
    rig.clock.advance(f.schedule.recheck)
    state = f.step("acme.com")
    assert not state.needs_attention, state.last_error
    types = rig.types()
    assert "domain.drifted" in types
    assert types[types.index("domain.drifted") + 1] == "domain.created"
    assert state.domain_id not in (None, gone)


def test_at_its_deadline_a_domain_is_checked_once_more_before_it_fails(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    f = rig.fleet
    f.add("acme.com")
    state = f.step("acme.com")
    assert state.domain_id is not None
    rig.clock.advance(f.schedule.deadline)  # nothing in DNS until the very end ...
    dns_server.serve_records(rig.records(state), "acme.com")
    rig.sim.mark_domain(state.domain_id, "verified")
    state = f.step("acme.com")  # ... and this last check finds it verified
    assert state.stage == "monitored"
    assert "domain.failed" not in rig.types()
    f.add("late.com")
    late = f.step("late.com")
    rig.clock.advance(f.schedule.deadline)
    assert f.step("late.com").stage == "failed", late


def test_the_store_carries_its_schema_version_and_refuses_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "fleet.db"
    with fleet.open(path) as f:
        assert fleet.SCHEMA_VERSION == 1
        from sendfrom.fleet._store import schema_version

        assert schema_version(f._store.engine) == 1
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("UPDATE sendfrom_fleet_meta SET value = '99' WHERE name = 'schema_version'")
    with pytest.raises(sendfrom.ConfigurationError, match="newer"):
        fleet.open(path)


def test_the_default_store_is_sendfrom_fleet_db_or_the_environments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SENDFROM_FLEET_DB", raising=False)
    fleet.open().close()
    assert (tmp_path / "sendfrom-fleet.db").exists()
    monkeypatch.setenv("SENDFROM_FLEET_DB", str(tmp_path / "elsewhere.db"))
    fleet.open().close()
    assert (tmp_path / "elsewhere.db").exists()


def test_a_store_urls_password_never_shows() -> None:
    with pytest.raises(sendfrom.ConfigurationError) as raised:
        fleet.open("postgresql://fleet:hunter2-secret@127.0.0.1:1/fleet")
    assert "hunter2-secret" not in str(raised.value)


def test_the_schedules_gaps_grow_to_the_cap_and_bad_values_are_refused() -> None:
    schedule = fleet.Schedule(first=60, factor=2, cap=300)
    assert [schedule.gap(n) for n in range(1, 6)] == [60, 120, 240, 300, 300]
    assert fleet.Schedule().gap(10_000) == 14_400
    for bad in ({"first": -1}, {"factor": 0.5}, {"cap": 10, "first": 60}, {"recheck": 0}):
        with pytest.raises(sendfrom.InvalidRequestError):
            fleet.Schedule(**bad)


def test_import_sendfrom_loads_neither_the_fleet_nor_sqlalchemy(tmp_path: Path) -> None:
    code = (
        "import json, sys, sendfrom; "
        "print(json.dumps(sorted(m for m in sys.modules if 'fleet' in m or 'sqlalchemy' in m)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sendfrom; sendfrom.fleet.open; import sys; print('sqlalchemy' in sys.modules)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "True", "sendfrom.fleet on first use"


def test_steps_on_several_threads_create_each_domain_once(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    names = sorted(f"shop{n}.example" for n in range(16))
    for name in names:
        dns_server.serve_records([], name)
        rig.fleet.add(name)
    stepped = rig.fleet.run_due(threads=4)
    assert sorted(s.domain for s in stepped) == names
    assert {s.stage for s in stepped} == {"created"}
    assert sorted(d.name for d in rig.client.domains.list()) == names
    assert sorted(e.domain for e in rig.fleet.events()) == names, "one domain.created each"
    with pytest.raises(sendfrom.InvalidRequestError):
        rig.fleet.run_due(threads=0)


def test_a_round_of_new_domains_lists_the_provider_once_and_never_duplicates(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    there = rig.client.domains.create("shop1.example")  # made elsewhere, before the fleet
    names = sorted(f"shop{n}.example" for n in range(5))
    for name in names:
        dns_server.serve_records([], name)
        rig.fleet.add(name)
    before = len(rig.sim.requests)
    stepped = {s.domain: s for s in rig.fleet.run_due()}
    assert stepped["shop1.example"].domain_id == there.id, "found in the list, not created"
    paths = rig.paths(before)
    assert paths.count("GET /v1/domains") == 1, "one list for the round, no lookup per domain"
    assert paths.count("POST /v1/domains") == 4
    assert sorted(d.name for d in rig.client.domains.list()) == names


def test_a_domain_created_elsewhere_after_the_rounds_list_is_found_not_duplicated(
    tmp_path: Path, dns_server: DnsServer
) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    for name in ("a.example", "b.example"):
        dns_server.serve_records([], name)
        rig.fleet.add(name)
    made: list[str] = []

    def create_b_after_the_list(request: Any, _response: Any) -> None:
        if request.method == "GET" and request.url.path == "/v1/domains" and not made:
            made.append(rig.sim.connect(api_key=KEY).domains.create("b.example").id)  # elsewhere

    rig.sim.response_hooks.append(create_b_after_the_list)
    rig.fleet.run_due()
    assert sorted(d.name for d in rig.client.domains.list()) == ["a.example", "b.example"]
    assert rig.fleet.get("b.example").domain_id == made[0], "its create was refused: then found"


def test_run_steps_round_after_round_until_stopped(tmp_path: Path, dns_server: DnsServer) -> None:
    rig = Rig(tmp_path, "mailersend", dns_server)
    dns_server.serve_records([], "acme.com")
    rig.fleet.add("acme.com")
    stop = threading.Event()
    rounds: list[list[str]] = []

    def on_round(states: list[fleet.DomainState]) -> None:
        rounds.append([s.domain for s in states])
        stop.set()  # one round is enough here

    rig.fleet.run(stop, on_round=on_round)
    assert rounds == [["acme.com"]]
    assert rig.fleet.get("acme.com").stage == "created"
