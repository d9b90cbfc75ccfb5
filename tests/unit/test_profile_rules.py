"""Where settings may go: a profile's key only to its provider, scope ids only into their own path
segment, and nothing of a developer's real configuration into a simulator."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import sendfrom
from sendfrom._ids import MAX_ID_LENGTH
from sendfrom.errors import ConfigurationError, InvalidRequestError
from sendfrom.providers import PROVIDERS
from sendfrom.testing import simulator

MS_KEY = "mlsn.the-mailersend-key-0123456789"
VX_KEY = "VRTX.the-vortex-key-0123456789"

CONFIG = """
    default_profile = "prod"

    [profiles.prod]
    provider = "mailersend"
    api_key_env = "MAILERSEND_API_KEY"

    [profiles.eu]
    provider = "vortex"
    api_key_env = "VORTEX_API_KEY"
    account_id = "acc-eu"
"""


@pytest.fixture(autouse=True)
def _isolated(
    no_settings: None,  # noqa: ARG001 (asked for its effect: settings cleared first)
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """CONFIG's profiles and their keys in the environment, nothing else (``no_settings``)."""
    (tmp_path / "sendfrom.toml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    monkeypatch.setenv("MAILERSEND_API_KEY", MS_KEY)
    monkeypatch.setenv("VORTEX_API_KEY", VX_KEY)


class Recorder:
    """Answers every request with 200 ``[]``/``{}`` and keeps the requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=[])

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def sent(self) -> str:
        return " ".join(f"{r.url} {dict(r.headers)}" for r in self.requests)


# ---- a profile's key goes only to the provider it names


def test_a_default_profile_for_another_provider_is_ignored() -> None:
    """The reported leak: the MailerSend default profile's key was sent to Vortex."""
    with pytest.raises(ConfigurationError, match="needs an API key"):
        sendfrom.connect("vortex", account_id="a")

    recorder = Recorder()
    client = sendfrom.connect(
        "vortex", account_id="a", api_key=VX_KEY, http_client=recorder.client()
    )
    list(client.domains.list())
    assert recorder.requests
    assert MS_KEY not in recorder.sent()
    assert recorder.requests[0].headers["x-api-key"] == VX_KEY


def test_the_default_profile_is_used_for_its_own_provider() -> None:
    client = sendfrom.connect("Mailer-Send")  # any spelling of the profile's provider
    assert client.provider == "mailersend"
    assert client._adapter.settings.api_key is not None
    assert client._adapter.settings.api_key.get() == MS_KEY


@pytest.mark.parametrize("how", ["environment", "argument"])
def test_a_chosen_profile_with_another_provider_names_both(
    monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """``SENDFROM_PROFILE=eu SENDFROM_PROVIDER=mailersend`` sent the Vortex key to MailerSend."""
    if how == "environment":
        monkeypatch.setenv("SENDFROM_PROFILE", "eu")
        monkeypatch.setenv("SENDFROM_PROVIDER", "mailersend")
        arguments: dict[str, Any] = {}
    else:
        arguments = {"provider": "mailersend", "profile": "eu"}
    with pytest.raises(ConfigurationError) as info:
        sendfrom.connect(**arguments)
    message = str(info.value)
    assert "vortex" in message
    assert "mailersend" in message
    assert "'eu'" in message
    assert VX_KEY not in message


def test_a_chosen_profile_gives_its_provider_when_none_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDFROM_PROFILE", "eu")
    client = sendfrom.connect()
    assert client.provider == "vortex"
    assert client._adapter.settings.account_id == "acc-eu"


def test_a_profile_with_a_key_but_no_provider_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        'default_profile = "p"\n[profiles.p]\napi_key_env = "MAILERSEND_API_KEY"\n'
    )
    with pytest.raises(ConfigurationError, match="provider") as info:
        sendfrom.connect("vortex", account_id="a")
    assert MS_KEY not in str(info.value)


def test_a_profile_without_provider_or_key_applies_to_any_provider(tmp_path: Path) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        'default_profile = "p"\n[profiles.p]\nmax_retries = 7\n'
    )
    client = sendfrom.connect("vortex", api_key=VX_KEY, account_id="a")
    assert client._runner.policy.max_retries == 7


# ---- scope ids stay inside their path segment

SCOPES = [("invent", "org_id"), ("vortex", "account_id"), ("spaceinvoices", "organization_id")]
BAD_IDS = ["..", ".", "a/b", "a b", "%2e%2e", "a?b", "x" * (MAX_ID_LENGTH + 1), "a\nb"]
ENV_OF = {
    "org_id": "SENDFROM_ORG_ID",
    "account_id": "SENDFROM_ACCOUNT_ID",
    "organization_id": "SENDFROM_ORGANIZATION_ID",
}


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize(("provider", "setting"), SCOPES)
def test_a_scope_id_that_would_leave_its_segment_is_refused_at_connect(
    provider: str, setting: str, bad: str
) -> None:
    recorder = Recorder()
    with pytest.raises(ConfigurationError, match=setting):
        sendfrom.connect(
            provider, api_key="k" * 12, http_client=recorder.client(), **{setting: bad}
        )
    assert recorder.requests == []


