"""What mypy must refuse in a user's module (tests/unit/test_typing.py)."""

from __future__ import annotations

import sendfrom
from sendfrom.testing import simulator

sendfrom.connect("mailersnd", simulate=True)  # a typo: no such provider
simulator("invent").connect(max_retrys=1)  # a typo: no such keyword
