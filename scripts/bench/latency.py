"""Latency over loopback: every way of getting one identity and a page of them, interleaved."""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.settings import KEY, PAGE, Settings

Call = Callable[[], Any]
ACall = Callable[[], Awaitable[Any]]


@dataclass
class Variant:
    name: str
    get: Call | ACall
    list: Call | ACall
    is_async: bool = False
    samples: dict[str, builtins.list[float]] = field(
        default_factory=lambda: {"get": [], "list": []}
    )


def _variants(
    base_url: str, identity_id: str
) -> tuple[list[Variant], Callable[[], Awaitable[None]]]:
    """Every way of making the two calls, and a coroutine function that closes their clients."""
    import httpx
    import mailersend  # type: ignore[import-untyped]
    from mailersend.models.identities import (  # type: ignore[import-untyped]
        IdentityGetRequest,
        IdentityListQueryParams,
        IdentityListRequest,
    )

    import sendfrom
    from sendfrom_generated import mailersend as generated
    from sendfrom_generated.mailersend import models as wire
    from sendfrom_generated.mailersend.api.identities import get_identity, list_identities

    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}
    raw = httpx.Client(headers=headers)
    get_url = f"{base_url}/identities/{identity_id}"
    list_url = f"{base_url}/identities?page=1&limit={PAGE}"

    def floor_get() -> Any:
        return json.loads(raw.get(get_url).content)["data"]

    def floor_list() -> Any:
        return json.loads(raw.get(list_url).content)["data"]

    araw = httpx.AsyncClient(headers=headers)

    async def afloor_get() -> Any:
        return json.loads((await araw.get(get_url)).content)["data"]

    async def afloor_list() -> Any:
        return json.loads((await araw.get(list_url)).content)["data"]

    native = generated.Client(token=KEY, base_url=base_url)

    def generated_get() -> Any:
        response = get_identity.sync_detailed(identity_id, client=native)
        return wire.IdentityEnvelope.model_validate_json(response.content).data

    def generated_list() -> Any:
        response = list_identities.sync_detailed(client=native, page=1, limit=PAGE)
        return wire.IdentityList.model_validate_json(response.content).data

    client = sendfrom.connect("mailersend", api_key=KEY, base_url=base_url)
    aclient = sendfrom.connect_async("mailersend", api_key=KEY, base_url=base_url)

    def sendfrom_list() -> Any:
        return list(client.identities.list())

    async def sendfrom_aget() -> Any:
        return await aclient.identities.get(identity_id)

    async def sendfrom_alist() -> Any:
        return [identity async for identity in aclient.identities.list()]

    sdk = mailersend.MailerSendClient(api_key=KEY, base_url=base_url)
    asdk = mailersend.AsyncMailerSendClient(api_key=KEY, base_url=base_url)
    sdk_list_request = IdentityListRequest(query_params=IdentityListQueryParams(page=1, limit=PAGE))

    def sdk_get() -> Any:
        return sdk.identities.get_identity(IdentityGetRequest(identity_id=identity_id)).data["data"]

    def sdk_list() -> Any:
        return sdk.identities.list_identities(sdk_list_request).data["data"]

    async def asdk_get() -> Any:
        request = IdentityGetRequest(identity_id=identity_id)
        return (await asdk.identities.get_identity(request)).data["data"]

    async def asdk_list() -> Any:
        return (await asdk.identities.list_identities(sdk_list_request)).data["data"]

    variants = [
        Variant("httpx + json.loads (floor)", floor_get, floor_list),
        Variant("httpx async + json.loads", afloor_get, afloor_list, is_async=True),
        Variant("generated endpoint + wire model", generated_get, generated_list),
        Variant("sendfrom (sync)", lambda: client.identities.get(identity_id), sendfrom_list),
        Variant("sendfrom (async)", sendfrom_aget, sendfrom_alist, is_async=True),
        Variant("mailersend SDK (sync, requests)", sdk_get, sdk_list),
        Variant("mailersend SDK (async, httpx)", asdk_get, asdk_list, is_async=True),
    ]

    async def close() -> None:
        raw.close()
        await araw.aclose()
        native.close()
        client.close()
        await aclient.aclose()
        sdk.session.close()
        await asdk.close()

    return variants, close


def _identity_of(result: Any) -> str:
    """The id of whatever a variant's get returned (a dict, a wire model or a SenderIdentity)."""
    return str(result["id"] if isinstance(result, dict) else result.id)


async def _call(variant: Variant, operation: str) -> Any:
    function = getattr(variant, operation)
    if variant.is_async:
        return await function()
    return function()


async def latency(base_url: str, identity_id: str, settings: Settings) -> list[Variant]:
    """Time every variant's get and list, interleaved; samples in seconds."""
    variants, close = _variants(base_url, identity_id)
    try:
        for variant in variants:  # every variant answers the same thing
            got = await _call(variant, "get")
            listed = await _call(variant, "list")
            assert _identity_of(got) == identity_id, variant.name
            assert len(listed) == PAGE, (variant.name, len(listed))
        clock = time.perf_counter
        count = len(variants)
        for iteration in range(settings.warmup + settings.iterations):
            keep = iteration >= settings.warmup
            shift = iteration % count
            for operation in ("get", "list"):
                for variant in variants[shift:] + variants[:shift]:
                    function = getattr(variant, operation)
                    if variant.is_async:
                        start = clock()
                        await function()
                        elapsed = clock() - start
                    else:
                        start = clock()
                        function()
                        elapsed = clock() - start
                    if keep:
                        variant.samples[operation].append(elapsed)
    finally:
        await close()
    return variants


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
