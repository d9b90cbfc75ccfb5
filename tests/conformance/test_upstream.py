"""The providers' own published specs in specs/upstream/ are kept byte for byte: every file is
named in its folder's SOURCE with the sha256 it had where it was published, and still has it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml

UPSTREAM = Path(__file__).resolve().parents[2] / "specs" / "upstream"
FOLDERS = sorted(p for p in UPSTREAM.iterdir() if p.is_dir())


def _entries(folder: Path) -> list[dict[str, Any]]:
    """SOURCE's files: a ``files:`` list, or one ``file:``/``sha256:`` pair."""
    source = yaml.safe_load((folder / "SOURCE").read_text(encoding="utf-8"))
    assert isinstance(source, dict)
    assert source.get("repository") or source.get("published")
    files = source.get("files") or [{"file": source["file"], "sha256": source["sha256"]}]
    assert isinstance(files, list)
    return files


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_every_upstream_file_has_its_recorded_sha256(folder: Path) -> None:
    for entry in _entries(folder):
        body = (folder / entry["file"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"], entry["file"]


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_every_upstream_file_is_named_in_source(folder: Path) -> None:
    named = {entry["file"] for entry in _entries(folder)}
    present = {p.name for p in folder.iterdir()} - {"SOURCE", "LICENSE"}
    assert present == named
