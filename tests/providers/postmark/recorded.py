"""The recorded Postmark traffic (specs/evidence/postmark/recorded/), decoded by the cassette
builder's own reader (scripts/cassettes/postmark.py), so the tests and the cassettes read the
Betamax files one way."""

from __future__ import annotations

import sys

from speclib import ROOT

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from cassettes.postmark import Exchange, exchanges

__all__ = ["Exchange", "exchanges", "first"]


def first(name: str, method: str, path: str) -> Exchange:
    """The first recorded exchange of ``method path`` in ``postmarker_<name>.json``."""
    return next(e for e in exchanges(name) if (e.method, e.path) == (method, path))
