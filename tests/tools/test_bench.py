"""``make bench`` cannot rot: ``python scripts/bench --quick`` runs every measurement, tiny, and
reports every figure. No threshold is asserted here: targets live in docs/benchmarks.md only."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from speclib import ROOT

VARIANTS = [
    "httpx + json.loads (floor)",
    "httpx async + json.loads",
    "generated endpoint + wire model",
    "sendfrom (sync)",
    "sendfrom (async)",
    "mailersend SDK (sync, requests)",
    "mailersend SDK (async, httpx)",
]
KEPT = "Hand-written notes survive a run."


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and value > 0


def test_quick_bench_reports_every_figure(tmp_path: Path) -> None:
    report, figures = tmp_path / "benchmarks.md", tmp_path / "bench.json"
    bench = ROOT / "scripts" / "bench"
    source = (bench / "report.py").read_text()
    begin = source.split('HAND_BEGIN = "', 1)[1].split('"', 1)[0]
    end = source.split('HAND_END = "', 1)[1].split('"', 1)[0]
    report.write_text(f"# old report\n\n{begin}\n{KEPT}\n{end}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDFROM_")}

    result = subprocess.run(
        [sys.executable, str(bench), "--quick", "--output", str(report), "--json", str(figures)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    data = json.loads(figures.read_text())
    assert [v["name"] for v in data["latency"]] == VARIANTS
    for variant in data["latency"]:
        for operation in ("get", "list"):
            stats = variant["stats"][operation]
            assert stats["n"] == data["settings"]["iterations"]
            assert _positive(stats["median"]), (variant["name"], operation)
            assert _positive(stats["p90"]), (variant["name"], operation)
    assert len(data["mapping"]) == 6
    assert all(_positive(rate) for rate in data["mapping"].values())
    times = data["imports"]["times"]
    assert len(times) == 4
    for runs in times.values():
        assert len(runs) == data["imports"]["runs"]
        assert all(map(_positive, runs))
    assert data["imports"]["breakdown"]
    memory = data["memory"]
    assert memory["identities"] == 2000
    assert memory["pages"] == 20
    assert _positive(memory["peak_mib"])
    assert _positive(memory["first_page_peak_mib"])
    runs = data["workers"]["runs"]  # make test installs redis-server (make redis)
    assert [(run["processes"], run["shared"]) for run in runs] == [(2, True), (2, False)]
    for run in runs:
        assert run["admitted"] + run["rejected"] == run["calls"] == 10
        assert _positive(run["share"])
    assert runs[0]["rejected"] == 0  # shared: the limit holds for both processes together
    _fleets_reported(data)
    _requests_reported(data)
    assert len(data["targets"]) == 10
    assert {row["verdict"] for row in data["targets"]} <= {"met", "**missed**"}

    text = report.read_text()
    assert "quick mode" in text
    headings = (
        "## Targets",
        "## Latency",
        "## Mapping",
        "## Cold import",
        "## Memory",
        "## Requests per operation",
        "## Many",
        "## The fleet",
        "## The fleet on many workers",
    )
    for heading in headings:
        assert heading in text
    for name in [*VARIANTS, *data["mapping"], *times]:
        assert name in text
    assert text.count(KEPT) == 1  # the hand-written section is kept, once
    assert not re.search(r"\b(nan|inf)\b", text, re.IGNORECASE)
    assert result.stdout.strip() == text.strip()  # printed as written


def _requests_reported(data: dict[str, Any]) -> None:
    """Requests per operation: every provider, a count for what it supports, a blank otherwise."""
    from sendfrom.providers import PROVIDERS, adapter_class

    counts = data["requests"]
    assert sorted(counts) == sorted(PROVIDERS)
    for provider, by_operation in counts.items():
        declared = adapter_class(provider).capabilities
        for operation, sent in by_operation.items():
            name = operation.split(":")[0]
            if name in declared:
                assert isinstance(sent, int), (provider, operation)
                assert sent >= 1, (provider, operation)
            if sent is not None:
                composed = name.endswith(("wait_until_verified", ".ensure"))  # of other operations
                assert name in declared or composed, (provider, operation)


def _fleets_reported(data: dict[str, Any]) -> None:
    """The fleet's figures: in one process, and on Celery workers."""
    fleet = data["fleet"]  # every domain to verified, counted against the fewest requests
    assert [run["domains"] for run in fleet["runs"]] == [10, 40]
    for run in fleet["runs"]:
        assert run["requests"] >= run["domains"] * 7, "no fewer than the fewest possible"
        assert run["429s"] == 0
        assert _positive(run["utilisation"])
        assert _positive(run["store_ms_per_step"])
    assert all(run["held_kib"] for run in fleet["memory"])
    many = data["fleet_workers"]  # make test installs postgresql and redis-server
    assert [(run["domains"], run["workers"]) for run in many["runs"]] == [(12, 1), (12, 2), (6, 2)]
    for run in many["runs"]:
        assert run["requests"] >= run["domains"] * 7, "no fewer than the fewest possible"
        assert run["429s"] == 0
        assert _positive(run["utilisation"])
    assert all(map(_positive, many["claims"]["per_second"].values()))
