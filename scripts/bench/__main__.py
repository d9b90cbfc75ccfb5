"""``python scripts/bench [--quick] [--output FILE] [--json FILE]``: run the benchmarks."""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a directory: import the package from scripts/, not from its own dir
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.run import main

sys.exit(main())
