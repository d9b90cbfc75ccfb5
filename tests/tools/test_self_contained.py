"""A clone anywhere runs its own tests: nothing in the repository reads a folder beside it.

The payloads, recordings, seeds and upstream specs the tests, the cassette builder and the
generator read are all in the repository (specs/evidence/, specs/upstream/), each folder with a
README that names where its files came from.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
EVIDENCE = ROOT / "specs" / "evidence"
# Spelled in pieces so that this file does not name what it forbids.
FORBIDDEN = ("../" + "shared", "SENDFROM_" + "SHARED")


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout (e.g. mutmut's copy in mutants/)")
    return [ROOT / name for name in out.decode().split("\0") if name]


def test_no_tracked_file_names_a_folder_beside_the_repository() -> None:
    offenders = []
    for path in _tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in FORBIDDEN if word in text]
    assert offenders == []


def test_every_evidence_folder_names_its_sources() -> None:
    folders = [p for p in EVIDENCE.iterdir() if p.is_dir()]
    assert folders, "specs/evidence/ holds the providers' payloads"
    assert [p.name for p in folders if not (p / "README.md").is_file()] == []


def test_every_seed_is_described() -> None:
    readme = (EVIDENCE / "seeds" / "README.md").read_text()
    seeds = sorted(p.name for p in (EVIDENCE / "seeds").glob("*.txt"))
    assert seeds
    assert [name for name in seeds if f"`{name}`" not in readme] == []
