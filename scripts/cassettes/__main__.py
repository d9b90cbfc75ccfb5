"""``python scripts/cassettes [--check] [--force]``: build the cassettes (see ``__init__``)."""

from __future__ import annotations

import sys
from pathlib import Path

if not __package__:  # run as a directory: import the package from scripts/, not from its own dir
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from cassettes.build import main

sys.exit(main())
