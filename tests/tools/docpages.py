"""Where the documentation is: README.md (the landing page) and the pages of the mkdocs site
(``docs/``, in the order of ``mkdocs.yml``'s nav). The tests that hold the prose to the code read
the pages from here, so a page added to the nav is checked without naming it again."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MKDOCS = ROOT / "mkdocs.yml"
CANONICAL = re.compile(r"canonical location is `(?P<url>https://[^`]+)`")


def config() -> dict[str, Any]:
    """mkdocs.yml (plain YAML: no tags)."""
    loaded: dict[str, Any] = yaml.safe_load(MKDOCS.read_text(encoding="utf-8"))
    return loaded


def nav_files() -> list[str]:
    """Every file of the nav, relative to ``docs/``, in nav order."""
    found: list[str] = []

    def walk(entry: Any) -> None:
        if isinstance(entry, str):
            found.append(entry)
        elif isinstance(entry, list):
            for item in entry:
                walk(item)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)

    walk(config()["nav"])
    return found


def pages() -> list[Path]:
    """README.md, then every page of the nav."""
    return [README, *(DOCS / name for name in nav_files())]


def name(page: Path) -> str:
    """A page as the repository names it: ``README.md``, ``docs/dns.md``."""
    return page.relative_to(ROOT).as_posix()


def canonical_url() -> str:
    """The repository's canonical location, as README.md names it."""
    match = CANONICAL.search(README.read_text(encoding="utf-8"))
    assert match is not None, "README.md must name the repository's canonical location"
    return match["url"]
