"""``--wait`` on the commands that start a verification: the final state on stdout, progress on
stderr, and distinct exit codes for verified (0), failed (11) and timed out (12)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from rich.console import Console

from provider_facts import every, facts, supports
from sendfrom.cli._errors import EXIT_CODES
from sendfrom.cli._waiting import StatusLine
from sendfrom.errors import VerificationFailedError, WaitTimeoutError
from test_cli import (  # the runner, the loopback simulators and their autouse fixtures
    Loopback,
    _command_built_once,
    _isolated,
    loopback,
    one_error_line,
    seed,
)

__all__ = ["_command_built_once", "_isolated", "loopback"]  # fixtures, used by name

FAST = ["--wait", "--interval", "0.01", "--wait-timeout", "5"]
WAITABLE_DOMAINS = every(lambda f: supports(f.name, "domains.verify"))
"""Providers whose domains can be waited on (a domain get or verify to poll)."""
FAILING_DOMAINS = [p for p in WAITABLE_DOMAINS if not facts(p).verification_is_a_flag]
"""Those that can say a domain's verification failed (not only "not verified")."""


def code_of(error: type[Exception]) -> int:
    return next(code for classes, code, _ in EXIT_CODES if error in classes)


def after_requests(sim: Any, count: int, act: Callable[[], None]) -> None:
    """Run ``act`` once the simulator has answered ``count`` more requests: the provider "finds"
    the records on a later poll, not on the first."""
    answered = 0

    def hook(_request: httpx.Request, _response: httpx.Response) -> None:
        nonlocal answered
        answered += 1
        if answered == count:
            act()

    sim.response_hooks.append(hook)


def test_the_wait_exit_codes_are_distinct_and_documented() -> None:
    failed, timed_out = code_of(VerificationFailedError), code_of(WaitTimeoutError)
    assert (failed, timed_out) == (11, 12)
    assert len({code for _, code, _ in EXIT_CODES}) == len(EXIT_CODES)


@pytest.mark.parametrize("loopback", WAITABLE_DOMAINS, indirect=True)
def test_verify_wait_returns_once_a_later_poll_finds_it_verified(loopback: Loopback) -> None:
    domain_id = seed(loopback, identity=facts(loopback.provider).one_address).domain_id
    assert domain_id is not None
    before = len(loopback.sim.requests)
    after_requests(loopback.sim, 3, lambda: loopback.sim.mark_domain(domain_id, "verified"))
    document = loopback.json("domains", "verify", domain_id, *FAST)
    assert document["status"] == "verified"
    assert len(loopback.sim.requests) - before > 3  # polled on after the first answers


def test_plain_progress_lines_on_stderr_and_the_final_state_on_stdout(loopback: Loopback) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    after_requests(loopback.sim, 2, lambda: loopback.sim.mark_domain(domain_id, "verified"))
    result = loopback("domains", "verify", domain_id, *FAST)
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "Waiting for example.com to be verified (at most 5 s)"
    assert re.fullmatch(r"\[ +\d+\.\d s\] example\.com: verified \(.*\)", lines[-1]), lines
    assert "verified" in result.stdout
    assert "example.com" in result.stdout


@pytest.mark.parametrize("loopback", FAILING_DOMAINS, indirect=True)
def test_a_failed_verification_exits_11_with_one_line(loopback: Loopback) -> None:
    domain_id = seed(loopback, identity=facts(loopback.provider).one_address).domain_id
    assert domain_id is not None
    after_requests(loopback.sim, 2, lambda: loopback.sim.mark_domain(domain_id, "failed"))
    result = loopback("domains", "verify", domain_id, *FAST, "--json")
    assert result.exit_code == 11
    error = json.loads(one_error_line(result))
    assert error["error"] == "VerificationFailedError"
    assert error["operation"] is None or error["operation"] == "domains.wait_until_verified"


