"""MailerSend's scenarios: real recorded traffic (2025, 2022) and the documented examples; its
identities (``identities``) declared before its domains (``domains``), as recording runs them."""

from __future__ import annotations

import importlib

for _part in ("identities", "domains"):
    importlib.import_module(f"cassette_scenarios.mailersend.{_part}")
