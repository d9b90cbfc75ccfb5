"""``make bench``: what sendfrom costs on top of a bare HTTP call, against the MailerSend simulator.

The simulator is served over loopback HTTP by a separate process (this script run with
``--serve``), seeded in that process directly. This process then times, interleaved round-robin
(every iteration calls every variant once, in a rotating order, so machine drift hits all alike):

- ``httpx + json.loads``: the floor, a keep-alive ``httpx.Client`` GET and ``json.loads``;
- ``generated endpoint + wire model``: ``sendfrom_generated.mailersend`` alone, parsed once by
  its generated pydantic model (``model_validate_json``);
- ``sendfrom`` sync, and async (one event loop, sequential awaits);
- the official ``mailersend`` SDK, sync (requests) and async (httpx), pointed at the simulator;

for a single identity get and for a page of 100 identities. It also measures mapping throughput
(wire bytes of a 100-identity page to ``SenderIdentity`` objects, no network), cold-import and
``connect`` times in a virtual environment holding only the runtime dependencies (``.bench-venv``,
built from the pins in ``requirements/dev.txt``), and memory while listing 100,000 identities.

It writes ``docs/benchmarks.md`` (keeping its hand-written section) and prints the same tables.
``--quick`` runs every measurement tiny (the test suite uses it so this script cannot rot); its
numbers mean nothing, and it measures imports in the current environment instead of the
runtime-only one. Targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import builtins
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
BENCH_VENV = ROOT / ".bench-venv"
KEY = "bench-key-0123456789abcdef"
PAGE = 100

# The runtime dependencies of sendfrom (httpx and pydantic, and theirs), pinned as in the lock.
RUNTIME_DEPS = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "pydantic",
    "pydantic-core",
    "typing-extensions",
    "annotated-types",
    "typing-inspection",
)

HAND_BEGIN = "<!-- hand-written: begin (scripts/bench.py keeps this section) -->"
HAND_END = "<!-- hand-written: end -->"
PLACEHOLDER = "_(nothing written yet)_"

TARGETS = {
    "get": 1.08,
    "list": 1.30,
    "mapping": 200_000.0,
    "import": 1.2,
}


@dataclass(frozen=True)
class Settings:
    iterations: int
    warmup: int
    memory_identities: int
    import_runs: int
    mapping_pages: int
    quick: bool


FULL = Settings(
    iterations=1000,
    warmup=100,
    memory_identities=100_000,
    import_runs=15,
    mapping_pages=40,
    quick=False,
)
QUICK = Settings(
    iterations=5, warmup=2, memory_identities=2_000, import_runs=2, mapping_pages=5, quick=True
)


# ---- the server process


def _seeded(count: int) -> Any:
    """A MailerSend simulator holding one domain and ``count`` identities.

    The first identity is made through the simulator's own API, so its shape is the simulator's;
    the rest are copies of it with their own id, address and name (seeding 100,000 through the API
    would check every address against every other one).
    """
    from sendfrom.providers.mailersend.simulator import MailerSendSimulator

    sim = MailerSendSimulator(api_key=KEY)
    with sim.connect() as client:
        domain = client.domains.create("bench.example")
        first = client.identities.create(
            email="sender0@bench.example", name="Sender 0", domain_id=domain.id
        )
    template = sim.identities[first.id]
    for number in range(1, count):
        identity = {
            **template,
            "id": sim.token(16),
            "email": f"sender{number}@bench.example",
            "name": f"Sender {number}",
            "domain": dict(template["domain"]),
        }
        sim.identities[identity["id"]] = identity
    return sim


def serve(small: int, big: int) -> None:
    """Serve two seeded simulators until stdin closes; print their base URLs as one JSON line."""
    from sendfrom.testing import SimulatorServer

    small_sim = _seeded(small)
    servers = [SimulatorServer(small_sim).start(), SimulatorServer(_seeded(big)).start()]
    print(
        json.dumps(
            {
                "small": servers[0].base_url,
                "big": servers[1].base_url,
                "identity_id": next(iter(small_sim.identities)),
            }
        ),
        flush=True,
    )
    sys.stdin.read()
    for server in servers:
        server.stop()


class Server:
    """The server process, as a context manager."""

    def __init__(self, small: int, big: int) -> None:
        self.args = [sys.executable, str(Path(__file__).resolve()), "--serve", str(small), str(big)]

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise SystemExit(f"the simulator process failed (exit {self.process.returncode})")
        info = json.loads(line)
        self.small: str = info["small"]
        self.big: str = info["big"]
        self.identity_id: str = info["identity_id"]
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ---- latency: every variant, interleaved


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


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# ---- mapping throughput (no network)


def mapping(page_bytes: bytes, settings: Settings) -> dict[str, float]:
    """Identities per second from a 100-identity page's bytes to ``SenderIdentity`` objects.

    Through the adapter's own list plan (parse, validate, map), and its steps on their own.
    """
    import httpx

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
    pairs = list(zip(body["data"], parsed["data"], strict=True))

    steps: dict[str, Callable[[], Any]] = {
        "bytes -> SenderIdentity (the adapter's list plan)": through_plan,
        "json.loads only": lambda: json.loads(page_bytes),
        "validate the whole spec shape (TypedDict), as every read does first": lambda: (
            shape.strict_validator.validate_python(parsed)
        ),
        "validate the reader only (TypedDict), what drift falls back to": lambda: (
            shape.reader_validator.validate_python(parsed)
        ),
        "generated pydantic models (model_validate), for comparison": lambda: (
            wire.IdentityList.model_validate(parsed)
        ),
        "map reader -> SenderIdentity only": lambda: [
            adapter_module.identity_from_wire(identity, raw) for identity, raw in pairs
        ],
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


# ---- memory while listing many identities


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


# ---- cold import and connect, in a venv holding only the runtime dependencies


def _pins() -> list[str]:
    wanted = {name.replace("_", "-") for name in RUNTIME_DEPS}
    pins = []
    for line in (ROOT / "requirements" / "dev.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", line.strip())
        if match and match.group(1).lower().replace("_", "-") in wanted:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return sorted(pins, key=str.lower)


def bench_venv() -> Path:
    """``.bench-venv``: the runtime pins (kept while they do not change) and sendfrom, installed
    as a wheel (not editable) from this working tree on every run."""
    python = BENCH_VENV / "bin" / "python"
    stamp = BENCH_VENV / ".pins"
    pins = _pins()
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "-q", "install", "--no-deps"]
    if not stamp.exists() or stamp.read_text() != "\n".join(pins):
        print(f"bench: creating {BENCH_VENV.name} with {', '.join(pins)}", file=sys.stderr)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", "--clear", str(BENCH_VENV)], check=True)
        subprocess.run([*pip, *pins], check=True)
        stamp.write_text("\n".join(pins))
    print("bench: installing sendfrom into .bench-venv (wheel)", file=sys.stderr)
    subprocess.run([*pip, "--force-reinstall", str(ROOT)], check=True)
    return python


REFERENCE = "import httpx, pydantic"
REFERENCE_MODELS = "import httpx; from pydantic import BaseModel"
CONNECT = f"import sendfrom; sendfrom.connect('mailersend', api_key='{KEY}')"
IMPORTS = {
    REFERENCE: REFERENCE,
    REFERENCE_MODELS: REFERENCE_MODELS,
    "import sendfrom": "import sendfrom",
    'import sendfrom; connect("mailersend", api_key=...)': CONNECT,
}
TIMER = "import time; _t = time.perf_counter(); {stmt}; print(time.perf_counter() - _t)"


def _fresh_env(cache: str) -> dict[str, str]:
    """The environment of a timed interpreter: no sendfrom settings, no PYTHON* variables (so
    bytecode is cached, as on a user's machine), but cached under ``cache``: the editable install
    of quick mode must not litter the source tree (``generated/`` is checked byte for byte)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDFROM_", "PYTHON"))}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def imports(python: str, runs: int) -> dict[str, list[float]]:
    """Seconds each statement takes in a fresh interpreter: interleaved runs, after one round
    that compiles the bytecode."""
    times: dict[str, list[float]] = {name: [] for name in IMPORTS}
    with tempfile.TemporaryDirectory() as cwd:  # no sendfrom.toml, no project on sys.path
        env = _fresh_env(os.path.join(cwd, "pycache"))
        for round_ in range(runs + 1):
            for name, stmt in IMPORTS.items():
                out = subprocess.run(
                    [python, "-c", TIMER.format(stmt=stmt)],
                    cwd=cwd,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                if round_:
                    times[name].append(float(out.stdout.strip()))
    return times


def import_breakdown(python: str) -> list[tuple[str, float]]:
    """Cumulative import time in ms of the modules the reference and ``connect`` load, the top
    three levels of ``-X importtime``'s tree."""
    with tempfile.TemporaryDirectory() as cwd:
        env = _fresh_env(os.path.join(cwd, "pycache"))
        for _ in range(2):  # the first run compiles the bytecode
            out = subprocess.run(
                [python, "-X", "importtime", "-c", f"{REFERENCE}; {CONNECT}"],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
    rows = []
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match and len(match.group(3)) <= 5:  # the top three levels of the tree
            rows.append((match.group(3)[1:] + match.group(4), int(match.group(2)) / 1000))
    return rows


# ---- the environment, and the report


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def versions() -> dict[str, str]:
    names = ("sendfrom", "httpx", "pydantic", "pydantic-core", "mailersend", "requests")
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f}"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(results: dict[str, Any], hand_written: str) -> str:
    """The report, as Markdown."""
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`scripts/bench.py`) on {results['date']}"
        + (" in **quick mode: these numbers mean nothing**" if results["quick"] else "")
        + ". Do not edit it by hand, except the hand-written section (the script keeps it).",
        "",
        "Machine: {cpu}, {cores} cores, Python {python}, {os}; shared and noisy, so read the "
        "ratios (interleaved runs) rather than the absolute times.".format(**results["machine"]),
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()) + ".",
        "",
        "## Targets",
        "",
        "| target | goal | measured | |",
        "|---|---|---|---|",
    ]
    for row in results["targets"]:
        lines.append(f"| {row['name']} | {row['goal']} | {row['measured']} | {row['verdict']} |")
    settings = results["settings"]
    lines += [
        "",
        "## Latency over loopback HTTP",
        "",
        f"The MailerSend simulator served by a separate process (stdlib `http.server`, HTTP/1.1 "
        f"keep-alive); {settings['iterations']:,} calls of each variant after "
        f"{settings['warmup']} warm-up rounds, interleaved round-robin (every round calls every "
        "variant, in a rotating order). Times in µs. *ratio*: the median over the floor's median. "
        "The floor includes the simulator's own time, which is most of it: an overhead of x µs "
        "weighs less in the ratio here than against a faster server.",
        "",
    ]
    for operation, title in (("get", "get one identity"), ("list", f"list {PAGE} identities")):
        floor = results["latency"][0]["stats"][operation]["median"]
        lines += [
            f"### {title}",
            "",
            "| variant | median µs | p90 µs | ratio | + µs over floor |",
            "|---|---:|---:|---:|---:|",
        ]
        for variant in results["latency"]:
            stats = variant["stats"][operation]
            lines.append(
                f"| {variant['name']} | {_us(stats['median'])} | {_us(stats['p90'])} | "
                f"{stats['median'] / floor:.2f}x | {_us(stats['median'] - floor)} |"
            )
        lines.append("")
    lines += [
        "## Mapping throughput (no network)",
        "",
        f"The bytes of one {PAGE}-identity page, {settings['mapping_pages']} times, best of a few "
        "rounds. The first row is the whole path sendfrom takes: the adapter's list plan sent a "
        "response holding those bytes; the others are its steps on their own.",
        "",
        "| step | identities/s | µs per page |",
        "|---|---:|---:|",
    ]
    for name, rate in results["mapping"].items():
        lines.append(f"| {name} | {rate:,.0f} | {PAGE / rate * 1e6:,.0f} |")
    imp = results["imports"]
    lines += [
        "",
        "## Cold import and connect",
        "",
        f"In {imp['where']}; a fresh interpreter for each run, median of {imp['runs']} "
        "(interleaved), timing the statement alone (not the interpreter's start-up). "
        "`import pydantic` is itself lazy: a library with pydantic models pays at least "
        "`from pydantic import BaseModel`, the second reference. `import sendfrom` is lazy too "
        "(PEP 562): the client and the models load on first use, so the figure that matters is "
        '`import sendfrom; connect("mailersend", ...)`, which loads the MailerSend adapter and its '
        "generated code and builds the client (it sends nothing).",
        "",
        "| statement | median ms | min ms | vs `import httpx, pydantic` | vs httpx + BaseModel |",
        "|---|---:|---:|---:|---:|",
    ]
    reference = statistics.median(imp["times"][REFERENCE])
    with_models = statistics.median(imp["times"][REFERENCE_MODELS])
    for name, values in imp["times"].items():
        median = statistics.median(values)
        lines.append(
            f"| `{name}` | {median * 1e3:.1f} | {min(values) * 1e3:.1f} | "
            f"{median / reference:.2f}x | {median / with_models:.2f}x |"
        )
    if imp["breakdown"]:
        lines += [
            "",
            f'Where the time goes (`python -X importtime -c "{REFERENCE}; {CONNECT}"`, '
            "cumulative ms, one run, the top three levels of its tree from 2 ms):",
            "",
            "```",
            *(f"{ms:8.1f}  {name}" for name, ms in imp["breakdown"] if ms >= 2.0),
            "```",
        ]
    mem = results["memory"]
    lines += [
        "",
        "## Memory while listing",
        "",
        f"`for identity in client.identities.list()` over {mem['identities']:,.0f} identities "
        f"({mem['pages']:,.0f} pages), each dropped once seen; Python allocations traced by "
        "`tracemalloc`, relative to before the loop (after a warm-up page), sampled at every "
        "page boundary. Pages are streamed, so nothing grows with the length of the list; the "
        "previous page is still referenced while the next one is parsed, so the peak is about "
        "two pages' worth.",
        "",
        "| | MiB |",
        "|---|---:|",
        f"| held after the first page | {mem['first_page_held_mib']:.2f} |",
        f"| held half-way | {mem['half_held_mib']:.2f} |",
        f"| held after the last page | {mem['last_page_held_mib']:.2f} |",
        f"| most held at a page boundary, first half | {mem['first_half_max_held_mib']:.2f} |",
        f"| most held at a page boundary, second half | {mem['second_half_max_held_mib']:.2f} |",
        f"| peak during the first page | {mem['first_page_peak_mib']:.2f} |",
        f"| peak over the whole list | {mem['peak_mib']:.2f} |",
        "",
        f"(The traced run took {mem['seconds_traced']:.1f} s; tracing slows allocation.)",
        "",
        "## What limits it",
        "",
        HAND_BEGIN,
        hand_written.strip() or PLACEHOLDER,
        HAND_END,
        "",
    ]
    return "\n".join(lines)