@pytest.mark.parametrize(("provider", "setting"), SCOPES)
def test_a_scope_id_from_the_environment_is_checked_too(
    monkeypatch: pytest.MonkeyPatch, provider: str, setting: str
) -> None:
    monkeypatch.setenv(ENV_OF[setting], "..")
    with pytest.raises(ConfigurationError, match=ENV_OF[setting]):
        sendfrom.connect(provider, api_key="k" * 12)


def test_spaceinvoices_organization_dotdot_never_reaches_the_account_address() -> None:
    """The reported data loss: ``organization_id=".."`` deleted the *account's* address."""
    with pytest.raises(ConfigurationError):
        sendfrom.connect("spaceinvoices", api_key="k" * 12, organization_id="..")


@pytest.mark.parametrize("value", [".", "..", "..."])
def test_the_endpoint_layer_never_lets_a_dot_segment_be_normalised_away(value: str) -> None:
    """Below the facade's checks: the generated layer itself encodes dot-only segments."""
    from sendfrom_generated.spaceinvoices.api.email_address import (
        delete_organization_email_address,
    )

    recorder = Recorder()
    native = sendfrom.connect(
        "spaceinvoices", api_key="k" * 12, http_client=recorder.client()
    ).native
    delete_organization_email_address.sync_detailed(value, client=native)
    (request,) = recorder.requests
    assert request.url.raw_path.startswith(b"/v1/organizations/%2E")
    assert request.url.raw_path.endswith(b"/email-address")


# ---- ids get a maximum length before anything is sent

ID_CALLS: dict[str, Callable[[Any, str], Any]] = {
    "identities.get": lambda c, i: c.identities.get(i),
    "identities.delete": lambda c, i: c.identities.delete(i),
    "domains.get": lambda c, i: c.domains.get(i),
    "domains.dns_records": lambda c, i: c.domains.dns_records(i),
}


@pytest.mark.parametrize("operation", sorted(ID_CALLS))
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_huge_id_is_invalid_input_not_an_httpx_error(provider: str, operation: str) -> None:
    sim = simulator(provider)
    client = sim.connect()
    if not client.supports(operation):
        pytest.skip(f"{provider} has no {operation}")
    with pytest.raises(InvalidRequestError, match="characters long") as info:
        ID_CALLS[operation](client, "x" * 70_000)
    assert len(str(info.value)) < 500  # the message does not repeat the 70,000 characters
    assert sim.requests == []


def test_an_id_of_the_maximum_length_is_still_sent() -> None:
    sim = simulator("mailersend")
    with pytest.raises(sendfrom.NotFoundError):
        sim.connect().identities.get("x" * MAX_ID_LENGTH)
    assert len(sim.requests) == 1


# ---- a simulator reads nothing of the developer's real configuration


def test_simulate_with_the_readme_config_and_no_key_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With docs/connecting.md's sendfrom.toml and MAILERSEND_API_KEY unset, simulate=True works."""
    monkeypatch.delenv("MAILERSEND_API_KEY")
    client = sendfrom.connect("mailersend", simulate=True)
    assert list(client.identities.list()) == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_simulate_ignores_every_real_setting_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    real = {
        "SENDFROM_API_KEY": "real-key-0123456789",
        "SENDFROM_BASE_URL": "https://api.example.com/v1",
        "SENDFROM_RATE_LIMIT": "not a rate",  # would be a ConfigurationError if it were read
        "SENDFROM_ORG_ID": "..",
        "SENDFROM_ACCOUNT_ID": "..",
        "SENDFROM_ORGANIZATION_ID": "..",
    }
    for name, value in real.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SENDFROM_PROVIDER", provider)
    monkeypatch.setenv("SENDFROM_SIMULATE", "1")
    for client in (sendfrom.connect(), sendfrom.connect(provider, simulate=True)):
        assert client._runner.limiter is None
        list(client.domains.list()) if client.supports("domains.list") else None
        sim = sendfrom.testing.simulator_of(client)
        assert sim is not None
        for request in sim.requests:
            assert "real-key" not in str(dict(request.headers))
            assert request.url.host != "api.example.com"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_simulators_own_connect_reads_no_environment_or_file(
    monkeypatch: pytest.MonkeyPatch, provider: str
) -> None:
    """What the pytest fixtures use: ``simulator(p).connect()``."""
    monkeypatch.setenv("SENDFROM_BASE_URL", "https://api.example.com/v1")
    monkeypatch.setenv("SENDFROM_RATE_LIMIT", "not a rate")
    monkeypatch.setenv("SENDFROM_PROFILE", "eu")
    sim = simulator(provider)
    client = sim.connect()
    operation = "domains.list" if client.supports("domains.list") else "identities.list"
    items = client.domains.list() if operation == "domains.list" else client.identities.list()
    assert list(items) == []
    assert all(r.url.host != "api.example.com" for r in sim.requests)


def test_simulate_in_the_profile_uses_none_of_its_other_settings(tmp_path: Path) -> None:
    (tmp_path / "sendfrom.toml").write_text(
        'default_profile = "p"\n[profiles.p]\nprovider = "vortex"\nsimulate = true\n'
        'api_key_env = "UNSET_VARIABLE"\nbase_url = "https://api.example.com/v1"\n'
    )
    client = sendfrom.connect()
    assert client.provider == "vortex"
    assert list(client.domains.list()) == []
