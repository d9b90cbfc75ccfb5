"""Mapping throughput, no network: a 100-identity page's bytes to ``SenderIdentity`` objects."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from bench.settings import KEY, PAGE, Settings


def mapping(page_bytes: bytes, settings: Settings) -> dict[str, float]:
    """Identities per second from a 100-identity page's bytes to ``SenderIdentity`` objects.

    Through the adapter's own list plan (parse, validate, map), and its steps on their own.
    """
    import httpx
    from pydantic_core import from_json

    import sendfrom
    from sendfrom.providers.mailersend import mappers as adapter_module
    from sendfrom_generated.mailersend import models as wire

    client = sendfrom.connect("mailersend", api_key=KEY, base_url="http://127.0.0.1:9/v1")
    adapter = client._adapter
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/identities?page=1&limit=100")

    def through_plan() -> Any:
        response = httpx.Response(200, content=page_bytes, request=request)
        plan = adapter.list_identities(None)
        next(plan)
        try:
            plan.send(response)
        except StopIteration as stop:
            return stop.value
        raise AssertionError("the list plan asked for a second request")

    page = through_plan()
    assert len(page.items) == PAGE
    parsed = json.loads(page_bytes)
    shape = adapter_module.IDENTITY_LIST
    body = shape.reader_validator.validate_python(parsed)

    steps: dict[str, Callable[[], Any]] = {
        "bytes -> SenderIdentity (the adapter's list plan)": through_plan,
        "parse only (pydantic_core.from_json, as every read does)": lambda: from_json(
            page_bytes, cache_strings="keys"
        ),
        "validate the whole spec shape (TypedDict), as every read does first": lambda: (
            shape.strict_validator.validate_python(parsed)
        ),
        "validate the reader only (TypedDict), what drift falls back to": lambda: (
            shape.reader_validator.validate_python(parsed)
        ),
        "generated pydantic models (model_validate), for comparison": lambda: (
            wire.IdentityList.model_validate(parsed)
        ),
        "map reader -> SenderIdentity only": lambda: adapter_module.identities_from_wire(
            body["data"], parsed["data"]
        ),
    }
    best = dict.fromkeys(steps, float("inf"))
    rounds = 1 if settings.quick else 25
    for _ in range(rounds):  # interleaved; the best round is the least disturbed by the machine
        for name, function in steps.items():
            start = time.perf_counter()
            for _ in range(settings.mapping_pages):
                function()
            best[name] = min(best[name], time.perf_counter() - start)
    client.close()
    return {name: PAGE * settings.mapping_pages / seconds for name, seconds in best.items()}
