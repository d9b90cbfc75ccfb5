"""The command line: run every measurement in turn, write the report and print it."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench
from bench.fast_server import served
from bench.fleet import fleet_bench
from bench.fleet_workers import fleet_workers_bench
from bench.imports import BENCH_VENV, bench_venv, import_breakdown, imports, runtime_pins
from bench.latency import latency, percentile
from bench.mapping import mapping
from bench.memory import memory
from bench.report import kept_section, machine, render, targets, versions, with_targets
from bench.requests import requests_per_operation
from bench.server import Server, serve
from bench.settings import DOCS, FULL, KEY, PAGE, PERFORMANCE, QUICK, Settings
from bench.workers import workers


def _latency_stats(variants: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "name": v.name,
            "stats": {
                op: {
                    "median": statistics.median(samples),
                    "p90": percentile(samples, 0.9),
                    "n": len(samples),
                }
                for op, samples in v.samples.items()
            },
        }
        for v in variants
    ]


def run(settings: Settings, output: Path, json_path: Path | None) -> dict[str, Any]:
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": settings.quick,
        "machine": machine(),
        "versions": versions(),
        "settings": {
            "iterations": settings.iterations,
            "warmup": settings.warmup,
            "mapping_pages": settings.mapping_pages,
        },
    }
    # The imports first, while nothing else of this script runs.
    if settings.quick:
        python, where = sys.executable, "the current environment (quick mode)"
    else:
        python = str(bench_venv())
        pins = ", ".join(runtime_pins())
        where = f"`{BENCH_VENV.name}`, holding only the runtime dependencies ({pins})"
    print("bench: imports", file=sys.stderr)
    results["imports"] = {
        "where": where,
        "runs": settings.import_runs,
        "times": imports(python, settings.import_runs),
        "breakdown": import_breakdown(python),
    }
    with Server(PAGE, settings.memory_identities) as server:
        print("bench: latency", file=sys.stderr)
        variants = asyncio.run(latency(server.small, server.identity_id, settings))
        results["latency"] = _latency_stats(variants)
        print("bench: latency on the fast server", file=sys.stderr)
        variants = asyncio.run(latency(server.fast, server.identity_id, settings))
        results["latency_fast"] = _latency_stats(variants)
        results["fast_server"] = served(server.fast)
        import httpx

        page_bytes = httpx.get(
            f"{server.small}/identities?page=1&limit={PAGE}",
            headers={"Authorization": f"Bearer {KEY}"},
        ).content
        print("bench: mapping", file=sys.stderr)
        results["mapping"] = mapping(page_bytes, settings)
        print("bench: memory", file=sys.stderr)
        results["memory"] = memory(server.big, settings.memory_identities)
    print("bench: requests per operation", file=sys.stderr)
    results["requests"] = requests_per_operation()  # exact counts: the same in quick mode
    results["workers"] = workers(settings.quick)
    print("bench: fleet", file=sys.stderr)
    results["fleet"] = fleet_bench(settings.quick)
    results["fleet_workers"] = fleet_workers_bench(settings.quick)
    results["targets"] = targets(results)
    report = render(results, kept_section(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report)
    if output.resolve() == DOCS.resolve():  # the docs' performance page shows the same targets
        PERFORMANCE.write_text(with_targets(PERFORMANCE.read_text(), report, results["date"]))
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=2))
    print(report)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(bench.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny runs: checks, not numbers")
    parser.add_argument("--output", type=Path, default=DOCS, help="the Markdown report")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON here")
    parser.add_argument("--iterations", type=int, help="calls of each variant")
    parser.add_argument("--memory-identities", type=int, help="identities listed for memory")
    parser.add_argument("--serve", nargs=2, type=int, metavar=("SMALL", "BIG"), help="internal")
    args = parser.parse_args(argv)
    if args.serve:
        serve(*args.serve)
        return 0
    settings = QUICK if args.quick else FULL
    if args.iterations:
        settings = Settings(**{**settings.__dict__, "iterations": args.iterations})
    if args.memory_identities:
        settings = Settings(**{**settings.__dict__, "memory_identities": args.memory_identities})
    run(settings, args.output, args.json)
    return 0
