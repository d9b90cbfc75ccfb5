"""Every provider's cassettes built, compared with or written over tests/cassettes/, and the
command line (``python scripts/cassettes [--check] [--force]``)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

import cassettes
from cassettes.common import CASSETTES, ROOT, Cassette
from cassettes.render import render
from sendfrom.providers import PROVIDERS


def builder(provider: str) -> Callable[[], list[Cassette]]:
    """A provider's builder: ``cassettes()`` of ``scripts/cassettes/<provider>.py``."""
    module = importlib.import_module(f"cassettes.{provider}")
    build: Callable[[], list[Cassette]] = module.cassettes
    return build


def build() -> dict[Path, str]:
    """Every built cassette: its path and text."""
    out: dict[Path, str] = {}
    for provider in PROVIDERS:  # every registered provider has its builder
        for cassette in builder(provider)():
            path = CASSETTES / cassette.provider / f"{cassette.name}.yaml"
            assert path not in out, f"two cassettes named {path}"
            out[path] = render(cassette)
    return out


def is_recorded(path: Path) -> bool:
    """Whether ``path`` holds a cassette re-recorded by ``make record`` (left alone by default)."""
    if not path.exists():
        return False
    document = yaml.safe_load(path.read_text())
    return isinstance(document, dict) and (document.get("source") or {}).get("kind") == "recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(cassettes.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a cassette is stale")
    parser.add_argument("--force", action="store_true", help="overwrite recorded cassettes too")
    args = parser.parse_args(argv)
    built = build()
    stale, kept = [], []
    for path, text in built.items():
        if is_recorded(path) and not args.force:
            kept.append(path)
            continue
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    for path in kept:
        print(f"kept (recorded by make record): {path.relative_to(ROOT)}")
    if args.check and stale:
        names = "\n  ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"stale cassettes (run python scripts/cassettes):\n  {names}", file=sys.stderr)
        return 1
    if not args.check:
        print(f"{len(stale)} cassette(s) written, {len(built) - len(stale)} unchanged")
    return 0
