"""Configuration: arguments > environment > a profile in sendfrom.toml > defaults.

Every ConfigurationError names what to set, and the API key never shows up in a repr or a message.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

import sendfrom
from sendfrom.config import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Settings, resolve_settings
from sendfrom.errors import ConfigurationError
from speclib import load_payload

KEY = "ms-live-8f3c0a1b2d4e"
IDENTITY = load_payload("mailersend", "java_SenderIdentitiesTest_TestGetIdentity_200.json")


@pytest.fixture(autouse=True)
def _isolated(no_settings: None) -> None:
    """No SENDFROM_* setting and no sendfrom.toml but the test's (``no_settings``)."""


def write_toml(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


FULL_PROFILE = """
    default_profile = "prod"

    [profiles.prod]
    provider = "invent"
    api_key_env = "PROFILE_KEY"
    base_url = "https://profile.example/v1"
    org_id = "profile-org"
    account_id = "profile-account"
    organization_id = "profile-organization"
    simulate = false
    max_retries = 5
    timeout = 12.5
"""


class Recorder:
    """A MockTransport handler that answers every request with one MailerSend identity."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=IDENTITY)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


# ---- defaults and arguments


def test_arguments_alone_with_defaults_for_the_rest() -> None:
    settings = resolve_settings("mailersend", environ={}, api_key=KEY)

    assert settings.provider == "mailersend"
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY
    assert settings.base_url is None
    assert settings.org_id is None
    assert settings.account_id is None
    assert settings.organization_id is None
    assert settings.simulate is False
    assert settings.max_retries == DEFAULT_MAX_RETRIES == 2
    assert settings.timeout is None  # not given: the client applies DEFAULT_TIMEOUT (30 s)
    assert DEFAULT_TIMEOUT == 30.0


def test_provider_name_is_normalised() -> None:
    assert resolve_settings("  MailerSend ", environ={}).provider == "mailersend"


def test_api_key_is_stripped_of_surrounding_whitespace() -> None:
    settings = resolve_settings("mailersend", environ={"SENDFROM_API_KEY": f"  {KEY}\n"})
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY


# ---- environment


def test_environment_supplies_every_setting() -> None:
    environ = {
        "SENDFROM_PROVIDER": "vortex",
        "SENDFROM_API_KEY": KEY,
        "SENDFROM_BASE_URL": "http://127.0.0.1:8025/v1",
        "SENDFROM_ORG_ID": "c",
        "SENDFROM_ACCOUNT_ID": "acct-1",
        "SENDFROM_ORGANIZATION_ID": "org-9",
        "SENDFROM_SIMULATE": "0",
    }
    settings = resolve_settings(environ=environ)

    assert settings.provider == "vortex"
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY
    assert settings.base_url == "http://127.0.0.1:8025/v1"
    assert settings.org_id == "c"
    assert settings.account_id == "acct-1"
    assert settings.organization_id == "org-9"
    assert settings.simulate is False


def test_os_environ_is_read_when_no_environ_is_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_PROVIDER", "mailersend")
    monkeypatch.setenv("SENDFROM_ACCOUNT_ID", "from-os-environ")

    settings = resolve_settings()

    assert settings.provider == "mailersend"
    assert settings.account_id == "from-os-environ"


@pytest.mark.parametrize(
    ("argument", "env_var", "arg_value", "env_value"),
    [
        ("api_key", "SENDFROM_API_KEY", "arg-key", "env-key"),
        ("base_url", "SENDFROM_BASE_URL", "https://arg.example/v1", "https://env.example/v1"),
        ("org_id", "SENDFROM_ORG_ID", "arg-org", "env-org"),
        ("account_id", "SENDFROM_ACCOUNT_ID", "arg-account", "env-account"),
        ("organization_id", "SENDFROM_ORGANIZATION_ID", "arg-organization", "env-organization"),
    ],
)
def test_arguments_beat_environment(
    argument: str, env_var: str, arg_value: str, env_value: str
) -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", env_var: env_value}
    settings = resolve_settings(environ=environ, **{argument: arg_value})

    value = getattr(settings, argument)
    assert (value.get() if argument == "api_key" else value) == arg_value


def test_provider_argument_beats_environment() -> None:
    settings = resolve_settings("vortex", environ={"SENDFROM_PROVIDER": "mailersend"})
    assert settings.provider == "vortex"


@pytest.mark.parametrize(("argument", "env_value"), [(False, "1"), (True, "0")])
def test_simulate_argument_beats_environment_even_when_false(
    argument: bool, env_value: str
) -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", "SENDFROM_SIMULATE": env_value}
    assert resolve_settings(environ=environ, simulate=argument).simulate is argument


def test_none_arguments_mean_not_given() -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", "SENDFROM_BASE_URL": "https://env.example"}
    settings = resolve_settings(None, environ=environ, base_url=None, api_key=None)
    assert settings.provider == "mailersend"
    assert settings.base_url == "https://env.example"


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " On "])
def test_simulate_env_truthy_words(value: str) -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", "SENDFROM_SIMULATE": value}
    assert resolve_settings(environ=environ).simulate is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", ""])
def test_simulate_env_falsy_words(value: str) -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", "SENDFROM_SIMULATE": value}
    assert resolve_settings(environ=environ).simulate is False


def test_simulate_env_nonsense_names_the_variable() -> None:
    environ = {"SENDFROM_PROVIDER": "mailersend", "SENDFROM_SIMULATE": "maybe"}
    with pytest.raises(ConfigurationError, match="SENDFROM_SIMULATE") as info:
        resolve_settings(environ=environ)
    assert "maybe" in str(info.value)


# ---- the TOML profile


def test_profile_beats_defaults(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)
    settings = resolve_settings(environ={"PROFILE_KEY": KEY})

    assert settings.provider == "invent"
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY
    assert settings.base_url == "https://profile.example/v1"
    assert settings.org_id == "profile-org"
    assert settings.account_id == "profile-account"
    assert settings.organization_id == "profile-organization"
    assert settings.simulate is False
    assert settings.max_retries == 5
    assert settings.timeout == 12.5


@pytest.mark.parametrize(
    ("env_var", "env_value", "field", "expected"),
    [
        ("SENDFROM_PROVIDER", "vortex", "provider", "vortex"),
        ("SENDFROM_API_KEY", "env-key", "api_key", "env-key"),
        ("SENDFROM_BASE_URL", "https://env.example/v1", "base_url", "https://env.example/v1"),
        ("SENDFROM_ORG_ID", "env-org", "org_id", "env-org"),
        ("SENDFROM_ACCOUNT_ID", "env-account", "account_id", "env-account"),
        ("SENDFROM_ORGANIZATION_ID", "env-orgn", "organization_id", "env-orgn"),
        ("SENDFROM_SIMULATE", "1", "simulate", True),
    ],
)
def test_environment_beats_profile(
    tmp_path: Path, env_var: str, env_value: str, field: str, expected: Any
) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)
    settings = resolve_settings(environ={"PROFILE_KEY": "profile-key", env_var: env_value})

    value = getattr(settings, field)
    assert (value.get() if field == "api_key" else value) == expected


def test_arguments_beat_profile(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)
    settings = resolve_settings(
        "invent",
        environ={"PROFILE_KEY": "profile-key"},
        api_key=KEY,
        base_url="https://arg.example/v1",
        max_retries=0,
        timeout=3.0,
        simulate=False,
    )
    assert settings.provider == "invent"
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY
    assert settings.base_url == "https://arg.example/v1"
    assert settings.max_retries == 0
    assert settings.timeout == 3.0
    assert settings.simulate is False
    assert settings.org_id == "profile-org"  # not given: still the profile's


TWO_PROFILES = """
    default_profile = "prod"

    [profiles.prod]
    provider = "mailersend"
    base_url = "https://prod.example/v1"

    [profiles.staging]
    provider = "vortex"
    base_url = "https://staging.example/v1"
"""


def test_default_profile_is_used_when_none_is_named(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", TWO_PROFILES)
    assert resolve_settings(environ={}).base_url == "https://prod.example/v1"


def test_sendfrom_profile_selects_another_profile(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", TWO_PROFILES)
    settings = resolve_settings(environ={"SENDFROM_PROFILE": "staging"})
    assert settings.provider == "vortex"
    assert settings.base_url == "https://staging.example/v1"


def test_profile_argument_beats_sendfrom_profile(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", TWO_PROFILES)
    settings = resolve_settings(environ={"SENDFROM_PROFILE": "staging"}, profile="prod")
    assert settings.base_url == "https://prod.example/v1"


def test_file_without_default_profile_gives_defaults(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", '[profiles.x]\nprovider = "vortex"\n')
    settings = resolve_settings("mailersend", environ={})
    assert settings.provider == "mailersend"
    assert settings.base_url is None


def test_sendfrom_config_points_at_another_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "conf" / "team.toml"
    elsewhere.parent.mkdir()
    write_toml(elsewhere, TWO_PROFILES)
    # a decoy in the working directory must not be read
    write_toml(tmp_path / "sendfrom.toml", 'default_profile = "x"\n[profiles.x]\nprovider="a"\n')

    settings = resolve_settings(environ={"SENDFROM_CONFIG": str(elsewhere)})

    assert settings.provider == "mailersend"
    assert settings.base_url == "https://prod.example/v1"


def test_default_file_is_sendfrom_toml_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    write_toml(project / "sendfrom.toml", TWO_PROFILES)

    assert resolve_settings("mailersend", environ={}).base_url is None  # cwd is tmp_path
    monkeypatch.chdir(project)
    assert resolve_settings(environ={}).base_url == "https://prod.example/v1"


def test_no_file_and_no_profile_is_fine() -> None:
    assert resolve_settings("mailersend", environ={}).base_url is None


def test_missing_sendfrom_config_file_names_the_variable(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigurationError, match="SENDFROM_CONFIG") as info:
        resolve_settings("mailersend", environ={"SENDFROM_CONFIG": str(missing)})
    assert "nope.toml" in str(info.value)


def test_profile_named_but_no_file() -> None:
    with pytest.raises(ConfigurationError, match=r"sendfrom\.toml"):
        resolve_settings("mailersend", environ={"SENDFROM_PROFILE": "prod"})
    with pytest.raises(ConfigurationError, match="SENDFROM_CONFIG"):
        resolve_settings("mailersend", environ={}, profile="prod")


def test_unknown_profile_lists_the_known_ones_and_names_the_setting(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", TWO_PROFILES)
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(environ={"SENDFROM_PROFILE": "prdo"})
    message = str(info.value)
    assert "'prdo'" in message
    assert "prod" in message
    assert "staging" in message
    assert "SENDFROM_PROFILE" in message


def test_profile_key_env_not_set_names_that_variable(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)
    with pytest.raises(ConfigurationError, match=r"PROFILE_KEY") as info:
        resolve_settings(environ={})
    assert "'prod'" in str(info.value)


def test_api_key_in_the_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        f"""
        default_profile = "prod"
        [profiles.prod]
        provider = "mailersend"
        api_key = "{KEY}"
        """,
    )
    with pytest.raises(ConfigurationError, match="api_key_env") as info:
        resolve_settings(environ={})
    assert KEY not in str(info.value)
    assert KEY not in repr(info.value)
    # Its own message, which says why (not the unknown-key one, which lists api_key_env too).
    assert str(info.value).startswith(
        "[profiles.prod] in 'sendfrom.toml' holds an api_key: put no key in a config file; "
    )
    assert "unknown key" not in str(info.value)


def test_default_profile_without_a_profiles_table_names_the_missing_profile(
    tmp_path: Path,
) -> None:
    write_toml(tmp_path / "sendfrom.toml", 'default_profile = "prod"\n')
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(environ={})
    assert str(info.value).startswith("profile 'prod' is not in 'sendfrom.toml' (profiles: none)")
    assert "SENDFROM_PROFILE" in str(info.value)


def test_unknown_profile_key_is_named(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        f"""
        default_profile = "prod"
        [profiles.prod]
        provider = "mailersend"
        apikey_env = "MS_KEY"
        token = "{KEY}"
        """,
    )
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(environ={})
    message = str(info.value)
    assert "apikey_env" in message
    assert "token" in message
    assert "api_key_env" in message  # the known keys are listed
    assert KEY not in message


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", 'default_profile = "prod\n[profiles.prod\n')
    with pytest.raises(ConfigurationError, match=r"sendfrom\.toml"):
        resolve_settings(environ={})


@pytest.mark.parametrize("source", ["argument", "environment"])
def test_higher_precedence_key_overrides_an_unset_profile_key_env(
    tmp_path: Path, source: str
) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)  # PROFILE_KEY is not set
    if source == "argument":
        settings = resolve_settings(environ={}, api_key=KEY)
    else:
        settings = resolve_settings(environ={"SENDFROM_API_KEY": KEY})
    assert settings.api_key is not None
    assert settings.api_key.get() == KEY


def test_simulate_takes_the_provider_from_the_profile_asked_for(tmp_path: Path) -> None:
    # Only the provider is read from it (a simulator never gets the real key or settings).
    write_toml(
        tmp_path / "sendfrom.toml",
        'default_profile = "live"\n[profiles.live]\nprovider = "invent"\n'
        '[profiles.test]\nprovider = "mailersend"\nbase_url = "https://real.example"\n',
    )
    settings = resolve_settings(environ={}, profile="test", simulate=True)
    assert (settings.provider, settings.simulate, settings.base_url) == ("mailersend", True, None)


def test_an_empty_provider_variable_leaves_the_profiles_provider(tmp_path: Path) -> None:
    # `export SENDFROM_PROVIDER=` (set, but empty) says nothing: the profile's provider stands.
    write_toml(
        tmp_path / "sendfrom.toml", 'default_profile = "p"\n[profiles.p]\nprovider = "vortex"\n'
    )
    environ = {"SENDFROM_PROVIDER": "", "SENDFROM_API_KEY": KEY}
    assert resolve_settings(environ=environ, account_id="acc-1").provider == "vortex"


def test_simulate_without_a_provider_anywhere_says_which_is_missing() -> None:
    with pytest.raises(ConfigurationError, match="no provider given"):
        resolve_settings(environ={}, simulate=True)  # no sendfrom.toml here either


@pytest.mark.parametrize("word", ["false", "0", "no"])
def test_profile_simulate_string_is_read_as_a_flag_not_as_truthiness(
    tmp_path: Path, word: str
) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        f'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\nsimulate = "{word}"\n',
    )
    assert resolve_settings(environ={}).simulate is False


def test_blank_profile_key_env_names_that_variable(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", FULL_PROFILE)
    with pytest.raises(ConfigurationError, match="PROFILE_KEY"):
        resolve_settings(environ={"PROFILE_KEY": "   "})


def test_profile_that_is_not_a_table_is_a_configuration_error(tmp_path: Path) -> None:
    write_toml(tmp_path / "sendfrom.toml", 'default_profile = "prod"\n[profiles]\nprod = "ms"\n')
    with pytest.raises(ConfigurationError, match="prod"):
        resolve_settings(environ={})


# ---- bad values


def test_no_provider_names_sendfrom_provider() -> None:
    with pytest.raises(ConfigurationError, match="SENDFROM_PROVIDER") as info:
        resolve_settings(environ={"SENDFROM_API_KEY": KEY})
    assert "mailersend" in str(info.value)  # lists the choices
    assert KEY not in str(info.value)


def test_empty_provider_in_environment_is_no_provider() -> None:
    with pytest.raises(ConfigurationError, match="SENDFROM_PROVIDER"):
        resolve_settings(environ={"SENDFROM_PROVIDER": ""})


@pytest.mark.parametrize("key", ["", "   "])
def test_blank_api_key_is_refused(key: str) -> None:
    with pytest.raises(ConfigurationError, match="api_key"):
        resolve_settings("mailersend", environ={}, api_key=key)
    with pytest.raises(ConfigurationError, match="SENDFROM_API_KEY"):
        resolve_settings("mailersend", environ={"SENDFROM_API_KEY": key})


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -5.0}, "timeout"),
        ({"max_retries": "many"}, "max_retries"),
        ({"timeout": "slow"}, "timeout"),
    ],
)
def test_bad_retry_or_timeout_names_the_setting(arguments: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        resolve_settings("mailersend", environ={}, **arguments)


@pytest.mark.parametrize("connect", [sendfrom.connect, sendfrom.connect_async])
@pytest.mark.parametrize("flag", [True, False])
def test_a_bool_is_not_a_retry_count(connect: Callable[..., Any], flag: bool) -> None:
    """int(True) is 1: a flag passed for max_retries is refused, not read as a count."""
    with pytest.raises(ConfigurationError, match="max_retries"):
        connect("mailersend", simulate=True, max_retries=flag)


def test_a_bool_retry_count_in_a_profile_is_refused(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\nmax_retries = true\n',
    )
    with pytest.raises(ConfigurationError, match="max_retries"):
        resolve_settings(environ={})


def test_bad_number_in_profile_is_a_configuration_error(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\ntimeout = "soon"\n',
    )
    with pytest.raises(ConfigurationError, match="timeout"):
        resolve_settings(environ={})


# ---- secrets


def test_settings_repr_and_str_hide_the_key() -> None:
    settings = resolve_settings("mailersend", environ={}, api_key=KEY)
    assert KEY not in repr(settings)
    assert KEY not in str(settings)
    assert KEY not in repr(settings.api_key)
    assert KEY not in f"{settings.api_key}"
    assert "***" in repr(settings)


def test_settings_are_frozen() -> None:
    settings = resolve_settings("mailersend", environ={}, api_key=KEY)
    assert isinstance(settings, Settings)
    with pytest.raises(AttributeError):
        settings.provider = "vortex"  # type: ignore[misc]


def test_client_repr_hides_the_key_that_it_sends() -> None:
    recorder = Recorder()
    client = sendfrom.connect("mailersend", api_key=KEY, http_client=recorder.client())
    client.identities.get("ident-id-123")

    assert recorder.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(client)
    assert KEY not in str(client)
    assert KEY not in repr(client.native)


def test_api_errors_hide_the_key() -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": "Unauthenticated."})

    client = sendfrom.connect(
        "mailersend",
        api_key=KEY,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(sendfrom.AuthenticationError) as info:
        client.identities.get("ident-id-123")
    error = info.value
    assert KEY not in str(error)
    assert KEY not in repr(error)
    assert all(KEY not in str(value) for value in vars(error).values())


# ---- connect


def test_connect_reads_provider_and_key_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDFROM_PROVIDER", "mailersend")
    monkeypatch.setenv("SENDFROM_API_KEY", KEY)
    monkeypatch.setenv("SENDFROM_BASE_URL", "http://127.0.0.1:8025/v1")
    recorder = Recorder()

    client = sendfrom.connect(http_client=recorder.client())
    identity = client.identities.get("ident-id-123")

    assert client.provider == "mailersend"
    assert identity.id == "ident-id-123"
    request = recorder.requests[0]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert str(request.url) == "http://127.0.0.1:8025/v1/identities/ident-id-123"


def test_connect_reads_a_profile_and_its_key_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        """
        default_profile = "prod"
        [profiles.prod]
        provider = "mailersend"
        api_key_env = "MAILERSEND_API_KEY"
        base_url = "https://profile.example/v1"
        """,
    )
    monkeypatch.setenv("MAILERSEND_API_KEY", KEY)
    recorder = Recorder()

    client = sendfrom.connect(http_client=recorder.client())
    client.identities.get("ident-id-123")

    request = recorder.requests[0]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert str(request.url) == "https://profile.example/v1/identities/ident-id-123"


def test_connect_base_url_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_BASE_URL", "https://env.example/v1")
    recorder = Recorder()
    client = sendfrom.connect(
        "mailersend", api_key=KEY, base_url="https://arg.example/v1", http_client=recorder.client()
    )
    client.identities.get("ident-id-123")
    assert recorder.requests[0].url.host == "arg.example"


def test_connect_api_key_argument_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDFROM_API_KEY", "env-key")
    recorder = Recorder()
    client = sendfrom.connect("mailersend", api_key=KEY, http_client=recorder.client())
    client.identities.get("ident-id-123")
    assert recorder.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_connect_without_a_key_names_both_ways_to_give_one() -> None:
    with pytest.raises(ConfigurationError) as info:
        sendfrom.connect("mailersend")
    message = str(info.value)
    assert "api_key" in message
    assert "SENDFROM_API_KEY" in message


def test_connect_without_a_provider_names_sendfrom_provider() -> None:
    with pytest.raises(ConfigurationError, match="SENDFROM_PROVIDER"):
        sendfrom.connect(api_key=KEY)


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("mailsend", "mailersend"), ("vortx", "vortex"), ("space-invoice", "spaceinvoices")],
)
def test_unknown_provider_gets_did_you_mean(typo: str, suggestion: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        sendfrom.connect(typo, api_key=KEY)
    message = str(info.value)
    assert f"did you mean {suggestion!r}" in message
    assert repr(typo) in message
    assert KEY not in message


def test_unknown_provider_far_from_any_lists_the_known_ones() -> None:
    with pytest.raises(ConfigurationError) as info:
        sendfrom.connect("pigeonpost", api_key=KEY)
    message = str(info.value)
    assert "did you mean" not in message
    for name in sendfrom.PROVIDERS:
        assert name in message


def test_unknown_provider_from_environment_gets_did_you_mean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDFROM_PROVIDER", "mailersnd")
    with pytest.raises(ConfigurationError, match="did you mean 'mailersend'"):
        sendfrom.connect(api_key=KEY)


@pytest.mark.parametrize("spelling", ["MailerSend", "mailer-send", "MAILER_SEND"])
def test_provider_spellings_are_accepted(spelling: str) -> None:
    client = sendfrom.connect(spelling, api_key=KEY, http_client=Recorder().client())
    assert client.provider == "mailersend"


def test_connect_validates_max_retries() -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        sendfrom.connect("mailersend", api_key=KEY, max_retries=-1)


def test_connect_rejects_an_async_http_client() -> None:
    with pytest.raises(ConfigurationError, match="connect_async"):
        sendfrom.connect(
            "mailersend",
            api_key=KEY,
            http_client=httpx.AsyncClient(),  # type: ignore[arg-type]
        )


def test_connect_async_rejects_a_sync_http_client() -> None:
    with pytest.raises(ConfigurationError, match="AsyncClient"):
        sendfrom.connect_async(
            "mailersend",
            api_key=KEY,
            http_client=httpx.Client(),  # type: ignore[arg-type]
        )


async def test_connect_async_reads_the_same_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SENDFROM_PROVIDER", "mailersend")
    monkeypatch.setenv("SENDFROM_API_KEY", KEY)
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=IDENTITY)

    client = sendfrom.connect_async(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    )
    await client.identities.get("ident-id-123")

    assert client.provider == "mailersend"
    assert seen[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(client)


@pytest.mark.parametrize("key", ["mlsn.…", "abc\x00def", "clé-secrète"])
def test_a_key_a_header_cannot_carry_is_a_configuration_error(key: str) -> None:
    """Found by running the README: "mlsn.…" used to fail at send time with UnicodeEncodeError."""
    with pytest.raises(ConfigurationError, match="copy the key again") as raised:
        sendfrom.connect("mailersend", api_key=key)
    assert key not in str(raised.value)


# ---- strict reading (principle 4b)


def test_strict_is_off_by_default() -> None:
    assert resolve_settings("mailersend", environ={}).strict is False


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("true", True), ("0", False)])
def test_sendfrom_strict_sets_strict(value: str, expected: bool) -> None:
    settings = resolve_settings("mailersend", environ={"SENDFROM_STRICT": value})
    assert settings.strict is expected


def test_strict_argument_beats_the_environment() -> None:
    settings = resolve_settings("mailersend", environ={"SENDFROM_STRICT": "1"}, strict=False)
    assert settings.strict is False


def test_strict_in_a_profile(tmp_path: Path) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\nstrict = true\n',
    )
    assert resolve_settings(environ={}).strict is True


@pytest.mark.parametrize(("word", "expected"), [("true", True), ("1", True), ("false", False)])
@pytest.mark.parametrize("flag", ["simulate", "strict"])
def test_strict_and_simulate_as_words_in_a_profile(
    tmp_path: Path, flag: str, word: str, expected: bool
) -> None:
    """A profile may spell the flags as strings (as the environment does): read as flags."""
    write_toml(
        tmp_path / "sendfrom.toml",
        'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\n'
        'api_key_env = "P_KEY"\n'
        f'{flag} = "{word}"\n',
    )
    settings = resolve_settings(environ={"P_KEY": KEY})
    assert getattr(settings, flag) is expected


@pytest.mark.parametrize("flag", ["simulate", "strict"])
def test_a_flag_word_that_is_neither_names_the_profile_setting(tmp_path: Path, flag: str) -> None:
    write_toml(
        tmp_path / "sendfrom.toml",
        f'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\n{flag} = "maybe"\n',
    )
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(environ={})
    assert str(info.value) == f"{flag} in [profiles.p] must be 1/0 or true/false, not 'maybe'"


def test_a_long_bad_scope_id_is_shown_cut_to_80_characters() -> None:
    bad = "a/" + "b" * 200
    with pytest.raises(ConfigurationError) as info:
        resolve_settings("vortex", environ={}, api_key=KEY, account_id=bad)
    message = str(info.value)
    assert message.startswith(f"account_id {bad[:80]!r} is not a valid id: it ")
    assert message.endswith(
        "(check the account_id argument, SENDFROM_ACCOUNT_ID or the profile's account_id)"
    )


@pytest.mark.parametrize("value", [True, 1.5, ["cust-9"], {"id": "x"}])
def test_a_scope_id_that_is_no_string_is_refused_not_sent_as_its_repr(value: object) -> None:
    """``on_behalf_of = true`` in a profile, or a list, must not become the header 'True'."""
    with pytest.raises(ConfigurationError, match=r"^on_behalf_of must be a string, not "):
        resolve_settings("sendgrid", environ={}, api_key=KEY, on_behalf_of=value)
    with pytest.raises(ConfigurationError, match=r"^org_id must be a string, not "):
        resolve_settings("invent", environ={}, api_key=KEY, org_id=value)


def test_a_whole_number_scope_id_is_an_id() -> None:
    """A TOML profile's ``organization_id = 12345`` is the id '12345'."""
    settings = resolve_settings("spaceinvoices", environ={}, api_key=KEY, organization_id=12345)
    assert settings.organization_id == "12345"


@pytest.mark.parametrize("value", ["é", "custé-9", "account-id 12٣"])
def test_a_header_scope_id_holds_ascii_only(value: str) -> None:
    """``on_behalf_of`` is sent as a header: a non-ASCII one is refused before any request, not
    a UnicodeEncodeError at the first one (path ids are percent-encoded, so they may)."""
    with pytest.raises(ConfigurationError, match="other than ASCII") as info:
        sendfrom.connect("sendgrid", api_key=KEY, on_behalf_of=value)
    assert "SENDFROM_ON_BEHALF_OF" in str(info.value)


def test_sendfrom_strict_nonsense_names_the_variable() -> None:
    with pytest.raises(ConfigurationError, match="SENDFROM_STRICT"):
        resolve_settings("mailersend", environ={"SENDFROM_STRICT": "maybe"})


def test_connect_passes_strict_to_the_client() -> None:
    assert sendfrom.connect("mailersend", api_key=KEY, strict=True)._adapter.settings.strict
    assert sendfrom.connect("mailersend", simulate=True, strict=True)._adapter.settings.strict


# ---- every configuration error, word for word (what the user reads is what to fix)

_P = 'default_profile = "p"\n[profiles.p]\nprovider = "mailersend"\n'
_ARGS: dict[str, Any] = {"provider": "mailersend", "api_key": KEY}
MESSAGES: dict[str, tuple[str | None, dict[str, str], dict[str, Any], str]] = {
    "a flag word in the environment": (
        None,
        {"SENDFROM_SIMULATE": "maybe"},
        {},
        "SENDFROM_SIMULATE must be 1/0 or true/false, not 'maybe'",
    ),
    "api_key_env names an empty variable": (
        _P + 'api_key_env = "P_KEY"\n',
        {"P_KEY": " "},
        {},
        "$P_KEY (api_key_env of profile 'p') is empty",
    ),
    "api_key_env names an unset variable": (
        _P + 'api_key_env = "P_KEY"\n',
        {},
        {},
        "profile 'p' takes its API key from $P_KEY, which is not set",
    ),
    "default_profile names no profile": (
        'default_profile = "x"\n[profiles.p]\nprovider = "mailersend"\n',
        {},
        {},
        "profile 'x' is not in 'sendfrom.toml' (profiles: p); set SENDFROM_PROFILE or the "
        "profile argument to one of them",
    ),
    "default_profile names none of several": (
        'default_profile = "x"\n[profiles.b]\nprovider = "vortex"\n[profiles.a]\n'
        'provider = "mailersend"\n',
        {},
        {},
        "profile 'x' is not in 'sendfrom.toml' (profiles: a, b); set SENDFROM_PROFILE or the "
        "profile argument to one of them",
    ),
    "profiles is not a table": (
        'default_profile = "p"\nprofiles = 5\n',
        {},
        {},
        "[profiles] in 'sendfrom.toml' must be a table of tables",
    ),
    "a profile is not a table": (
        'default_profile = "p"\n[profiles]\np = 1\n',
        {},
        {},
        "[profiles.p] in 'sendfrom.toml' must be a table",
    ),
    "an unknown key": (
        _P + 'colour = "red"\n',
        {},
        {},
        "unknown key(s) ['colour'] in [profiles.p] of 'sendfrom.toml'; known keys: "
        "['account_id', 'api_key_env', 'base_url', 'max_retries', 'on_behalf_of', 'org_id', "
        "'organization_id', 'provider', 'rate_limit', 'rate_limit_storage', 'simulate', 'strict', "
        "'timeout']",
    ),
    "a key but no provider": (
        'default_profile = "p"\n[profiles.p]\napi_key_env = "P_KEY"\n',
        {},
        {},
        "[profiles.p] in 'sendfrom.toml' names a key (api_key_env) but no provider: add "
        'provider = "..." so that its key is only ever sent to that provider',
    ),
    "a chosen profile for another provider": (
        _P,
        {"SENDFROM_PROFILE": "p"},
        {"provider": "vortex"},
        "profile 'p' is for mailersend, but the provider asked for is vortex: choose a vortex "
        "profile (profile argument or SENDFROM_PROFILE), or leave the provider out to use the "
        "profile's",
    ),
    "a bad rate_limit table": (
        _P + 'api_key_env = "P_KEY"\nrate_limit = { requests = 0 }\n',
        {"P_KEY": KEY},
        {},
        "rate_limit in [profiles.p]: rate_limit: requests must be a whole number >= 1, not 0",
    ),
    "a rate_limit of the wrong type": (
        _P + 'api_key_env = "P_KEY"\nrate_limit = 60\n',
        {"P_KEY": KEY},
        {},
        'rate_limit in [profiles.p] must be true/false, a rate like "60/min" or a table '
        "{requests = 60, per = 60}",
    ),
    "a rate_limit argument of the wrong type": (
        None,
        {},
        {**_ARGS, "rate_limit": 60},
        "rate_limit must be True (the provider's documented limit), False, or a "
        "sendfrom.RateLimit(requests=..., per=...), not 60",
    ),
    "a blank key": (
        None,
        {},
        {**_ARGS, "api_key": "  "},
        "api_key must be a non-empty string (or SENDFROM_API_KEY)",
    ),
    "a key a header cannot carry": (
        None,
        {},
        {**_ARGS, "api_key": "ms-…"},
        "api_key holds characters an HTTP header cannot carry (non-ASCII or control characters, "
        "e.g. a '…' from a copied placeholder): copy the key again",
    ),
    "strict not a flag": (
        None,
        {},
        {**_ARGS, "strict": "yes"},
        "simulate and strict must be true or false",
    ),
    "a timeout flag": (
        None,
        {},
        {**_ARGS, "timeout": True},
        "timeout must be a finite number of seconds or an httpx.Timeout, not True",
    ),
    "a timeout word": (
        None,
        {},
        {**_ARGS, "timeout": "soon"},
        "timeout must be a number of seconds or an httpx.Timeout (could not convert string to "
        "float: 'soon')",
    ),
    "a zero timeout": (None, {}, {**_ARGS, "timeout": 0}, "timeout must be > 0 seconds"),
    "a max_retries flag": (
        None,
        {},
        {**_ARGS, "max_retries": True},
        "max_retries must be a whole number >= 0, not True",
    ),
    "a max_retries word": (
        None,
        {},
        {**_ARGS, "max_retries": "x"},
        "max_retries must be a whole number (invalid literal for int() with base 10: 'x')",
    ),
    "negative max_retries": (
        None,
        {},
        {**_ARGS, "max_retries": -1},
        "max_retries must be >= 0",
    ),
    "a config file that is not there": (
        None,
        {"SENDFROM_CONFIG": "nope.toml"},
        {},
        "config file 'nope.toml' not found: create it, or set SENDFROM_CONFIG to its path",
    ),
}


@pytest.mark.parametrize("case", sorted(MESSAGES))
def test_each_configuration_error_says_what_to_fix(tmp_path: Path, case: str) -> None:
    toml, environ, arguments, message = MESSAGES[case]
    if toml is not None:
        write_toml(tmp_path / "sendfrom.toml", toml)
    with pytest.raises(ConfigurationError) as info:
        resolve_settings(environ=environ, **arguments)
    assert str(info.value) == message
    assert KEY not in repr(info.value)
