"""``make demo``: the walkthrough runs on every simulator and reports each provider's gaps."""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
import sys
from types import ModuleType

import pytest

import sendfrom
from sendfrom.capabilities import polling
from sendfrom.providers import PROVIDERS
from speclib import ROOT


def _demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo", ROOT / "scripts" / "demo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SENDFROM_PROVIDER", "SENDFROM_API_KEY", "SENDFROM_SIMULATE", "SENDFROM_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SENDFROM_CONFIG", raising=False)
    monkeypatch.chdir(ROOT / "tests")  # no sendfrom.toml here


@pytest.mark.usefixtures("clean_env")
def test_demo_walks_every_simulated_provider() -> None:
    demo = _demo()
    out = io.StringIO()
    assert demo.main(out) == 0
    text = out.getvalue()
    for provider in PROVIDERS:
        assert f"== {provider} (simulated)" in text
    assert "records to add to the zone of demo.example.com" in text
    assert "failed" not in text
    # The summary matches what each provider declares it can do.
    rows = {line.split()[0]: line for line in text.splitlines() if line.startswith("verify")}
    header = next(line for line in text.splitlines() if line.startswith("step"))
    columns = header.split()[1:]
    outcomes = dict(zip(columns, rows["verify"].split()[2:], strict=True))
    for provider in PROVIDERS:
        can = sendfrom.connect(provider, simulate=True).supports("domains.verify")
        assert outcomes[provider] == ("ok" if can else "cannot"), provider
    # Then the onboarding: published, found in DNS, waited on until verified.
    onboarding = text.split("== onboarding a customer's domain (simulated)")[1]
    for provider in PROVIDERS:
        if "domains" not in polling(provider):
            assert f"{provider}: skipped" in onboarding
            continue
        after = onboarding.split(f"\n{provider}:\n")[1].splitlines()
        part = "\n".join(itertools.takewhile(lambda line: line.startswith("  "), after))
        found = re.search(r"(\d+) of (\d+) records ok", part)
        assert found is not None, part
        assert found[1] == found[2] != "0"
        assert re.search(r"5\. waited: (pending → )+verified", part), part


@pytest.mark.usefixtures("clean_env")
def test_demo_runs_once_on_the_account_the_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDFROM_PROVIDER", "mailersend")
    monkeypatch.setenv("SENDFROM_SIMULATE", "1")  # stands in for a real key here
    monkeypatch.setenv("SENDFROM_DEMO_DOMAIN", "mail.example.org")
    out = io.StringIO()
    assert _demo().main(out) == 0
    text = out.getvalue()
    assert "== mailersend" in text
    assert "== vortex" not in text
    assert "hello@mail.example.org" in text
    assert "+ delete" in text  # it removes what it created


@pytest.mark.usefixtures("clean_env")
def test_demo_reports_a_failing_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = _demo()
    original = sendfrom.connect

    def flaky(*args: object, **kwargs: object) -> sendfrom.Client:
        client = original(*args, **{**kwargs, "max_retries": 0})  # type: ignore[arg-type]
        simulator = sendfrom.testing.simulator_of(client)
        simulator.fail_next(500, times=10)
        return client

    monkeypatch.setattr(demo.sendfrom, "connect", flaky)
    out = io.StringIO()
    assert demo.main(out) == 1
    assert "ServerError" in out.getvalue()
