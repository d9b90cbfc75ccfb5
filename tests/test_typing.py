"""``mypy --strict`` on a small user module: the public API's types are what a user relies on
(``ProviderName``, ``find``/``ensure``/``pages``, ``ConflictError.fields``, ``httpx.Timeout``)."""

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
