"""What mypy must refuse in a user's module (tests/test_typing.py)."""

from __future__ import annotations

import sendfrom

sendfrom.connect("mailersnd", simulate=True)  # a typo: no such provider
