"""The layout DESIGN.md section 4 asks for, where a test can hold it: no Python file in ``src/``
or ``scripts/`` over 400 lines (split it by what its parts do), no exemption outliving its cause."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
CHECKED = ("src", "scripts")

EXEMPT: set[str] = set()
"""Files allowed over the limit, each with its reason beside it (none today)."""


def _lengths() -> dict[str, int]:
    """Every Python file under ``CHECKED``, relative to the repository, and its number of lines."""
    return {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
    }


def test_no_python_file_is_over_the_limit() -> None:
    offenders = {
        path: lines for path, lines in _lengths().items() if lines > LIMIT and path not in EXEMPT
    }
    report = "\n".join(f"  {path}: {lines} lines" for path, lines in sorted(offenders.items()))
    assert not offenders, f"over {LIMIT} lines (split them by what their parts do):\n{report}"


def test_every_exemption_is_still_needed() -> None:
    lengths = _lengths()
    stale = sorted(path for path in EXEMPT if lengths.get(path, 0) <= LIMIT)
    assert not stale, f"no longer a file over {LIMIT} lines: remove from the exemptions: {stale}"


def test_the_check_sees_both_folders() -> None:
    lengths = _lengths()
    assert "src/sendfrom/providers/__init__.py" in lengths
    assert "scripts/cassettes/build.py" in lengths
