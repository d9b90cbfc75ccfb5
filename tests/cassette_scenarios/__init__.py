"""The scenarios of the cassette suite: what each cassette's test does through the public API, and
what it asserts.

One scenario per cassette (``tests/cassettes/<provider>/<name>.yaml``). A scenario is written once
for the sync and the async client (``Ctx.call`` awaits only what needs awaiting) and holds in both
modes of the suite:

- replaying (the default): every assertion holds, including the exact values of the cassette's
  documented or recorded payloads (``ctx.exact``);
- recording (``make record``): the same calls go to a real account, so only what holds for any
  account is asserted: the unified result agrees with the response just recorded.

``inputs`` are the ids and names a scenario uses: their value in the cassette, and the environment
variable that gives a real one when recording (the scenario is skipped while it is unset).
``destructive`` scenarios create, change, delete or send something: recording runs them only when
asked to explicitly (``make record ... DESTRUCTIVE=1``).

The scenarios are registered on import, one module (or package) per registered provider
(``cassette_scenarios/<provider>``); ``common`` holds what they share.
"""

from __future__ import annotations

import importlib

from cassette_scenarios.common import (
    DEFAULT_SCOPE,
    SCENARIOS,
    Ctx,
    Input,
    Scenario,
    record_order,
    scenario,
)
from sendfrom.providers import PROVIDERS

__all__ = ["DEFAULT_SCOPE", "SCENARIOS", "Ctx", "Input", "Scenario", "record_order", "scenario"]

for _provider in PROVIDERS:  # every registered provider has its scenarios
    importlib.import_module(f"cassette_scenarios.{_provider}")