def test_a_wait_that_runs_out_exits_12(loopback: Loopback) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    args = ["--wait", "--interval", "0.01", "--wait-timeout", "0.1"]
    result = loopback("domains", "verify", domain_id, *args, "--json")
    assert result.exit_code == 12
    line = one_error_line(result)
    assert json.loads(line)["error"] == "WaitTimeoutError"
    assert "still pending" in line


def test_create_wait_shows_the_records_then_waits(loopback: Loopback) -> None:
    def mark_the_new_domain() -> None:
        with loopback.client() as client:
            found = client.domains.find("new.example")
        assert found is not None
        loopback.sim.mark_domain(found.id, "verified")

    after_requests(loopback.sim, 3, mark_the_new_domain)  # create, dns records, a first poll
    result = loopback("domains", "create", "new.example", *FAST)
    assert result.exit_code == 0, result.stderr
    assert "Waiting for new.example: publish these DNS records" in result.stderr
    assert "_domainkey" in result.stderr  # the DKIM record, while waiting
    assert "verified" in result.stdout


def test_ensure_wait_on_a_verified_domain_returns_without_polling(loopback: Loopback) -> None:
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    loopback.sim.mark_domain(domain_id, "verified")
    before = len(loopback.sim.requests)
    document = loopback.json("domains", "ensure", "example.com", *FAST)
    assert document["status"] == "verified"
    assert not any(r.url.path.endswith("/verify") for r in loopback.sim.requests[before:])


@pytest.mark.parametrize(
    "loopback",
    every(lambda f: supports(f.name, "domains.create") and not supports(f.name, "domains.verify")),
    indirect=True,
)
def test_wait_where_the_provider_cannot_wait_creates_nothing(loopback: Loopback) -> None:
    result = loopback("domains", "create", "example.com", "--wait")
    assert result.exit_code == 4
    assert "domains.wait_until_verified" in one_error_line(result)
    assert loopback.sim.requests == []  # refused before anything was sent


def test_identity_create_wait(loopback: Loopback) -> None:
    def mark() -> None:
        with loopback.client() as client:
            found = client.identities.find("sales@example.com")
        assert found is not None
        loopback.sim.mark_identity(found.id, "verified")

    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    after_requests(loopback.sim, 2, mark)  # the create's answer, then a first poll
    create = ["identities", "create", "sales@example.com", "--name", "S", "--domain-id", domain_id]
    document = loopback.json(*create, *FAST)
    assert document["status"] == "verified"


def test_the_live_line_shows_the_state_and_a_running_clock() -> None:
    line = StatusLine("example.com", started=0.0)  # monotonic time 0: long ago
    line.state = "pending (dkim pending, spf verified)"
    line.polls = 2
    console = Console(width=200, color_system=None)
    with console.capture() as captured:
        console.print(line)
    text = captured.get()
    assert "waiting for example.com to be verified: pending (dkim pending" in text
    seconds = int(re.match(r"(\d+) s, 2 polls: ", text)[1])  # type: ignore[index]
    assert seconds > 0
    assert re.fullmatch(r"\[ *\d+\.\d s\] example\.com: pending \(.*\)", line.plain())


def test_wait_timeout_covers_the_verify_request_before_the_wait(loopback: Loopback) -> None:
    """A 429 asking for 30 s on the first verify call, with --wait-timeout 1: the command ends
    timed out (exit 12) at once, with no retry sent, instead of sleeping through the retries."""
    domain_id = seed(loopback, identity=False).domain_id
    assert domain_id is not None
    before = len(loopback.sim.requests)
    loopback.sim.fail_next(429, headers={"Retry-After": "30"}, times=5)
    args = ["--wait", "--interval", "0.01", "--wait-timeout", "1"]
    result = loopback("domains", "verify", domain_id, *args, "--json")
    assert result.exit_code == 12, result.stderr
    assert json.loads(one_error_line(result))["error"] == "WaitTimeoutError"
    assert len(loopback.sim.requests) - before == 1
