"""Memory while listing many identities: Python allocations, sampled at every page boundary."""

from __future__ import annotations

import gc
import time
import tracemalloc

from bench.settings import KEY, PAGE


def memory(base_url: str, total: int) -> dict[str, float]:
    """Python allocations (tracemalloc) while ``identities.list()`` walks ``total`` identities.

    Sampled at every page boundary; relative to before the loop, after a warm-up page (so that
    the imports and the connection of a first use are not counted as the list's).
    """
    import sendfrom

    client = sendfrom.connect("mailersend", api_key=KEY, base_url=base_url)
    for _warm in zip(range(PAGE), client.identities.list(), strict=False):
        pass
    gc.collect()
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    held: list[int] = []  # after each page
    first_peak = 0
    count = 0
    start = time.perf_counter()
    for _identity in client.identities.list():
        count += 1
        if count % PAGE == 0:
            current, peak = tracemalloc.get_traced_memory()
            held.append(current - baseline)
            if count == PAGE:
                first_peak = peak - baseline
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    client.close()
    assert count == total, (count, total)
    mib = 1024 * 1024
    return {
        "identities": float(count),
        "pages": float(-(-count // PAGE)),
        "first_page_held_mib": held[0] / mib,
        "first_page_peak_mib": first_peak / mib,
        "half_held_mib": held[len(held) // 2] / mib,
        "last_page_held_mib": held[-1] / mib,
        "max_held_mib": max(held) / mib,
        "first_half_max_held_mib": max(held[: len(held) // 2 or 1]) / mib,
        "second_half_max_held_mib": max(held[len(held) // 2 :]) / mib,
        "peak_mib": peak / mib,
        "seconds_traced": seconds,
    }
