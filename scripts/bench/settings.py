"""What every measurement shares: where things are, the simulator's key, and the run sizes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
PERFORMANCE = ROOT / "docs" / "performance.md"
KEY = "bench-key-0123456789abcdef"
PAGE = 100


@dataclass(frozen=True)
class Settings:
    iterations: int
    warmup: int
    memory_identities: int
    import_runs: int
    mapping_pages: int
    quick: bool


FULL = Settings(
    iterations=1000,
    warmup=100,
    memory_identities=100_000,
    import_runs=15,
    mapping_pages=40,
    quick=False,
)
QUICK = Settings(
    iterations=5, warmup=2, memory_identities=2_000, import_runs=2, mapping_pages=5, quick=True
)
