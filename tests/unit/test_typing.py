"""``mypy --strict`` on a small user module: the public API's types are what a user relies on
(``ProviderName``, ``find``/``ensure``/``pages``, ``ConflictError.fields``, ``httpx.Timeout``, the
``simulator()`` overloads and ``Simulator.connect``'s keywords)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "typing_user"


def _mypy(module: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent",
         str(HERE / module)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip


def test_a_user_module_type_checks_under_strict() -> None:
    result = _mypy("user_module.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_misspelt_provider_is_a_type_error() -> None:
    result = _mypy("wrong_module.py")
    assert result.returncode == 1
    assert "mailersnd" in result.stdout
    assert "ProviderName" in result.stdout or "Literal" in result.stdout


def test_a_misspelt_simulator_connect_keyword_is_a_type_error() -> None:
    result = _mypy("wrong_module.py")
    assert result.returncode == 1
    assert 'Unexpected keyword argument "max_retrys"' in result.stdout
    assert '"connect" of "Simulator"' in result.stdout


def test_call_returns_the_endpoints_wire_model() -> None:
    """``client.call(list_contacts.ENDPOINT)`` is a ``list[Contact]`` to mypy (``assert_type`` in
    user_module.py); assigning it to a ``str`` is an error naming both types."""
    result = _mypy("wrong_module.py")
    assert result.returncode == 1
    assert '(expression has type "list[Contact]", variable has type "str")' in result.stdout


def test_the_simulator_overloads_cover_every_built_in_provider() -> None:
    """Each registered name has an overload returning its own simulator class; a str the base."""
    import typing

    from sendfrom.providers import PROVIDERS, provider
    from sendfrom.providers.simulators import simulator

    typed: dict[str, str] = {}
    fallback = []
    for overload in typing.get_overloads(simulator):
        hint, returns = overload.__annotations__["provider"], overload.__annotations__["return"]
        if hint == "str":
            fallback.append(returns)
        else:
            (name,) = typing.get_args(eval(hint, {"Literal": typing.Literal}))
            typed[name] = returns
    assert typed == {name: provider(name).simulator for name in PROVIDERS}
    assert fallback == ["Simulator"]