def kept_section(path: Path) -> str:
    """The hand-written section of an existing report (empty if there is none)."""
    try:
        text = path.read_text()
    except OSError:
        return ""
    if HAND_BEGIN in text and HAND_END in text:
        section = text.split(HAND_BEGIN, 1)[1].split(HAND_END, 1)[0].strip()
        return "" if section == PLACEHOLDER else section
    return ""


def targets(results: dict[str, Any]) -> list[dict[str, str]]:
    by_name = {v["name"]: v["stats"] for v in results["latency"]}
    floor = by_name["httpx + json.loads (floor)"]
    sync = by_name["sendfrom (sync)"]
    sdk_names = [name for name in by_name if name.startswith("mailersend SDK")]
    rows = []
    for operation, label in (("get", "get one identity"), ("list", f"list {PAGE} identities")):
        ratio = sync[operation]["median"] / floor[operation]["median"]
        fastest_sdk = min(by_name[name][operation]["median"] for name in sdk_names)
        ahead = sync[operation]["median"] < fastest_sdk
        goal = TARGETS[operation]
        rows.append(
            {
                "name": f"sendfrom {label}, over the floor",
                "goal": f"≤ {goal:.2f}x, ahead of the SDK",
                "measured": f"{ratio:.2f}x (SDK {fastest_sdk / floor[operation]['median']:.2f}x)",
                "verdict": _verdict(ratio <= goal and ahead),
            }
        )
    rate = next(iter(results["mapping"].values()))
    rows.append(
        {
            "name": "mapping, wire bytes to SenderIdentity",
            "goal": f"≥ {TARGETS['mapping']:,.0f} identities/s",
            "measured": f"{rate:,.0f} identities/s",
            "verdict": _verdict(rate >= TARGETS["mapping"]),
        }
    )
    times = results["imports"]["times"]
    reference = statistics.median(times["import httpx, pydantic"])
    ratio = statistics.median(times["import sendfrom"]) / reference
    rows.append(
        {
            "name": "`import sendfrom`, over `import httpx, pydantic`",
            "goal": f"≤ {TARGETS['import']:.1f}x",
            "measured": f"{ratio:.2f}x",
            "verdict": _verdict(ratio <= TARGETS["import"]),
        }
    )
    mem = results["memory"]
    # Flat: what is held in the second half of the list is no more than in the first (bounded
    # caches filling up aside), and the peak is what is held plus a few pages in flight. (The peak
    # is not compared with the first page's alone: bounded caches fill in the first pages, and a
    # page got cheap enough that their fill outweighs it.)
    flat = mem["second_half_max_held_mib"] <= 1.1 * mem["first_half_max_held_mib"] + 0.05
    in_flight = 3 * mem["first_page_peak_mib"]
    flat = flat and mem["peak_mib"] <= mem["second_half_max_held_mib"] + in_flight
    rows.append(
        {
            "name": "memory while listing (streamed)",
            "goal": "flat: nothing grows with the list",
            "measured": (
                f"peak {mem['peak_mib']:.2f} MiB over {mem['pages']:,.0f} pages, "
                f"{mem['first_page_peak_mib']:.2f} MiB during the first"
            ),
            "verdict": _verdict(flat),
        }
    )
    return rows


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
        where = f"`{BENCH_VENV.name}`, holding only the runtime dependencies ({', '.join(_pins())})"
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
        results["latency"] = [
            {
                "name": v.name,
                "stats": {
                    op: {
                        "median": statistics.median(samples),
                        "p90": _percentile(samples, 0.9),
                        "n": len(samples),
                    }
                    for op, samples in v.samples.items()
                },
            }
            for v in variants
        ]
        import httpx

        page_bytes = httpx.get(
            f"{server.small}/identities?page=1&limit={PAGE}",
            headers={"Authorization": f"Bearer {KEY}"},
        ).content
        print("bench: mapping", file=sys.stderr)
        results["mapping"] = mapping(page_bytes, settings)
        print("bench: memory", file=sys.stderr)
        results["memory"] = memory(server.big, settings.memory_identities)
    results["targets"] = targets(results)
    report = render(results, kept_section(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report)
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=2))
    print(report)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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


if __name__ == "__main__":
    sys.exit(main())
