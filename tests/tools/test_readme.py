"""README.md and docs/providers.md stay true to the code: their capability tables are the ones
the adapters declare."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from docpages import DOCS, README, ROOT, name, nav_files


def _update_readme() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_readme", ROOT / "scripts/update_readme.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tables_are_on_the_landing_page_and_the_providers_page() -> None:
    pages = _update_readme().PAGES
    assert set(pages) == {README, DOCS / "providers.md"}
    assert "providers.md" in nav_files()


@pytest.mark.parametrize("page", _update_readme().PAGES, ids=name)
def test_capability_table_is_current(page: Path) -> None:
    module = _update_readme()
    text = page.read_text()
    assert module.START in text, f"{name(page)} lacks the capability table's markers"
    assert module.render(text) == text, (
        f"{name(page)}'s capability table is stale: run `make readme`"
    )
